import { APP_FILES_REPLICATION_MINUTES } from "./defaults";

/**
 * The app files' RPO in the DR region, in minutes: S3 Replication Time Control's commitment
 * (99.99% of objects within 15 minutes; S3 API Reference, `ReplicationTimeValue`: valid value 15),
 * not the database's 5 minutes.
 */
export const APP_FILES_RPO_MINUTES = APP_FILES_REPLICATION_MINUTES;

/** The thresholds of the app files replication alarms. */
export interface FilesReplicationAlarmSettings {
  /** Seconds behind (`ReplicationLatency`, Maximum) above which the latency alarm fires. */
  readonly latencySeconds: number;
  /** Failed operations (`OperationsFailedReplication`, Sum) in one period above which the failure alarm fires. */
  readonly failedOperations: number;
  /** The period of both alarms, in seconds (each alarms on one period). */
  readonly periodSeconds: number;
}

/**
 * The app files replication alarms (S3 User Guide, "Metrics and dimensions", replication metrics;
 * "Using S3 Replication metrics"): latency above RTC's 15 minutes (the files' RPO is breached),
 * and any failed operation, each over 5 minutes.
 */
export const APP_FILES_REPLICATION_ALARMS: FilesReplicationAlarmSettings = {
  latencySeconds: APP_FILES_RPO_MINUTES * 60,
  failedOperations: 0,
  periodSeconds: 300,
};
