import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defaultConfigCopy, withoutPlatformVariables } from "../support/config";

/** `npm run synth` as a newcomer runs it, on this machine (no internet): the real CDKTF CLI. */
const ROOT = resolve(__dirname, "../..");

function npmSynth(config: object, env: NodeJS.ProcessEnv, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "npm-synth-"));
  writeFileSync(join(dir, "platform.json"), JSON.stringify(config));
  return spawnSync("npm", ["run", "--silent", "synth", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...withoutPlatformVariables(process.env), PLATFORM_CONFIG: join(dir, "platform.json"), ...env },
  });
}

describe("npm run synth", () => {
  it("prints a configuration error once, and does not start the CDKTF CLI", () => {
    const config = defaultConfigCopy() as { environments: Record<string, { tier: string }> };
    config.environments.dev.tier = "qa";
    const result = npmSynth(config, {});
    expect(result.status).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output.match(/Invalid platform configuration/g)).toHaveLength(1);
    expect(output).toContain('environments.dev.tier = "qa": must be one of dev, staging, uat, prod');
    expect(output).not.toContain("Synth command");
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
