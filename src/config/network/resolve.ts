import { ResolvedAccount } from "../account/resolve";
import { appEnvironmentNames, mergedBlock } from "../app/blocks";
import { DATABASE_PORT } from "../database/defaults";
import { drIsWriter } from "../dr/fail-back";
import { NetworkConfig, PlatformConfig } from "../platform/schema";
import { parseCidr } from "../shared/cidr";
import { networkZones } from "../shared/regions";
import { DEFAULT_NAT_INSTANCE_TYPE, NatMode, NetworkTierSettings, strictestTier, Tier, TIER_PRESETS } from "../shared/tiers";
import { collectorEndpoints, telemetrySettings } from "../telemetry/resolve";
import { PlannedSubnet, planSubnets, SubnetTier } from "./subnet-plan";

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

/** One subnet of an existing VPC. */
export interface ExistingSubnet {
  /** The subnet id. */
  readonly id: string;
  /** Its availability zone, as the configuration declares it (the network stack checks it at plan time). */
  readonly availabilityZone: string;
}

/** An existing VPC and subnets a network adopts (`networks.<network>.existing`). */
export interface ResolvedExistingVpc {
  /** The VPC id. */
  readonly vpcId: string;
  /** The subnets the platform places things in, by tier, in the configured order. */
  readonly subnets: Readonly<Record<SubnetTier, readonly ExistingSubnet[]>>;
  /** Whether the private subnets reach the internet (through a NAT the VPC's owner runs). */
  readonly privateEgress: boolean;
  /**
   * The private subnets' route tables: the S3 and DynamoDB gateway endpoints and peering routes go there.
   * @default none: no gateway endpoints
   */
  readonly privateRouteTableIds: readonly string[];
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
  /** The subnets it creates, by tier, one per zone (none when it adopts an existing VPC: see {@link existing}). */
  readonly subnets: Readonly<Record<SubnetTier, readonly PlannedSubnet[]>>;
  /** NAT mode: the NAT it creates (`none` when it adopts an existing VPC). */
  readonly natMode: NatMode;
  /** The NAT instance, when natMode is `instance`. */
  readonly natInstance?: { readonly instanceType: string };
  /**
   * VPC flow logs: whether on, their retention, and the network whose stack creates their delivery
   * role (see {@link flowLogRoleNetwork}).
   * @default the tier's preset; the role in the network's own stack, or, for a DR network, in the primary network's
   */
  readonly flowLogs: { readonly enabled: boolean; readonly retentionDays: number; readonly roleNetwork: string };
  /** Interface endpoints: the services, and how many zones get endpoint interfaces. */
  readonly interfaceEndpoints: { readonly services: readonly string[]; readonly azCount: number };
  /** The database port the database subnets admit. */
  readonly databasePort: number;
  /** The /32s SSH bastions in its public subnets admit: its network ACLs admit them too (none without such a bastion). */
  readonly bastionSshCidrs: readonly string[];
  /**
   * The existing VPC and subnets it adopts: its stack then creates no VPC, subnets, routes, NAT,
   * internet gateway or network ACLs.
   * @default none: the stack creates the VPC
   */
  readonly existing?: ResolvedExistingVpc;
}

/** The IAM role that delivers a network's VPC flow logs, `<project>-<network>-flow-logs`. */
export const flowLogRoleName = (project: string, network: string) => `${project}-${network}-flow-logs`;

/** The ARN of a network's flow-log delivery role, known from configuration (IAM is global: one ARN in every region). */
export const flowLogRoleArn = (project: string, accountId: string, network: string) => `arn:aws:iam::${accountId}:role/${flowLogRoleName(project, network)}`;

/**
 * The network whose stack creates a network's flow-log delivery role: its own, unless it is the
 * DR network of an environment; then the primary network of the first such environment (by name),
 * which validation keeps in the same account and another region. IAM's control plane is in
 * us-east-1 and a failover applies the DR network's stack, so that stack creates no IAM; the
 * primary network's stack is never part of a failover, and a role is global, so its ARN works in
 * the DR region.
 */
export function flowLogRoleNetwork(config: PlatformConfig, name: string): string {
  const served = Object.entries(config.environments)
    .filter(([, environment]) => environment.drNetwork === name && environment.network !== name)
    .sort(([a], [b]) => a.localeCompare(b));
  return served.length > 0 ? served[0][1].network : name;
}

/** The tier whose presets a network takes: its own, or the strictest of the environments on it; none when neither says. */
export function networkTierOrNone(config: PlatformConfig, name: string): Tier | undefined {
  return config.networks[name].tier ?? strictestTier(environmentTiersOn(config, name));
}

/** The tier whose presets a network takes (validation made sure there is one). */
export function networkTier(config: PlatformConfig, name: string): Tier {
  const tier = networkTierOrNone(config, name);
  if (!tier) throw new Error(`networks.${name}: no tier (validation should have caught this)`);
  return tier;
}

/** A network's VPC CIDR block: its own, or its existing VPC's. */
export function networkCidr(network: NetworkConfig): string | undefined {
  return network.existing?.cidr ?? network.cidr;
}

