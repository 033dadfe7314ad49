/**
 * The fixed monthly charges of monitoring: CloudWatch alarms (the stack's own
 * and those Application Auto Scaling creates for a target-tracking policy),
 * composite alarms, CloudWatch dashboards, Route 53 health checks and hosted zones.
 */
import { costLine, type CostLine } from "./cost-line";
import { regionPrices, type Pricer } from "./pricer";
import { block, blocks, numberArgument, stringArgument, type JsonObject } from "./terraform-json";

/** Alarm periods under this many seconds are high resolution. */
const HIGH_RESOLUTION_BELOW_SECONDS = 60;

/** The extra metrics (upper and lower band) CloudWatch bills for each anomaly detection band in an alarm. */
const ANOMALY_BAND_METRICS = 2;

/** The region Route 53's global prices are reported under. */
const GLOBAL = "global";

/** Health check types with an endpoint (the others are calculated, CloudWatch-metric or recovery control checks). */
const ENDPOINT_CHECK_TYPES = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/** The health check types without an endpoint that are priced, and what the item calls them. */
const ENDPOINTLESS_CHECK_KINDS: Readonly<Record<string, string>> = { CALCULATED: "calculated", CLOUDWATCH_METRIC: "CloudWatch alarm" };

/** A health check interval (seconds) that is the "fast interval" option. */
const FAST_INTERVAL_SECONDS = 10;

/** Whether a period argument (seconds) is high resolution. */
function isHighResolution(body: JsonObject): boolean {
  const period = numberArgument(body, "period");
  return period !== undefined && period < HIGH_RESOLUTION_BELOW_SECONDS;
}

/**
 * A metric alarm by the alarm metric-month: one metric, or each metric of its
 * `metric_query` (expressions are free, an anomaly detection band adds two),
 * high resolution when the period is under 60 s.
 */
export const priceMetricAlarm: Pricer = (alarm, { stack, prices }) => {
  const region = stack.regionOf(alarm);
  const regional = regionPrices(prices, region, alarm);
  const queries = blocks(alarm.body, "metric_query");
  const metrics = queries.length > 0 ? queries.flatMap((query) => blocks(query, "metric")) : [alarm.body];
  if (metrics.length === 0) throw new Error(`${alarm.address}: an alarm on a query with no metric (a Metrics Insights query) is not in the price table; add it to src/cost/monitoring-costs.ts`);
  const highResolution = metrics.filter(isHighResolution).length;
  const bands = queries.filter((query) => stringArgument(query, "expression")?.includes("ANOMALY_DETECTION_BAND")).length;
  const standard = metrics.length - highResolution + bands * ANOMALY_BAND_METRICS;
  const lines: CostLine[] = [];
  if (standard > 0) lines.push(costLine({ item: "CloudWatch alarm metric", resource: alarm.address, region, quantity: standard, unit: "alarm-metric-month", unitPriceUsd: regional.alarmMetricMonth }));
  if (highResolution > 0) {
    lines.push(
      costLine({
        item: "CloudWatch high-resolution alarm metric",
        resource: alarm.address,
        region,
        quantity: highResolution,
        unit: "alarm-metric-month",
        unitPriceUsd: regional.highResolutionAlarmMetricMonth,
      }),
    );
  }
  return lines;
};

/** A composite alarm, by the month. */
export const priceCompositeAlarm: Pricer = (alarm, { stack, prices }) => {
  const region = stack.regionOf(alarm);
  return [costLine({ item: "CloudWatch composite alarm", resource: alarm.address, region, quantity: 1, unit: "alarm-month", unitPriceUsd: regionPrices(prices, region, alarm).compositeAlarmMonth })];
};

/**
 * A target-tracking scaling policy's alarms, which Application Auto Scaling
 * creates and CloudWatch bills: one to scale out and, unless
 * `disable_scale_in`, one to scale in. Step and predictive policies create none.
 */
