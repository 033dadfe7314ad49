import { ConfigError } from "../shared/errors";
import { didYouMean } from "../shared/suggest";
import { ResolvedPlatform } from "./resolve";

/**
 * Narrows a platform to some environments (`PLATFORM_ENVS=dev,prod`): their
 * networks (primary and disaster recovery), the accounts of those networks,
 * the apps' environments among them, and the registries of the build
 * repositories of the apps that still run (each registry whole: its
 * replication covers every repository of its account, selected or not), and
 * the access stacks of those accounts (each whole, likewise).
 */
export function selectEnvironments(platform: ResolvedPlatform, names: readonly string[]): ResolvedPlatform {
  const knownNames = platform.environments.map((env) => env.name);
  const unknown = names.filter((name) => !knownNames.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      "PLATFORM_ENVS",
      unknown.map((name) => ({ path: "PLATFORM_ENVS", value: name, message: `names an unknown environment; ${didYouMean(name, knownNames)}known: ${knownNames.join(", ")}` })),
    );
  }
  const environments = platform.environments.filter((env) => names.includes(env.name));
  const networkNames = new Set(environments.flatMap((env) => [env.network.name, ...(env.drNetwork ? [env.drNetwork.name] : [])]));
  const networks = platform.networks.filter((network) => networkNames.has(network.name));
  const accountNames = new Set(networks.map((network) => network.account.name));
  const apps = platform.apps.map((app) => ({ ...app, deployments: app.deployments.filter((deployment) => names.includes(deployment.environment.name)) }));
  const repositoryAccounts = new Set(apps.filter((app) => app.deployments.length > 0).map((app) => app.buildRepository.account.name));
  return {
    ...platform,
    accounts: platform.accounts.filter((account) => accountNames.has(account.name)),
    networks,
    environments,
    apps,
    registries: platform.registries.filter((registry) => repositoryAccounts.has(registry.account.name)),
    // Each access stack keeps every environment of its account, selected or not.
    delivery: { ...platform.delivery, accesses: platform.delivery.accesses.filter((access) => accountNames.has(access.account.name)) },
  };
}
