import { PlatformConfigInput } from "../../src/config/platform/schema";
import { loadPlatformRun, parseConfig, PlatformRun } from "../../src/config/platform/load";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { resolvePlatform } from "../../src/config/platform/resolve";

/*
 * Configurations and runs for tests, without CDKTF or the platform's constructs: a test file
 * that only reads configuration does not load them (about half a second of each such file).
 */

/** The default configuration as a run (no environment variables). */
export function defaultRun(env: NodeJS.ProcessEnv = {}): PlatformRun {
  return loadPlatformRun(env);
}

/** A run of a given configuration. */
export function runOf(config: PlatformConfigInput, bootstrap = false): PlatformRun {
  return { platform: resolvePlatform(parseConfig(config, "test")), bootstrap };
}

/** A deep copy of the default configuration to modify in a test. */
export function defaultConfigCopy(): PlatformConfigInput {
  return structuredClone(DEFAULT_CONFIG);
}

/** The environment of this process without its PLATFORM_* variables, for a command a test runs with its own. */
export const withoutPlatformVariables = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("PLATFORM_")));
