import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { replicationRuleId, ReplicaDestination } from "./bucket-replication";

/** Properties of a {@link ReplicationAlarms}. */
export interface ReplicationAlarmsProps {
  /** The prefix of the alarms' names, unique per account and region (CloudWatch silently replaces an alarm of the same name). */
  readonly namePrefix: string;
  /** The source bucket's name (the `SourceBucket` dimension). */
  readonly sourceBucketName: string;
  /** The destinations it replicates to, each by a rule {@link replicationRuleId} names (the `DestinationBucket` and `RuleId` dimensions). */
  readonly destinations: readonly Pick<ReplicaDestination, "bucketName" | "region">[];
  /** Seconds the destination may be behind (`ReplicationLatency`, Maximum) before the latency alarm fires: RTC's 15 minutes. */
  readonly latencySeconds: number;
  /** Failed operations (`OperationsFailedReplication`, Sum) in one period above which the failure alarm fires. */
  readonly failedOperations: number;
  /** The alarms' period, in seconds; each alarms on one period. */
  readonly periodSeconds: number;
  /** The alarm topic of the source bucket's region, where S3 publishes the replication metrics. */
  readonly alarmTopicArn: string;
}

/**
 * Alarms on S3's replication metrics of each replication rule (S3 User Guide, "Using S3 Replication
 * metrics" and "Metrics and dimensions": namespace `AWS/S3`, dimensions `SourceBucket`,
 * `DestinationBucket` and `RuleId`; the metrics need `Metrics` enabled on the rule, which RTC
 * requires): one when the destination is further behind than `latencySeconds`
 * (`ReplicationLatency`, Maximum, in seconds), one when any operation fails to replicate
 * (`OperationsFailedReplication`, Sum). They must live in the source bucket's region, where S3
 * publishes these metrics. A rule with nothing to replicate may publish no data, which is not a
 * breach: a stalled rule shows as latency, a broken one as failures.
 */
export class ReplicationAlarms extends Construct {
  constructor(scope: Construct, id: string, props: ReplicationAlarmsProps) {
    super(scope, id);
    for (const destination of props.destinations) {
      const ruleId = replicationRuleId(destination);
      const dimensions = { SourceBucket: props.sourceBucketName, DestinationBucket: destination.bucketName, RuleId: ruleId };
      const common = {
        namespace: "AWS/S3",
        dimensions,
        period: props.periodSeconds,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      };
      new CloudwatchMetricAlarm(this, `${ruleId}-latency`, {
        ...common,
        alarmName: `${props.namePrefix}-${ruleId}-latency`,
        alarmDescription: `${props.sourceBucketName} -> ${destination.bucketName}: replication is more than ${props.latencySeconds} s behind (Replication Time Control's threshold, the files' RPO)`,
        metricName: "ReplicationLatency",
        statistic: "Maximum",
        threshold: props.latencySeconds,
      });
      new CloudwatchMetricAlarm(this, `${ruleId}-failures`, {
        ...common,
        alarmName: `${props.namePrefix}-${ruleId}-failures`,
        alarmDescription: `${props.sourceBucketName} -> ${destination.bucketName}: objects failed to replicate (they stay FAILED until replicated again, with S3 Batch Replication)`,
        metricName: "OperationsFailedReplication",
        statistic: "Sum",
        threshold: props.failedOperations,
      });
    }
  }
}
