/**
 * Synth speed and memory: runs the app process alone and the full `cdktf
 * synth` several times for the built-in configuration and for a generated
 * one with 16 environments, and `npm run explain`, and prints the median wall
 * time and the peak RSS of the largest Node process; then runs the test suite once (`jest`, as
 * `npm test` does) and prints its wall time, its counts and its slowest files, with the cores
 * and the load average before and after, since other processes on the machine slow it. Figures,
 * not pass/fail: the budgets are printed beside them.
 *
 *   npm run bench            # BENCH_RUNS=5 by default; BENCH_TESTS=0 leaves the test suite out
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generatedConfig } from "./bench-config";
import { testTimeLines } from "./test-times";

const ROOT = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TESTS = process.env.BENCH_TESTS !== "0";
const PROBE = join(__dirname, "rss-probe.cjs");
const work = mkdtempSync(join(tmpdir(), "platform-bench-"));

/** Ends the benchmark with what the measured command printed (a configuration error, say), not a stack trace of this script. */
function stop(message: string): never {
  console.error(message);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}

interface Sample {
  readonly seconds: number;
  readonly peakMiB: number;
}

function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Sample {
  const rssFile = join(work, "rss.txt");
  writeFileSync(rssFile, "");
  const outdir = join(work, "out");
  rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, PLATFORM_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${PROBE}`, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) stop(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  const peaks = readFileSync(rssFile, "utf8").split("\n").filter(Boolean).map(Number);
  return { seconds, peakMiB: Math.max(...peaks) / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function bench(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, budget?: string): void {
  const samples = Array.from({ length: RUNS }, () => measure(command, args, env));
  const seconds = median(samples.map((s) => s.seconds));
  const peak = Math.max(...samples.map((s) => s.peakMiB));
  console.log(`${label.padEnd(44)} median ${seconds.toFixed(2)} s   peak RSS ${peak.toFixed(0)} MiB${budget ? `   (budget ${budget})` : ""}`);
}

const load = () => loadavg()[0].toFixed(2);

/** Runs the test suite once as `npm test` does, and prints its time and slowest files. */
function benchTests(budget: string): void {
  const output = join(work, "jest.json");
  const before = load();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules/jest/bin/jest.js"), "--json", `--outputFile=${output}`], { cwd: ROOT, env: process.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let lines: string[];
  try {
    lines = testTimeLines(JSON.parse(readFileSync(output, "utf8")), ROOT, seconds);
  } catch {
    stop(`jest wrote no result (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  console.log(`${lines[0]}   (budget ${budget}; ${availableParallelism()} cores, load average ${before} before, ${load()} after)`);
  for (const line of lines.slice(1)) console.log(line);
}

const sixteen = join(work, "sixteen-environments.json");
writeFileSync(sixteen, JSON.stringify(generatedConfig(16)));
const app = [process.execPath, ["--import", "tsx", "main.ts"]] as const;
const cli = [process.execPath, [join(ROOT, "node_modules/cdktf-cli/bundle/bin/cdktf"), "synth", "--output", join(work, "out")]] as const;

console.log(`synth benchmark, ${RUNS} runs each`);
try {
  bench("app, built-in configuration", app[0], [...app[1]], {}, "2.5 s, 350 MB");
  bench("cdktf synth, built-in configuration", cli[0], [...cli[1]], {});
  bench("app, 16 environments", app[0], [...app[1]], { PLATFORM_CONFIG: sixteen }, "4 s");
  bench("cdktf synth, 16 environments", cli[0], [...cli[1]], { PLATFORM_CONFIG: sixteen });
  bench("npm run explain -- prod", "npm", ["run", "--silent", "explain", "--", "prod"], {}, "1 s");
  if (TESTS) benchTests("90 s");
} finally {
  rmSync(work, { recursive: true, force: true });
}
