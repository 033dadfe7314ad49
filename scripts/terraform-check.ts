/**
 * Terraform engine checks: synthesizes the platform, then for every stack runs
 * the real Terraform CLI: an offline plan (scripts/offline-plan.ts:
 * placeholder credentials, placeholder outputs for the remote states it
 * reads, a local stand-in for the AWS calls Terraform makes at plan time).
 * Providers come only from the filesystem mirror named by PLATFORM_TF_MIRROR,
 * through a CLI configuration file this script writes.
 *
 * The stacks are planned in batches, one `terraform test` process per core
 * (scripts/terraform-test-batch.ts): each stack a test file whose one run
 * block plans the stack's directory as its root module. A process loads the
 * AWS provider's schema once, about 3 s of CPU that a `terraform plan` per
 * stack spent on every stack. Each test file passes or fails on its own. A
 * stack holding what a test treats otherwise than a plan (an import or check
 * block, a path read from the working directory: batchBlocker) is planned
 * alone, with `terraform plan` in its own directory, and so is each stack of
 * a batch whose init failed, so that the one that broke it is named.
 *
 * Validation is the plan's first step: a plan runs the walk that
 * `terraform validate` runs (references, types, each resource's and data
 * source's configuration checked by its provider, ephemeral values outside
 * write-only arguments) and stops on its errors; a separate `validate` would
 * start the AWS provider twice more per stack to repeat it. The negative
 * control proves the check still refuses what `validate` refuses: a copy of a
 * stack with an ephemeral value in an argument that is not write-only, planned
 * in a batch like the others, must fail with "Invalid use of ephemeral value",
 * or the check fails.
 *
 *   PLATFORM_TF_MIRROR=/opt/tf-plugins npm run test:terraform
 *
 * Then other configurations, each synthesized into its own directory
 * (CDKTF_OUTDIR): the failover's (the built-in one with prod failed over,
 * `activeRegion: "dr"`, and failing back, `"returning"`), so that every stack
 * validates and plans in every state it can be in; and the examples that adopt
 * what exists (examples/existing-vpc.json, examples/existing-database.json),
 * so that the adopted network's data sources and an existing database's stacks
 * plan too (the stand-in answers EC2 from the examples' existing VPCs). A
 * stack goes through the same checks when its JSON differs from the built-in
 * one's and from every stack already checked; of an example, whose accounts
 * and names differ from the built-in configuration's in every stack, only the
 * stacks naming something it adopts (a VPC, subnet, route table, the
 * database's group or secret), and of an example showing an option, only the
 * stacks holding a resource type of that option: the others take the built-in
 * stacks' code paths with other names, and checking them would double the run.
 *
 * Prints one line per stack (what its plan would add, change and destroy) and
 * a total; exits 1 on any failure. A stack that needs a provider missing from
 * the mirror is reported as skipped. `-- --only <regular expression>` checks
 * only the stacks whose printed name matches it, such as `--only 'access-|pipeline'`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { DEFAULT_CONFIG } from "../src/config/platform/default-config";
import { parseConfig } from "../src/config/platform/load";
import { resolvePlatform, ResolvedPlatform } from "../src/config/platform/resolve";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { mergedStandInVpcs, standInVpcs } from "./offline-ec2";
import { cliConfiguration, missingProviders, prepareOfflinePlan, standInEndpoints, startAwsStandIn, TerraformJson } from "./offline-plan";
import { runCommand } from "./run-command";
import { batchBlocker, BatchStack, planSummary, runBatch, TERRAFORM_INIT, writeBatch } from "./terraform-test-batch";

const ROOT = resolve(__dirname, "..");
/** Where main.ts writes the built-in configuration's stacks: CDKTF_OUTDIR, as CDKTF's App reads it, else cdktf.out. */
const OUT_DIR = resolve(ROOT, process.env.CDKTF_OUTDIR ?? "cdktf.out");
const STACKS_DIR = join(OUT_DIR, "stacks");

