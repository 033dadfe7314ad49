/**
 * Terraform engine checks: synthesizes the platform, then for every stack runs
 * the real Terraform CLI: `init -backend=false` and `validate`, then an
 * offline `plan` (scripts/offline-plan.ts: placeholder credentials, a local
 * backend, placeholder outputs for the remote states it reads, a local
 * stand-in for the AWS calls Terraform makes at plan time). Providers come
 * only from the filesystem mirror named by PLATFORM_TF_MIRROR, through a CLI
 * configuration file this script writes.
 *
 *   PLATFORM_TF_MIRROR=/opt/tf-plugins npm run test:terraform
 *
 * Then the failover's configurations: the built-in one with prod failed over
 * (`activeRegion: "dr"`) and failing back (`"returning"`), each synthesized
 * into its own directory; every stack whose JSON differs from the built-in
 * one's goes through the same checks, so every stack validates and plans in
 * every state it can be in.
 *
 * Prints one line per stack (what its plan would add, change and destroy) and
 * a total; exits 1 on any failure. A stack that needs a provider missing from
 * the mirror is reported as skipped.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { DEFAULT_CONFIG } from "../src/config/platform/default-config";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cliConfiguration, missingProviders, prepareOfflinePlan, readStack, startAwsStandIn } from "./offline-plan";

const ROOT = resolve(__dirname, "..");
const OUT_DIR = join(ROOT, "cdktf.out");
const STACKS_DIR = join(OUT_DIR, "stacks");

/** The failover's states of the built-in configuration's prod, checked beside the built-in one. */
const FAILOVER_VARIANTS = [
  { label: "prod failed over", activeRegion: "dr" },
  { label: "prod failing back", activeRegion: "returning" },
] as const;

interface StackResult {
  readonly stack: string;
  readonly status: "passed" | "skipped" | "failed";
  readonly planned: boolean;
  readonly detail: string;
  readonly seconds: number;
}

interface CommandResult {
  readonly code: number;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** One stack to check: its name as printed, and the directory of its synthesized stacks. */
interface StackToCheck {
  readonly stack: string;
  readonly label: string;
  readonly stacksDir: string;
}

async function checkStack({ stack, label, stacksDir }: StackToCheck, workRoot: string, mirror: string, standInUrl: string, env: NodeJS.ProcessEnv): Promise<StackResult> {
  const started = Date.now();
  const stackDir = join(stacksDir, stack);
  const result = (status: StackResult["status"], planned: boolean, detail: string): StackResult => ({ stack: label, status, planned, detail, seconds: (Date.now() - started) / 1000 });
  const missing = missingProviders(readStack(stackDir), mirror);
  if (missing.length > 0) return result("skipped", false, `provider not in the mirror: ${missing.join(", ")}`);

  const work = join(workRoot, label.replace(/[^\w.-]+/g, "_"));
  cpSync(stackDir, work, { recursive: true });
  const terraform = async (name: string, args: string[]) => {
    const outcome = await run("terraform", args, work, env);
    return outcome.code === 0 ? outcome.output : result("failed", false, `terraform ${name} failed:\n${outcome.output.trim()}`);
  };
  // Validate the stack as synthesized, then add the offline plan's files.
  for (const [name, args] of [
    ["init", ["init", "-backend=false", "-input=false", "-no-color"]],
    ["validate", ["validate", "-no-color"]],
  ] as const) {
    const outcome = await terraform(name, [...args]);
    if (typeof outcome !== "string") return outcome;
  }
  const upstream = prepareOfflinePlan(work, stacksDir, standInUrl);
  const init = await terraform("init (local backend)", ["init", "-input=false", "-no-color", "-reconfigure"]);
  if (typeof init !== "string") return init;
  const plan = await terraform("plan", ["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"]);
  if (typeof plan !== "string") return plan;
  const summary = /Plan: .*/.exec(plan)?.[0] ?? "No changes.";
  return result("passed", true, `validated, planned: ${summary}${upstream.length ? ` (placeholder outputs of ${upstream.join(", ")})` : ""}`);
}

/** The stacks of a synthesized output directory, from its manifest. */
function stackNames(outDir: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> }).stacks);
}

