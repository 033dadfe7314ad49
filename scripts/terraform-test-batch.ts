/**
 * Stacks planned in one `terraform test` process, for the engine checks
 * (scripts/terraform-check.ts). Each stack is a test file of one run block,
 * `command = plan`, whose module is the stack's directory: Terraform plans it
 * as the root module of that run, with the stack's own providers and
 * configuration and the same validation first, so a root module's rules hold
 * (an output holding a sensitive value must say `sensitive = true`; no output
 * may hold an ephemeral value). Only its backend is set aside: a test keeps
 * state in memory, as the offline plan's local backend kept none.
 *
 * Why one process: Terraform loads a provider's schema once per process, and
 * the AWS provider's takes about 3 s of CPU to load. A `terraform plan` per
 * stack loaded it for every stack. Measured with web-dev-secrets,
 * web-dev-database and web-prod-service: three plans 16.0 s (18.3 s of CPU),
 * one `terraform test` 10.7 s (12.3 s of CPU).
 *
 * A batch's directory holds a root module naming the providers, its stacks'
 * directories (each prepared for an offline plan: scripts/offline-plan.ts)
 * and `tests/<stack>.tftest.hcl`. Each test file passes or fails on its own,
 * and a failed one leaves the others running. `-verbose` prints each plan,
 * whose summary line is kept; stderr goes into the same pipe, so that each
 * error lands after its file's first line and before the next file's.
 *
 * What a test treats otherwise than a plan in the stack's own directory (a
 * review of Terraform 1.11.4's source, with experiments on both) keeps a
 * stack out of batches: see batchBlocker.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./run-command";

/** A stack to plan in a batch. */
export interface BatchStack {
  /** Its name as printed. */
  readonly label: string;
  /** Its directory in the batch (the run block's module) and its test file's name, unique in the batch. */
  readonly slug: string;
}

/** What the batch's `terraform test` said of one stack. */
export interface BatchOutcome {
  /** The stack. */
  readonly stack: BatchStack;
  /** Whether its test file passed: it validated and planned. */
  readonly passed: boolean;
  /** The plan's summary line when it passed; what Terraform printed for it when it failed. */
  readonly detail: string;
  /** From its test file's first line to its last (the batch's init not included); 0 when it never started. */
  readonly seconds: number;
}

/** The arguments of every `terraform init` of the checks: no prompts, no colour codes in what is kept. */
export const TERRAFORM_INIT = ["init", "-input=false", "-no-color"];

/** A plan's summary line (`Plan: 4 to add, 0 to change, 0 to destroy.`, or `No changes.`) in what Terraform printed. */
export function planSummary(printed: string): string {
  return /^(Plan: .*|No changes\..*)$/m.exec(printed)?.[1] ?? "No changes.";
}

/** The test file planning the stack in `./<slug>` as the module of its one run block. */
export function testFile(slug: string): string {
  return ["run \"plan\" {", "  command = plan", "  module {", `    source = "./${slug}"`, "  }", "  plan_options {", "    refresh = false", "  }", "}", ""].join("\n");
}

/** Writes the batch's root module (requiring `requiredProviders`) and a test file per stack; the stacks' directories are the caller's. */
export function writeBatch(dir: string, requiredProviders: object, stacks: readonly BatchStack[]): void {
  mkdirSync(join(dir, "tests"), { recursive: true });
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
  for (const { slug } of stacks) writeFileSync(join(dir, "tests", `${slug}.tftest.hcl`), testFile(slug));
}

