/**
 * `npm run cost`: synthesizes the platform (main.ts, in this process) into a temporary directory and
 * prints the fixed monthly cost of each environment against its budget, then
 * of the shared stacks, at the price table's rates (src/cost/price-table.ts),
 * with the usage charges the estimate leaves out. Reads the configuration the
 * way synth does.
 *
 *   npm run cost            # Markdown tables
 *   npm run cost --json     # the same as JSON; npm's own --json moves its "> cost" banner to stderr
 *   npm run cost -- --json  # the same, but npm prints its banner on stdout first (`npm run -s` drops it)
 *
 * It takes no other argument. The configuration line and warnings go to stderr, so stdout holds only the
 * estimate. An environment it cannot estimate (a price the table lacks) is left out with one
 * message naming the stack, the resource and what to add, and exit code 1; the others are estimated.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GuardrailError } from "../src/aspects/guardrails";
import { loadPlatformRun, PlatformRun } from "../src/config/platform/load";
import { ConfigError } from "../src/config/shared/errors";
import { estimateSynthesis } from "../src/cost/budgets";
import { unestimatedGroupName } from "../src/cost/estimate";
import { renderJson, renderMarkdown } from "../src/cost/render";
import { exitCodeOf } from "../src/exit-code";
import { synthesize } from "../main";

/** The app's own synthesis (main.ts), your resources included, in this process; what it logs goes to stderr, so stdout holds only the estimate. */
function synthesizeFor(run: PlatformRun, outdir: string, env: NodeJS.ProcessEnv): void {
  const log = console.log;
  console.log = console.error;
  try {
    synthesize(run, outdir, env);
  } finally {
    console.log = log;
  }
}

function estimate(json: boolean, env: NodeJS.ProcessEnv, cwd: string): number {
  // npm runs scripts from the repository root, where a platform.json is the checkout's own configuration.
  const run = loadPlatformRun(env, cwd);
  console.error(run.summary);
  for (const warning of run.warnings ?? []) console.error(`Warning: ${warning}`);
  const outdir = mkdtempSync(join(tmpdir(), "platform-cost-"));
  try {
    synthesizeFor(run, outdir, env);
    const estimated = estimateSynthesis(outdir, run.platform);
    console.log(json ? renderJson(estimated.estimate, estimated.budgets) : renderMarkdown(estimated.estimate, estimated.budgets));
    // The others are estimated all the same; a group left out names the stack, the resource and what to add, and fails the command.
    for (const group of estimated.estimate.unestimated) console.error(`No cost estimate for ${unestimatedGroupName(group)}: ${group.reason}`);
    return estimated.estimate.unestimated.length === 0 ? 0 : 1;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * `npm run cost` with these arguments, environment and working directory: prints the estimate
 * (stdout) and what it used or could not do (stderr), and returns the exit code.
 */
export function runCost(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const unknown = args.filter((arg) => arg !== "--json");
  if (unknown.length > 0) {
    // A typo (--jsn) would otherwise print Markdown, and an environment name (prod) every environment.
    console.error(
      `npm run cost takes only --json, not ${unknown.map((arg) => JSON.stringify(arg)).join(", ")}: it estimates every environment of the configuration; ` +
        "PLATFORM_ENVS=<env>[,<env>...] narrows it to environments.",
    );
    return 1;
  }
  // JSON was asked for: `-- --json` to the script, or npm's own `--json` (`npm run cost --json`), which npm passes as npm_config_json.
  const json = args.includes("--json") || env.npm_config_json === "true";
  // A configuration error and a broken guardrail are their own messages, as synth prints them.
  return exitCodeOf(() => estimate(json, env, cwd), [ConfigError, GuardrailError]);
}

if (require.main === module) process.exitCode = runCost(process.argv.slice(2), process.env, process.cwd());
