import type { SynthesizedResource } from "./synth";

/**
 * A model of Route 53 DNS failover over health checks that follow CloudWatch alarms, written from
 * AWS's documentation, not from what the platform hopes:
 *
 * - Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy",
 *   health checks that monitor CloudWatch alarms: Route 53's health checkers evaluate the alarm's
 *   metric data stream themselves, with the alarm settings Route 53 copied when the health check
 *   was created; changing the alarm afterwards changes nothing until the health check is updated
 *   ("Updating health checks when you change CloudWatch alarm settings"), which is
 *   `UpdateHealthCheck`, Route 53's control plane in us-east-1.
 * - Route 53 API Reference, `CloudWatchAlarmConfiguration`: what is copied is the comparison
 *   operator, evaluation periods, metric name, namespace, period, statistic, threshold and
 *   dimensions. Not the alarm's missing-data treatment: when the data stream holds too little,
 *   the health check's own `InsufficientDataHealthStatus` decides (`Healthy`, `Unhealthy`, or
 *   `LastKnownStatus`, which is healthy for a health check that has no last known status).
 * - Route 53 API Reference, `HealthCheckConfig.HealthThreshold`: a calculated health check is
 *   healthy while at least that many of its children are.
 * - Route 53 API Reference, `ResourceRecordSet.Failover`, and Developer Guide, "Configuring
 *   active-passive failover": the primary record answers while it is healthy; else the secondary
 *   while it is healthy; when both are unhealthy, the primary. An alias record with
 *   `EvaluateTargetHealth` is unhealthy while its load balancer has no healthy target.
 */

/** What Route 53 copies of an alarm when it creates a health check on it. */
export interface CopiedAlarm {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly comparison: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  readonly threshold: number;
}

/** Route 53's copy of a synthesized `aws_cloudwatch_metric_alarm`, as `CreateHealthCheck` takes it. */
export function copyAlarm(alarm: SynthesizedResource): CopiedAlarm {
  return {
    namespace: alarm.namespace,
    metricName: alarm.metric_name,
    dimensions: alarm.dimensions,
    statistic: alarm.statistic,
    period: alarm.period,
    evaluationPeriods: alarm.evaluation_periods,
    comparison: alarm.comparison_operator,
    threshold: alarm.threshold,
  };
}

/** One minute's datapoint of a metric (undefined: none arrived). The model's metrics have a 60 s period. */
export type Datapoint = number | undefined;

/** How a health check on an alarm treats too little data. */
export type InsufficientData = "Healthy" | "Unhealthy" | "LastKnownStatus";

const breaches = (alarm: CopiedAlarm, value: number) =>
  ({
    GreaterThanOrEqualToThreshold: value >= alarm.threshold,
    GreaterThanThreshold: value > alarm.threshold,
    LessThanThreshold: value < alarm.threshold,
    LessThanOrEqualToThreshold: value <= alarm.threshold,
  })[alarm.comparison];

/**
 * The statuses, minute by minute, of a health check on an alarm, from the metric's data stream:
 * unhealthy when every datapoint of the last `evaluationPeriods` periods breaches, healthy when
 * one does not, and the insufficient-data status when none arrived.
 */
export function alarmHealthCheckStatuses(alarm: CopiedAlarm, insufficient: InsufficientData, stream: readonly Datapoint[]): boolean[] {
  if (alarm.period !== 60) throw new Error(`the model evaluates one-minute periods; the alarm has ${alarm.period} s`);
  let lastKnown: boolean | undefined;
  return stream.map((_, minute) => {
    const window = stream.slice(Math.max(0, minute + 1 - alarm.evaluationPeriods), minute + 1).filter((value): value is number => value !== undefined);
    if (window.length === 0) return insufficient === "Healthy" ? true : insufficient === "Unhealthy" ? false : (lastKnown ?? true);
    lastKnown = !window.every((value) => breaches(alarm, value));
    return lastKnown;
  });
}

/** The answer of a PRIMARY/SECONDARY failover pair, from each record's health. */
export function failoverAnswer(primaryHealthy: boolean, secondaryHealthy: boolean): "primary" | "secondary" {
  return primaryHealthy ? "primary" : secondaryHealthy ? "secondary" : "primary";
}
