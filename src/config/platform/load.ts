import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, formatPath, fromZodIssues } from "../shared/errors";
import { withSuggestion } from "../shared/suggest";
import { DEFAULT_CONFIG } from "./default-config";
import { duplicateKeyPaths } from "./json-duplicates";
import { jsonSyntaxError } from "./json-syntax";
import { ResolvedPlatform, resolvePlatform } from "./resolve";
import { PlatformConfig, platformConfigSchema } from "./schema";
import { selectEnvironments } from "./select";
import { crossFieldIssues } from "./validate";
import { configWarnings } from "./warnings";

/** What a run of the app synthesizes, decided from its environment variables. */
export interface PlatformRun {
  /** The resolved (and possibly narrowed) platform. */
  readonly platform: ResolvedPlatform;
  /** Whether backend stacks use a local backend, for the first deployment of an account (`PLATFORM_BOOTSTRAP=1`). */
  readonly bootstrap: boolean;
  /** What the configuration probably did not mean, to print at synth ({@link configWarnings}). @default none */
  readonly warnings?: readonly string[];
  /** The one line every synth and plan prints: which configuration and which environments it used. @default none */
  readonly summary?: string;
}

/** The environment variables the platform and its scripts read; any other `PLATFORM_*` is a mistake. */
export const KNOWN_PLATFORM_VARIABLES = [
  "PLATFORM_CONFIG",
  "PLATFORM_ENVS",
  "PLATFORM_BOOTSTRAP",
  "PLATFORM_TF_MIRROR",
  "PLATFORM_BENCH_RSS_FILE",
  "PLATFORM_SUMMARY_PRINTED",
  // Read by src/token-traces.ts, outside src/config.
  "PLATFORM_TOKEN_TRACES",
] as const;

/** The file a checkout's own configuration lives in, at the repository root: used when present and PLATFORM_CONFIG is unset. */
export const DISCOVERED_CONFIG_FILE = "platform.json";

/** Refuses a `PLATFORM_*` variable the platform does not read (a typo such as PLATFORM_ENV would otherwise be ignored). */
function unknownVariableIssues(env: NodeJS.ProcessEnv) {
  return Object.keys(env)
    .filter((name) => name.startsWith("PLATFORM_") && !(KNOWN_PLATFORM_VARIABLES as readonly string[]).includes(name))
    .map((name) => ({ path: name, value: env[name], message: withSuggestion(`is not a variable the platform reads; the known ones are ${KNOWN_PLATFORM_VARIABLES.join(", ")}`, name, KNOWN_PLATFORM_VARIABLES) }));
}

/** Validates a configuration; throws a ConfigError listing every issue. */
export function parseConfig(input: unknown, source: string): PlatformConfig {
  const parsed = platformConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new ConfigError(source, fromZodIssues(parsed.error.issues, platformConfigSchema));
  const issues = crossFieldIssues(parsed.data);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return parsed.data;
}

/** A configuration that passed validation, and where it came from. */
export interface LoadedConfig {
  /** The configuration. */
  readonly config: PlatformConfig;
  /** Where it came from, as the summary line says it: a file named by PLATFORM_CONFIG, `platform.json`, or the built-in default. */
  readonly source: string;
}

/**
 * Reads `PLATFORM_CONFIG` (a JSON file), else `platform.json` in `root` when
 * given and present, else the built-in default, and validates it. Any
 * `PLATFORM_*` variable the platform does not read is an error.
 */
export function loadPlatformConfig(env: NodeJS.ProcessEnv, root?: string): LoadedConfig {
  const unknown = unknownVariableIssues(env);
  if (unknown.length > 0) throw new ConfigError("environment variables", unknown);
  const discovered = root === undefined ? undefined : join(root, DISCOVERED_CONFIG_FILE);
  const file = env.PLATFORM_CONFIG || (discovered !== undefined && existsSync(discovered) ? discovered : undefined);
  if (!file) return { config: parseConfig(DEFAULT_CONFIG, "built-in default"), source: "the built-in default (src/config/platform/default-config.ts)" };
  return { config: parseConfig(readConfigFile(file, env.PLATFORM_CONFIG ? "PLATFORM_CONFIG" : file), file), source: env.PLATFORM_CONFIG ? `${file} (PLATFORM_CONFIG)` : `${DISCOVERED_CONFIG_FILE} at the repository root` };
}

/** The one line that every synth, plan and explain prints: which configuration, and which environments of it. */
export function configurationSummary(source: string, environments: readonly string[], narrowedBy?: string): string {
  return `Configuration: ${source}; environments: ${environments.join(", ")}${narrowedBy ? ` (${narrowedBy})` : ""}`;
}

/**
 * The configuration {@link loadPlatformConfig} finds, resolved, narrowed to
 * `PLATFORM_ENVS` (comma-separated environment names; all when unset), with
 * `PLATFORM_BOOTSTRAP` (1 or 0).
 */
export function loadPlatformRun(env: NodeJS.ProcessEnv, root?: string): PlatformRun {
  const { config, source } = loadPlatformConfig(env, root);
  const resolved = resolvePlatform(config);
  const names = (env.PLATFORM_ENVS ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  const platform = names.length > 0 ? selectEnvironments(resolved, names) : resolved;
  return {
    platform,
    bootstrap: parseFlag(env.PLATFORM_BOOTSTRAP, "PLATFORM_BOOTSTRAP"),
    warnings: configWarnings(config),
    summary: configurationSummary(
      source,
      platform.environments.map((environment) => environment.name),
      names.length > 0 ? "PLATFORM_ENVS" : undefined,
    ),
  };
}

/**
 * Reads and parses a configuration file; `namedBy` is how the user named it (the variable
 * PLATFORM_CONFIG, or the discovered file itself). A syntax error is reported as
 * `<file>:<line>:<column>` with that line, where editors and terminals can open it.
 */
function readConfigFile(file: string, namedBy: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [{ path: namedBy, value: file, message: `cannot be read: ${(error as Error).message}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const where = jsonSyntaxError(text);
    if (!where) throw new ConfigError(file, [{ path: file, value: undefined, message: `is not valid JSON: ${(error as Error).message}` }]);
    throw new ConfigError(file, [{ path: `${file}:${where.line}:${where.column}`, value: where.lineText.trim(), message: `is not valid JSON: ${where.message}` }]);
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
