/**
 * Environment tiers and their presets: seed 004's per-environment tables.
 * A new environment is one line (`{ network, tier }`) plus any overrides.
 */

/** The environment tiers, from least to most strict. */
export const TIERS = ["dev", "staging", "uat", "prod"] as const;

/** An environment tier. */
export type Tier = (typeof TIERS)[number];

/** How private subnets reach the internet. */
export const NAT_MODES = ["none", "instance", "single", "per-az"] as const;

/**
 * A NAT mode: none (interface endpoints only), one small NAT instance, one
 * shared NAT gateway, or one NAT gateway per availability zone (decision 0001).
 */
export type NatMode = (typeof NAT_MODES)[number];

/** The NAT instance's type when a network's `natMode` is `instance`: Graviton, the smallest (decision 0001). */
export const DEFAULT_NAT_INSTANCE_TYPE = "t4g.nano";

/** Network settings a tier implies for the networks its environments run in. */
export interface NetworkTierSettings {
  /** NAT of the network (seed 004: off in dev, here a NAT instance for its budget; a single gateway in staging and uat; per-AZ in prod). */
  readonly natMode: NatMode;
  /** Whether VPC flow logs are on (seed 004: prod only). */
  readonly flowLogs: boolean;
  /** Flow log retention in days (seed 004: 30 days in prod). */
  readonly flowLogRetentionDays: number;
  /**
   * Interface endpoints in every zone of the network, not one: prod, where losing the endpoints'
   * zone must not cut every task and the role manager off from Secrets Manager (decision 0001).
   */
  readonly interfaceEndpointsInEveryZone: boolean;
}

/** Settings a tier implies for an environment; each can be overridden per environment. */
export interface EnvironmentTierSettings {
  /** Deletion protection on resources that hold data (seed 004: uat and prod). */
  readonly deletionProtection: boolean;
  /** Multi-AZ deployment of stateful resources (seed 004: prod only). */
  readonly multiAz: boolean;
  /** Encryption at rest with customer-managed keys (all tiers: stricter than seed 004's matrix). */
  readonly encryption: boolean;
  /** Retention of application and service logs in days (seed 004: 7 in dev up to 30 in prod). */
  readonly logRetentionDays: number;
}

/** Database sizing and operations a tier implies (seed 004's RDS table); each can be overridden per app and environment. */
export interface DatabaseTierSettings {
  /** RDS instance class (seed 004: t3.micro, t3.small, t3.small, r6g.large). */
  readonly instanceClass: string;
  /** Allocated storage in GB (seed 004: 20, 30, 50, 100). */
  readonly allocatedStorageGb: number;
  /** The most storage autoscaling may grow to, in GB. */
  readonly maxAllocatedStorageGb: number;
  /** Days automated backups are kept (seed 004: 7, 14, 14, 30). */
  readonly backupRetentionDays: number;
  /** Enhanced monitoring interval in seconds, 0 for off (seed 004: prod only). */
  readonly enhancedMonitoringIntervalSeconds: number;
  /** Whether a final snapshot is taken when the database is destroyed (all tiers but dev). */
  readonly finalSnapshot: boolean;
  /** Aurora Serverless v2 minimum capacity in ACUs. */
  readonly minCapacity: number;
  /** Aurora Serverless v2 maximum capacity in ACUs. */
  readonly maxCapacity: number;
  /** An in-region read replica (seed 001); a reader instance on Aurora. */
  readonly readReplica: boolean;
}

/** Database alarm thresholds a tier implies; each can be overridden per app and environment. */
export interface DatabaseAlarmThresholds {
  /** CPU utilization above which the alarm fires, in percent (seed 004: 80). */
  readonly cpuPercent: number;
  /** Freeable memory below which the alarm fires, in MiB. */
  readonly freeableMemoryMiB: number;
  /** Free storage below which the alarm fires, in percent of the allocated storage (seed 004: 10). */
  readonly freeStoragePercent: number;
  /** Replica lag above which the alarm fires, in seconds (seed 001). */
  readonly replicaLagSeconds: number;
  /** Database connections above which the alarm fires. */
  readonly connections: number;
  /** Aurora Serverless v2 ACU utilization above which the alarm fires, in percent. */
  readonly acuUtilizationPercent: number;
}

/** Service sizing and behaviour a tier implies (seed 004's ECS table and scaling); each can be overridden per app and environment. */
export interface ServiceTierSettings {
  /** Task CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /** Fewest tasks (seed 004: 1 in dev up to 3 in prod). */
  readonly minTasks: number;
  /** Most tasks (seed 004: 3 in dev up to 10 in prod). */
  readonly maxTasks: number;
  /** CloudWatch Container Insights (seed 004: prod only). */
  readonly containerInsights: boolean;
  /** Run on Fargate Spot where possible (seed 003: non-production). */
  readonly fargateSpot: boolean;
  /** With fargateSpot, tasks kept on on-demand Fargate (dev: none, its budget; staging and uat: one, so a Spot reclaim leaves one task up). */
  readonly onDemandBaseTasks: number;
  /** Refuse plain HTTP: a domain with a certificate is required (seed 004: HTTPS only in uat and prod). */
  readonly httpsRequired: boolean;
  /** A WAF web ACL on the load balancer (seed 002). */
  readonly waf: boolean;
  /** ECS Exec into running tasks. */
  readonly execCommand: boolean;
}

