import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PlatformEstimate } from "../../src/cost/estimate";
import { runCost } from "../../scripts/cost";
import { withoutPlatformVariables } from "../support/config";
import { printedBy } from "../support/printed";

/**
 * `npm run cost` as a newcomer runs it, with their own configuration in a region the price table has
 * no prices for: through npm, where npm's own flags are the point, and otherwise as npm runs the
 * script (its runCost), in this process, with what it prints captured.
 */
const ROOT = resolve(__dirname, "../..");

/** The shipped example (examples/single-account.json) moved, accounts, networks and all, to `region`. */
function exampleIn(region: string): object {
  const config = JSON.parse(readFileSync(join(ROOT, "examples/single-account.json"), "utf8"));
  config.project.defaultRegion = region;
  for (const entry of [...Object.values(config.accounts), ...Object.values(config.networks)]) (entry as { region: string }).region = region;
  return config;
}

/** The environment of a run with the configuration in a platform.json of its own. */
function envWith(config: object, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "npm-cost-"));
  writeFileSync(join(dir, "platform.json"), JSON.stringify(config));
  return { ...withoutPlatformVariables(process.env), npm_config_json: undefined, PLATFORM_CONFIG: join(dir, "platform.json"), ...env };
}

/** `npm <npmArgs>` with the configuration; stdout and stderr apart. */
function npmCost(config: object, npmArgs: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync("npm", npmArgs, { cwd: ROOT, encoding: "utf8", env: envWith(config, env) });
}

/** `npm run -s cost -- <args>` as the script runs it, in this process: its exit code, and what it printed on stdout and stderr. */
function costScript(config: object, args: string[], env: NodeJS.ProcessEnv = {}) {
  const { result, stdout, stderr } = printedBy(() => runCost(args, envWith(config, env), ROOT));
  return { status: result, stdout, stderr };
}

const CONFIGURATION_LINE = /^Configuration: .*platform\.json \(PLATFORM_CONFIG\)/gm;
/** A line of a JavaScript stack trace. */
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

describe("npm run cost outside the regions the price table prices", () => {
  it("estimates ap-southeast-2 at its fallback region's prices, names us-east-1 in the summary and on each line, and prints the configuration line once", () => {
    const result = costScript(exampleIn("ap-southeast-2"), [], { PLATFORM_ENVS: "dev" });
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.status).toBe(0);
    expect((result.stdout + result.stderr).match(CONFIGURATION_LINE)).toHaveLength(1);
    expect(result.stderr).toMatch(CONFIGURATION_LINE);
    expect(result.stdout).toContain("- ap-southeast-2: estimated at us-east-1 prices (fallback region), as the price table has none of its own; its own prices may differ");
    expect(result.stdout).toMatch(/^\| Application load balancer \| ap-southeast-2 \(estimated at us-east-1 prices\) \| 1 \| \$0\.0225 per hour \| \$16\.43 \|$/m);
    expect(result.stdout).not.toMatch(/^\| [^|]+ \| ap-southeast-2 \|/m);
  });

  it("prints pure JSON on stdout with npm's own --json (the configuration line on stderr), naming the fallback region of every us-west-2 line", () => {
    const result = npmCost(exampleIn("us-west-2"), ["run", "cost", "--json"]);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.status).toBe(0);
    expect(result.stderr.match(CONFIGURATION_LINE)).toHaveLength(1);
    const estimate = JSON.parse(result.stdout) as PlatformEstimate;
    expect(estimate.fallbacks).toEqual([{ region: "us-west-2", fallbackRegion: "us-east-1" }]);
    const lines = [...estimate.environments, ...estimate.shared].flatMap((group) => group.lines);
    // The CDN's edge stack is in us-east-1 whatever the environment's region (decision 0008).
    expect([...new Set(lines.filter((line) => line.stack.endsWith("-edge") && line.region !== "global").map((line) => line.region))]).toEqual(["us-east-1"]);
    const regional = lines.filter((line) => line.region !== "global" && !line.stack.endsWith("-edge"));
    expect(regional.length).toBeGreaterThan(20);
    expect(regional.filter((line) => line.region !== "us-west-2" || line.fallbackRegion !== "us-east-1")).toEqual([]);
  });

  it("prints pure JSON with the script's own --json (npm run -s cost -- --json passes it)", () => {
    const result = costScript(exampleIn("us-west-2"), ["--json"], { PLATFORM_ENVS: "dev" });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).fallbacks).toEqual([{ region: "us-west-2", fallbackRegion: "us-east-1" }]);
    expect(result.stderr.match(CONFIGURATION_LINE)).toHaveLength(1);
    // Summed floats leave noise such as 71.64182997500001; the JSON keeps 12 significant digits, as many as any price has.
    const numbers = (result.stdout.match(/-?\d+\.\d+(e-?\d+)?/g) ?? []).map(Number);
    expect(numbers.length).toBeGreaterThan(20);
    expect(numbers.filter((value) => Number(value.toPrecision(12)) !== value)).toEqual([]);
  });

  it("refuses any argument but --json, which would otherwise be ignored (a typo printing Markdown, an environment name every environment), estimating nothing", () => {
    const result = costScript(exampleIn("us-west-2"), ["--jsn", "prod"]);
    expect(result).toEqual({
      status: 1,
      stdout: "",
      stderr: 'npm run cost takes only --json, not "--jsn", "prod": it estimates every environment of the configuration; PLATFORM_ENVS=<env>[,<env>...] narrows it to environments.\n',
    });
  });

  it("leaves out the environment it cannot price, saying in one message with no stack trace what and where to add it, and estimates the others", () => {
    const config = exampleIn("us-west-2") as { apps: { web: { environments: { dev: object } } } };
    config.apps.web.environments.dev = { database: { instanceClass: "db.m7g.large" } };
    // A stack trace is either printed (an Error given to the console shows its stack) or an exception thrown out of the script, failing this test.
    const result = costScript(config, [], { PLATFORM_ENVS: "dev,prod" });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const reason = /web-dev-database: aws_db_instance\.\S+: RDS instance class db\.m7g\.large in us-west-2 is not in the price table; add it to src\/cost\/price-table\.ts/;
    expect(result.stderr).toMatch(new RegExp(`^No cost estimate for environment dev: ${reason.source}`, "m"));
    expect(result.stdout).toMatch(new RegExp(`^- environment dev: ${reason.source}`, "m"));
    // Prod is estimated all the same, dev not at all: a group missing a stack's charges would look cheaper than it is.
    expect(result.stdout).toMatch(/^## Environment prod: \$[\d,.]+ per month/m);
    expect(result.stdout).not.toMatch(/^## Environment dev/m);
  });
});
