/**
 * `npm run cost`: synthesizes the platform into a temporary directory and
 * prints the fixed monthly cost of each environment against its budget, then
 * of the shared stacks, at the price table's rates (src/cost/price-table.ts),
 * with the usage charges the estimate leaves out. Reads the configuration the
 * way synth does.
 *
 *   npm run cost            # Markdown tables
 *   npm run cost -- --json  # the same as JSON
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPlatformRun } from "../src/config/platform/load";
import { ConfigError } from "../src/config/shared/errors";
import { estimateSynthesis } from "../src/cost/budgets";
import { renderMarkdown } from "../src/cost/render";

function main(json: boolean): number {
  // npm runs scripts from the repository root, where a platform.json is the checkout's own configuration.
  const run = loadPlatformRun(process.env, process.cwd());
  console.error(run.summary);
  const outdir = mkdtempSync(join(tmpdir(), "platform-cost-"));
  try {
    const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "inherit"] });
    if (synth.status !== 0) return synth.status ?? 1;
    const { estimate, budgets } = estimateSynthesis(outdir, run.platform);
    console.log(json ? JSON.stringify({ ...estimate, budgets }, null, 2) : renderMarkdown(estimate, budgets));
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.includes("--json"));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
