import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { ResolvedDisasterRecovery } from "../../config/dr/resolve";

/** Properties of {@link FailoverGates}. */
export interface FailoverGatesProps {
  /** The DR database's identifier, for the descriptions. */
  readonly identifier: string;
  /** The writer probe's metric: 1 while the DR database takes writes, 0 otherwise. */
  readonly metric: ResolvedDisasterRecovery["writerProbe"]["metric"];
  /** The alarms' names, unique in the account and region (CloudWatch overwrites an alarm of the same name). */
  readonly names: ResolvedDisasterRecovery["gateAlarms"];
  /** The metric's period: the probe's schedule, in seconds. */
  readonly periodSeconds: number;
}

/**
 * Two alarms in the DR region that Route 53 health checks follow, on the writer probe's metric,
 * with one configuration in every state: a failover changes neither, because Route 53 evaluates
 * a health check's alarm with the settings it copied when the health check was created (Route 53
 * Developer Guide, "How Route 53 determines the status of health checks that monitor CloudWatch
 * alarms"; changing them takes `UpdateHealthCheck`, Route 53's control plane in us-east-1).
 *
 * - `notWriter`: in ALARM while the DR database reports it takes no writes (a replica, or a
 *   secondary cluster). The DR record answers only once it is OK: once the database is promoted.
 * - `tookOver`: in ALARM while the DR database takes writes. The primary record never answers
 *   then, even when the primary region comes back with its stale database; fail back makes the
 *   DR database a replica again, and the alarm OK.
 *
 * One minute, one datapoint, no DatapointsToAlarm and no missing-data treatment: Route 53 copies
 * neither (Route 53 API Reference, `CloudWatchAlarmConfiguration`), so what a missing datapoint
 * means is the health checks' `insufficient_data_health_status`. They page nobody: their state is
 * the gate.
 */
export class FailoverGates extends Construct {
  constructor(scope: Construct, id: string, props: FailoverGatesProps) {
    super(scope, id);
    const metric = {
      namespace: props.metric.namespace,
      metricName: props.metric.name,
      dimensions: { [props.metric.dimension.name]: props.metric.dimension.value },
      statistic: "Maximum",
      period: props.periodSeconds,
      evaluationPeriods: 1,
      threshold: 1,
    };
    new CloudwatchMetricAlarm(this, "not-writer", {
      ...metric,
      alarmName: props.names.notWriter,
      alarmDescription: `${props.identifier} takes no writes (a replica). While in ALARM, Route 53 does not answer with the DR region.`,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
    });
    new CloudwatchMetricAlarm(this, "took-over", {
      ...metric,
      alarmName: props.names.tookOver,
      alarmDescription: `${props.identifier} takes writes: it took over. While in ALARM, Route 53 does not answer with the primary region.`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
  }
}

/** Properties of {@link WriterProbeSilence}. */
export interface WriterProbeSilenceProps {
  /** The alarm's name, unique in the account and region. */
  readonly alarmName: string;
  /** The writer probe's metric. */
  readonly metric: ResolvedDisasterRecovery["writerProbe"]["metric"];
  /** The metric's period: the probe's schedule, in seconds. */
  readonly periodSeconds: number;
  /** Periods in a row without a datapoint before it pages. */
  readonly silentPeriods: number;
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
}

/**
 * An alarm that pages when the writer probe writes nothing: the gates' health checks then keep
 * their last known status (a new health check with no data counts as healthy: Route 53 API
 * Reference, `InsufficientDataHealthStatus`), so DNS would neither move on a promotion nor stay
 * off a replica that never reported. The gate alarms page nobody; this one does.
 */
export class WriterProbeSilence extends Construct {
  constructor(scope: Construct, id: string, props: WriterProbeSilenceProps) {
    super(scope, id);
    new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: props.alarmName,
      alarmDescription: `The writer probe wrote no datapoint for ${props.silentPeriods} minutes: the DNS failover gates are frozen in their last state`,
      namespace: props.metric.namespace,
      metricName: props.metric.name,
      dimensions: { [props.metric.dimension.name]: props.metric.dimension.value },
      statistic: "SampleCount",
      period: props.periodSeconds,
      evaluationPeriods: props.silentPeriods,
      datapointsToAlarm: props.silentPeriods,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
  }
}