/** Service alarm thresholds a tier implies; each can be overridden per app and environment. */
export interface ServiceAlarmThresholds {
  /** Load balancer 5xx responses per 5 minutes above which the alarm fires. */
  readonly loadBalancer5xx: number;
  /** Target 5xx responses per 5 minutes above which the alarm fires. */
  readonly target5xx: number;
  /** p99 target response time above which the alarm fires, in seconds. */
  readonly p99ResponseSeconds: number;
  /** CPU utilization above which the alarm fires, in percent (seed 004: 80). */
  readonly cpuPercent: number;
  /** Memory utilization above which the alarm fires, in percent. */
  readonly memoryPercent: number;
  /** Tasks stopped with a non-zero exit code per 5 minutes above which the task-failures alarm fires (seed 004: ECS task failures). */
  readonly taskFailures: number;
}

/** Everything a tier presets. */
export interface TierPreset {
  /** Settings for the networks the tier's environments run in. */
  readonly network: NetworkTierSettings;
  /** Settings for the tier's environments. */
  readonly environment: EnvironmentTierSettings;
  /** Database sizing and operations. */
  readonly database: DatabaseTierSettings;
  /** Database alarm thresholds. */
  readonly databaseAlarms: DatabaseAlarmThresholds;
  /** Service sizing and behaviour. */
  readonly service: ServiceTierSettings;
  /** Service alarm thresholds. */
  readonly serviceAlarms: ServiceAlarmThresholds;
  /**
   * The most an environment of the tier should cost a month in fixed charges, USD: synth warns above it
   * (`npm run cost` shows the estimate). At least what the tier's own defaults cost, on a network of their
   * own, in the priciest region the price table has (decision 0007; a test holds it).
   */
  readonly monthlyBudgetUsd: number;
  /**
   * What an environment of the tier with a DR network (`environments.<env>.drNetwork`) adds to its budget, USD a month: at
   * least what the pilot light of the tier's defaults adds, in the priciest pair of regions the price table has (decision 0007;
   * a test holds it). Not added to a budget the environment sets itself.
   */
  readonly drMonthlyAllowanceUsd: number;
}

/** Database settings the tiers below prod share: no enhanced monitoring, no replica, the smallest Aurora floor. */
const NON_PROD_DATABASE = { enhancedMonitoringIntervalSeconds: 0, minCapacity: 0.5, readReplica: false } as const;

/** Service alarm thresholds that are the same in every tier unless overridden (seed 004: CPU above 80%). */
const COMMON_SERVICE_ALARMS = { cpuPercent: 80, memoryPercent: 85 } as const;

/** Alarm thresholds that are the same in every tier unless overridden. */
const COMMON_DATABASE_ALARMS = { cpuPercent: 80, freeStoragePercent: 10, replicaLagSeconds: 60, acuUtilizationPercent: 90 } as const;

