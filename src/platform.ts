import { App, TerraformStack } from "cdktf";
import { AccessStack } from "../stacks/access-stack";
import { AuditStack } from "../stacks/audit-stack";
import { BackendStack } from "../stacks/backend-stack";
import { BackupStack } from "../stacks/backup-stack";
import { BuildRepositoryStack } from "../stacks/build-repository-stack";
import { CacheStack } from "../stacks/cache-stack";
import { DatabaseStack } from "../stacks/database-stack";
import { DnsStack } from "../stacks/dns-stack";
import { DrDatabaseStack } from "../stacks/dr-database-stack";
import { DrServiceStack } from "../stacks/dr-service-stack";
import { DrStorageStack } from "../stacks/dr-storage-stack";
import { EdgeStack } from "../stacks/edge-stack";
import { FilesStack } from "../stacks/files-stack";
import { GithubStack } from "../stacks/github-stack";
import { MonitoringStack } from "../stacks/monitoring-stack";
import { NetworkStack } from "../stacks/network-stack";
import { OrganizationStack } from "../stacks/organization-stack";
import { PeeringStack } from "../stacks/peering-stack";
import { PipelineStack } from "../stacks/pipeline-stack";
import { RegistryStack } from "../stacks/registry-stack";
import { SecretsStack } from "../stacks/secrets-stack";
import { ServiceStack } from "../stacks/service-stack";
import type { ResolvedDisasterRecovery } from "./config/dr/resolve";
import type { PlatformRun } from "./config/platform/load";
import type { ResolvedProject } from "./config/project/resolve";
import type { ResolvedDeployment } from "./config/app/resolve";
import type { ResolvedCdn } from "./config/cdn/resolve";
import { accessStackId, APP_STACK_KINDS, appStackId, auditStackId, githubStackId, DR_STACK_KINDS, backendStackId, buildRepositoryStackId, networkStackId, organizationStackId, peeringStackId, pipelineStackId, regionalBackendStackId, registryStackId } from "./config/shared/stack-ids";

/** The stacks of one app in one environment. */
export interface DeploymentStacks {
  /** `<app>-<env>-monitoring`. */
  readonly monitoring: MonitoringStack;
  /** `<app>-<env>-secrets`. */
  readonly secrets: SecretsStack;
  /** `<app>-<env>-database`. */
  readonly database: DatabaseStack;
  /** `<app>-<env>-cache`, where the app has a cache in the environment. */
  readonly cache?: CacheStack;
  /** `<app>-<env>-files`: the app files bucket, applied by an administrator. */
  readonly files: FilesStack;
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
    /** `<app>-<env>-dr-cache`: the cold cache, where the app has a cache. */
    readonly cache?: CacheStack;
    /** `<app>-<env>-dr-storage`: where the app files replicate to. */
    readonly storage: DrStorageStack;
    /** `<app>-<env>-dr-service`: the pilot light. */
    readonly service: DrServiceStack;
    /** `<app>-<env>-dns`: the domain's failover records, where the service has a hosted zone. */
    readonly dns?: DnsStack;
  };
}

/** A deployment's DR settings and its data stacks in the DR region. */
interface DrDataStacks {
  /** The DR settings. */
  readonly dr: ResolvedDisasterRecovery;
  /** The DR network's stack. */
  readonly network: NetworkStack;
  /** `<app>-<env>-dr-monitoring`. */
  readonly monitoring: MonitoringStack;
  /** `<app>-<env>-dr-database`. */
  readonly database: DrDatabaseStack;
  /** `<app>-<env>-dr-storage`. */
  readonly storage: DrStorageStack;
}

/**
 * Which stacks exist for a resolved configuration and how they depend on
 * each other:
 * - a backend per account, and one per other region its networks are in
 *   (before the primary one, whose state bucket replicates to it);
 * - per account, its access and audit stacks after its backend (and, with a
 *   log archive, each audit stack after the archive's), and the github stack
 *   after the access stacks (whose roles its variables name);
 * - a network per network, after its account's backend in its region and its
 *   access stack (whose boundary its roles carry), a DR network after the
 *   primary network whose stack creates its flow-log role, and a
 *   peering of each environment's network with its DR network, after both;
 * - a registry per account whose build repositories replicate, after its
 *   backend and access stack; per app, its build repository after its backend and registry,
 *   and its pipeline (where on) after the build repository and the service stacks it releases to;
 * - per app and environment: monitoring and secrets after the backend; the
 *   database after its network and monitoring (whose outputs it reads); the
 *   cache, where the app has one, after its network and monitoring too; with
 *   DR, the DR monitoring and storage after the DR backend and the DR database
 *   after the DR network, the DR monitoring and its source database; the files
 *   after the DR storage (its app files replicate there); the service after
 *   the database, the cache, the secrets, the build repository and the files; the DR cache after
 *   the DR network and monitoring; the DR service after the DR
 *   network, monitoring, database, cache and storage and the service (which creates
 *   its roles); the dns stack after both services and the DR database (whose
 *   gate alarms it follows); the backup after the database, the files, the
 *   service and the DR database (whose key the DR vault, kept in the backup
 *   stack, uses).
 */
