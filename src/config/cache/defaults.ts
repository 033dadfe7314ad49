/**
 * Cache defaults (seed 002's Redis cache beside PostgreSQL): the engines and
 * versions ElastiCache runs with IAM authentication, the node families the
 * platform allows, and each tier's sizing and alarm thresholds. Decision 0009.
 */
import type { Tier } from "../shared/tiers";

/** Engines an app's cache can run: Valkey (the open-source fork of Redis OSS 7.2) or Redis OSS. */
export const CACHE_ENGINES = ["valkey", "redis"] as const;

/** A cache engine. */
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** The engine a cache gets when config names none: Valkey, priced below Redis OSS on ElastiCache and wire-compatible with it. */
export const DEFAULT_CACHE_ENGINE: CacheEngine = "valkey";

/**
 * The versions (major.minor) each engine is known to create replication groups with and that take
 * IAM authentication (ElastiCache User Guide, "Authenticating with IAM", Limitations: Valkey 7.2 and
 * above, Redis OSS 7.0 and above). Add a version once `aws elasticache describe-cache-engine-versions
 * --engine <valkey|redis>` lists it in your regions.
 */
export const KNOWN_CACHE_VERSIONS: Readonly<Record<CacheEngine, readonly string[]>> = {
  valkey: ["7.2", "8.0", "8.1"],
  redis: ["7.0", "7.1"],
};

/** The pinned version of each engine: upgrades are explicit (config or this constant), never AWS's own. */
export const DEFAULT_CACHE_VERSION: Readonly<Record<CacheEngine, string>> = { valkey: "8.1", redis: "7.1" };

/** The parameter group family of an engine version: `valkey8`, `redis7`. */
export const cacheParameterFamily = (engine: CacheEngine, version: string) => `${engine}${version.split(".")[0]}`;

/**
 * Node families the platform allows: current-generation Graviton and burstable types, which take
 * encryption at rest and in transit, Multi-AZ and automatic failover. Older generations (t2, m4, r4)
 * cannot fail over automatically or are priced above their successors.
 */
export const CACHE_NODE_FAMILIES = ["t4g", "t3", "m6g", "m7g", "r6g", "r7g"] as const;

/** The port Valkey and Redis OSS listen on, which the cache's security group admits from its clients only. */
export const CACHE_PORT = 6379;

/** Nodes a replication group may have: a primary and up to five replicas. */
export const MAX_CACHE_NODES = 6;

/** ElastiCache's limit on a replication group id's length (and a user's id, which IAM authentication makes its name too). */
export const MAX_CACHE_ID_LENGTH = 40;

/** The daily snapshot window (UTC): after the database's backups (03:00-04:00), before the maintenance window. */
export const CACHE_SNAPSHOT_WINDOW = "04:00-05:00";

/** The weekly maintenance window (UTC), after the database's (sun 04:30-05:30) so the two never overlap. */
export const CACHE_MAINTENANCE_WINDOW = "sun:06:00-sun:07:00";

/** What the cache evicts when full: any key, least recently used first (a cache holds nothing it cannot rebuild). */
export const CACHE_MAXMEMORY_POLICY = "allkeys-lru";

/**
 * The app user's access string: every key and command but the dangerous ones (a cache client
 * never reconfigures, flushes or debugs the server).
 */
export const CACHE_APP_ACCESS_STRING = "on ~* +@all -@dangerous";

/** Nodes the DR region's cold cache runs while the environment stands by (one, no replica): the environment's own shape once failed over. */
export const DR_STANDBY_CACHE_NODES = 1;

/** A cache's sizing and protections a tier implies; each can be overridden per app and environment. */
export interface CacheTierSettings {
  /** Whether the app has a cache in the tier's environments. */
  readonly enabled: boolean;
  /** The node type, `cache.<family>.<size>`. */
  readonly nodeType: string;
  /** Nodes: a primary and its replicas. */
  readonly nodeCount: number;
  /** Replicas in other zones than the primary's (needs automatic failover). */
  readonly multiAz: boolean;
  /** A replica is promoted when the primary fails (needs at least 2 nodes). */
  readonly automaticFailover: boolean;
  /** Days daily snapshots are kept, 0 for none. */
  readonly snapshotRetentionDays: number;
}

/** Cache alarm thresholds a tier implies; each can be overridden per app and environment. */
export interface CacheAlarmThresholds {
  /** Host CPU (CPUUtilization) above which a node's alarm fires, in percent. */
  readonly cpuPercent: number;
  /** The engine thread's CPU (EngineCPUUtilization) above which a node's alarm fires, in percent. */
  readonly engineCpuPercent: number;
  /** Memory used of the node's maximum (DatabaseMemoryUsagePercentage) above which the alarm fires, in percent. */
  readonly memoryPercent: number;
  /** Keys evicted per 5 minutes above which the alarm fires. */
  readonly evictions: number;
  /** A replica's lag behind the primary (ReplicationLag) above which the alarm fires, in seconds. */
  readonly replicationLagSeconds: number;
}

/**
 * Each tier's cache: none in dev (its budget); one small node in staging and uat, so the
 * single-node path runs before prod; in prod a primary and a replica in another zone with automatic
 * failover and a week of snapshots.
 */
export const CACHE_TIER_DEFAULTS: Readonly<Record<Tier, CacheTierSettings>> = {
  dev: { enabled: false, nodeType: "cache.t4g.micro", nodeCount: 1, multiAz: false, automaticFailover: false, snapshotRetentionDays: 0 },
  staging: { enabled: true, nodeType: "cache.t4g.micro", nodeCount: 1, multiAz: false, automaticFailover: false, snapshotRetentionDays: 0 },
  uat: { enabled: true, nodeType: "cache.t4g.small", nodeCount: 1, multiAz: false, automaticFailover: false, snapshotRetentionDays: 0 },
  prod: { enabled: true, nodeType: "cache.t4g.medium", nodeCount: 2, multiAz: true, automaticFailover: true, snapshotRetentionDays: 7 },
};

/** Cache thresholds the tiers share unless overridden. */
const COMMON_CACHE_ALARMS = { cpuPercent: 90, engineCpuPercent: 80, memoryPercent: 80, replicationLagSeconds: 30 } as const;

/** Each tier's cache alarm thresholds: evictions tolerated more where traffic is test traffic. */
export const CACHE_ALARM_DEFAULTS: Readonly<Record<Tier, CacheAlarmThresholds>> = {
  dev: { ...COMMON_CACHE_ALARMS, evictions: 1000 },
  staging: { ...COMMON_CACHE_ALARMS, evictions: 1000 },
  uat: { ...COMMON_CACHE_ALARMS, evictions: 500 },
  prod: { ...COMMON_CACHE_ALARMS, evictions: 100 },
};
