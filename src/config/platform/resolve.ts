import { backendNames, otherNetworkRegions, ResolvedAccount } from "../account/resolve";
import { appEnvironmentNames } from "../app/blocks";
import { ResolvedDeployment, resolveDeployment } from "../app/resolve";
import { ResolvedDelivery, resolveDelivery } from "../delivery/resolve";
import { ResolvedEnvironment, resolveEnvironment } from "../environment/resolve";
import { bastionSshCidrsOn, collectorEndpointsOn, flowLogRoleNetwork, isStandbyDrNetwork, networkTier, ResolvedNetwork, resolveNetwork } from "../network/resolve";
import { ResolvedPipeline, resolvePipeline } from "../pipeline/resolve";
import { ResolvedProject } from "../project/resolve";
import { ResolvedRegistry, resolveRegistries } from "../service/registry";
import { resolveBuildRepository, ResolvedBuildRepository } from "../service/resolve";
import { PlatformConfig } from "./schema";

/**
 * Every default applied in one pass, each domain's resolve file applying its
 * own: what stacks and constructs receive. Nothing downstream of src/config
 * decides a default or asks for a tier.
 */

/** An application and its deployments, one per environment it runs in. */
export interface ResolvedApp {
  /** The app's name. */
  readonly name: string;
  /** Its build repository. */
  readonly buildRepository: ResolvedBuildRepository;
  /** The app in each of its environments. */
  readonly deployments: readonly ResolvedDeployment[];
  /** Its CodePipeline (decision 0015), where `apps.<app>.pipeline` turns it on. */
  readonly pipeline?: ResolvedPipeline;
}

/** The whole platform as the stacks see it. */
export interface ResolvedPlatform {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** Accounts that get a backend stack. */
  readonly accounts: readonly ResolvedAccount[];
  /** Networks that get a network stack. */
  readonly networks: readonly ResolvedNetwork[];
  /** Environments of this run. */
  readonly environments: readonly ResolvedEnvironment[];
  /** Applications and their environments of this run. */
  readonly apps: readonly ResolvedApp[];
  /** Registry settings of the accounts whose build repositories replicate. */
  readonly registries: readonly ResolvedRegistry[];
  /** Delivery, access and audit: GitHub and each account's access stack. */
  readonly delivery: ResolvedDelivery;
}

/** Applies every default to a configuration that passed validation. */
export function resolvePlatform(config: PlatformConfig): ResolvedPlatform {
  const project: ResolvedProject = { ...config.project };
  const accounts = new Map(
    Object.entries(config.accounts).map(([name, account]) => [
      name,
      {
        name,
        id: account.id,
        region: account.region,
        backend: backendNames(project.name, account.id, account.region),
        regionalBackends: otherNetworkRegions(config, name).map((region) => backendNames(project.name, account.id, region)),
      },
    ]),
  );
  const networks = new Map(
    Object.entries(config.networks).map(([name, network]) => [
      name,
      resolveNetwork(name, network, networkTier(config, name), accounts.get(network.account)!, bastionSshCidrsOn(config, name), isStandbyDrNetwork(config, name), flowLogRoleNetwork(config, name), collectorEndpointsOn(config, name)),
    ]),
  );
  const environments = new Map(
    Object.entries(config.environments).map(([name, environment]) => [name, resolveEnvironment(name, environment, networks)]),
  );
  const apps = Object.entries(config.apps).map(([name, app]) => {
    const appEnvironments = appEnvironmentNames(config, app).map((env) => environments.get(env)!);
    const buildRepository = resolveBuildRepository(project.name, name, app, appEnvironments, accounts);
    const deployments = appEnvironments.map((environment) => resolveDeployment(project.name, name, app, environment, buildRepository));
    const pipeline = resolvePipeline(project, { name, repository: app.repository, pipeline: app.pipeline }, buildRepository, deployments);
    // An environment the pipeline releases is released by it alone: its service stack says so to the deploy workflow's runner.
    const released = new Set(pipeline?.releases.map((release) => release.environment));
    const marked = pipeline ? deployments.map((deployment) => (released.has(deployment.environment.name) ? { ...deployment, releasedByPipeline: pipeline.name } : deployment)) : deployments;
    return { name, buildRepository, deployments: marked, ...(pipeline ? { pipeline } : {}) };
  });
  return {
    project,
    accounts: [...accounts.values()],
    networks: [...networks.values()],
    environments: [...environments.values()],
    apps,
    registries: resolveRegistries(project.name, apps.map((app) => app.buildRepository)),
    delivery: resolveDelivery(
      config,
      project,
      [...accounts.values()],
      [...environments.values()],
      apps,
    ),
  };
}
