import { ConfigError } from "../../src/config/shared/errors";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { defaultConfigCopy } from "./config";

/** A change to a copy of the default configuration. */
export type Mutation = (config: PlatformConfigInput) => void;

/** The issues a configuration (the built-in one, or `base`'s) modified by `mutate` produces, as formatted lines. */
export function issuesOf(mutate: Mutation, base: () => PlatformConfigInput = defaultConfigCopy): string[] {
  const config = base();
  mutate(config);
  try {
    parseConfig(config, "test");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message.split("\n").slice(1);
  }
  return [];
}

/** The app's deployment in one environment of the built-in configuration changed by `mutate`. */
export function deploymentOf(env: string, mutate: Mutation = () => undefined) {
  const config = defaultConfigCopy();
  mutate(config);
  return resolvePlatform(parseConfig(config, "test")).apps[0].deployments.find((d) => d.environment.name === env)!;
}