/** Seed 004's tables, one column per tier. */
export const TIER_PRESETS: Readonly<Record<Tier, TierPreset>> = {
  dev: {
    network: { natMode: "instance", flowLogs: false, flowLogRetentionDays: 7, interfaceEndpointsInEveryZone: false },
    environment: { deletionProtection: false, multiAz: false, encryption: true, logRetentionDays: 7 },
    database: {
      instanceClass: "db.t3.micro",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 50,
      backupRetentionDays: 7,
      ...NON_PROD_DATABASE,
      finalSnapshot: false,
      maxCapacity: 2,
    },
    databaseAlarms: { ...COMMON_DATABASE_ALARMS, freeableMemoryMiB: 64, connections: 60 },
    service: { cpu: 256, memory: 512, minTasks: 1, maxTasks: 3, containerInsights: false, fargateSpot: true, onDemandBaseTasks: 0, httpsRequired: false, waf: false, execCommand: true },
    serviceAlarms: { ...COMMON_SERVICE_ALARMS, loadBalancer5xx: 50, target5xx: 50, p99ResponseSeconds: 5, taskFailures: 3 },
    // Seed 004 says about $50-70; the tier's defaults on their own network estimate at $68.54 in us-east-1, $73.57 in eu-west-1 (decision 0007).
    monthlyBudgetUsd: 80,
    // A DR network adds $71.84 at us-east-1 prices, $76.87 at eu-west-1's (decision 0007).
    drMonthlyAllowanceUsd: 80,
  },
  staging: {
    network: { natMode: "single", flowLogs: false, flowLogRetentionDays: 14, interfaceEndpointsInEveryZone: false },
    environment: { deletionProtection: false, multiAz: false, encryption: true, logRetentionDays: 14 },
    database: {
      instanceClass: "db.t3.small",
      allocatedStorageGb: 30,
      maxAllocatedStorageGb: 100,
      backupRetentionDays: 14,
      ...NON_PROD_DATABASE,
      finalSnapshot: true,
      maxCapacity: 4,
    },
    databaseAlarms: { ...COMMON_DATABASE_ALARMS, freeableMemoryMiB: 128, connections: 150 },
    service: { cpu: 512, memory: 1024, minTasks: 2, maxTasks: 4, containerInsights: false, fargateSpot: true, onDemandBaseTasks: 1, httpsRequired: false, waf: false, execCommand: true },
    serviceAlarms: { ...COMMON_SERVICE_ALARMS, loadBalancer5xx: 25, target5xx: 25, p99ResponseSeconds: 3, taskFailures: 1 },
    // Seed 004's $100-150; the tier's defaults estimate at $132.77 in us-east-1, $143.29 in eu-west-1 (decision 0007), and the
    // cache (one cache.t4g.micro, its key and alarms: decision 0009) adds $10.74 in us-east-1 and $11.91 in eu-west-1.
    monthlyBudgetUsd: 160,
    // A DR network adds $141.27 at us-east-1 prices, $152.42 at eu-west-1's, its cold cache included (decision 0007).
    drMonthlyAllowanceUsd: 160,
  },
  uat: {
    network: { natMode: "single", flowLogs: false, flowLogRetentionDays: 14, interfaceEndpointsInEveryZone: false },
    environment: { deletionProtection: true, multiAz: false, encryption: true, logRetentionDays: 14 },
    database: {
      instanceClass: "db.t3.small",
      allocatedStorageGb: 50,
      maxAllocatedStorageGb: 200,
      backupRetentionDays: 14,
      ...NON_PROD_DATABASE,
      finalSnapshot: true,
      maxCapacity: 4,
    },
    databaseAlarms: { ...COMMON_DATABASE_ALARMS, freeableMemoryMiB: 128, connections: 150 },
    service: { cpu: 512, memory: 1024, minTasks: 2, maxTasks: 6, containerInsights: false, fargateSpot: true, onDemandBaseTasks: 1, httpsRequired: true, waf: true, execCommand: true },
    serviceAlarms: { ...COMMON_SERVICE_ALARMS, loadBalancer5xx: 25, target5xx: 25, p99ResponseSeconds: 3, taskFailures: 1 },
    // Seed 004's $150-200; the tier's defaults estimate at $144.07 in us-east-1, $154.83 in eu-west-1 (decision 0007).
    monthlyBudgetUsd: 200,
    // A DR network adds up to $166.11 at us-east-1 prices, $178.67 at eu-west-1's (decision 0007).
    drMonthlyAllowanceUsd: 180,
  },
  prod: {
    network: { natMode: "per-az", flowLogs: true, flowLogRetentionDays: 30, interfaceEndpointsInEveryZone: true },
    environment: { deletionProtection: true, multiAz: true, encryption: true, logRetentionDays: 30 },
    database: {
      instanceClass: "db.r6g.large",
      allocatedStorageGb: 100,
      maxAllocatedStorageGb: 500,
      backupRetentionDays: 30,
      enhancedMonitoringIntervalSeconds: 60,
      finalSnapshot: true,
      minCapacity: 2,
      maxCapacity: 16,
      readReplica: true,
    },
    databaseAlarms: { ...COMMON_DATABASE_ALARMS, freeableMemoryMiB: 1024, connections: 1000 },
    service: { cpu: 1024, memory: 2048, minTasks: 3, maxTasks: 10, containerInsights: true, fargateSpot: false, onDemandBaseTasks: 3, httpsRequired: true, waf: true, execCommand: false },
    serviceAlarms: { ...COMMON_SERVICE_ALARMS, loadBalancer5xx: 10, target5xx: 10, p99ResponseSeconds: 2, taskFailures: 0 },
    // Seed 004 says $300-500+, but its own prod table (db.r6g.large Multi-AZ with a read replica, a NAT gateway per zone) is
    // $812.65 in us-east-1 and $892.61 in eu-west-1, the database $528 of it; a DR region is on top (decision 0007).
    // The cache (two cache.t4g.medium nodes, its key and ten alarms: decision 0009) adds $77.92 in us-east-1, $86.10 in eu-west-1.
    monthlyBudgetUsd: 1000,
    // A DR network (the pilot light of decision 0005, its cold caches included) adds up to $346.63 at us-east-1 prices,
    // $378.68 at eu-west-1's (decision 0007).
    drMonthlyAllowanceUsd: 400,
  },
};

/** A tier's budget for an environment that sets none of its own: the preset's, with the DR allowance when it has a DR network. */
export function tierMonthlyBudgetUsd(tier: Tier, withDrNetwork: boolean): number {
  const preset = TIER_PRESETS[tier];
  return preset.monthlyBudgetUsd + (withDrNetwork ? preset.drMonthlyAllowanceUsd : 0);
}

/** The strictest of several tiers (prod over uat over staging over dev). */
export function strictestTier(tiers: readonly Tier[]): Tier | undefined {
  return [...tiers].sort((a, b) => TIERS.indexOf(b) - TIERS.indexOf(a))[0];
}
