/**
 * Terraform engine checks: synthesizes the platform, then for every stack runs
 * the real Terraform CLI: `init -backend=false` and `validate`; and for stacks
 * that read no remote state and call no AWS API at plan time (data sources,
 * ephemeral resources such as the generated passwords), `plan` in a working
 * copy whose override file
 * supplies placeholder credentials, skips the account checks and uses a local
 * backend. Providers come only from the filesystem mirror named by
 * PLATFORM_TF_MIRROR, through a CLI configuration file this script writes.
 *
 *   PLATFORM_TF_MIRROR=/opt/tf-plugins npm run test:terraform
 *
 * Prints one line per stack and a total; exits 1 on any failure. A stack
 * that needs a provider missing from the mirror is reported as skipped.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const OUT_DIR = join(ROOT, "cdktf.out");

interface StackResult {
  readonly stack: string;
  readonly status: "passed" | "skipped" | "failed";
  /** Whether the stack reads no remote state, so that it can be planned. */
  readonly plannable: boolean;
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

/** `aws` -> registry.terraform.io/hashicorp/aws; `integrations/github` -> registry.terraform.io/integrations/github. */
function providerAddress(source: string): string {
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** Whether the mirror holds the provider version, unpacked or packed. */
function mirrorHas(mirror: string, address: string, version: string): boolean {
  const dir = join(mirror, address);
  if (existsSync(join(dir, version))) return true;
  const name = address.split("/").pop();
  return existsSync(dir) && readdirSync(dir).some((file) => file.startsWith(`terraform-provider-${name}_${version}_`));
}

function missingProviders(config: TerraformJson, mirror: string): string[] {
  return Object.values(config.terraform?.required_providers ?? {})
    .map((provider) => ({ address: providerAddress(provider.source), version: provider.version }))
    .filter((provider) => !mirrorHas(mirror, provider.address, provider.version))
    .map((provider) => `${provider.address} ${provider.version}`);
}

interface TerraformJson {
  terraform?: { required_providers?: Record<string, { source: string; version: string }> };
  data?: Record<string, unknown>;
  ephemeral?: Record<string, unknown>;
}

/** Data sources Terraform computes without calling AWS, which a plan with placeholder credentials can still read. */
const LOCAL_DATA_SOURCES = ["aws_iam_policy_document", "aws_partition"];

/** Placeholder credentials, no account checks, and a local backend: enough to plan without AWS. */
const PLAN_OVERRIDE = {
  terraform: { backend: { local: { path: "terraform.tfstate" } } },
  provider: {
    aws: {
      access_key: "placeholder",
      secret_key: "placeholder",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      allowed_account_ids: null,
    },
  },
};

async function checkStack(stack: string, stackDir: string, workRoot: string, mirror: string, env: NodeJS.ProcessEnv): Promise<StackResult> {
  const started = Date.now();
  const config = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as TerraformJson;
  const awsReads = [
    ...Object.keys(config.data ?? {})
      .filter((type) => type !== "terraform_remote_state" && !LOCAL_DATA_SOURCES.includes(type))
      .map((type) => `data.${type}`),
    // Terraform opens every ephemeral block during plan, and each of ours calls AWS.
    ...Object.keys(config.ephemeral ?? {}).map((type) => `ephemeral.${type}`),
  ];
  const plannable = !config.data?.terraform_remote_state && awsReads.length === 0;
  const result = (status: StackResult["status"], planned: boolean, detail: string): StackResult => ({
    stack,
    status,
    plannable: plannable && status !== "skipped",
    planned,
    detail,
    seconds: (Date.now() - started) / 1000,
  });
  const missing = missingProviders(config, mirror);
  if (missing.length > 0) return result("skipped", false, `provider not in the mirror: ${missing.join(", ")}`);

  const work = join(workRoot, stack);
  cpSync(stackDir, work, { recursive: true });
  const steps: [string, string[]][] = [
    ["init", ["init", "-backend=false", "-input=false", "-no-color"]],
    ["validate", ["validate", "-no-color"]],
  ];
  for (const [name, args] of steps) {
    const outcome = await run("terraform", args, work, env);
    if (outcome.code !== 0) return result("failed", false, `terraform ${name} failed:\n${outcome.output.trim()}`);
  }
  if (config.data?.terraform_remote_state) return result("passed", false, "validated (reads remote state: not planned)");
  if (!plannable) return result("passed", false, `validated (reads ${awsReads.join(", ")} from AWS at plan time: not planned)`);

  writeFileSync(join(work, "zz_platform_check_override.tf.json"), JSON.stringify(PLAN_OVERRIDE, null, 2));
  const init = await run("terraform", ["init", "-input=false", "-no-color", "-reconfigure"], work, env);
  if (init.code !== 0) return result("failed", false, `terraform init (local backend) failed:\n${init.output.trim()}`);
  const plan = await run("terraform", ["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"], work, env);
  if (plan.code !== 0) return result("failed", false, `terraform plan failed:\n${plan.output.trim()}`);
  const summary = /Plan: .*/.exec(plan.output)?.[0] ?? "No changes.";
  return result("passed", true, `validated, planned: ${summary}`);
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
  const manifest = JSON.parse(readFileSync(join(OUT_DIR, "manifest.json"), "utf8")) as {
    stacks: Record<string, { workingDirectory: string }>;
  };
  const stacks = Object.entries(manifest.stacks).map(([name, stack]) => ({ name, dir: join(OUT_DIR, stack.workingDirectory) }));

  const workRoot = mkdtempSync(join(tmpdir(), "platform-terraform-check-"));
  const cliConfig = join(workRoot, "terraform.tfrc");
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["*/*/*"]\n  }\n}\n`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

  console.log(`terraform checks: ${stacks.length} stack(s), provider mirror ${mirror}`);
  const queue = [...stacks];
  const results: StackResult[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await checkStack(next.name, next.dir, workRoot, mirror, env);
      results.push(outcome);
      const label = { passed: "ok     ", skipped: "SKIPPED", failed: "FAILED " }[outcome.status];
      console.log(`${label} ${outcome.stack.padEnd(32)} ${outcome.seconds.toFixed(1).padStart(5)}s  ${outcome.detail}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  rmSync(workRoot, { recursive: true, force: true });

  const checked = results.filter((r) => r.status !== "skipped").length;
  const passed = results.filter((r) => r.status === "passed").length;
  const plannable = results.filter((r) => r.plannable).length;
  const planned = results.filter((r) => r.planned).length;
  const skipped = results.length - checked;
  console.log(`validated ${passed}/${checked}, planned ${planned}/${plannable}, skipped ${skipped}`);
  if (results.some((r) => r.status === "failed")) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
