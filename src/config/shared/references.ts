/**
 * Messages for a name that should be one the configuration defines (an environment, a network,
 * an account, a flag): what is allowed, then the closest known name ("did you mean").
 */
import { withSuggestion } from "./suggest";

const oneOf = (known: readonly string[]) => `one of: ${known.length > 0 ? known.join(", ") : "(none)"}`;

/** `must name a network, one of: dev, prod, prod-dr; did you mean "prod-dr"?`: a value naming `kind`; `note` goes after the list. */
export function mustNameMessage(kind: string, name: string, known: readonly string[], note = ""): string {
  return withSuggestion(`must name ${kind}, ${oneOf(known)}${note}`, name, known);
}

/** `the key must name an environment, one of: dev, qa, prod; did you mean "prod"?`: a key (the path's last part) naming `kind`; the value is the key's own. */
export function keyMustNameMessage(kind: string, key: string, known: readonly string[]): string {
  return withSuggestion(`the key must name ${kind}, ${oneOf(known)}`, key, known);
}
