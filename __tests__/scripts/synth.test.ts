import childProcess from "node:child_process";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runSynth, strayArguments, unknownOptions } from "../../scripts/synth";
import { defaultConfigCopy, withoutPlatformVariables } from "../support/config";
import { printedBy } from "../support/printed";

/** `npm run synth` as a newcomer runs it, on this machine (no internet): the real CDKTF CLI. */
const ROOT = resolve(__dirname, "../..");

/** The configuration written to a platform.json of its own. */
function configFile(config: object): string {
  const file = join(mkdtempSync(join(tmpdir(), "npm-synth-")), "platform.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function npmSynth(config: object, env: NodeJS.ProcessEnv, args: string[] = []) {
  return spawnSync("npm", ["run", "--silent", "synth", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...withoutPlatformVariables(process.env), PLATFORM_CONFIG: configFile(config), ...env },
  });
}

describe("npm run synth", () => {
  it("prints a configuration error once, and does not start the CDKTF CLI", () => {
    const config = defaultConfigCopy() as { environments: Record<string, { tier: string }> };
    config.environments.dev.tier = "qa";
    // As npm runs the script (its runSynth), in this process: any command it started would be seen here.
    const commands = (["spawnSync", "spawn", "execFileSync", "execSync"] as const).map((name) => jest.spyOn(childProcess, name));
    try {
      const { result, stdout, stderr } = printedBy(() => runSynth([], { ...withoutPlatformVariables(process.env), PLATFORM_CONFIG: configFile(config) }, ROOT));
      expect(result).toBe(1);
      expect((stdout + stderr).match(/Invalid platform configuration/g)).toHaveLength(1);
      expect(stderr).toContain('environments.dev.tier = "qa": must be one of dev, staging, uat, prod');
      for (const command of commands) expect(command).not.toHaveBeenCalled();
    } finally {
      commands.forEach((command) => command.mockRestore());
    }
  });

  /** What runSynth printed and returned for `args`, and that it started no command. */
  function refusedSynth(args: readonly string[]) {
    const commands = (["spawnSync", "spawn", "execFileSync", "execSync"] as const).map((name) => jest.spyOn(childProcess, name));
    try {
      const { result, stdout, stderr } = printedBy(() => runSynth(args, withoutPlatformVariables(process.env), ROOT));
      for (const command of commands) expect(command).not.toHaveBeenCalled();
      return { result, stdout, stderr };
    } finally {
      commands.forEach((command) => command.mockRestore());
    }
  }

  it("refuses a stack id or any other argument that is no option of cdktf synth, which would ignore it, starting nothing", () => {
    expect(refusedSynth(["--output", "out", "web-qa-servce"])).toEqual({
      result: 1,
      stdout: "",
      stderr:
        'npm run synth takes no stack id or other argument ("web-qa-servce"): it synthesizes every stack of the configuration. ' +
        "PLATFORM_ENVS=<env>[,<env>...] narrows it to environments, and npm run plan -- <stack> checks one stack.\n",
    });
  });

  it("tells options from their values and from other arguments", () => {
    expect(strayArguments(["-o", "out", "--hcl", "--app", "node main.js", "--output=x", "--log-level", "debug"])).toEqual([]);
    expect(strayArguments(["web-dev-service", "--hcl", "extra"])).toEqual(["web-dev-service", "extra"]);
  });

  it("refuses an option cdktf synth does not have, which the CLI would ignore without a word, naming the closest one and starting nothing", () => {
    expect(unknownOptions(["-o", "out", "--hcl", "--output=x", "--log-level", "--debug", "--app", "node main.js"])).toEqual([]);
    expect(unknownOptions(["--outptu", "dir", "--bogus", "--hlc=true"])).toEqual(["--outptu (did you mean --output?)", "--bogus", "--hlc=true (did you mean --hcl?)"]);
    expect(refusedSynth(["--outptu", "dir"])).toEqual({
      result: 1,
      stdout: "",
      stderr:
        "npm run synth: unknown option --outptu (did you mean --output?); the options are those of cdktf synth: -o, --output, -a, --app, --log-level, " +
        "--log-file-directory, --experimental-provider-schema-cache-path, --hcl, --check-code-maker-output, --disable-plugin-cache-env, --version, -h, --help\n",
    });
  });

  it("synthesizes with the CLI's version check off, says which configuration it used, warns of an environment over its budget, and draws no spinner in a log", () => {
    const config = defaultConfigCopy() as { environments: Record<string, { monthlyBudgetUsd?: number }> };
    config.environments.dev.monthlyBudgetUsd = 10;
    const outdir = mkdtempSync(join(tmpdir(), "npm-synth-out-"));
    const result = npmSynth(config, { PLATFORM_ENVS: "dev" }, ["--output", outdir]);
    const output = result.stdout + result.stderr;
    expect(result.status).toBe(0);
    expect(output.match(/Configuration: .*platform\.json \(PLATFORM_CONFIG\); environments: dev \(PLATFORM_ENVS\)/g)).toHaveLength(1);
    expect(output).toContain("Generated Terraform code for the stacks");
    expect(output).not.toMatch(/checkpoint|ENOTFOUND/i);
    expect(output).toMatch(/Warning: environment dev is estimated at \$\d+\.\d\d a month in fixed charges, over its budget of \$10\.00 /);
    // Its output is not a terminal, so no spinner: the CLI's final frame only, without Ink's "dots" (braille) frames
    // and the codes that erase each one (ESC [2K, ESC [1A).
    expect(output).not.toMatch(/[\u2800-\u28ff]|\u001b\[2K|\u001b\[1A|Synthesizing/);
  });
});
