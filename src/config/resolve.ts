import { parseCidr } from "./cidr";
import { DATABASE_PORT } from "./database";
import { ResolvedDelivery, resolveDelivery } from "./delivery";
import { DR_STANDBY_TASKS } from "./dr";
import { networkZones } from "./regions";
import type { AppConfig } from "./app-schema";
import { EnvironmentConfig, NetworkConfig, PlatformConfig } from "./schema";
import { definedOnly } from "./defined-only";
import { mergedBlock, ResolvedDeployment, resolveDeployment } from "./resolve-app";
import { ResolvedRegistry, resolveRegistries } from "./registry";
import { ResolvedBuildRepository, resolveBuildRepository } from "./resolve-service";
import { planSubnets, PlannedSubnet, SubnetTier } from "./subnet-plan";
import { DEFAULT_NAT_INSTANCE_TYPE, EnvironmentTierSettings, NatMode, NetworkTierSettings, strictestTier, Tier, TIER_PRESETS } from "./tiers";

/**
 * Every default applied in one place: what stacks and constructs receive.
 * Nothing downstream of this file decides a default or asks for a tier.
 */

/**
 * Interface endpoints a network without NAT gets, so private workloads reach
 * ECR, logs, secrets, SSM (and ECS Exec's channel), KMS, STS and the
 * AppConfig Data API the apps read their feature flags from.
 */
export const PRIVATE_ACCESS_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages", "kms", "sts", "appconfigdata"] as const;

/**
 * Interface endpoints every network gets, NAT or not: the database subnets
 * have no route out of the VPC, and the database role manager reads its
 * master secret from Secrets Manager there.
 */
export const DATABASE_SUBNET_SERVICES = ["secretsmanager"] as const;

/** Zones that get interface endpoint network interfaces where the tier accepts losing them with a zone: one, to keep the network cheap (decision 0001). */
export const DEFAULT_INTERFACE_ENDPOINT_AZ_COUNT = 1;

/** Days noncurrent versions of state files are kept (seed 004: 30-day retention). */
export const STATE_NONCURRENT_VERSION_DAYS = 30;

/** Days the state bucket's server access logs are kept (seed 004: audit trails for a year). */
export const STATE_ACCESS_LOG_DAYS = 365;

/** Project-wide settings. */
export interface ResolvedProject {
  /** Prefix of every name. */
  readonly name: string;
  /** The owning team. */
  readonly owner: string;
  /** Region for anything that has no region of its own. */
  readonly defaultRegion: string;
  /** Extra tags on every resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** The GitHub repository, owner/name. */
  readonly repository: string;
}

/** Where an account's Terraform state lives. */
export interface StateBackendSettings {
  /** The region of the bucket and lock table. */
  readonly region: string;
  /** The state bucket. */
  readonly bucket: string;
  /** The bucket receiving the state bucket's server access logs. */
  readonly logBucket: string;
  /** The DynamoDB lock table. */
  readonly lockTable: string;
  /** The KMS alias of the key encrypting state, such as `alias/acme-tfstate`. */
  readonly kmsAlias: string;
  /** The ARN of that alias, usable before the key exists. */
  readonly kmsAliasArn: string;
  /** Days noncurrent state versions are kept (seed 004: 30). */
  readonly noncurrentVersionExpirationDays: number;
  /** Days the state bucket's access logs are kept (seed 004 keeps audit trails a year). */
  readonly accessLogExpirationDays: number;
}

/** An AWS account. */
export interface ResolvedAccount {
  /** The account's name in the configuration. */
  readonly name: string;
  /** The 12-digit account id. */
  readonly id: string;
  /** The account's primary region (its state backend's region). */
  readonly region: string;
  /** Its state backend's names and settings, in its primary region. */
  readonly backend: StateBackendSettings;
  /**
   * A state backend in each other region its networks are in (a disaster-recovery region): a
   * stack there keeps its state there, so it can be planned and applied while the primary region
   * is down. The primary backend's state bucket replicates to each.
   */
  readonly regionalBackends: readonly StateBackendSettings[];
}

/** The backend holding the state of a stack in an account and region: the account's backend in that region, else its primary one. */
export function stateBackendFor(account: ResolvedAccount, region: string): StateBackendSettings {
  return account.regionalBackends.find((backend) => backend.region === region) ?? account.backend;
}

