/**
 * Disaster recovery of an app in an environment with a `drNetwork` (seed
 * 004: prod in us-east-1, DR in eu-west-1, RTO 30 minutes, RPO 5 minutes).
 */

/** Minutes within which S3 Replication Time Control replicates 99.99% of the app files: its only setting. */
export const APP_FILES_REPLICATION_MINUTES = 15;

/** Seed 004's recovery point objective: the most data a failover may lose, in seconds. The DR replica's lag alarm fires above it. */
export const DR_RPO_SECONDS = 300;

/** Where an environment runs unless it declares a failover (`activeRegion: "dr"`). */
export const DEFAULT_ACTIVE_REGION = "primary";

/** Tasks the pilot-light service runs in the DR region while standing by, unless the environment's `drStandbyTasks` says 0. */
export const DR_STANDBY_TASKS = 1;

/**
 * The primary load balancer's Route 53 health check: every 10 seconds, unhealthy after 3
 * failures in a row, so the primary counts as down about 30 seconds after it stops answering.
 */
export const PRIMARY_HEALTH_CHECK = { requestIntervalSeconds: 10, failureThreshold: 3 } as const;

/** Where Route 53 publishes its health checks' metrics, so where an alarm on one must live. */
export const ROUTE53_METRICS_REGION = "us-east-1";

/**
 * The writer probe: a function in the DR region that finds, every minute, whether the DR database
 * takes writes, and writes its `Writer` datapoint (1 or 0) to CloudWatch in that region. The DNS
 * gates are alarms on that metric whose configuration never changes, so Route 53 (which copies an
 * alarm's settings when the health check is created) follows a failover with no control-plane call.
 */
export const WRITER_PROBE = {
  /** The metric's namespace. */
  namespace: "Platform/Failover",
  /** The metric's name: 1 while the database takes writes, 0 otherwise. */
  metricName: "Writer",
  /** The dimension naming the DR database by its identifier. */
  dimensionName: "Database",
  /** How often the probe runs (EventBridge's shortest rate), which is also the gate alarms' period. */
  scheduleMinutes: 1,
  /** Seconds the function may run: a connection timeout of 5 s and one query. */
  timeoutSeconds: 20,
  /** Its memory, in MB. */
  memoryMb: 128,
  /** Days its log group keeps the datapoints' log lines. */
  logRetentionDays: 14,
  /** Minutes in a row without a datapoint before the silence alarm pages. */
  silentMinutes: 5,
} as const;

/**
 * The reachability probe: a function in the DR region, outside any VPC, that fetches the app's
 * health path at its domain every minute, as its users would, and writes `Reachable` (1 or 0). Its
 * alarm pages through the DR region's topic when the app has not answered for `unreachableMinutes`
 * minutes in a row: detection from outside the primary region, whose Route 53 metrics and alarms
 * are in us-east-1.
 */
export const REACHABILITY_PROBE = {
  /** The metric's name: 1 while the app answers 2xx or 3xx at its domain, 0 otherwise. */
  metricName: "Reachable",
  /** The dimension naming the domain. */
  dimensionName: "Domain",
  /** Minutes in a row without an answer before the alarm pages. */
  unreachableMinutes: 2,
  /** Seconds the function may run: a 4 s request and its DNS lookup. */
  timeoutSeconds: 10,
} as const;