/** A network's zones: those of its existing private subnets, or its own (`availabilityZones` or `azCount`). */
export function networkZonesOf(network: NetworkConfig): string[] {
  return network.existing ? [...new Set(network.existing.subnets.private.map((subnet) => subnet.zone))] : networkZones(network);
}

/** Whether a network's private subnets reach the internet: through its NAT, or, in an existing VPC, as its configuration says. */
export function networkHasPrivateEgress(config: PlatformConfig, name: string): boolean {
  const existing = config.networks[name].existing;
  return existing ? existing.privateEgress === "nat" : networkNatMode(config, name) !== "none";
}

/** A network's NAT mode: its own, or its tier's preset (`none` in an existing VPC: the platform creates no NAT). Validation asks this before resolving. */
export function networkNatMode(config: PlatformConfig, name: string): NatMode {
  if (config.networks[name].existing) return "none";
  return config.networks[name].natMode ?? presetNatMode(TIER_PRESETS[networkTier(config, name)].network, isStandbyDrNetwork(config, name));
}

function environmentTiersOn(config: PlatformConfig, network: string): Tier[] {
  return Object.values(config.environments)
    .filter((env) => env.network === network || env.drNetwork === network)
    .map((env) => env.tier);
}

/** The SSH /32s of the bastions that apps put in a network's environments. */
export function bastionSshCidrsOn(config: PlatformConfig, network: string): string[] {
  const cidrs = Object.values(config.apps).flatMap((app) =>
    appEnvironmentNames(config, app)
      .filter((env) => config.environments[env].network === network)
      .map((env) => mergedBlock(app, env, "bastion"))
      .flatMap((bastion) => (bastion.enabled && bastion.sshCidr ? [bastion.sshCidr] : [])),
  );
  return [...new Set(cidrs)].sort();
}

/** The interface endpoints the OpenTelemetry collectors of the apps in a network's environments need where it has no NAT (X-Ray, and Prometheus remote write). */
export function collectorEndpointsOn(config: PlatformConfig, network: string): string[] {
  const endpoints = Object.values(config.apps).flatMap((app) =>
    appEnvironmentNames(config, app)
      .filter((env) => config.environments[env].network === network)
      .map((env) => telemetrySettings(app, env, config.environments[env].tier))
      .flatMap((telemetry) => (telemetry.enabled ? collectorEndpoints(telemetry.metrics) : [])),
  );
  return [...new Set(endpoints)].sort();
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
  return asDr.length > 0 && !environments.some((environment) => environment.network === name) && asDr.every((environment) => !drIsWriter(environment.activeRegion));
}

/** A tier's NAT mode, cut to one gateway in a standby DR network. */
function presetNatMode(preset: NetworkTierSettings, standby: boolean): NatMode {
  return standby && preset.natMode === "per-az" ? "single" : preset.natMode;
}

/** A network with its tier's presets and its own settings on top: zones, subnets, NAT, flow logs, interface endpoints. */
export function resolveNetwork(
  name: string,
  network: NetworkConfig,
  tier: Tier,
  account: ResolvedAccount,
  bastionSshCidrs: string[],
  standby: boolean,
  flowLogRoleIn: string,
  collectorServices: readonly string[] = [],
): ResolvedNetwork {
  const preset = TIER_PRESETS[tier].network;
  const existing = network.existing;
  const zones = networkZonesOf(network);
  const natMode = existing ? "none" : (network.natMode ?? presetNatMode(preset, standby));
  const privateEgress = existing ? existing.privateEgress === "nat" : natMode !== "none";
  return {
    name,
    account,
    region: network.region,
    cidr: networkCidr(network)!,
    tier,
    zones,
    subnets: existing ? { public: [], private: [], database: [] } : planSubnets(parseCidr(network.cidr!)!, zones),
    natMode,
    ...(natMode === "instance" ? { natInstance: { instanceType: network.natInstanceType ?? DEFAULT_NAT_INSTANCE_TYPE } } : {}),
    flowLogs: {
      enabled: network.flowLogs?.enabled ?? preset.flowLogs,
      retentionDays: network.flowLogs?.retentionDays ?? preset.flowLogRetentionDays,
      roleNetwork: flowLogRoleIn,
    },
    interfaceEndpoints: {
      services: network.interfaceEndpoints?.services ?? [...(privateEgress ? DATABASE_SUBNET_SERVICES : [...PRIVATE_ACCESS_SERVICES, ...collectorServices])],
      azCount: network.interfaceEndpoints?.azCount ?? (preset.interfaceEndpointsInEveryZone && !standby ? zones.length : DEFAULT_INTERFACE_ENDPOINT_AZ_COUNT),
    },
    databasePort: DATABASE_PORT,
    bastionSshCidrs,
    ...(existing
      ? {
          existing: {
            vpcId: existing.vpcId,
            subnets: {
              public: existing.subnets.public.map(({ id, zone }) => ({ id, availabilityZone: zone })),
              private: existing.subnets.private.map(({ id, zone }) => ({ id, availabilityZone: zone })),
              database: existing.subnets.database.map(({ id, zone }) => ({ id, availabilityZone: zone })),
            },
            privateEgress,
            privateRouteTableIds: existing.privateRouteTableIds ?? [],
          },
        }
      : {}),
  };
}