/** A VPC network with every setting decided. */
export interface ResolvedNetwork {
  /** The network's name in the configuration. */
  readonly name: string;
  /** The account it lives in. */
  readonly account: ResolvedAccount;
  /** Its region. */
  readonly region: string;
  /** The VPC's CIDR block. */
  readonly cidr: string;
  /** The tier whose presets apply. */
  readonly tier: Tier;
  /** The availability zones it spans. */
  readonly zones: readonly string[];
  /** Its subnets, by tier, one per zone. */
  readonly subnets: Readonly<Record<SubnetTier, readonly PlannedSubnet[]>>;
  /** NAT mode. */
  readonly natMode: NatMode;
  /** The NAT instance, when natMode is `instance`. */
  readonly natInstance?: { readonly instanceType: string };
  /** VPC flow logs. */
  readonly flowLogs: { readonly enabled: boolean; readonly retentionDays: number };
  /** Interface endpoints: the services, and how many zones get endpoint interfaces. */
  readonly interfaceEndpoints: { readonly services: readonly string[]; readonly azCount: number };
  /** The database port the database subnets admit. */
  readonly databasePort: number;
  /** The /32s SSH bastions in its public subnets admit: its network ACLs admit them too (none without such a bastion). */
  readonly bastionSshCidrs: readonly string[];
}

/** An environment with every setting decided. */
export interface ResolvedEnvironment {
  /** The environment's name. */
  readonly name: string;
  /** Its tier. */
  readonly tier: Tier;
  /** The network it runs in. */
  readonly network: ResolvedNetwork;
  /** Its disaster-recovery network, if any. */
  readonly drNetwork?: ResolvedNetwork;
  /** Tier presets with the environment's overrides applied. */
  readonly settings: EnvironmentTierSettings;
  /** Reasons given for turned-off protections. */
  readonly waivers: Readonly<Partial<Record<keyof EnvironmentTierSettings, string>>>;
  /** Where it runs: its primary region, or its DR region after a declared failover. */
  readonly activeRegion: "primary" | "dr";
  /** Tasks the DR region's pilot-light service runs while standing by. */
  readonly drStandbyTasks: number;
}

/** An application and its deployments, one per environment it runs in. */
export interface ResolvedApp {
  /** The app's name. */
  readonly name: string;
  /** Its build repository. */
  readonly buildRepository: ResolvedBuildRepository;
  /** The app in each of its environments. */
  readonly deployments: readonly ResolvedDeployment[];
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
      resolveNetwork(name, network, networkTier(config, name), accounts.get(network.account)!, bastionSshCidrsOn(config, name), isStandbyDrNetwork(config, name)),
    ]),
  );
  const environments = new Map(
    Object.entries(config.environments).map(([name, environment]) => [name, resolveEnvironment(name, environment, networks)]),
  );
  const apps = Object.entries(config.apps).map(([name, app]) => {
    const appEnvironments = appEnvironmentNames(config, app).map((env) => environments.get(env)!);
    const buildRepository = resolveBuildRepository(project.name, name, app, appEnvironments, accounts);
    return { name, buildRepository, deployments: appEnvironments.map((environment) => resolveDeployment(project.name, name, app, environment, buildRepository)) };
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
      apps.map((app) => ({ name: app.name, buildRepository: app.buildRepository, environmentNames: app.deployments.map((deployment) => deployment.environment.name) })),
    ),
  };
}

/** The regions of an account's networks other than its primary region, in configuration order. */
function otherNetworkRegions(config: PlatformConfig, accountName: string): string[] {
  const primary = config.accounts[accountName].region;
  const regions = Object.values(config.networks).flatMap((network) => (network.account === accountName ? [network.region] : []));
  return [...new Set(regions)].filter((region) => region !== primary);
}

function backendNames(project: string, accountId: string, region: string): StateBackendSettings {
  const kmsAlias = `alias/${project}-tfstate`;
  return {
    region,
    bucket: `${project}-${accountId}-${region}-tfstate`,
    logBucket: `${project}-${accountId}-${region}-tfstate-logs`,
    lockTable: `${project}-tfstate-locks`,
    kmsAlias,
    kmsAliasArn: `arn:aws:kms:${region}:${accountId}:${kmsAlias}`,
    noncurrentVersionExpirationDays: STATE_NONCURRENT_VERSION_DAYS,
    accessLogExpirationDays: STATE_ACCESS_LOG_DAYS,
  };
}

/** The tier whose presets a network takes: its own, or the strictest of the environments on it; none when neither says. */
export function networkTierOrNone(config: PlatformConfig, name: string): Tier | undefined {
  return config.networks[name].tier ?? strictestTier(environmentTiersOn(config, name));
}