export class Platform {
  /** `backend-<account>` stacks by account name. */
  readonly backends = new Map<string, BackendStack>();
  /** `backend-<account>-<region>` stacks by `<account>-<region>`. */
  readonly regionalBackends = new Map<string, BackendStack>();
  /** `access-<account>` stacks by account name. */
  readonly accesses = new Map<string, AccessStack>();
  /** `audit-<account>` stacks by account name. */
  readonly audits = new Map<string, AuditStack>();
  /** The `github-<repository>` stack. */
  readonly github: GithubStack;
  /** The `organization-<management account>` stack, where `delivery.organization` is configured. */
  readonly organization?: OrganizationStack;
  /** `network-<network>` stacks by network name. */
  readonly networks = new Map<string, NetworkStack>();
  /** `peering-<network>-<peer>` stacks by stack id: each environment's network with its DR network. */
  readonly peerings = new Map<string, PeeringStack>();
  /** `registry-<account>` stacks by account name: accounts whose build repositories replicate. */
  readonly registries = new Map<string, RegistryStack>();
  /** `<app>-build-repository` stacks by app name. */
  readonly buildRepositories = new Map<string, BuildRepositoryStack>();
  /** `<app>-pipeline` stacks by app name: the apps whose `pipeline` is on (decision 0015). */
  readonly pipelines = new Map<string, PipelineStack>();
  /** The stacks of each app and environment, by `<app>-<env>`. */
  readonly deployments = new Map<string, DeploymentStacks>();
  /** `<app>-<env>-edge` stacks by `<app>-<env>`: the CDN in us-east-1, where it is on. */
  readonly edges = new Map<string, EdgeStack>();

  /** The backend holding the state of an account's stacks in a region: the regional one there, else the primary one. */
  private backendIn(account: string, region: string): BackendStack {
    return this.regionalBackends.get(`${account}-${region}`) ?? this.backends.get(account)!;
  }

  /**
   * The edge stack (us-east-1) after the service stacks, whose listeners its function writes a
   * rule on, and the dns stack, whose failover records answer for the CDN's origin.
   */
  private edgeStack(app: App, project: ResolvedProject, deployment: ResolvedDeployment, cdn: ResolvedCdn, primary: ServiceStack, dr: DeploymentStacks["dr"]): EdgeStack {
    const edge = new EdgeStack(app, appStackId(deployment.app, deployment.environment.name, "edge"), {
      project,
      deployment,
      cdn,
      primary: { ...primary.originListener!, dnsName: primary.loadBalancer.dnsName },
      ...(dr?.service.originListener ? { secondary: dr.service.originListener } : {}),
    });
    for (const dependency of [primary, ...(dr ? [dr.service] : []), ...(dr?.dns ? [dr.dns] : [])]) edge.addDependency(dependency);
    return edge;
  }

  /** The DR region's monitoring, database and storage stacks, after the DR network and backend, and the database after its source. */
  private drDataStacks(app: App, project: ResolvedProject, deployment: ResolvedDeployment, source: DatabaseStack): DrDataStacks | undefined {
    const { dr } = deployment;
    if (!dr) return undefined;
    const id = (kind: (typeof DR_STACK_KINDS)[number]) => appStackId(deployment.app, deployment.environment.name, kind);
    const network = this.networks.get(dr.network.name)!;
    const monitoring = new MonitoringStack(app, id("dr-monitoring"), { project, deployment, site: "dr" });
    monitoring.addDependency(this.backendIn(dr.network.account.name, dr.network.region));
    const database = new DrDatabaseStack(app, id("dr-database"), { project, deployment, dr, network: network.outputs, alarmTopicArn: monitoring.alarmTopicArn });
    // The source must exist before its replica; the ordering is all: nothing is read from the source's state.
    for (const dependency of [network, monitoring, source]) database.addDependency(dependency);
    const storage = new DrStorageStack(app, id("dr-storage"), { project, deployment, dr });
    storage.addDependency(this.backendIn(dr.network.account.name, dr.network.region));
    return { dr, network, monitoring, database, storage };
  }

