import type { ResolvedEnvironment } from "../environment/resolve";
import { definedOnly } from "../shared/defined-only";
import {
  CAPACITY_TIER_DEFAULTS,
  CapacityTierSettings,
  CpuArchitecture,
  DEFAULT_FARGATE_ARCHITECTURE,
  ECS_OPTIMIZED_AMI_PARAMETERS,
  ECS_RESERVED_MEMORY_MIB,
  IMDS_HOP_LIMIT,
  INSTANCE_MAINTENANCE,
  INSTANCE_WARMUP_SECONDS,
  SPOT_ALLOCATION_STRATEGY,
} from "./defaults";
import { instanceTypeSpec } from "./instance-types";
import type { CapacityConfig } from "./schema";

/** The capacity settings of one app in one environment before resolution: the tier's, the app's and the environment's (validation asks this too). */
export type CapacitySettings = CapacityTierSettings & { readonly architecture: CpuArchitecture; readonly spotInstanceTypes: readonly string[] };

/** The tier's capacity with the app's and the environment's settings over it (the merged `capacity` block); the architecture is the instance type's with EC2, else Fargate's default. */
export function capacitySettings(capacity: CapacityConfig, tier: ResolvedEnvironment["tier"]): CapacitySettings {
  const merged = { ...CAPACITY_TIER_DEFAULTS[tier], ...definedOnly(capacity) };
  const instanceArchitecture = merged.provider === "ec2" ? instanceTypeSpec(merged.instanceType)?.architecture : undefined;
  return { ...merged, architecture: capacity.architecture ?? instanceArchitecture ?? DEFAULT_FARGATE_ARCHITECTURE, spotInstanceTypes: capacity.spotInstanceTypes ?? [] };
}

/** EC2 container instances of one app in one environment, every setting and name decided. */
export interface ResolvedEc2Capacity {
  /** The capacity provider: `<project>-<app>-<env>-ec2`. */
  readonly capacityProviderName: string;
  /** The Auto Scaling group and its launch template: `<project>-<app>-<env>-ecs`. */
  readonly groupName: string;
  /** The instances' role and instance profile: `<project>-<app>-<env>-ecs-instance`. */
  readonly instanceRoleName: string;
  /** The suffix of the group's own Auto Scaling service-linked role (`AWSServiceRoleForAutoScaling_<suffix>`), which the volume key's policy names. */
  readonly serviceLinkedRoleSuffix: string;
  /** The alias of the key encrypting the instances' volumes: `alias/<project>-<app>-<env>-ecs-volumes`. */
  readonly volumeKeyAlias: string;
  /** The public SSM parameter naming the ECS-optimized AMI of the instances' architecture. */
  readonly amiParameter: string;
  /** The instance type (the first Spot may choose, too). */
  readonly instanceType: string;
  /** Further types Spot may choose from. */
  readonly spotInstanceTypes: readonly string[];
  /** Fewest instances. */
  readonly minInstances: number;
  /** Most instances. */
  readonly maxInstances: number;
  /** Managed scaling's target capacity, in percent. */
  readonly targetCapacityPercent: number;
  /** Seconds a new instance warms up before it counts in managed scaling's metrics. */
  readonly instanceWarmupSeconds: number;
  /** Spot above an on-demand base, or none (every instance on-demand). */
  readonly spot?: { readonly onDemandBaseInstances: number; readonly allocationStrategy: string };
  /** How the service places its tasks: spread across zones, or bin-packed on memory (ECS: never both). */
  readonly placement: "spread-zones" | "binpack-memory";
  /** The root volume, GiB. */
  readonly volumeSizeGb: number;
  /** Memory the ECS agent keeps back from tasks, MiB. */
  readonly reservedMemoryMiB: number;
  /** The IMDS response hop limit. */
  readonly imdsHopLimit: number;
  /** The healthy range an instance refresh keeps, in percent of the desired capacity. */
  readonly maintenance: { readonly minHealthyPercent: number; readonly maxHealthyPercent: number };
}

/** Where one app's tasks run in one environment. */
export interface ResolvedCapacity {
  /** The CPU architecture of the task definition's runtime platform (the DR pilot light's Fargate tasks too). */
  readonly cpuArchitecture: CpuArchitecture;
  /** EC2 container instances, where the tasks run on them. @default none: Fargate */
  readonly ec2?: ResolvedEc2Capacity;
}

/** An app's capacity in one environment; `name` is `<project>-<app>-<env>`. */
export function resolveCapacity(name: string, capacity: CapacityConfig, environment: Pick<ResolvedEnvironment, "tier">): ResolvedCapacity {
  const settings = capacitySettings(capacity, environment.tier);
  if (settings.provider !== "ec2") return { cpuArchitecture: settings.architecture };
  return {
    cpuArchitecture: settings.architecture,
    ec2: {
      capacityProviderName: `${name}-ec2`,
      groupName: `${name}-ecs`,
      instanceRoleName: `${name}-ecs-instance`,
      serviceLinkedRoleSuffix: name,
      volumeKeyAlias: `alias/${name}-ecs-volumes`,
      amiParameter: ECS_OPTIMIZED_AMI_PARAMETERS[settings.architecture],
      instanceType: settings.instanceType,
      spotInstanceTypes: settings.spot ? settings.spotInstanceTypes : [],
      minInstances: settings.minInstances,
      maxInstances: settings.maxInstances,
      targetCapacityPercent: settings.targetCapacityPercent,
      instanceWarmupSeconds: INSTANCE_WARMUP_SECONDS,
      ...(settings.spot ? { spot: { onDemandBaseInstances: settings.onDemandBaseInstances, allocationStrategy: SPOT_ALLOCATION_STRATEGY } } : {}),
      placement: settings.spreadAcrossZones ? "spread-zones" : "binpack-memory",
      volumeSizeGb: settings.volumeSizeGb,
      reservedMemoryMiB: ECS_RESERVED_MEMORY_MIB,
      imdsHopLimit: IMDS_HOP_LIMIT,
      maintenance: INSTANCE_MAINTENANCE,
    },
  };
}