/** A configuration checked beside the built-in one. */
interface ConfigVariant {
  /** How its stacks are labelled, such as "prod failed over". */
  readonly label: string;
  /** Its directory under the variants' root. */
  readonly name: string;
  /** The configuration. */
  readonly config: object;
  /**
   * Of an example, which stacks are checked: those naming what it adopts ("adopted"), or those holding a
   * resource of one of these types (the option the example shows; see the header). Left out: every stack.
   */
  readonly only?: "adopted" | { readonly resourceTypes: readonly string[] };
}

/** The failover's states of the built-in configuration's prod, then the examples adopting what exists. */
const VARIANTS: readonly ConfigVariant[] = [
  ...[
    { label: "prod failed over", activeRegion: "dr" },
    { label: "prod failing back", activeRegion: "returning" },
  ].map(({ label, activeRegion }) => ({
    label,
    name: activeRegion,
    config: { ...DEFAULT_CONFIG, environments: { ...DEFAULT_CONFIG.environments, prod: { ...DEFAULT_CONFIG.environments.prod, activeRegion } } },
  })),
  ...["existing-vpc", "existing-database"].map((name) => example(name, "adopted")),
  example("ec2-capacity", { resourceTypes: ["aws_autoscaling_group", "aws_ecs_capacity_provider"] }),
  example("blue-green", { resourceTypes: ["aws_codedeploy_deployment_group"] }),
  example("codepipeline", { resourceTypes: ["aws_codepipeline"] }),
  example("scheduled-jobs", { resourceTypes: ["aws_scheduler_schedule"] }),
];

/** An example configuration of examples/, checked for `only`. */
function example(name: string, only: NonNullable<ConfigVariant["only"]>): ConfigVariant {
  return { label: `examples/${name}.json`, name, config: JSON.parse(readFileSync(join(ROOT, "examples", `${name}.json`), "utf8")) as object, only };
}

/** The ids a configuration adopts: existing VPCs, their subnets and route tables, existing databases' groups and secrets. */
function adoptedIds(platform: ResolvedPlatform): string[] {
  const networks = platform.networks.flatMap(({ existing }) =>
    existing ? [existing.vpcId, ...Object.values(existing.subnets).flatMap((subnets) => subnets.map((subnet) => subnet.id)), ...existing.privateRouteTableIds] : [],
  );
  const databases = platform.apps.flatMap((app) => app.deployments.flatMap(({ database }) => (database.existing ? [database.existing.securityGroupId, database.existing.secretArn] : [])));
  return [...networks, ...databases];
}

interface StackResult {
  readonly stack: string;
  readonly status: "passed" | "skipped" | "failed";
  readonly planned: boolean;
  /** Whether this was the negative control, which is refused, not planned. */
  readonly negativeControl: boolean;
  readonly detail: string;
  readonly seconds: number;
}

/** One stack to check: its name as printed, and the directory of its synthesized stacks. */
interface StackToCheck {
  readonly stack: string;
  readonly label: string;
  readonly stacksDir: string;
  /** The negative control's mistake, made in its copy of the stack; its plan must refuse it. Left out: the stack as synthesized, which must plan. */
  readonly mistake?: (stack: StackJson) => void;
}

/** A stack's synthesized JSON, as far as the negative control reads it. */
type StackJson = { resource?: Record<string, Record<string, Record<string, unknown>>> };

/** What the negative control's plan must be refused with. */
const EPHEMERAL_MISUSE = "Invalid use of ephemeral value";

/**
 * The negative control: the first built-in stack writing an ephemeral value into a write-only argument
 * (`<name>_wo`), with that value moved into its stored counterpart (`<name>`, kept in state), the mistake decision
 * 0004 records; its plan must fail with EPHEMERAL_MISUSE. Undefined when no stack writes one.
 */
