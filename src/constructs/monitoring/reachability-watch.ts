import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { join } from "node:path";
import { bundleReachabilityProbe, REACHABILITY_PROBE_ARCHIVE } from "../../../lambda/reachability-probe/bundle";
import { REACHABILITY_PROBE, WRITER_PROBE } from "../../config/dr/defaults";
import type { ResolvedDisasterRecovery } from "../../config/dr/resolve";
import { ScheduledProbe } from "./scheduled-probe";

/** Properties of {@link ReachabilityWatch}. */
export interface ReachabilityWatchProps {
  /** The probe's function, role, URL, metric and alarm. */
  readonly probe: NonNullable<ResolvedDisasterRecovery["reachabilityProbe"]>;
  /** The account. */
  readonly accountId: string;
  /** The key encrypting the function's log group. */
  readonly kmsKeyArn: string;
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
}

/**
 * Whether users reach the app, seen from the DR region: the reachability probe, outside any VPC,
 * fetches the health path at the app's domain every minute, and an alarm of the DR region pages
 * through its topic when the app has not answered for {@link REACHABILITY_PROBE.unreachableMinutes}
 * minutes in a row (or the probe wrote nothing). Before a failover that is the primary region
 * failing, detected from outside it; after one, the DR region serving.
 */
export class ReachabilityWatch extends Construct {
  constructor(scope: Construct, id: string, props: ReachabilityWatchProps) {
    super(scope, id);
    const { probe } = props;
    new ScheduledProbe(this, "probe", {
      functionName: probe.functionName,
      description: `Writes whether ${probe.url} answers, seen from this region, every minute`,
      archivePath: join(bundleReachabilityProbe(), REACHABILITY_PROBE_ARCHIVE),
      roleArn: `arn:aws:iam::${props.accountId}:role/${probe.roleName}`,
      environment: {
        PROBE_URL: probe.url,
        METRIC_NAMESPACE: probe.metric.namespace,
        METRIC_NAME: probe.metric.name,
        METRIC_DIMENSION: probe.metric.dimension.name,
        DIMENSION_VALUE: probe.metric.dimension.value,
      },
      kmsKeyArn: props.kmsKeyArn,
      scheduleMinutes: WRITER_PROBE.scheduleMinutes,
      timeoutSeconds: REACHABILITY_PROBE.timeoutSeconds,
      memoryMb: WRITER_PROBE.memoryMb,
      logRetentionDays: WRITER_PROBE.logRetentionDays,
    });
    new CloudwatchMetricAlarm(this, "unreachable", {
      alarmName: probe.alarmName,
      alarmDescription: `${probe.url} has not answered from this region for ${REACHABILITY_PROBE.unreachableMinutes} minutes: users cannot reach the app (before a failover, the primary region is failing)`,
      namespace: probe.metric.namespace,
      metricName: probe.metric.name,
      dimensions: { [probe.metric.dimension.name]: probe.metric.dimension.value },
      statistic: "Maximum",
      period: WRITER_PROBE.scheduleMinutes * 60,
      evaluationPeriods: REACHABILITY_PROBE.unreachableMinutes,
      datapointsToAlarm: REACHABILITY_PROBE.unreachableMinutes,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      // No datapoint means the probe is not running: nobody is watching, which must page too.
      treatMissingData: "breaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
  }
}
