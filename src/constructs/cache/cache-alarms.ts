import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { CacheAlarmThresholds } from "../../config/cache/defaults";

/** Properties of {@link CacheAlarms}. */
export interface CacheAlarmsProps {
  /** Prefix of the alarm names, unique in the account and region (CloudWatch overwrites an alarm of the same name): the replication group's id. */
  readonly name: string;
  /** The replication group's member clusters, one per node (`<id>-001`, ...): the `CacheClusterId` dimension of its metrics. */
  readonly memberClusterIds: readonly string[];
  /** Thresholds. */
  readonly thresholds: CacheAlarmThresholds;
  /** The topic alarms go to. */
  readonly alarmTopicArn: string;
}

/** Seconds per datapoint, and datapoints that must breach before an alarm fires. */
const PERIOD_SECONDS = 300;
const EVALUATION_PERIODS = 2;

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly metric: string;
  readonly statistic: "Average" | "Sum" | "Maximum";
  readonly threshold: number;
}

/**
 * The cache's alarms, one set per node, to the environment's alarm topic (alarm and recovery): host
 * CPU, the engine thread's CPU, memory use, evictions, and, where the group has replicas,
 * replication lag (which only replicas report: a primary's missing datapoints are not breaching,
 * and after a failover the new replica's alarm takes over). ElastiCache publishes these per node
 * under `CacheClusterId` (ElastiCache User Guide, "Which Metrics Should I Monitor?").
 */
export class CacheAlarms extends Construct {
  constructor(scope: Construct, id: string, props: CacheAlarmsProps) {
    super(scope, id);
    const { thresholds } = props;
    const specs: AlarmSpec[] = [
      { id: "cpu", description: `host CPU above ${thresholds.cpuPercent}%`, metric: "CPUUtilization", statistic: "Average", threshold: thresholds.cpuPercent },
      { id: "engine-cpu", description: `engine CPU above ${thresholds.engineCpuPercent}%`, metric: "EngineCPUUtilization", statistic: "Average", threshold: thresholds.engineCpuPercent },
      { id: "memory", description: `memory use above ${thresholds.memoryPercent}%`, metric: "DatabaseMemoryUsagePercentage", statistic: "Average", threshold: thresholds.memoryPercent },
      { id: "evictions", description: `more than ${thresholds.evictions} evictions in 5 minutes`, metric: "Evictions", statistic: "Sum", threshold: thresholds.evictions },
      ...(props.memberClusterIds.length > 1
        ? [{ id: "replication-lag", description: `replication lag above ${thresholds.replicationLagSeconds} s`, metric: "ReplicationLag", statistic: "Maximum" as const, threshold: thresholds.replicationLagSeconds }]
        : []),
    ];
    for (const cluster of props.memberClusterIds) {
      // `<id>-001`: the node's number names its alarms.
      const node = cluster.slice(cluster.lastIndexOf("-") + 1);
      for (const spec of specs) {
        new CloudwatchMetricAlarm(this, `${node}-${spec.id}`, {
          alarmName: `${props.name}-${node}-${spec.id}`,
          alarmDescription: `${props.name} node ${node}: ${spec.description}`,
          namespace: "AWS/ElastiCache",
          metricName: spec.metric,
          dimensions: { CacheClusterId: cluster },
          statistic: spec.statistic,
          period: PERIOD_SECONDS,
          evaluationPeriods: EVALUATION_PERIODS,
          comparisonOperator: "GreaterThanThreshold",
          threshold: spec.threshold,
          treatMissingData: spec.id === "replication-lag" ? "notBreaching" : "missing",
          alarmActions: [props.alarmTopicArn],
          okActions: [props.alarmTopicArn],
        });
      }
    }
  }
}