function negativeControl(stacks: readonly string[]): StackToCheck | undefined {
  const writesEphemeral = (attributes: Record<string, unknown>) =>
    Object.keys(attributes).find((key) => key.endsWith("_wo") && String(attributes[key]).includes("${ephemeral."));
  for (const stack of stacks) {
    const json = JSON.parse(stackJson(STACKS_DIR, stack) ?? "{}") as StackJson;
    const found = Object.entries(json.resource ?? {}).flatMap(([type, resources]) =>
      Object.entries(resources).flatMap(([name, attributes]) => {
        const key = writesEphemeral(attributes);
        return key ? [{ type, name, key }] : [];
      }),
    )[0];
    if (!found) continue;
    const stored = found.key.slice(0, -"_wo".length);
    return {
      stack,
      label: `${stack} (negative control: ${found.type}.${stored} holds an ephemeral value)`,
      stacksDir: STACKS_DIR,
      mistake: (copy) => {
        const attributes = copy.resource![found.type][found.name];
        attributes[stored] = attributes[found.key];
        delete attributes[found.key];
        delete attributes[`${found.key}_version`];
      },
    };
  }
  return undefined;
}

/** The negative control's result turned around: passed when its plan was refused for the ephemeral value. */
function refusedAsExpected(outcome: StackResult): StackResult {
  if (outcome.status === "failed" && outcome.detail.includes(EPHEMERAL_MISUSE)) {
    return { ...outcome, status: "passed", planned: false, detail: `refused as it must be: ${EPHEMERAL_MISUSE}` };
  }
  const got = outcome.status === "failed" ? outcome.detail : "its plan passed";
  return { ...outcome, status: "failed", planned: false, detail: `the plan must refuse it with "${EPHEMERAL_MISUSE}"; ${got}` };
}

/** The stacks of a synthesized output directory, from its manifest. */
function stackNames(outDir: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> }).stacks);
}

const stackJson = (dir: string, stack: string) => (existsSync(join(dir, stack, "cdk.tf.json")) ? readFileSync(join(dir, stack, "cdk.tf.json"), "utf8") : undefined);

/** Synthesizes a variant into `<root>/<name>` (its stacks in `<root>/<name>/stacks`). */
async function synthesizeVariant(variant: ConfigVariant, root: string): Promise<void> {
  const file = join(root, `${variant.name}.json`);
  writeFileSync(file, JSON.stringify(variant.config));
  const env = { ...process.env, PLATFORM_CONFIG: file, CDKTF_OUTDIR: join(root, variant.name), PLATFORM_SUMMARY_PRINTED: "1" };
  const synth = await runCommand(process.execPath, ["--import", "tsx", "main.ts"], ROOT, env);
  if (synth.code !== 0) {
    console.error(`synth of ${variant.label} failed:\n${synth.output}`);
    process.exit(1);
  }
}

/**
 * A synthesized variant's stacks to check: those whose JSON differs from the built-in synth's stack
 * of that id and from every JSON in `checked` (which it extends), and of a variant checked for what
 * it adopts, those naming an adopted id.
 */
function variantStacks(variant: ConfigVariant, platform: ResolvedPlatform, outDir: string, checked: Set<string>): string[] {
  const adopted = adoptedIds(platform);
  return stackNames(outDir).filter((stack) => {
    const json = stackJson(join(outDir, "stacks"), stack)!;
    if (json === stackJson(STACKS_DIR, stack) || checked.has(json)) return false;
    if (variant.only === "adopted" && !adopted.some((id) => json.includes(JSON.stringify(id)))) return false;
    if (typeof variant.only === "object" && !variant.only.resourceTypes.some((type) => json.includes(`"${type}":`))) return false;
    checked.add(json);
    return true;
  });
}

/** The pattern of `--only <regular expression>`, if given; exits 2 on a missing or invalid one. */
function onlyPattern(args: readonly string[]): RegExp | undefined {
  const index = args.indexOf("--only");
  if (index < 0) return undefined;
  try {
    if (args[index + 1] === undefined) throw new Error("no pattern follows it");
    return new RegExp(args[index + 1]);
  } catch (error) {
    console.error(`--only needs a regular expression matching stack names, such as 'access-|pipeline': ${(error as Error).message}`);
    process.exit(2);
  }
}

