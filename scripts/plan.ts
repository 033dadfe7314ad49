/**
 * `npm run plan -- <stack>`: synthesizes the platform and plans one stack
 * with the real Terraform CLI and AWS provider, offline: no AWS account,
 * placeholder credentials, a local backend, stand-ins for the upstream
 * stacks' outputs and for plan-time AWS calls (scripts/offline-plan.ts).
 * Prints Terraform's plan. Needs PLATFORM_TF_MIRROR, a provider mirror.
 *
 *   PLATFORM_TF_MIRROR=/opt/tf-plugins npm run plan -- web-dev-service
 *
 * `--json <file>` also writes `terraform show -json` of the saved plan (what
 * the plan summary reads); `--state <file>` plans against that state instead
 * of an empty one (to show a change or a replacement of what exists).
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cliConfiguration, missingProviders, prepareOfflinePlan, readStack, startAwsStandIn } from "./offline-plan";
import { unknownStackMessage } from "../src/config/shared/stack-ids";

const ROOT = resolve(__dirname, "..");
const STACKS_DIR = join(ROOT, "cdktf.out", "stacks");

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index < 0 ? undefined : resolve(args.splice(index, 2)[1]);
  };
  const jsonFile = option("--json");
  const priorState = option("--state");
  const [stack] = args;
  const mirror = process.env.PLATFORM_TF_MIRROR;
  if (!stack) fail("usage: npm run plan -- <stack id>, such as web-dev-service");
  if (!mirror || !existsSync(mirror)) fail(`PLATFORM_TF_MIRROR must name a Terraform provider mirror directory; got ${JSON.stringify(mirror ?? "")}`);

  const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (synth.status !== 0) process.exit(synth.status ?? 1);
  const manifest = JSON.parse(readFileSync(join(ROOT, "cdktf.out", "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  if (!manifest.stacks[stack]) fail(unknownStackMessage(stack, Object.keys(manifest.stacks)));
  const stackDir = join(STACKS_DIR, stack);
  const missing = missingProviders(readStack(stackDir), mirror);
  if (missing.length > 0) fail(`${stack} needs providers the mirror does not hold: ${missing.join(", ")}`);

  const work = mkdtempSync(join(tmpdir(), `platform-plan-${stack}-`));
  const standIn = await startAwsStandIn();
  try {
    cpSync(stackDir, join(work, stack), { recursive: true });
    if (priorState) cpSync(priorState, join(work, stack, "terraform.tfstate"));
    const upstream = prepareOfflinePlan(join(work, stack), STACKS_DIR, standIn.url);
    writeFileSync(join(work, "terraform.tfrc"), cliConfiguration(mirror));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(work, "terraform.tfrc"), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    console.log(`offline plan of ${stack}${upstream.length ? `; placeholder outputs for ${upstream.join(", ")}` : ""}`);
    // Asynchronous: the stand-in answers from this process while Terraform runs.
    const terraform = (args: string[], output: "quiet" | "shown") =>
      new Promise<{ code: number; text: string }>((done) => {
        const child = spawn("terraform", args, { cwd: join(work, stack), env, stdio: ["ignore", output === "shown" ? "inherit" : "pipe", output === "shown" ? "inherit" : "pipe"] });
        let text = "";
        child.stdout?.on("data", (chunk) => (text += chunk));
        child.stderr?.on("data", (chunk) => (text += chunk));
        child.on("close", (code) => done({ code: code ?? 1, text }));
      });
    const init = await terraform(["init", "-input=false", "-no-color"], "quiet");
    if (init.code !== 0) fail(`terraform init failed:\n${init.text}`);
    const plan = await terraform(["plan", "-input=false", "-lock=false", "-refresh=false", "-out=tfplan"], "shown");
    process.exitCode = plan.code;
    if (plan.code === 0 && jsonFile) {
      const shown = await terraform(["show", "-json", "tfplan"], "quiet");
      if (shown.code !== 0) fail(`terraform show failed:\n${shown.text}`);
      writeFileSync(jsonFile, shown.text);
    }
  } finally {
    await standIn.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
