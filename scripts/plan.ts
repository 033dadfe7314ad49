/**
 * `npm run plan -- <stack>`: synthesizes the platform and plans one stack
 * with the real Terraform CLI and AWS provider, offline: no AWS account,
 * placeholder credentials, a local backend, stand-ins for the upstream
 * stacks' outputs and for plan-time AWS calls (scripts/offline-plan.ts).
 * Prints Terraform's plan, without colour codes unless stdout is a terminal.
 *
 *   npm run plan -- web-dev-service                                      # providers from Terraform's registry
 *   PLATFORM_TF_MIRROR=/opt/tf-plugins npm run plan -- web-dev-service   # from a provider mirror, no registry
 *
 * `--summary` then prints each ECS task definition's containers from the
 * synthesized JSON (scripts/review-summary.ts), which the plan shows as
 * `(known after apply)`; `--json <file>` also writes `terraform show -json`
 * of the saved plan (what the plan summary reads); `--state <file>` plans
 * against that state instead of an empty one (to show a change or a
 * replacement of what exists). The arguments: scripts/plan-options.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { missingProviders, prepareOfflinePlan, readStack, standInEndpoints, startAwsStandIn } from "./offline-plan";
import { standInVpcs } from "./offline-ec2";
import { loadPlatformRun } from "../src/config/platform/load";
import { initFailureHint, parsePlanArgs, PLAN_USAGE, PlanOptions, PlanUsageError, providerLine, terraformCommands, terraformSetup } from "./plan-options";
import { renderReviewSummary, StackJson, summarizeTaskDefinitions } from "./review-summary";
import { unknownStackMessage } from "../src/config/shared/stack-ids";
import { TERRAFORM_REQUIRED_VERSION } from "../src/config/shared/terraform";

const ROOT = resolve(__dirname, "..");
/** Where main.ts writes: CDKTF_OUTDIR, as CDKTF's App reads it, else cdktf.out (a second checkout's plans need not overwrite the first's synth). */
const OUT_DIR = resolve(ROOT, process.env.CDKTF_OUTDIR ?? "cdktf.out");
const STACKS_DIR = join(OUT_DIR, "stacks");

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** Like fail(), but lets the caller return, so its cleanup runs. */
function stop(message: string): void {
  console.error(message);
  process.exitCode = 2;
}

function options(): PlanOptions {
  try {
    return parsePlanArgs(process.argv.slice(2), { env: process.env, stdoutIsTerminal: process.stdout.isTTY === true, exists: existsSync });
  } catch (error) {
    if (error instanceof PlanUsageError) fail(`${error.message}\n${PLAN_USAGE}`);
    throw error;
  }
}

async function main(): Promise<void> {
  const { stack, jsonFile, priorState, summary, providers, color } = options();

  const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (synth.status !== 0) process.exit(synth.status ?? 1);
  const manifest = JSON.parse(readFileSync(join(OUT_DIR, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  if (!manifest.stacks[stack]) fail(unknownStackMessage(stack, Object.keys(manifest.stacks)));
  const stackDir = join(STACKS_DIR, stack);
  if (providers.kind === "mirror") {
    const missing = missingProviders(readStack(stackDir), providers.directory);
    if (missing.length > 0) fail(`${stack} needs providers the mirror does not hold: ${missing.join(", ")}`);
  }

  const work = mkdtempSync(join(tmpdir(), `platform-plan-${stack}-`));
  // The adopted VPCs, subnets and database groups, which their data sources read at plan time, from the configuration synthesized.
  const standIn = await startAwsStandIn(standInVpcs(loadPlatformRun(process.env, ROOT).platform));
  try {
    cpSync(stackDir, join(work, stack), { recursive: true });
    if (priorState) cpSync(priorState, join(work, stack, "terraform.tfstate"));
    const upstream = prepareOfflinePlan(join(work, stack), STACKS_DIR);
    const { env, cliConfig } = terraformSetup(providers, work, { ...process.env, ...standInEndpoints(standIn.url) });
    if (cliConfig) writeFileSync(cliConfig.path, cliConfig.text);
    console.log(`offline plan of ${stack}${upstream.length ? `; placeholder outputs for ${upstream.join(", ")}` : ""}`);
    console.log(providerLine(providers));
    // Asynchronous: the stand-in answers from this process while Terraform runs.
    const terraform = (args: string[], output: "quiet" | "shown") =>
      new Promise<{ code: number; text: string }>((done) => {
        const child = spawn("terraform", args, { cwd: join(work, stack), env, stdio: ["ignore", output === "shown" ? "inherit" : "pipe", output === "shown" ? "inherit" : "pipe"] });
        let text = "";
        child.stdout?.on("data", (chunk) => (text += chunk));
        child.stderr?.on("data", (chunk) => (text += chunk));
        child.on("error", (error) => done({ code: 127, text: `could not run terraform (${error.message}); install Terraform ${TERRAFORM_REQUIRED_VERSION}: see the README's prerequisites` }));
        child.on("close", (code) => done({ code: code ?? 1, text }));
      });
    const commands = terraformCommands({ color });
    const init = await terraform(commands.init, "quiet");
    // Inside try: return, not fail(), so that `finally` removes the working copy and stops the stand-in.
    if (init.code !== 0) return stop(`terraform init failed:\n${init.text}\n${initFailureHint(providers)}`);
    const plan = await terraform(commands.plan, "shown");
    process.exitCode = plan.code;
    if (summary) console.log(`\n${renderReviewSummary(stack, summarizeTaskDefinitions(JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as StackJson))}`);
    if (plan.code === 0 && jsonFile) {
      const shown = await terraform(commands.show, "quiet");
      if (shown.code !== 0) return stop(`terraform show failed:\n${shown.text}`);
      writeFileSync(jsonFile, shown.text);
    }
  } finally {
    await standIn.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
