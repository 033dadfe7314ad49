import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError } from "../../src/config/shared/errors";
import { loadPlatformRun } from "../../src/config/platform/load";
import { runApp } from "../../main";
import { printedBy } from "../support/printed";

const ROOT = resolve(__dirname, "../..");
const EXAMPLE = join(ROOT, "examples/single-account.json");
const names = (items: readonly { name: string }[]) => items.map((item) => item.name);

function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "platform-config-")), name);
  writeFileSync(file, text);
  return file;
}

describe("loading the configuration from the environment", () => {
  it("uses the built-in default when PLATFORM_CONFIG is unset", () => {
    const { platform, bootstrap } = loadPlatformRun({});
    expect(names(platform.environments)).toEqual(["dev", "staging", "uat", "prod"]);
    expect(bootstrap).toBe(false);
  });

  it("reads a JSON file named by PLATFORM_CONFIG: seed 000's single account with a shared lowers network", () => {
    const { platform } = loadPlatformRun({ PLATFORM_CONFIG: EXAMPLE });
    expect(names(platform.accounts)).toEqual(["shared"]);
    const lowers = platform.networks.find((n) => n.name === "lowers")!;
    // The network takes the strictest tier of the environments on it: staging (dev and staging share it).
    expect([lowers.tier, lowers.natMode, lowers.zones]).toEqual(["staging", "single", ["us-east-1a", "us-east-1b"]]);
    expect(platform.project.tags).toEqual({ CostCenter: "1234" });
  });

  it("selects environments with PLATFORM_ENVS, with their networks and accounts", () => {
    const { platform } = loadPlatformRun({ PLATFORM_ENVS: "prod" });
    expect(names(platform.environments)).toEqual(["prod"]);
    expect(names(platform.networks)).toEqual(["prod", "prod-dr"]);
    expect(names(platform.accounts)).toEqual(["prod"]);
    expect(platform.apps[0].deployments.map((d) => d.environment.name)).toEqual(["prod"]);

    const devAndUat = loadPlatformRun({ PLATFORM_ENVS: " dev, uat " }).platform;
    expect(names(devAndUat.networks)).toEqual(["dev", "uat"]);
    expect(names(devAndUat.accounts)).toEqual(["nonprod"]);
  });

  it("rejects an unknown environment in PLATFORM_ENVS, listing the known ones", () => {
    expect(() => loadPlatformRun({ PLATFORM_ENVS: "dev,qa" })).toThrow(
      `  - PLATFORM_ENVS = "qa": names an unknown environment; known: dev, staging, uat, prod`,
    );
    // A likely typo names the closest environment: deploy-order and every synth read PLATFORM_ENVS this way.
    expect(() => loadPlatformRun({ PLATFORM_ENVS: "dev,prdo" })).toThrow(`  - PLATFORM_ENVS = "prdo": names an unknown environment; did you mean "prod"? known: dev, staging, uat, prod`);
  });

  it("reads PLATFORM_BOOTSTRAP as 1 or 0 and rejects anything else", () => {
    expect(loadPlatformRun({ PLATFORM_BOOTSTRAP: "1" }).bootstrap).toBe(true);
    expect(loadPlatformRun({ PLATFORM_BOOTSTRAP: "0" }).bootstrap).toBe(false);
    expect(() => loadPlatformRun({ PLATFORM_BOOTSTRAP: "yes" })).toThrow(`  - PLATFORM_BOOTSTRAP = "yes": must be 1 or 0 (true or false)`);
  });

  it("names a PLATFORM_CONFIG file that is missing or not JSON", () => {
    expect(() => loadPlatformRun({ PLATFORM_CONFIG: "/nonexistent/platform.json" })).toThrow(
      `  - PLATFORM_CONFIG = "/nonexistent/platform.json": cannot be read: ENOENT`,
    );
    const broken = writeTemp("broken.json", "{ project: ");
    expect(() => loadPlatformRun({ PLATFORM_CONFIG: broken })).toThrow(`  - ${broken}:1:3 = "{ project:": is not valid JSON: expected a property name in double quotes, found 'p'`);
    expect(() => loadPlatformRun({ PLATFORM_CONFIG: broken })).toThrow(ConfigError);
  });

  it("gives a syntax error's real file, line and column, for platform.json and for PLATFORM_CONFIG", () => {
    const lines = ["{", '  "project": { "name": "acme" },', '  "accounts": { "shared": { "id": "333333333333" } }', '  "networks": {}', "}"];
    const file = writeTemp("platform.json", lines.join("\n"));
    const root = join(file, "..");
    const expected = `  - ${file}:4:3 = "\\"networks\\": {}": is not valid JSON: expected "," or "}" after a property value, found '"'`;
    // Discovered at the root: no word of PLATFORM_CONFIG, which was never set.
    expect(() => loadPlatformRun({}, root)).toThrow(expected);
    expect(() => loadPlatformRun({}, root)).not.toThrow("PLATFORM_CONFIG");
    expect(() => loadPlatformRun({ PLATFORM_CONFIG: file })).toThrow(expected);
    // The errors JSON.parse gives on Node 20 without any position, and a few more.
    const errorOf = (text: string) => {
      try {
        loadPlatformRun({ PLATFORM_CONFIG: writeTemp("config.json", text) });
      } catch (error) {
        return (error as ConfigError).issues[0].path.replace(/^.*config\.json/, "") + " " + (error as ConfigError).issues[0].message;
      }
      return "accepted";
    };
    expect(errorOf('{\n  "a": tru\n}')).toBe(`:2:8 is not valid JSON: expected a value (an object, array, string, number, true, false or null), found 't'`);
    expect(errorOf('{\n  "a": 1,\n}')).toBe(`:3:1 is not valid JSON: expected a property name in double quotes, found '}' (a comma after the last property?)`);
    expect(errorOf('{ "a": [1, 2 }')).toBe(`:1:14 is not valid JSON: expected "," or "]" after an array item, found '}'`);
    expect(errorOf('{ "a": "x\ny" }')).toBe(`:1:10 is not valid JSON: a control character (such as a line break) inside a string: write it as an escape such as \\n`);
    expect(errorOf('{ "a": 1 } x')).toBe(`:1:12 is not valid JSON: expected the end of the file after the value, found 'x'`);
    expect(errorOf('{ "a": 1')).toBe(`:1:9 is not valid JSON: expected "," or "}" after a property value, found the end of the file`);
    expect(errorOf('{ "a" 1 }')).toBe(`:1:7 is not valid JSON: expected ":" after the property name, found '1'`);
  });

  it("rejects a key set twice in one object of the file, which JSON.parse would drop silently", () => {
    const text = [
      "{",
      '  "project": { "name": "acme", "name": "acme2", "owner": "platform-team", "repository": "acme/platform" },',
      '  "environments": { "prod": { "network": "prod", "tier": "prod" }, "prod": { "network": "prod", "tier": "dev" } },',
      '  "apps": { "web": { "alerts": { "emails": ["a@example.com"] }, "secrets": { "salt\\\"s": {}, "salt\\\"s": {} } } }',
      "}",
    ].join("\n");
    const file = writeTemp("duplicates.json", text);
    expect(() => loadPlatformRun({ PLATFORM_CONFIG: file })).toThrow(
      [
        `Invalid platform configuration (${file}), 3 issue(s):`,
        `  - project.name = "acme2": is set twice in its object; JSON keeps the last value (shown) and drops the first without a word: keep one`,
        `  - environments.prod = {"network":"prod","tier":"dev"}: is set twice in its object; JSON keeps the last value (shown) and drops the first without a word: keep one`,
        `  - apps.web.secrets.salt"s = {}: is set twice in its object; JSON keeps the last value (shown) and drops the first without a word: keep one`,
      ].join("\n"),
    );
  });

  it("fails the app, exit code 1, before anything is written to cdktf.out (the app run as the CDKTF CLI runs it: npm run plan reads that code)", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "platform-out-")), "cdktf.out");
    const bad = writeTemp("bad.json", JSON.stringify({ project: { name: "acme" } }));
    const { status, stderr } = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, PLATFORM_CONFIG: bad, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect(status).toBe(1);
    expect(stderr).toContain(`Invalid platform configuration (${bad})`);
    expect(stderr).toContain(`  - project.owner = (missing): is required (a string)`);
    expect(stderr).toContain(`  - accounts = (missing)`);
    expect(existsSync(outdir)).toBe(false);
  });

  it("uses platform.json at the repository root when present, PLATFORM_CONFIG still winning, and says which in one line", () => {
    const root = mkdtempSync(join(tmpdir(), "platform-root-"));
    expect(loadPlatformRun({}, root).summary).toBe("Configuration: the built-in default (src/config/platform/default-config.ts); environments: dev, staging, uat, prod");
    writeFileSync(join(root, "platform.json"), readFileSync(EXAMPLE, "utf8"));
    const discovered = loadPlatformRun({}, root);
    expect(names(discovered.platform.accounts)).toEqual(["shared"]);
    expect(discovered.summary).toBe(`Configuration: platform.json at the repository root; environments: ${names(discovered.platform.environments).join(", ")}`);
    const explicit = loadPlatformRun({ PLATFORM_CONFIG: join(ROOT, "examples/single-account.json"), PLATFORM_ENVS: "dev" }, mkdtempSync(join(tmpdir(), "platform-root-")));
    expect(explicit.summary).toBe(`Configuration: ${EXAMPLE} (PLATFORM_CONFIG); environments: dev (PLATFORM_ENVS)`);
    writeFileSync(join(root, "platform.json"), "{}");
    expect(() => loadPlatformRun({}, root)).toThrow(`Invalid platform configuration (${join(root, "platform.json")})`);
  });

  it("refuses a PLATFORM_ variable it does not know, naming the known ones and the closest", () => {
    expect(() => loadPlatformRun({ PLATFORM_ENV: "prod" })).toThrow(
      `  - PLATFORM_ENV = "prod": is not a variable the platform reads; the known ones are PLATFORM_CONFIG, PLATFORM_ENVS, PLATFORM_BOOTSTRAP, PLATFORM_TF_MIRROR, PLATFORM_BENCH_RSS_FILE, PLATFORM_SUMMARY_PRINTED, PLATFORM_TOKEN_TRACES; did you mean "PLATFORM_ENVS"?`,
    );
  });

  it("prints the configuration line on every synth (main.ts's runApp; scripts/synth.test.ts runs it under the CDKTF CLI)", () => {
    const outdir = mkdtempSync(join(tmpdir(), "platform-out-"));
    // One environment is enough to see the line, and leaves the others' stacks unsynthesized.
    const { result, stderr } = printedBy(() => runApp({ ...process.env, PLATFORM_CONFIG: EXAMPLE, PLATFORM_ENVS: "dev", CDKTF_OUTDIR: outdir }, ROOT));
    expect(result).toBe(0);
    expect(stderr.split("\n")[0]).toMatch(/^Configuration: .*single-account\.json \(PLATFORM_CONFIG\); environments: dev \(PLATFORM_ENVS\)$/);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
  });
});
