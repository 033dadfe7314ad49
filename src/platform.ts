import { App } from "cdktf";
import { BackendStack } from "../stacks/backend-stack";
import { BackupStack } from "../stacks/backup-stack";
import { BuildRepositoryStack } from "../stacks/build-repository-stack";
import { DatabaseStack } from "../stacks/database-stack";
import { DrDatabaseStack } from "../stacks/dr-database-stack";
import { DrStorageStack } from "../stacks/dr-storage-stack";
import { MonitoringStack } from "../stacks/monitoring-stack";
import { NetworkStack } from "../stacks/network-stack";
import { PeeringStack } from "../stacks/peering-stack";
import { RegistryStack } from "../stacks/registry-stack";
import { SecretsStack } from "../stacks/secrets-stack";
import { ServiceStack } from "../stacks/service-stack";
import type { PlatformRun } from "./config/load";
import type { ResolvedProject } from "./config/resolve";
import type { ResolvedDeployment } from "./config/resolve-app";
import { APP_STACK_KINDS, appStackId, DR_STACK_KINDS, backendStackId, buildRepositoryStackId, networkStackId, peeringStackId, regionalBackendStackId, registryStackId } from "./config/stack-ids";

/** The stacks of one app in one environment. */
export interface DeploymentStacks {
  /** `<app>-<env>-monitoring`. */
  readonly monitoring: MonitoringStack;
  /** `<app>-<env>-secrets`. */
  readonly secrets: SecretsStack;
  /** `<app>-<env>-database`. */
  readonly database: DatabaseStack;
  /** `<app>-<env>-service`. */
  readonly service: ServiceStack;
  /** `<app>-<env>-backup`. */
  readonly backup: BackupStack;
  /** The stacks in the DR region, where the environment has a DR network and the database replicates. */
  readonly dr?: {
    /** `<app>-<env>-dr-monitoring`. */
    readonly monitoring: MonitoringStack;
    /** `<app>-<env>-dr-database`. */
    readonly database: DrDatabaseStack;
    /** `<app>-<env>-dr-storage`: where the app files replicate to. */
    readonly storage: DrStorageStack;
  };
}

/**
 * Which stacks exist for a resolved configuration and how they depend on
 * each other:
 * - a backend per account, and one per other region its networks are in
 *   (before the primary one, whose state bucket replicates to it);
 * - a network per network, after its account's backend in its region, and a
 *   peering of each environment's network with its DR network, after both;
 * - a registry per account whose build repositories replicate, after its
 *   backend; per app, its build repository after its backend and registry;
 * - per app and environment: monitoring and secrets after the backend; the
 *   database after its network and monitoring (whose outputs it reads); with
 *   DR, the DR monitoring and storage after the DR backend and the DR database
 *   after the DR network, the DR monitoring and its source database; the
 *   service after the database, the secrets, the build repository and the DR
 *   storage (its app files replicate there); the backup after the database,
 *   the service and the DR database (whose vault prod's copies go to).
 */
export class Platform {
  /** `backend-<account>` stacks by account name. */
  readonly backends = new Map<string, BackendStack>();
  /** `backend-<account>-<region>` stacks by `<account>-<region>`. */
  readonly regionalBackends = new Map<string, BackendStack>();
  /** `network-<network>` stacks by network name. */
  readonly networks = new Map<string, NetworkStack>();
  /** `peering-<network>-<peer>` stacks by stack id: each environment's network with its DR network. */
  readonly peerings = new Map<string, PeeringStack>();
  /** `registry-<account>` stacks by account name: accounts whose build repositories replicate. */
  readonly registries = new Map<string, RegistryStack>();
  /** `<app>-build-repository` stacks by app name. */
  readonly buildRepositories = new Map<string, BuildRepositoryStack>();
  /** The stacks of each app and environment, by `<app>-<env>`. */
  readonly deployments = new Map<string, DeploymentStacks>();

  /** The backend holding the state of an account's stacks in a region: the regional one there, else the primary one. */
  private backendIn(account: string, region: string): BackendStack {
    return this.regionalBackends.get(`${account}-${region}`) ?? this.backends.get(account)!;
  }

