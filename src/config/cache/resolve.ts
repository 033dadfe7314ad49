import type { ResolvedDisasterRecovery } from "../dr/resolve";
import type { ResolvedEnvironment } from "../environment/resolve";
import { definedOnly } from "../shared/defined-only";
import {
  CACHE_ALARM_DEFAULTS,
  CACHE_APP_ACCESS_STRING,
  CACHE_MAINTENANCE_WINDOW,
  CACHE_MAXMEMORY_POLICY,
  CACHE_PORT,
  CACHE_SNAPSHOT_WINDOW,
  CACHE_TIER_DEFAULTS,
  CacheAlarmThresholds,
  CacheEngine,
  cacheParameterFamily,
  CacheTierSettings,
  DEFAULT_CACHE_ENGINE,
  DEFAULT_CACHE_VERSION,
  DR_STANDBY_CACHE_NODES,
} from "./defaults";
import type { CacheConfig } from "./schema";

/** One region's replication group: its names, and its shape there. */
export interface ResolvedCacheSite {
  /** The replication group's id: `<project>-<app>-<env>-cache` (`-dr-cache` in the DR region); the prefix of its other names. */
  readonly replicationGroupId: string;
  /** The member clusters ElastiCache names `<replication group id>-001`, `-002`, ...: one per node, which the alarms and dashboards name. */
  readonly memberClusterIds: readonly string[];
  /** Nodes: the primary and its replicas. */
  readonly nodeCount: number;
  /** Replicas in other zones than the primary's. */
  readonly multiAz: boolean;
  /** A replica is promoted when the primary fails. */
  readonly automaticFailover: boolean;
  /** Days daily snapshots are kept, 0 for none. */
  readonly snapshotRetentionDays: number;
}

/** An app's cache in one environment with every setting decided. */
export interface ResolvedCache {
  /** Valkey or Redis OSS. */
  readonly engine: CacheEngine;
  /** The pinned engine version, major.minor. */
  readonly engineVersion: string;
  /** The parameter group family, such as `valkey8`. */
  readonly parameterFamily: string;
  /** The node type. */
  readonly nodeType: string;
  /** The port the clients' group may reach. */
  readonly port: number;
  /** Daily snapshot window, UTC. */
  readonly snapshotWindow: string;
  /** Weekly maintenance window, UTC. */
  readonly maintenanceWindow: string;
  /** What the engine evicts when memory is full. */
  readonly maxmemoryPolicy: string;
  /**
   * The ElastiCache user the app connects as with IAM authentication: its id, which is also its
   * name (IAM authentication requires both to match), `<project>-<app>-<env>-cache-app`, the same
   * in both regions (users are regional).
   */
  readonly userId: string;
  /** The app user's access string. */
  readonly accessString: string;
  /** Alarm thresholds. */
  readonly alarms: CacheAlarmThresholds;
  /** The replication group in the environment's region. */
  readonly primary: ResolvedCacheSite;
  /**
   * The cold cache in the DR region, where the environment has a DR network: empty, one node while
   * standing by, the primary's shape once failed over (decision 0009). @default none
   */
  readonly dr?: ResolvedCacheSite;
}

/** `<id>-001` ... : the member clusters of a replication group of `nodes` nodes. */
const memberClusterIds = (replicationGroupId: string, nodes: number) => Array.from({ length: nodes }, (_, index) => `${replicationGroupId}-${String(index + 1).padStart(3, "0")}`);

/** A site of the given id and shape. */
function site(replicationGroupId: string, shape: Omit<ResolvedCacheSite, "replicationGroupId" | "memberClusterIds">): ResolvedCacheSite {
  return { replicationGroupId, memberClusterIds: memberClusterIds(replicationGroupId, shape.nodeCount), ...shape };
}

/** The tier's cache with the app's and the environment's settings over it (the merged `cache` block). */
export function cacheSettings(cache: CacheConfig, environment: Pick<ResolvedEnvironment, "tier">): CacheTierSettings & { readonly engine: CacheEngine; readonly engineVersion: string } {
  const engine = cache.engine ?? DEFAULT_CACHE_ENGINE;
  return { ...CACHE_TIER_DEFAULTS[environment.tier], ...definedOnly(cache), engine, engineVersion: cache.engineVersion ?? DEFAULT_CACHE_VERSION[engine] };
}

/**
 * An app's cache in one environment, or none where the merged settings leave it off. `name` is
 * `<project>-<app>-<env>`; `dr` the environment's disaster recovery, whose active region decides the
 * DR cache's shape.
 */
export function resolveCache(
  name: string,
  cache: CacheConfig,
  alarms: Partial<CacheAlarmThresholds>,
  environment: ResolvedEnvironment,
  dr: Pick<ResolvedDisasterRecovery, "active"> | undefined,
): ResolvedCache | undefined {
  const settings = cacheSettings(cache, environment);
  if (!settings.enabled) return undefined;
  const shape = { nodeCount: settings.nodeCount, multiAz: settings.multiAz, automaticFailover: settings.automaticFailover, snapshotRetentionDays: settings.snapshotRetentionDays };
  const standby = { nodeCount: DR_STANDBY_CACHE_NODES, multiAz: false, automaticFailover: false, snapshotRetentionDays: 0 };
  return {
    engine: settings.engine,
    engineVersion: settings.engineVersion,
    parameterFamily: cacheParameterFamily(settings.engine, settings.engineVersion),
    nodeType: settings.nodeType,
    port: CACHE_PORT,
    snapshotWindow: CACHE_SNAPSHOT_WINDOW,
    maintenanceWindow: CACHE_MAINTENANCE_WINDOW,
    maxmemoryPolicy: CACHE_MAXMEMORY_POLICY,
    userId: `${name}-cache-app`,
    accessString: CACHE_APP_ACCESS_STRING,
    alarms: { ...CACHE_ALARM_DEFAULTS[environment.tier], ...definedOnly(alarms) },
    primary: site(`${name}-cache`, shape),
    ...(dr ? { dr: site(`${name}-dr-cache`, dr.active ? shape : standby) } : {}),
  };
}
