/**
 * Where an app's tasks run (issue 23, decision 0012): Fargate by default, or
 * EC2 container instances of an Auto Scaling group behind an ECS capacity
 * provider, with seed 004's instance types and counts as each tier's defaults.
 */
import type { Tier } from "../shared/tiers";

/** Where an app's tasks run: Fargate (the default in every tier), or EC2 container instances the service stack creates. */
export const CAPACITY_PROVIDERS = ["fargate", "ec2"] as const;

/** Where an app's tasks run. */
export type CapacityProviderKind = (typeof CAPACITY_PROVIDERS)[number];

/** The CPU architectures ECS runs Linux tasks on, as a task definition's `runtime_platform.cpu_architecture` names them. */
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;

/** A CPU architecture: the image must be built for it. */
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** The architecture Fargate tasks run on unless config says otherwise (with EC2 capacity, the instance type's). */
export const DEFAULT_FARGATE_ARCHITECTURE: CpuArchitecture = "X86_64";

/**
 * AWS's public SSM parameters naming the recommended Amazon ECS-optimized Amazon Linux 2023 AMI, per
 * architecture (Amazon ECS Developer Guide, "Retrieving Amazon ECS-optimized Linux AMI metadata").
 */
export const ECS_OPTIMIZED_AMI_PARAMETERS: Readonly<Record<CpuArchitecture, string>> = {
  X86_64: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
  ARM64: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
};

/** The ECS-optimized Amazon Linux 2023 AMI's root volume in GiB: the least a launch template may ask for (its snapshot's size). */
export const MIN_ROOT_VOLUME_GB = 30;

/** The root volume's device name on Amazon Linux 2023 AMIs. */
export const ROOT_DEVICE_NAME = "/dev/xvda";

/**
 * Memory the ECS agent keeps back from tasks for the OS, Docker and itself (`ECS_RESERVED_MEMORY`, the
 * value of AWS's own example in "Reserving Amazon ECS Linux container instance memory").
 */
export const ECS_RESERVED_MEMORY_MIB = 256;

/**
 * The share of an instance type's advertised memory the kernel and platform take before the agent
 * registers the rest (an m4.large registers 7985 of 8192 MiB, 2.5%; small instances lose more): the
 * estimate the capacity validations use.
 */
export const KERNEL_MEMORY_SHARE = 0.05;

/** Seconds a new instance takes before it counts in managed scaling's metrics (the ECS default). */
export const INSTANCE_WARMUP_SECONDS = 300;

/** How Spot instances are chosen among the types: the lowest price among the pools least likely to be interrupted (EC2 Auto Scaling's recommendation). */
export const SPOT_ALLOCATION_STRATEGY = "price-capacity-optimized";

/** IMDS responses travel one hop: the ECS agent (host network) reaches it, containers do not; awsvpc tasks are blocked from it altogether (`ECS_AWSVPC_BLOCK_IMDS`). */
export const IMDS_HOP_LIMIT = 1;

/** Replacements first, then terminations: an instance refresh or health replacement keeps every running instance until its successor is in service. */
export const INSTANCE_MAINTENANCE = { minHealthyPercent: 100, maxHealthyPercent: 200 } as const;

/** The tag ECS puts on an Auto Scaling group it scales through a capacity provider, which Terraform must keep (Amazon ECS Developer Guide, "Cluster Auto Scaling considerations"). */
export const ECS_MANAGED_TAG = "AmazonECSManaged";

/** Names ECS refuses for a capacity provider (CreateCapacityProvider: "It can't be prefixed with aws, ecs, or fargate"). */
export const RESERVED_CAPACITY_PROVIDER_PREFIXES = ["aws", "ecs", "fargate"] as const;

/** EC2 capacity settings a tier implies; each can be overridden per app and environment. */
export interface CapacityTierSettings {
  /** Where the tasks run. */
  readonly provider: CapacityProviderKind;
  /** The instance type (seed 004: t3.micro, t3.small, t3.medium, m6g.large). */
  readonly instanceType: string;
  /** Fewest instances, always running (seed 004: 1, 2, 2, 3). */
  readonly minInstances: number;
  /** Most instances managed scaling launches. */
  readonly maxInstances: number;
  /** The share of the instances' capacity managed scaling keeps in use, in percent: below 100 keeps spare instances. */
  readonly targetCapacityPercent: number;
  /** Instances above `onDemandBaseInstances` are Spot instances. */
  readonly spot: boolean;
  /** With spot, instances kept on-demand. */
  readonly onDemandBaseInstances: number;
  /** Spread the service's tasks across availability zones (seed 004: prod); otherwise they are bin-packed on memory. */
  readonly spreadAcrossZones: boolean;
  /** Each instance's encrypted gp3 root volume, in GiB. */
  readonly volumeSizeGb: number;
}

/**
 * Each tier's EC2 capacity, used where `capacity.provider` is `ec2` (Fargate stays the default in every
 * tier). Seed 004's types and minimums; each maximum holds the tier's most tasks (decision 0012), so
 * managed scaling can place what service autoscaling asks for: dev's 3 and staging's 4 are above seed
 * 004's 2, since a t3.micro and a t3.small each hold one task of their tier (memory, and a t3.micro's
 * two network interfaces); uat's 3 t3.medium hold its 6 tasks two apiece; prod's 10 m6g.large hold its
 * 10 tasks twice over, as a deployment at 200% asks.
 */
export const CAPACITY_TIER_DEFAULTS: Readonly<Record<Tier, CapacityTierSettings>> = {
  dev: { provider: "fargate", instanceType: "t3.micro", minInstances: 1, maxInstances: 3, targetCapacityPercent: 100, spot: false, onDemandBaseInstances: 0, spreadAcrossZones: false, volumeSizeGb: MIN_ROOT_VOLUME_GB },
  staging: { provider: "fargate", instanceType: "t3.small", minInstances: 2, maxInstances: 4, targetCapacityPercent: 100, spot: false, onDemandBaseInstances: 0, spreadAcrossZones: false, volumeSizeGb: MIN_ROOT_VOLUME_GB },
  uat: { provider: "fargate", instanceType: "t3.medium", minInstances: 2, maxInstances: 3, targetCapacityPercent: 100, spot: false, onDemandBaseInstances: 0, spreadAcrossZones: false, volumeSizeGb: MIN_ROOT_VOLUME_GB },
  prod: { provider: "fargate", instanceType: "m6g.large", minInstances: 3, maxInstances: 10, targetCapacityPercent: 100, spot: false, onDemandBaseInstances: 0, spreadAcrossZones: true, volumeSizeGb: MIN_ROOT_VOLUME_GB },
};