  /** The DR region's monitoring, database and storage stacks, after the DR network and backend, and the database after its source. */
  private drStacks(app: App, project: ResolvedProject, deployment: ResolvedDeployment, source: DatabaseStack): Pick<DeploymentStacks, "dr"> {
    const { dr } = deployment;
    if (!dr) return {};
    const id = (kind: (typeof DR_STACK_KINDS)[number]) => appStackId(deployment.app, deployment.environment.name, kind);
    const network = this.networks.get(dr.network.name)!;
    const monitoring = new MonitoringStack(app, id("dr-monitoring"), { project, deployment, site: "dr" });
    monitoring.addDependency(this.backendIn(dr.network.account.name, dr.network.region));
    const database = new DrDatabaseStack(app, id("dr-database"), { project, deployment, dr, network: network.outputs, alarmTopicArn: monitoring.alarmTopicArn });
    // The source must exist before its replica; the ordering is all: nothing is read from the source's state.
    for (const dependency of [network, monitoring, source]) database.addDependency(dependency);
    const storage = new DrStorageStack(app, id("dr-storage"), { project, deployment, dr });
    storage.addDependency(this.backendIn(dr.network.account.name, dr.network.region));
    return { dr: { monitoring, database, storage } };
  }

  constructor(app: App, run: PlatformRun) {
    const { platform, bootstrap } = run;
    const { project } = platform;
    for (const account of platform.accounts) {
      const primary = new BackendStack(app, backendStackId(account.name), {
        project,
        account,
        backend: account.backend,
        replicaBackends: account.regionalBackends,
        bootstrap,
      });
      this.backends.set(account.name, primary);
      for (const backend of account.regionalBackends) {
        const regional = new BackendStack(app, regionalBackendStackId(account.name, backend.region), { project, account, backend, bootstrap });
        // The primary state bucket replicates into the regional one, which must exist first.
        primary.addDependency(regional);
        this.regionalBackends.set(`${account.name}-${backend.region}`, regional);
      }
    }
    for (const network of platform.networks) {
      const stack = new NetworkStack(app, networkStackId(network.name), { project, network });
      stack.addDependency(this.backendIn(network.account.name, network.region));
      this.networks.set(network.name, stack);
    }
    for (const environment of platform.environments) {
      if (!environment.drNetwork) continue;
      const id = peeringStackId(environment.network.name, environment.drNetwork.name);
      if (this.peerings.has(id)) continue;
      const network = this.networks.get(environment.network.name)!;
      const peer = this.networks.get(environment.drNetwork.name)!;
      const stack = new PeeringStack(app, id, {
        project,
        network: { network: environment.network, outputs: network.outputs },
        peer: { network: environment.drNetwork, outputs: peer.outputs },
      });
      stack.addDependency(network);
      stack.addDependency(peer);
      this.peerings.set(id, stack);
    }
    for (const registry of platform.registries) {
      const stack = new RegistryStack(app, registryStackId(registry.account.name), { project, registry });
      const backend = this.backends.get(registry.account.name);
      if (backend) stack.addDependency(backend);
      this.registries.set(registry.account.name, stack);
    }
    for (const { name, buildRepository, deployments } of platform.apps) {
      if (deployments.length === 0) continue;
      const repository = new BuildRepositoryStack(app, buildRepositoryStackId(name), { project, repository: buildRepository });
      const repositoryBackend = this.backends.get(buildRepository.account.name);
      if (repositoryBackend) repository.addDependency(repositoryBackend);
      const registry = this.registries.get(buildRepository.account.name);
      if (registry) repository.addDependency(registry);
      this.buildRepositories.set(name, repository);
      for (const deployment of deployments) {
        const prefix = `${deployment.app}-${deployment.environment.name}`;
        const id = (kind: (typeof APP_STACK_KINDS)[number]) => appStackId(deployment.app, deployment.environment.name, kind);
        const backend = this.backendIn(deployment.environment.network.account.name, deployment.environment.network.region);
        const network = this.networks.get(deployment.environment.network.name)!;
        const monitoring = new MonitoringStack(app, id("monitoring"), { project, deployment });
        const secrets = new SecretsStack(app, id("secrets"), { project, deployment });
        const database = new DatabaseStack(app, id("database"), {
          project,
          deployment,
          network: network.outputs,
          alarmTopicArn: monitoring.alarmTopicArn,
        });
        monitoring.addDependency(backend);
        secrets.addDependency(backend);
        database.addDependency(network);
        database.addDependency(monitoring);
        const dr = this.drStacks(app, project, deployment, database);
        const service = new ServiceStack(app, id("service"), {
          project,
          deployment,
          network: network.outputs,
          secrets: secrets.outputs,
          database: database.outputs,
          alarmTopicArn: monitoring.alarmTopicArn,
        });
        for (const dependency of [database, secrets, repository]) service.addDependency(dependency);
        if (dr.dr) service.addDependency(dr.dr.storage);
        const backup = new BackupStack(app, id("backup"), { project, deployment });
        for (const dependency of [database, service, ...(dr.dr ? [dr.dr.database] : [])]) backup.addDependency(dependency);
        this.deployments.set(prefix, { monitoring, secrets, database, service, backup, ...dr });
      }
    }
  }
}
