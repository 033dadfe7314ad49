/**
 * `npm run synth`: `cdktf synth`, for a reader's first minutes. It checks the
 * configuration first and prints which one it is, or its errors, once (the
 * CDKTF CLI would echo the app's output a second time); then it runs the CLI
 * with its version check off (`CHECKPOINT_DISABLE`: no request to
 * checkpoint-api.hashicorp.com, which fails on a machine without internet),
 * and warns of each environment whose estimated fixed monthly cost
 * (`npm run cost`) is over its budget. Options go to `cdktf synth`; an option it does not have, or any
 * other argument (a stack id: the CLI has no such argument and synthesizes every stack), is refused.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadPlatformRun, PlatformRun } from "../src/config/platform/load";
import { ConfigError } from "../src/config/shared/errors";
import { closestName } from "../src/config/shared/suggest";
import { exitCodeOf } from "../src/exit-code";
import { budgetWarnings, estimateSynthesis, unestimatedWarnings } from "../src/cost/budgets";

/**
 * The CLI's environment: its version check off, the app told that the configuration line is
 * printed already, and without a TF_CLI_CONFIG_FILE that names no
 * file (Terraform ignores it but warns at each of the CLI's calls, which the CLI shows as errors).
 * When stdout is not a terminal (a log, a pipe, CI), `CI=1`: the CLI's progress display (Ink) then
 * writes its final frame only, not a spinner frame and its erase codes 12 times a second.
 */
function cliEnvironment(env: NodeJS.ProcessEnv, terminal: boolean): NodeJS.ProcessEnv {
  const { TF_CLI_CONFIG_FILE: cliConfig, ...rest } = env;
  return {
    ...rest,
    ...(cliConfig && existsSync(cliConfig) ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
    ...(terminal ? {} : { CI: "1" }),
    CHECKPOINT_DISABLE: "1",
    PLATFORM_SUMMARY_PRINTED: "1",
  };
}

/** Where `cdktf synth` writes: its `--output` (`-o`) argument, else cdktf.out. */
function outputDirectory(args: readonly string[]): string {
  const index = args.findIndex((arg) => arg === "--output" || arg === "-o");
  return index >= 0 && args[index + 1] ? args[index + 1] : "cdktf.out";
}

/** The options of `cdktf synth` that take a value (`cdktf synth --help`). */
const OPTIONS_WITH_VALUES = ["-o", "--output", "-a", "--app", "--log-level", "--log-file-directory", "--experimental-provider-schema-cache-path"];

/** The options of `cdktf synth` that are flags (`cdktf synth --help`). */
const FLAG_OPTIONS = ["--hcl", "--check-code-maker-output", "--disable-plugin-cache-env", "--version", "-h", "--help"];

/**
 * The options that are none of `cdktf synth`'s (`--outptu`, which the CLI would ignore without a word), each with the
 * closest known one; `--name=value` is read as `--name`.
 */
export function unknownOptions(args: readonly string[]): string[] {
  const known = [...OPTIONS_WITH_VALUES, ...FLAG_OPTIONS];
  return args
    .filter((arg, index) => arg.startsWith("-") && !known.includes(arg.split("=")[0]) && !(index > 0 && OPTIONS_WITH_VALUES.includes(args[index - 1])))
    .map((arg) => {
      const closest = closestName(arg.split("=")[0], known);
      return closest === undefined ? arg : `${arg} (did you mean ${closest}?)`;
    });
}

/**
 * The arguments that are no option of `cdktf synth` nor an option's value, such as a stack id: the
 * CLI synthesizes every stack and would ignore them without a word.
 */
export function strayArguments(args: readonly string[]): string[] {
  return args.filter((arg, index) => !arg.startsWith("-") && !(index > 0 && OPTIONS_WITH_VALUES.includes(args[index - 1])));
}

/**
 * The budget warnings of what synth wrote, and a warning for each environment the estimate leaves out (a price the table
 * lacks); an estimate that fails outright is a warning too, not a failed synth.
 */
function costWarnings(run: PlatformRun, outdir: string): string[] {
  try {
    const { estimate, budgets } = estimateSynthesis(outdir, run.platform);
    return [...unestimatedWarnings(estimate), ...budgetWarnings(budgets)];
  } catch (error) {
    return [`no cost estimate, so no budget check: ${(error as Error).message}`];
  }
}

/**
 * `npm run synth` with these arguments, environment and working directory: checks the configuration,
 * runs `cdktf synth` (its output to this process's), warns of budgets, and returns the exit code.
 */
export function runSynth(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  // An unknown option first: the value after it (`--outptu dir`) would look like a stray argument.
  const unknown = unknownOptions(args);
  if (unknown.length > 0) {
    console.error(`npm run synth: unknown option ${unknown.join(", ")}; the options are those of cdktf synth: ${[...OPTIONS_WITH_VALUES, ...FLAG_OPTIONS].join(", ")}`);
    return 1;
  }
  const stray = strayArguments(args);
  if (stray.length > 0) {
    console.error(
      `npm run synth takes no stack id or other argument (${stray.map((arg) => JSON.stringify(arg)).join(", ")}): it synthesizes every stack of the configuration. ` +
        "PLATFORM_ENVS=<env>[,<env>...] narrows it to environments, and npm run plan -- <stack> checks one stack.",
    );
    return 1;
  }
  return exitCodeOf(() => {
    // npm runs scripts from the repository root, where a platform.json is the checkout's own configuration.
    const run = loadPlatformRun(env, cwd);
    console.error(run.summary);
    for (const warning of run.warnings ?? []) console.error(`Warning: ${warning}`);
    const cli = join(cwd, "node_modules", ".bin", "cdktf");
    const synth = spawnSync(cli, ["synth", ...args], { cwd, stdio: "inherit", env: cliEnvironment(env, process.stdout.isTTY === true) });
    if (synth.status !== 0) return synth.status ?? 1;
    for (const warning of costWarnings(run, resolve(cwd, outputDirectory(args)))) console.error(`Warning: ${warning}`);
    return 0;
  }, [ConfigError]);
}

if (require.main === module) process.exitCode = runSynth(process.argv.slice(2), process.env, process.cwd());