/** A batch of stacks for one `terraform test` (scripts/terraform-test-batch.ts), with what each stands for. */
interface Batch {
  /** Its directory: the root module, the tests and a copy of each stack. */
  readonly dir: string;
  /** Its stacks, each a test file. */
  readonly stacks: BatchStack[];
  /** The stack each batch stack checks. */
  readonly checks: Map<BatchStack, StackToCheck>;
  /** The upstream stacks whose outputs each batch stack's offline plan stands in. */
  readonly upstream: Map<BatchStack, string[]>;
}

/** The work of the checks: batches, and the stacks a batch cannot hold (batchBlocker), each planned alone. */
interface Work {
  /** The batches, one `terraform test` each. */
  readonly batches: Batch[];
  /** The stacks planned alone, each with why, and its copy's directory name. */
  readonly alone: { readonly check: StackToCheck; readonly why: string; readonly slug: string }[];
}

/** Directory names for the stacks' copies from their printed names, each name given once (`_2`, `_3`, ... after a name taken). */
function slugMaker(): (label: string) => string {
  const taken = new Set<string>();
  return (label) => {
    const base = label.replace(/[^\w.-]+/g, "_");
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}_${n}`;
    taken.add(slug);
    return slug;
  };
}

/** Copies a stack into `work` for an offline plan (the negative control's copy with its mistake made); returns the upstream stacks stood in. */
function copyForPlan(check: StackToCheck, work: string): string[] {
  cpSync(join(check.stacksDir, check.stack), work, { recursive: true });
  if (check.mistake) {
    const json = JSON.parse(readFileSync(join(work, "cdk.tf.json"), "utf8")) as StackJson;
    check.mistake(json);
    writeFileSync(join(work, "cdk.tf.json"), JSON.stringify(json));
  }
  return prepareOfflinePlan(work, check.stacksDir);
}

/**
 * Sorts the stacks into the work under `workRoot`: per set of required providers, `perSet` batches, dealt
 * the stacks largest first so that they get alike numbers and sizes; a stack a batch cannot hold, alone. A
 * stack needing a provider the mirror lacks goes to `skipped` instead.
 */
function prepareWork(stacks: readonly StackToCheck[], workRoot: string, mirror: string, perSet: number, skipped: (check: StackToCheck, detail: string) => void): Work {
  const bySet = new Map<string, { requiredProviders: object; checks: StackToCheck[] }>();
  const alone: Work["alone"] = [];
  const slugOf = slugMaker();
  for (const check of stacks) {
    const text = stackJson(check.stacksDir, check.stack)!;
    const synthesized = JSON.parse(text) as TerraformJson;
    const missing = missingProviders(synthesized, mirror);
    if (missing.length > 0) {
      skipped(check, `provider not in the mirror: ${missing.join(", ")}`);
      continue;
    }
    const why = batchBlocker(text);
    if (why) {
      alone.push({ check, why, slug: slugOf(check.label) });
      continue;
    }
    const requiredProviders = synthesized.terraform?.required_providers ?? {};
    const key = JSON.stringify(requiredProviders);
    if (!bySet.has(key)) bySet.set(key, { requiredProviders, checks: [] });
    bySet.get(key)!.checks.push(check);
  }
  const size = ({ stacksDir, stack }: StackToCheck) => statSync(join(stacksDir, stack, "cdk.tf.json")).size;
  const batches: Batch[] = [];
  for (const { requiredProviders, checks } of bySet.values()) {
    const sets = Array.from({ length: Math.min(perSet, checks.length) }, (_, index): Batch => ({
      dir: join(workRoot, `batch-${batches.length + index + 1}`),
      stacks: [],
      checks: new Map(),
      upstream: new Map(),
    }));
    // Dealt back and forth (0, 1, 1, 0, ...) in order of size.
    [...checks].sort((a, b) => size(b) - size(a)).forEach((check, index) => {
      const round = Math.floor(index / sets.length);
      const batch = sets[round % 2 === 0 ? index % sets.length : sets.length - 1 - (index % sets.length)];
      const stack = { label: check.label, slug: slugOf(check.label) };
      batch.stacks.push(stack);
      batch.checks.set(stack, check);
      batch.upstream.set(stack, copyForPlan(check, join(batch.dir, stack.slug)));
    });
    for (const batch of sets) writeBatch(batch.dir, requiredProviders, batch.stacks);
    batches.push(...sets);
  }
  return { batches, alone };
}

/** The result of a stack's plan: passed with its summary and the upstream stacks stood in, or failed with what Terraform printed. */
function planResult(check: StackToCheck, passed: boolean, detail: string, upstream: readonly string[], seconds: number): StackResult {
  const shown = passed ? `validated, planned: ${detail}${upstream.length ? ` (placeholder outputs of ${upstream.join(", ")})` : ""}` : detail;
  return { stack: check.label, status: passed ? "passed" : "failed", planned: passed, negativeControl: check.mistake !== undefined, detail: shown, seconds };
}

/** Plans one stack with `terraform plan` in `work`, a directory of its own (made here), after its own `terraform init`. */
async function planAlone(check: StackToCheck, work: string, env: NodeJS.ProcessEnv): Promise<StackResult> {
  const started = Date.now();
  const upstream = copyForPlan(check, work);
  const seconds = () => (Date.now() - started) / 1000;
  const init = await runCommand("terraform", TERRAFORM_INIT, work, env);
  if (init.code !== 0) return planResult(check, false, `terraform init failed:\n${init.output.trim()}`, upstream, seconds());
  const plan = await runCommand("terraform", ["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"], work, env);
  if (plan.code !== 0) return planResult(check, false, `terraform plan failed:\n${plan.output.trim()}`, upstream, seconds());
  return planResult(check, true, planSummary(plan.output), upstream, seconds());
}

async function main(): Promise<void> {
  const mirror = process.env.PLATFORM_TF_MIRROR;
  if (!mirror || !existsSync(mirror)) {
    console.error(
      `PLATFORM_TF_MIRROR must name a Terraform provider mirror directory (one holding registry.terraform.io/hashicorp/aws/...); got ${JSON.stringify(mirror ?? "")}`,
    );
    process.exit(2);
  }

  const synth = await runCommand(process.execPath, ["--import", "tsx", "main.ts"], ROOT, process.env);
  if (synth.code !== 0) {
    console.error(`synth failed:\n${synth.output}`);
    process.exit(1);
  }
  const stacks: StackToCheck[] = stackNames(OUT_DIR).map((stack) => ({ stack, label: stack, stacksDir: STACKS_DIR }));
  const variantsRoot = mkdtempSync(join(tmpdir(), "platform-config-variants-"));
  const platforms = VARIANTS.map((variant) => resolvePlatform(parseConfig(variant.config, variant.label)));
  // Two synths at a time (each is mostly one core's work), then the stacks to check in the variants' order.
  const synthQueue = [...VARIANTS];
  const synthWorker = async () => {
    for (let next = synthQueue.shift(); next; next = synthQueue.shift()) await synthesizeVariant(next, variantsRoot);
  };
  await Promise.all(Array.from({ length: Math.min(2, Math.max(1, availableParallelism())) }, synthWorker));
  const seen = new Set<string>();
  for (const [index, variant] of VARIANTS.entries()) {
    const changed = variantStacks(variant, platforms[index], join(variantsRoot, variant.name), seen);
    stacks.push(...changed.map((stack) => ({ stack, label: `${stack} (${variant.label})`, stacksDir: join(variantsRoot, variant.name, "stacks") })));
  }

  const control = negativeControl(stackNames(OUT_DIR));
  if (!control) {
    console.error("no built-in stack writes an ephemeral value into a write-only argument: the negative control needs one (see the header)");
    process.exit(1);
  }
  stacks.push(control);

  const only = onlyPattern(process.argv.slice(2));
  if (only) stacks.splice(0, stacks.length, ...stacks.filter(({ label }) => only.test(label)));
  if (stacks.length === 0) {
    console.error(`--only ${only}: no stack's name matches it`);
    rmSync(variantsRoot, { recursive: true, force: true });
    process.exit(2);
  }

  const workRoot = mkdtempSync(join(tmpdir(), "platform-terraform-check-"));
  const cliConfig = join(workRoot, "terraform.tfrc");
  writeFileSync(cliConfig, cliConfiguration(mirror));
  // The examples' adopted VPCs and database groups, which their stacks read at plan time.
  const standIn = await startAwsStandIn(mergedStandInVpcs(platforms.flatMap(standInVpcs)));
  // GOGC=400 (unless set): Go's collector in Terraform and the provider runs a quarter as often, for about a
  // fifth less CPU per plan at about 150 MB more per process (web-prod-service: 13.0 to 10.6 s, 355 to 505 MB).
  const env = { ...process.env, ...standInEndpoints(standIn.url), TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", GOGC: process.env.GOGC ?? "400" };

  console.log(`terraform checks: ${stacks.length} stack(s) with the failover's states and the adopting examples, provider mirror ${mirror}`);
  const results: StackResult[] = [];
  /** Batches that failed as a whole, no stack of theirs failing. */
  const batchFailures: string[] = [];
  const record = (check: StackToCheck, outcome: StackResult) => {
    const result = check.mistake ? refusedAsExpected(outcome) : outcome;
    results.push(result);
    const label = { passed: "ok     ", skipped: "SKIPPED", failed: "FAILED " }[result.status];
    console.log(`${label} ${result.stack.padEnd(32)} ${result.seconds.toFixed(1).padStart(5)}s  ${result.detail}`);
  };
  const work = prepareWork(stacks, workRoot, mirror, Math.max(1, availableParallelism()), (check, detail) =>
    record(check, { stack: check.label, status: "skipped", planned: false, negativeControl: check.mistake !== undefined, detail, seconds: 0 }),
  );
  for (const { check, why } of work.alone) console.log(`${check.label}: planned alone, not in a batch, for ${why}`);
  // One `terraform test` per core (each is mostly one core's work), the batches' stacks alike in number and size.
  const queue: (() => Promise<void>)[] = [
    ...work.batches.map((batch) => async () => {
      let failed = false;
      const end = await runBatch(batch.dir, batch.stacks, env, ({ stack, passed, detail, seconds }) => {
        failed ||= !passed;
        record(batch.checks.get(stack)!, planResult(batch.checks.get(stack)!, passed, detail, batch.upstream.get(stack)!, seconds));
      });
      if ("initFailed" in end) {
        // A stack whose configuration does not load fails the batch's init for all: alone, each says whether it is the one.
        console.log(`the init of ${batch.dir} failed; its stacks are planned alone:\n${end.initFailed}`);
        for (const [stack, check] of batch.checks) queue.push(async () => record(check, await planAlone(check, join(workRoot, `alone-${stack.slug}`), env)));
      } else if (end.code !== 0 && !failed) {
        batchFailures.push(`terraform test in ${batch.dir} exited with code ${end.code} though every stack passed`);
        console.log(`FAILED  ${batchFailures.at(-1)}`);
      }
    }),
    ...work.alone.map(({ check, slug }) => async () => record(check, await planAlone(check, join(workRoot, `alone-${slug}`), env))),
  ];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await next();
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  await standIn.close();
  rmSync(workRoot, { recursive: true, force: true });
  rmSync(variantsRoot, { recursive: true, force: true });

  const stackResults = results.filter((r) => !r.negativeControl);
  const checked = stackResults.filter((r) => r.status !== "skipped").length;
  const passed = stackResults.filter((r) => r.status === "passed").length;
  const planned = stackResults.filter((r) => r.planned).length;
  const skipped = stackResults.length - checked;
  const controls = results.filter((r) => r.negativeControl);
  const refused = controls.filter((r) => r.status === "passed").length;
  const batches = batchFailures.length ? `; ${batchFailures.length} batch(es) failed as a whole` : "";
  console.log(`validated and planned ${planned}/${checked} (${passed} passed), skipped ${skipped}; negative control refused ${refused}/${controls.length}${batches}`);
  if (results.some((r) => r.status === "failed") || batchFailures.length) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
