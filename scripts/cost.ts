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
 * The configuration line and warnings go to stderr, so stdout holds only the
 * estimate. An estimate that cannot be made (a price the table lacks) is one
 * message and exit code 1, not a stack trace.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPlatformRun } from "../src/config/platform/load";
import { ConfigError } from "../src/config/shared/errors";
import { estimateSynthesis } from "../src/cost/budgets";
import { renderMarkdown } from "../src/cost/render";
import { synthesize } from "../main";

function main(json: boolean): number {
  // npm runs scripts from the repository root, where a platform.json is the checkout's own configuration.
  const run = loadPlatformRun(process.env, process.cwd());
  console.error(run.summary);
  for (const warning of run.warnings ?? []) console.error(`Warning: ${warning}`);
  const outdir = mkdtempSync(join(tmpdir(), "platform-cost-"));
  try {
    // The app's own synthesis (main.ts), your resources included, in this process.
    synthesize(run, outdir);
    const { estimate, budgets } = estimateSynthesis(outdir, run.platform);
    console.log(json ? JSON.stringify({ ...estimate, budgets }, null, 2) : renderMarkdown(estimate, budgets));
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** JSON was asked for: `-- --json` to the script, or npm's own `--json` (`npm run cost --json`), which npm passes as npm_config_json. */
const json = process.argv.includes("--json") || process.env.npm_config_json === "true";
try {
  process.exitCode = main(json);
} catch (error) {
  // A configuration error is its own message; an estimate that cannot be made names the stack, the resource and what to add.
  console.error(error instanceof ConfigError ? error.message : `No cost estimate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
