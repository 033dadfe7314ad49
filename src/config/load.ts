import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG } from "./default-config";
import { ConfigError, formatPath, fromZodIssues } from "./errors";
import { duplicateKeyPaths } from "./json-duplicates";
import { resolvePlatform, ResolvedPlatform } from "./resolve";
import { PlatformConfig, platformConfigSchema } from "./schema";
import { selectEnvironments } from "./select";
import { configWarnings } from "./warnings";
import { crossFieldIssues } from "./validate";

/** What a run of the app synthesizes, decided from its environment variables. */
export interface PlatformRun {
  /** The resolved (and possibly narrowed) platform. */
  readonly platform: ResolvedPlatform;
  /** Whether backend stacks use a local backend, for the first deployment of an account (`PLATFORM_BOOTSTRAP=1`). */
  readonly bootstrap: boolean;
  /** What the configuration probably did not mean, to print at synth ({@link configWarnings}). @default none */
  readonly warnings?: readonly string[];
}

/** Validates a configuration; throws a ConfigError listing every issue. */
export function parseConfig(input: unknown, source: string): PlatformConfig {
  const parsed = platformConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ConfigError(source, fromZodIssues(parsed.error.issues));
  const issues = crossFieldIssues(parsed.data);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return parsed.data;
}

/**
 * Reads `PLATFORM_CONFIG` (a JSON file; the built-in default when unset),
 * `PLATFORM_ENVS` (comma-separated environment names; all when unset) and
 * `PLATFORM_BOOTSTRAP` (1 or 0).
 */
export function loadPlatformRun(env: NodeJS.ProcessEnv): PlatformRun {
  const file = env.PLATFORM_CONFIG;
  const config = file ? parseConfig(readConfigFile(file), file) : parseConfig(DEFAULT_CONFIG, "built-in default");
  const resolved = resolvePlatform(config);
  const names = (env.PLATFORM_ENVS ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  return {
    platform: names.length > 0 ? selectEnvironments(resolved, names) : resolved,
    bootstrap: parseFlag(env.PLATFORM_BOOTSTRAP, "PLATFORM_BOOTSTRAP"),
    warnings: configWarnings(config),
  };
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [{ path: "PLATFORM_CONFIG", value: file, message: `cannot be read: ${(error as Error).message}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [{ path: "PLATFORM_CONFIG", value: file, message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const duplicates = duplicateKeyPaths(text);
  if (duplicates.length > 0) {
    throw new ConfigError(
      file,
      duplicates.map((path) => ({
        path: formatPath(path),
        value: path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], parsed),
        message: "is set twice in its object; JSON keeps the last value (shown) and drops the first without a word: keep one",
      })),
    );
  }
  return parsed;
}

function parseFlag(value: string | undefined, variable: string): boolean {
  if (value === undefined || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new ConfigError(variable, [{ path: variable, value, message: "must be 1 or 0 (true or false)" }]);
}