/** Terraform's functions that read files, by a path relative to the working directory. */
const FILE_FUNCTIONS = /\b(abspath|file|filebase64|filebase64sha256|filebase64sha512|filemd5|filesha1|filesha256|filesha512|fileexists|fileset|templatefile)\(/;

/**
 * Why a stack (its synthesized JSON) must be planned alone with `terraform plan`, if it must: in a batch
 * its directory is a module of the batch's configuration and the working directory is the batch's. So
 * an `import` block, which only a root module may hold, fails the batch's init; a `check` block that
 * fails is a warning to a plan but an error to a test; and file functions, `path.cwd` and `path.root`
 * would read the batch's directory, not the stack's.
 */
export function batchBlocker(json: string): string | undefined {
  const blocks = JSON.parse(json) as Record<string, unknown>;
  if (blocks.import) return "an import block";
  if (blocks.check) return "a check block";
  const read = FILE_FUNCTIONS.exec(json)?.[1] ?? /\bpath\.(cwd|root)\b/.exec(json)?.[0];
  return read ? `${read} (read from the working directory)` : undefined;
}

/** A test file's first line (`tests/<slug>.tftest.hcl... in progress`) and last (`... pass`, `... fail`, `... skip`). */
const FILE_STARTED = /^tests\/(.+)\.tftest\.hcl\.\.\. in progress$/;
const FILE_ENDED = /^tests\/(.+)\.tftest\.hcl\.\.\. (pass|fail|skip)$/;

/** How a batch's `terraform test` ended: its exit code, or what its init printed when the init failed (then no stack was reported). */
export type BatchEnd = { readonly code: number } | { readonly initFailed: string };

/**
 * Initializes the batch in `dir` and plans its stacks with `terraform test`, calling `reported` as each
 * stack's test file ends. A stack whose file never ended (Terraform stopped before it) fails with what
 * Terraform printed outside the stacks' files. When the init fails (one stack's configuration that does
 * not load fails it for all), no stack is reported: the caller plans them alone to name the one.
 */
export async function runBatch(dir: string, stacks: readonly BatchStack[], env: NodeJS.ProcessEnv, reported: (outcome: BatchOutcome) => void): Promise<BatchEnd> {
  const bySlug = new Map(stacks.map((stack) => [stack.slug, stack]));
  const pending = new Set(stacks);
  const report = (outcome: BatchOutcome) => {
    pending.delete(outcome.stack);
    reported(outcome);
  };
  const init = await runCommand("terraform", TERRAFORM_INIT, dir, env);
  if (init.code !== 0) return { initFailed: init.output.trim() };
  // A file's lines run from its first line to the next file's first line (or the end): Terraform prints a
  // file's own errors after its last line. The run's closing summary is nobody's.
  let current: { stack: BatchStack; started: number; lines: string[]; ended?: { passed: boolean; seconds: number } } | undefined;
  const outside: string[] = [];
  const finish = () => {
    if (!current?.ended) return;
    const { stack, lines, ended } = current;
    const detail = ended.passed ? planSummary(lines.join("\n")) : `terraform test failed:\n${lines.filter((printed) => !FILE_ENDED.test(printed)).join("\n").trim()}`;
    report({ stack, passed: ended.passed, detail, seconds: ended.seconds });
    current = undefined;
  };
  const line = (text: string) => {
    const started = FILE_STARTED.exec(text);
    const ended = FILE_ENDED.exec(text);
    if (started && bySlug.has(started[1])) {
      finish();
      current = { stack: bySlug.get(started[1])!, started: Date.now(), lines: [] };
    } else if (ended && current && !current.ended && ended[1] === current.stack.slug) {
      current.ended = { passed: ended[2] === "pass", seconds: (Date.now() - current.started) / 1000 };
    } else if (current && !/^(Success|Failure)! \d+ passed/.test(text)) {
      current.lines.push(text);
    } else {
      outside.push(text);
    }
  };
  const code = await new Promise<number>((done) => {
    const child = spawn("sh", ["-c", "exec terraform test -no-color -verbose 2>&1"], { cwd: dir, env, stdio: ["ignore", "pipe", "inherit"] });
    let rest = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      lines.forEach(line);
    });
    child.on("close", (exit) => {
      if (rest) line(rest);
      finish();
      done(exit ?? 1);
    });
  });
  const unfinished = current ? [...current.lines, ...outside] : outside;
  for (const stack of pending) {
    report({ stack, passed: false, detail: `terraform test (exit code ${code}) ended before planning it:\n${unfinished.slice(-60).join("\n").trim()}`, seconds: 0 });
  }
  return { code };
}
