/**
 * Environment tiers and their presets: seed 004's per-environment tables.
 * A new environment is one line (`{ network, tier }`) plus any overrides.
 */

/** The environment tiers, from least to most strict. */
export const TIERS = ["dev", "staging", "uat", "prod"] as const;

/** An environment tier. */
export type Tier = (typeof TIERS)[number];

/** How private subnets reach the internet. */
export const NAT_MODES = ["none", "single", "per-az"] as const;

/** A NAT gateway mode: none, one shared gateway, or one gateway per availability zone. */
export type NatMode = (typeof NAT_MODES)[number];

/** Network settings a tier implies for the networks its environments run in. */
export interface NetworkTierSettings {
  /** NAT gateways of the network (seed 004: off in dev, single in staging and uat, per-AZ in prod). */
  readonly natMode: NatMode;
  /** Whether VPC flow logs are on (seed 004: prod only). */
  readonly flowLogs: boolean;
  /** Flow log retention in days (seed 004: 30 days in prod). */
  readonly flowLogRetentionDays: number;
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

/** Everything a tier presets. */
export interface TierPreset {
  /** Settings for the networks the tier's environments run in. */
  readonly network: NetworkTierSettings;
  /** Settings for the tier's environments. */
  readonly environment: EnvironmentTierSettings;
}

/** Seed 004's tables, one column per tier. */
export const TIER_PRESETS: Readonly<Record<Tier, TierPreset>> = {
  dev: {
    network: { natMode: "none", flowLogs: false, flowLogRetentionDays: 7 },
    environment: { deletionProtection: false, multiAz: false, encryption: true, logRetentionDays: 7 },
  },
  staging: {
    network: { natMode: "single", flowLogs: false, flowLogRetentionDays: 14 },
    environment: { deletionProtection: false, multiAz: false, encryption: true, logRetentionDays: 14 },
  },
  uat: {
    network: { natMode: "single", flowLogs: false, flowLogRetentionDays: 14 },
    environment: { deletionProtection: true, multiAz: false, encryption: true, logRetentionDays: 14 },
  },
  prod: {
    network: { natMode: "per-az", flowLogs: true, flowLogRetentionDays: 30 },
    environment: { deletionProtection: true, multiAz: true, encryption: true, logRetentionDays: 30 },
  },
};

/** The strictest of several tiers (prod over uat over staging over dev). */
export function strictestTier(tiers: readonly Tier[]): Tier | undefined {
  return [...tiers].sort((a, b) => TIERS.indexOf(b) - TIERS.indexOf(a))[0];
}