export const priceScalingPolicy: Pricer = (policy, { stack, prices }) => {
  if (policy.body.policy_type !== "TargetTrackingScaling") return [];
  const region = stack.regionOf(policy);
  const configuration = block(policy.body, "target_tracking_scaling_policy_configuration");
  const alarms = configuration?.disable_scale_in === true ? 1 : 2;
  return [
    costLine({
      item: "CloudWatch alarm metric (target tracking, created by Application Auto Scaling)",
      resource: policy.address,
      region,
      quantity: alarms,
      unit: "alarm-metric-month",
      unitPriceUsd: regionPrices(prices, region, policy).alarmMetricMonth,
    }),
  ];
};

/**
 * A CloudWatch dashboard, by the month. Dashboards are account-wide (PutDashboard: "All dashboards
 * in your account are global, not region-specific") and an account's first three (of up to 50
 * metrics each) are free; the estimate prices each stack on its own, so it charges every dashboard
 * and says so: an account with three dashboards or fewer in all pays nothing for them.
 */
export const priceDashboard: Pricer = (dashboard, { prices }) => {
  const { dashboardMonth, freeDashboardsPerAccount } = prices.global.cloudwatch;
  return [
    costLine({
      item: `CloudWatch dashboard (an account's first ${freeDashboardsPerAccount} are free: not deducted)`,
      resource: dashboard.address,
      region: GLOBAL,
      quantity: 1,
      unit: "dashboard-month",
      unitPriceUsd: dashboardMonth,
    }),
  ];
};

/**
 * A Route 53 health check by the month, and its optional features (HTTPS,
 * string matching, 10 s interval, latency measurement) by the month each. An
 * endpoint given as an expression (something the platform creates) is an AWS
 * endpoint; a literal one is priced as outside AWS. Calculated and
 * CloudWatch-metric checks are priced as basic AWS endpoint checks; recovery
 * control checks throw.
 */
export const priceHealthCheck: Pricer = (check, { prices }) => {
  const route53 = prices.global.route53;
  const type = stringArgument(check.body, "type") ?? "";
  if (!ENDPOINT_CHECK_TYPES.includes(type)) {
    const kind = Object.hasOwn(ENDPOINTLESS_CHECK_KINDS, type) ? ENDPOINTLESS_CHECK_KINDS[type] : undefined;
    if (kind === undefined) throw new Error(`${check.address}: ${type || "untyped"} health checks are not in the price table; add them to src/cost/monitoring-costs.ts`);
    return [costLine({ item: `Route 53 ${kind} health check`, resource: check.address, region: GLOBAL, quantity: 1, unit: "check-month", unitPriceUsd: route53.awsEndpointHealthCheckMonth })];
  }
  const endpoint = stringArgument(check.body, "fqdn") ?? stringArgument(check.body, "ip_address") ?? "";
  const inAws = endpoint.includes("${");
  const where = inAws ? "AWS endpoint" : "endpoint outside AWS";
  const options = [type.startsWith("HTTPS"), type.endsWith("_STR_MATCH"), numberArgument(check.body, "request_interval") === FAST_INTERVAL_SECONDS, check.body.measure_latency === true].filter(Boolean).length;
  const lines = [
    costLine({
      item: `Route 53 health check (${where})`,
      resource: check.address,
      region: GLOBAL,
      quantity: 1,
      unit: "check-month",
      unitPriceUsd: inAws ? route53.awsEndpointHealthCheckMonth : route53.otherEndpointHealthCheckMonth,
    }),
  ];
  if (options > 0) {
    lines.push(
      costLine({
        item: `Route 53 health check optional feature (${where})`,
        resource: check.address,
        region: GLOBAL,
        quantity: options,
        unit: "option-month",
        unitPriceUsd: inAws ? route53.awsEndpointOptionMonth : route53.otherEndpointOptionMonth,
      }),
    );
  }
  return lines;
};

/** A Route 53 hosted zone, public or private, by the month. */
export const priceHostedZone: Pricer = (zone, { prices }) => [
  costLine({ item: "Route 53 hosted zone", resource: zone.address, region: GLOBAL, quantity: 1, unit: "zone-month", unitPriceUsd: prices.global.route53.hostedZoneMonth }),
];