  /**
   * The DR service after the DR data stacks and the primary service (which
   * creates its task roles), and the dns stack after both services and the DR
   * database (whose gate alarms its health checks follow).
   */
  private drServiceStacks(app: App, project: ResolvedProject, deployment: ResolvedDeployment, data: DrDataStacks, primary: ServiceStack, monitoring: MonitoringStack): Pick<DeploymentStacks, "dr"> {
    const { dr, network, database, storage } = data;
    const id = (kind: (typeof DR_STACK_KINDS)[number]) => appStackId(deployment.app, deployment.environment.name, kind);
    // The cold cache (decision 0009), after the DR network and topic: the DR service finds it when failed over.
    const cache = deployment.cache
      ? new CacheStack(app, id("dr-cache"), { project, deployment, cache: deployment.cache, site: "dr", network: network.outputs, alarmTopicArn: data.monitoring.alarmTopicArn })
      : undefined;
    if (cache) for (const dependency of [network, data.monitoring]) cache.addDependency(dependency);
    const service = new DrServiceStack(app, id("dr-service"), {
      project,
      deployment,
      dr,
      network: network.outputs,
      database: { address: database.address, clientSecurityGroupId: database.clientSecurityGroupId, dashboard: database.dashboard },
      ...(cache ? { cache: cache.outputs } : {}),
      alarmTopicArn: data.monitoring.alarmTopicArn,
    });
    for (const dependency of [network, data.monitoring, database, storage, primary, ...(cache ? [cache] : [])]) service.addDependency(dependency);
    const domain = deployment.service.domain;
    const dns =
      domain?.hostedZoneId === undefined
        ? undefined
        : new DnsStack(app, id("dns"), {
            project,
            deployment,
            dr,
            // Behind the CDN the failover records answer for its origin, origin.<domain>; the edge stack points the domain at CloudFront.
            domain: { name: deployment.cdn?.originHostName ?? domain.name, hostedZoneId: domain.hostedZoneId },
            primary: primary.loadBalancer,
            secondary: service.loadBalancer,
            alarmTopicArn: monitoring.alarmTopicArn,
          });
    if (dns) for (const dependency of [primary, service, database]) dns.addDependency(dependency);
    return { dr: { monitoring: data.monitoring, database, storage, service, ...(dns ? { dns } : {}), ...(cache ? { cache } : {}) } };
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
    for (const access of platform.delivery.accesses) {
      const backend = this.backends.get(access.account.name)!;
      const accessStack = new AccessStack(app, accessStackId(access.account.name), { project, access });
      accessStack.addDependency(backend);
      this.accesses.set(access.account.name, accessStack);
      const audit = new AuditStack(app, auditStackId(access.account.name), { project, access });
      audit.addDependency(backend);
      this.audits.set(access.account.name, audit);
    }
    // A trail that delivers to a log archive comes after the archive's bucket and key, which admit it.
    for (const access of platform.delivery.accesses) {
      const archive = platform.delivery.accesses.find((other) => other.audit.destination.kind === "bucket-here" && other.audit.bucket === access.audit.bucket);
      if (archive && archive !== access) this.audits.get(access.account.name)!.addDependency(this.audits.get(archive.account.name)!);
    }
    const stateAccount = platform.delivery.githubStateAccount;
    this.github = new GithubStack(app, githubStackId(platform.delivery.github.repository), { project, delivery: platform.delivery, stateAccount });
    for (const dependency of [this.backends.get(stateAccount.name), ...this.accesses.values()]) if (dependency) this.github.addDependency(dependency);
    const { organization } = platform.delivery;
    if (organization) {
      this.organization = new OrganizationStack(app, organizationStackId(organization.managementAccount.name), { project, organization });
      // After every account's access and audit stacks: the policies exempt their administrators and guard their trails.
      for (const dependency of [this.backends.get(organization.managementAccount.name)!, ...this.accesses.values(), ...this.audits.values()]) this.organization.addDependency(dependency);
    }
    for (const network of platform.networks) {
      const flowLogRolesOf = platform.networks.filter((other) => other.name !== network.name && other.flowLogs.enabled && other.flowLogs.roleNetwork === network.name);
      const stack = new NetworkStack(app, networkStackId(network.name), { project, network, ...(flowLogRolesOf.length > 0 ? { flowLogRolesOf } : {}) });
      // Its roles carry the workload boundary, which the account's access stack creates.
      for (const dependency of [this.backendIn(network.account.name, network.region), this.accesses.get(network.account.name)!]) stack.addDependency(dependency);
      this.networks.set(network.name, stack);
    }
    // A DR network's flow-log role is created by the primary network's stack (no IAM in a stack a failover applies): that stack first.
    for (const network of platform.networks) {
      if (network.flowLogs.enabled && network.flowLogs.roleNetwork !== network.name) this.networks.get(network.name)!.addDependency(this.networks.get(network.flowLogs.roleNetwork)!);
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
      for (const dependency of [this.backends.get(registry.account.name), this.accesses.get(registry.account.name)]) if (dependency) stack.addDependency(dependency);
      this.registries.set(registry.account.name, stack);
    }
    for (const { name, buildRepository, deployments, pipeline } of platform.apps) {
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
        const copyVaultArn = platform.delivery.backupCopyVaults[deployment.environment.name];
        const database = new DatabaseStack(app, id("database"), {
          project,
          deployment,
          network: network.outputs,
          alarmTopicArn: monitoring.alarmTopicArn,
          ...(copyVaultArn ? { backupCopyVaultArn: copyVaultArn } : {}),
        });
        monitoring.addDependency(backend);
        secrets.addDependency(backend);
        database.addDependency(network);
        database.addDependency(monitoring);
        const cache = deployment.cache
          ? new CacheStack(app, id("cache"), { project, deployment, cache: deployment.cache, network: network.outputs, alarmTopicArn: monitoring.alarmTopicArn })
          : undefined;
        if (cache) for (const dependency of [network, monitoring]) cache.addDependency(dependency);
        const drData = this.drDataStacks(app, project, deployment, database);
        const files = new FilesStack(app, id("files"), { project, deployment });
        // Its bucket replicates into the DR storage's, which must exist first.
        for (const dependency of [backend, ...(drData ? [drData.storage] : [])]) files.addDependency(dependency);
        const service = new ServiceStack(app, id("service"), {
          project,
          deployment,
          network: network.outputs,
          secrets: secrets.outputs,
          database: database.outputs,
          ...(cache ? { cache: cache.outputs } : {}),
          alarmTopicArn: monitoring.alarmTopicArn,
        });
        for (const dependency of [database, secrets, repository, files, ...(cache ? [cache] : [])]) service.addDependency(dependency);
        const dr = drData ? this.drServiceStacks(app, project, deployment, drData, service, monitoring) : {};
        // The CDN (decision 0008), in us-east-1, where it is on.
        if (deployment.cdn) this.edges.set(prefix, this.edgeStack(app, project, deployment, deployment.cdn, service, dr.dr));
        const backup = new BackupStack(app, id("backup"), {
          project,
          deployment,
          administratorArns: platform.delivery.accesses.find((access) => access.account.name === deployment.environment.network.account.name)!.administratorArns,
          ...(drData ? { drKeyArn: drData.database.keyArn } : {}),
          ...(copyVaultArn ? { copyVaultArn } : {}),
        });
        for (const dependency of [database, files, service, ...(drData ? [drData.database] : [])]) backup.addDependency(dependency);
        this.deployments.set(prefix, { monitoring, secrets, database, files, service, backup, ...dr, ...(cache ? { cache } : {}) });
      }
      // The pipeline (decision 0015) after the build repository it pushes to and the service stacks whose deployment groups it deploys to.
      if (pipeline) {
        const stack = new PipelineStack(app, pipelineStackId(name), { project, pipeline });
        const services = pipeline.releases.flatMap((release) => this.deployments.get(`${name}-${release.environment}`)?.service ?? []);
        for (const dependency of [...(repositoryBackend ? [repositoryBackend] : []), repository, ...services]) stack.addDependency(dependency);
        this.pipelines.set(name, stack);
      }
    }
    // Each dashboard lists the alarms of every stack of its environment in its own region, whichever stack made them.
    for (const stacks of this.deployments.values()) {
      const everyStack = [...Object.values(stacks), ...Object.values(stacks.dr ?? {})].filter((stack): stack is TerraformStack => stack instanceof TerraformStack);
      for (const dashboard of [stacks.service.dashboard, stacks.dr?.service.dashboard]) dashboard?.watchAlarmsOf(...everyStack);
    }
  }
}
