import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { ReplicationLagMetric } from "./replication-lag";

/** Properties of {@link FailoverGates}. */
export interface FailoverGatesProps {
  /** The DR database's identifier, for the descriptions. */
  readonly identifier: string;
  /** Its replication lag, which RDS reports only while it replicates. */
  readonly metric: ReplicationLagMetric;
  /** The alarms' names, unique in the account and region (CloudWatch overwrites an alarm of the same name). */
  readonly names: { readonly notWriter: string; readonly tookOver: string };
  /** Whether failover is declared (`activeRegion: "dr"`). */
  readonly declared: boolean;
}

/** One datapoint a minute decides the gates. */
const GATE_PERIOD_SECONDS = 60;

/**
 * Two alarms in the DR region that Route 53 health checks follow, so that DNS
 * moves only to a writable database, and only once the failover is declared.
 * Both watch the DR database's replication lag, which RDS reports while it
 * replicates (zero or more) and stops reporting (or reports -1) once promoted
 * or detached;
 * config decides the threshold and what missing data means:
 *
 * - `notWriter` is in ALARM while a lag of zero or more is reported, and, until
 *   failover is declared, whatever is reported or not. It is OK only when the
 *   failover is declared and the replica is promoted: the DR record answers only then.
 * - `tookOver` is OK until failover is declared, whatever is reported. Then it is
 *   in ALARM when no lag (or -1) is reported: the promoted database is the
 *   writer, and the primary record never
 *   answers again, even when the primary region comes back with its stale
 *   database (fail back is a new replica and a declared return, see the runbook).
 *
 * They page nobody: their state is the gate. Changing what missing data means
 * is a CloudWatch call in the DR region, so declaring the failover needs no
 * API of the primary region, nor Route 53's control plane.
 */
export class FailoverGates extends Construct {
  constructor(scope: Construct, id: string, props: FailoverGatesProps) {
    super(scope, id);
    const metric = {
      namespace: "AWS/RDS",
      metricName: props.metric.metricName,
      dimensions: { ...props.metric.dimensions },
      statistic: "Maximum",
      period: GATE_PERIOD_SECONDS,
      evaluationPeriods: 1,
      // Standing by, -1 (which RDS may report for stopped replication) counts as replicating.
      threshold: props.declared ? 0 : -1,
    };
    new CloudwatchMetricAlarm(this, "not-writer", {
      ...metric,
      alarmName: props.names.notWriter,
      alarmDescription: `${props.identifier} is not the writer: it still replicates${props.declared ? "" : ", and no failover is declared"}. While in ALARM, Route 53 does not answer with the DR region.`,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: props.declared ? "notBreaching" : "breaching",
    });
    new CloudwatchMetricAlarm(this, "took-over", {
      ...metric,
      alarmName: props.names.tookOver,
      alarmDescription: `${props.identifier} took over as the writer after a declared failover. While in ALARM, Route 53 does not answer with the primary region.`,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: props.declared ? "breaching" : "notBreaching",
    });
  }
}
