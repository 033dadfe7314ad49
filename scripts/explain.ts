/**
 * `npm run explain -- <env> [--json]`: an environment's resolved settings
 * (network, environment, database, service, alarms, flags, backup, DR), each
 * with where it came from: a path in your configuration, the tier preset, or
 * a platform default. Reads the configuration the way synth does
 * (PLATFORM_CONFIG, else platform.json, else the built-in default) and
 * synthesizes nothing. npm bundles it with esbuild first: Node then starts
 * in a fraction of the time tsx takes to compile the configuration model.
 */
import { resolvePlatform } from "../src/config/platform/resolve";
import { configurationSummary, loadPlatformConfig } from "../src/config/platform/load";
import { ConfigError } from "../src/config/shared/errors";
import { exitCodeOf } from "../src/exit-code";
import { explainEnvironment, UnknownEnvironmentError } from "../src/explain/explanation";
import { formatExplanation } from "../src/explain/format";

const USAGE = "usage: npm run explain -- <environment> [--json]";

function explain(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const json = args.includes("--json");
  const names = args.filter((arg) => arg !== "--json");
  if (names.length !== 1 || names[0].startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  // npm runs scripts from the repository root, where a platform.json is the checkout's own configuration.
  const { config, source } = loadPlatformConfig(env, cwd);
  const explanation = explainEnvironment(config, resolvePlatform(config), names[0]);
  console.error(configurationSummary(source, [explanation.environment], "explain"));
  console.log(json ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation));
  return 0;
}

/** `npm run explain` with these arguments, environment and working directory: prints the explanation (stdout) or what is wrong (stderr), and returns the exit code. */
export function runExplain(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  return exitCodeOf(() => explain(args, env, cwd), [ConfigError, UnknownEnvironmentError]);
}

if (require.main === module) process.exitCode = runExplain(process.argv.slice(2), process.env, process.cwd());
