import { IConstruct } from "constructs";
import { MIN_WAIVER_REASON_LENGTH } from "../config/shared/fields";

/**
 * Waivers of guardrail rules, like checkov skips: a rule id and a reason,
 * attached to a construct and covering everything beneath it.
 */
const waivers = new WeakMap<IConstruct, Map<string, string>>();

/** Waives a guardrail rule for a construct and its children. The reason is required. */
export function waiveGuardrail(scope: IConstruct, ruleId: string, reason: string): void {
  if (reason.trim().length < MIN_WAIVER_REASON_LENGTH) {
    throw new Error(
      `Waiver of ${ruleId} on ${scope.node.path}: a waiver needs a reason of at least ${MIN_WAIVER_REASON_LENGTH} characters, got ${JSON.stringify(reason)}`,
    );
  }
  const existing = waivers.get(scope) ?? new Map<string, string>();
  existing.set(ruleId, reason.trim());
  waivers.set(scope, existing);
}

/** The reason a rule is waived for a construct (by it or an ancestor), or undefined. */
export function waiverReason(construct: IConstruct, ruleId: string): string | undefined {
  return construct.node.scopes.map((scope) => waivers.get(scope)?.get(ruleId)).find((reason) => reason !== undefined);
}

