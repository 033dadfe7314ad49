/**
 * The command line of `npm run plan` (scripts/plan.ts): its arguments, where
 * Terraform gets its providers, and whether its output has colour. Pure, so
 * tests check it without Terraform, a mirror or a registry.
 */
import { join, resolve } from "node:path";
import { cliConfiguration } from "./offline-plan";

export const PLAN_USAGE =
  "usage: npm run plan -- <stack id> [--summary] [--json <file>] [--state <file>]\n" +
  "  --summary       after the plan, each ECS task definition's containers from the synthesized JSON\n" +
  "  --json <file>   also write `terraform show -json` of the saved plan to <file>\n" +
  "  --state <file>  plan against that state instead of an empty one\n" +
  "  PLATFORM_TF_MIRROR=<dir>  install providers from that mirror only (no registry access needed)";

/** Where Terraform installs providers from. */
export type ProviderSource =
  /** Only from a filesystem mirror, through a CLI configuration the plan writes: no registry is reached. */
  | { readonly kind: "mirror"; readonly directory: string }
  /** Terraform's own installation: its registry, or the user's CLI configuration if they have one. */
  | { readonly kind: "registry" };

/** What `npm run plan` was asked to do. */
export interface PlanOptions {
  /** The stack id to plan. */
  readonly stack: string;
  /** Where to write `terraform show -json` of the plan, or undefined for nowhere. */
  readonly jsonFile?: string;
  /** A state file to plan against, or undefined for an empty state. */
  readonly priorState?: string;
  /** Whether to print the reviewer summary of the stack's task definitions after the plan. */
  readonly summary: boolean;
  /** Where providers come from: PLATFORM_TF_MIRROR when set, else Terraform's registry. */
  readonly providers: ProviderSource;
  /** Whether Terraform's output keeps its colour codes: only on a terminal, and not with NO_COLOR set. */
  readonly color: boolean;
}

/** A command line `npm run plan` refuses; the message says why, and the usage follows it. */
export class PlanUsageError extends Error {}

/** What the process around the plan looks like: its environment, whether stdout is a terminal, which paths exist. */
export interface PlanContext {
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTerminal: boolean;
  readonly exists: (path: string) => boolean;
}

const VALUE_OPTIONS = ["--json", "--state"] as const;
const FLAGS = ["--summary"] as const;

/** Parses `npm run plan -- ...`'s arguments; throws a PlanUsageError for a command line it cannot run. */
export function parsePlanArgs(argv: readonly string[], context: PlanContext): PlanOptions {
  const values: Partial<Record<(typeof VALUE_OPTIONS)[number], string>> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if ((VALUE_OPTIONS as readonly string[]).includes(arg)) {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith("--")) throw new PlanUsageError(`${arg} needs a file name`);
      values[arg as (typeof VALUE_OPTIONS)[number]] = resolve(value);
      index += 1;
    } else if ((FLAGS as readonly string[]).includes(arg)) {
      flags.add(arg);
    } else if (arg.startsWith("-")) {
      throw new PlanUsageError(`unknown option ${arg}; the options are ${[...FLAGS, ...VALUE_OPTIONS].join(", ")}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length === 0) throw new PlanUsageError("name the stack to plan, such as web-dev-service");
  if (positional.length > 1) throw new PlanUsageError(`one stack at a time; got ${positional.join(", ")}`);
  if (values["--state"] !== undefined && !context.exists(values["--state"])) throw new PlanUsageError(`--state: no file ${values["--state"]}`);

  const mirror = context.env.PLATFORM_TF_MIRROR;
  if (mirror && !context.exists(mirror)) throw new PlanUsageError(`PLATFORM_TF_MIRROR names ${JSON.stringify(mirror)}, which does not exist; unset it to install providers from Terraform's registry`);
  return {
    stack: positional[0],
    ...(values["--json"] !== undefined ? { jsonFile: values["--json"] } : {}),
    ...(values["--state"] !== undefined ? { priorState: values["--state"] } : {}),
    summary: flags.has("--summary"),
    providers: mirror ? { kind: "mirror", directory: resolve(mirror) } : { kind: "registry" },
    color: context.stdoutIsTerminal && !context.env.NO_COLOR,
  };
}

/** The one line that says where the providers come from. */
export function providerLine(providers: ProviderSource): string {
  return providers.kind === "mirror"
    ? `providers: from the mirror ${providers.directory} (PLATFORM_TF_MIRROR), no registry`
    : "providers: from Terraform's registry (PLATFORM_TF_MIRROR not set; set it to a provider mirror where the registry cannot be reached)";
}

/** What to add when `terraform init` fails: without a mirror, the registry may be out of reach. */
export function initFailureHint(providers: ProviderSource): string {
  return providers.kind === "registry"
    ? "If Terraform cannot reach its registry from here, set PLATFORM_TF_MIRROR to a provider mirror directory (README: Plans)."
    : `Check that ${providers.directory} holds the providers in the registry's layout (registry.terraform.io/hashicorp/aws/<version>/...).`;
}

/**
 * The environment Terraform runs with, and the CLI configuration file to write
 * into `work` first (undefined: none). A mirror gets a CLI configuration that
 * installs from it only; without one, the user's own configuration, if any, applies.
 */
export function terraformSetup(providers: ProviderSource, work: string, env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; cliConfig?: { path: string; text: string } } {
  const base = { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  if (providers.kind === "registry") return { env: base };
  const path = join(work, "terraform.tfrc");
  return { env: { ...base, TF_CLI_CONFIG_FILE: path }, cliConfig: { path, text: cliConfiguration(providers.directory) } };
}

/** `-no-color` where the output is not a terminal, for every Terraform command whose output is printed or kept. */
const colorArgs = (color: boolean) => (color ? [] : ["-no-color"]);

/** The Terraform commands of an offline plan, in order. Init's output is captured, so it never has colour. */
export function terraformCommands(options: Pick<PlanOptions, "color">): { init: string[]; plan: string[]; show: string[] } {
  return {
    init: ["init", "-input=false", "-no-color"],
    plan: ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=tfplan", ...colorArgs(options.color)],
    show: ["show", "-json", "tfplan"],
  };
}
