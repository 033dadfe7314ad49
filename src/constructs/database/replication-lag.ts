import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/**
 * How far a DR copy is behind its source, as RDS reports it while the copy
 * replicates and stops reporting once it is promoted or detached: `ReplicaLag`
 * (seconds) of a cross-region read replica, `AuroraGlobalDBReplicationLag`
 * (milliseconds) of a global database's secondary cluster.
 */
export interface ReplicationLagMetric {
  /** The metric's name, in `AWS/RDS`. */
  readonly metricName: "ReplicaLag" | "AuroraGlobalDBReplicationLag";
  /** The dimension naming the copy. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** The metric's units in a second: 1 (seconds) or 1000 (milliseconds). */
  readonly unitsPerSecond: number;
}

/** The lag of a cross-region read replica instance. */
export const replicaLag = (instanceIdentifier: string): ReplicationLagMetric => ({
  metricName: "ReplicaLag",
  dimensions: { DBInstanceIdentifier: instanceIdentifier },
  unitsPerSecond: 1,
});

/** The lag of a global database's secondary cluster. */
export const globalDatabaseLag = (clusterIdentifier: string): ReplicationLagMetric => ({
  metricName: "AuroraGlobalDBReplicationLag",
  dimensions: { DBClusterIdentifier: clusterIdentifier },
  unitsPerSecond: 1000,
});

/** Minutes of lag above the RPO before the alarm fires. */
const LAG_EVALUATION_MINUTES = 5;

/** Properties of {@link replicationLagAlarm}. */
export interface ReplicationLagAlarmProps {
  /** The DR copy's identifier: the alarm is `<identifier>-database-replica-lag`. */
  readonly identifier: string;
  /** The copy's lag metric. */
  readonly metric: ReplicationLagMetric;
  /** The lag, in seconds, above which the alarm fires: the RPO. */
  readonly maxLagSeconds: number;
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
}

/** An alarm when the DR copy is further behind than the RPO for 5 minutes, or reports no lag at all (replication broken). */
export function replicationLagAlarm(scope: Construct, id: string, props: ReplicationLagAlarmProps): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: `${props.identifier}-database-replica-lag`,
    alarmDescription: `${props.identifier}: the DR copy is more than ${props.maxLagSeconds} s behind (the RPO), or reports no lag at all`,
    namespace: "AWS/RDS",
    metricName: props.metric.metricName,
    dimensions: { ...props.metric.dimensions },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: LAG_EVALUATION_MINUTES,
    comparisonOperator: "GreaterThanThreshold",
    threshold: props.maxLagSeconds * props.metric.unitsPerSecond,
    // No data means replication is broken, or the copy is gone: that is the RPO at risk too.
    treatMissingData: "breaching",
    alarmActions: [props.alarmTopicArn],
    okActions: [props.alarmTopicArn],
  });
}
