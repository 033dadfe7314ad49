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