/**
 * Synthesizes the built-in configuration with prod's `activeRegion` set into
 * `<root>/<activeRegion>`, and returns the stacks whose JSON differs from the built-in synth's.
 */
async function synthesizeVariant(activeRegion: string, root: string): Promise<string[]> {
  const config = { ...DEFAULT_CONFIG, environments: { ...DEFAULT_CONFIG.environments, prod: { ...DEFAULT_CONFIG.environments.prod, activeRegion } } };
  const file = join(root, `${activeRegion}.json`);
  writeFileSync(file, JSON.stringify(config));
  const outDir = join(root, activeRegion);
  const env = { ...process.env, PLATFORM_CONFIG: file, CDKTF_OUTDIR: outDir, PLATFORM_SUMMARY_PRINTED: "1" };
  const synth = await run(process.execPath, ["--import", "tsx", "main.ts"], ROOT, env);
  if (synth.code !== 0) {
    console.error(`synth with prod's activeRegion "${activeRegion}" failed:\n${synth.output}`);
    process.exit(1);
  }
  const json = (dir: string, stack: string) => (existsSync(join(dir, stack, "cdk.tf.json")) ? readFileSync(join(dir, stack, "cdk.tf.json"), "utf8") : undefined);
  return stackNames(outDir).filter((stack) => json(join(outDir, "stacks"), stack) !== json(STACKS_DIR, stack));
}

async function main(): Promise<void> {
  const mirror = process.env.PLATFORM_TF_MIRROR;
  if (!mirror || !existsSync(mirror)) {
    console.error(
      `PLATFORM_TF_MIRROR must name a Terraform provider mirror directory (one holding registry.terraform.io/hashicorp/aws/...); got ${JSON.stringify(mirror ?? "")}`,
    );
    process.exit(2);
  }

  const synth = await run(process.execPath, ["--import", "tsx", "main.ts"], ROOT, process.env);
  if (synth.code !== 0) {
    console.error(`synth failed:\n${synth.output}`);
    process.exit(1);
  }
  const stacks: StackToCheck[] = stackNames(OUT_DIR).map((stack) => ({ stack, label: stack, stacksDir: STACKS_DIR }));
  const variantsRoot = mkdtempSync(join(tmpdir(), "platform-failover-variants-"));
  for (const variant of FAILOVER_VARIANTS) {
    const changed = await synthesizeVariant(variant.activeRegion, variantsRoot);
    stacks.push(...changed.map((stack) => ({ stack, label: `${stack} (${variant.label})`, stacksDir: join(variantsRoot, variant.activeRegion, "stacks") })));
  }

  const workRoot = mkdtempSync(join(tmpdir(), "platform-terraform-check-"));
  const cliConfig = join(workRoot, "terraform.tfrc");
  writeFileSync(cliConfig, cliConfiguration(mirror));
  const standIn = await startAwsStandIn();
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

  console.log(`terraform checks: ${stacks.length} stack(s) with the failover's states, provider mirror ${mirror}`);
  const queue = [...stacks];
  const results: StackResult[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await checkStack(next, workRoot, mirror, standIn.url, env);
      results.push(outcome);
      const label = { passed: "ok     ", skipped: "SKIPPED", failed: "FAILED " }[outcome.status];
      console.log(`${label} ${outcome.stack.padEnd(32)} ${outcome.seconds.toFixed(1).padStart(5)}s  ${outcome.detail}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  await standIn.close();
  rmSync(workRoot, { recursive: true, force: true });
  rmSync(variantsRoot, { recursive: true, force: true });

  const checked = results.filter((r) => r.status !== "skipped").length;
  const passed = results.filter((r) => r.status === "passed").length;
  const planned = results.filter((r) => r.planned).length;
  const skipped = results.length - checked;
  console.log(`validated and planned ${planned}/${checked} (${passed} passed), skipped ${skipped}`);
  if (results.some((r) => r.status === "failed")) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