function networkTier(config: PlatformConfig, name: string): Tier {
  const tier = networkTierOrNone(config, name);
  if (!tier) throw new Error(`networks.${name}: no tier (validation should have caught this)`);
  return tier;
}

/** A network's NAT mode: its own, or its tier's preset. Validation asks this before resolving. */
export function networkNatMode(config: PlatformConfig, name: string): NatMode {
  return config.networks[name].natMode ?? presetNatMode(TIER_PRESETS[networkTier(config, name)].network, isStandbyDrNetwork(config, name));
}

function environmentTiersOn(config: PlatformConfig, network: string): Tier[] {
  return Object.values(config.environments)
    .filter((env) => env.network === network || env.drNetwork === network)
    .map((env) => env.tier);
}

/** The environments an app runs in: those it lists, or every one. */
export function appEnvironmentNames(config: PlatformConfig, app: AppConfig): string[] {
  return Object.keys(app.environments ?? config.environments);
}

/** The SSH /32s of the bastions that apps put in a network's environments. */
function bastionSshCidrsOn(config: PlatformConfig, network: string): string[] {
  const cidrs = Object.values(config.apps).flatMap((app) =>
    appEnvironmentNames(config, app)
      .filter((env) => config.environments[env].network === network)
      .map((env) => mergedBlock(app, env, "bastion"))
      .flatMap((bastion) => (bastion.enabled && bastion.sshCidr ? [bastion.sshCidr] : [])),
  );
  return [...new Set(cidrs)].sort();
}

/**
 * Whether a network serves only as the DR network of its environments, none of which has failed
 * over to it: it then runs at pilot-light cost (decision 0005), one NAT gateway instead of one per
 * zone and its interface endpoints in one zone, and gets the tier's layout when a failover is
 * declared.
 */
export function isStandbyDrNetwork(config: PlatformConfig, name: string): boolean {
  const environments = Object.values(config.environments);
  const asDr = environments.filter((environment) => environment.drNetwork === name);
  return asDr.length > 0 && !environments.some((environment) => environment.network === name) && asDr.every((environment) => environment.activeRegion !== "dr");
}

/** A tier's NAT mode, cut to one gateway in a standby DR network. */
function presetNatMode(preset: NetworkTierSettings, standby: boolean): NatMode {
  return standby && preset.natMode === "per-az" ? "single" : preset.natMode;
}

function resolveNetwork(
  name: string,
  network: NetworkConfig,
  tier: Tier,
  account: ResolvedAccount,
  bastionSshCidrs: string[],
  standby: boolean,
): ResolvedNetwork {
  const preset = TIER_PRESETS[tier].network;
  const zones = networkZones(network);
  const natMode = network.natMode ?? presetNatMode(preset, standby);
  return {
    name,
    account,
    region: network.region,
    cidr: network.cidr,
    tier,
    zones,
    subnets: planSubnets(parseCidr(network.cidr)!, zones),
    natMode,
    ...(natMode === "instance" ? { natInstance: { instanceType: network.natInstanceType ?? DEFAULT_NAT_INSTANCE_TYPE } } : {}),
    flowLogs: {
      enabled: network.flowLogs?.enabled ?? preset.flowLogs,
      retentionDays: network.flowLogs?.retentionDays ?? preset.flowLogRetentionDays,
    },
    interfaceEndpoints: {
      services: network.interfaceEndpoints?.services ?? [...(natMode === "none" ? PRIVATE_ACCESS_SERVICES : DATABASE_SUBNET_SERVICES)],
      azCount: network.interfaceEndpoints?.azCount ?? (preset.interfaceEndpointsInEveryZone && !standby ? zones.length : DEFAULT_INTERFACE_ENDPOINT_AZ_COUNT),
    },
    databasePort: DATABASE_PORT,
    bastionSshCidrs,
  };
}

function resolveEnvironment(name: string, environment: EnvironmentConfig, networks: Map<string, ResolvedNetwork>): ResolvedEnvironment {
  return {
    name,
    tier: environment.tier,
    network: networks.get(environment.network)!,
    drNetwork: environment.drNetwork === undefined ? undefined : networks.get(environment.drNetwork),
    settings: { ...TIER_PRESETS[environment.tier].environment, ...definedOnly(environment.overrides) },
    waivers: environment.waivers,
    activeRegion: environment.activeRegion ?? "primary",
    drStandbyTasks: environment.drStandbyTasks ?? DR_STANDBY_TASKS,
  };
}
