import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Construct } from "constructs";

/** A CloudWatch alarm a health check follows: by name, in its region. */
export interface GateAlarm {
  /** The alarm's name. */
  readonly name: string;
  /** The alarm's region. */
  readonly region: string;
}

/** Properties of {@link PrimaryHealthCheck}. */
export interface PrimaryHealthCheckProps {
  /** Prefix of the health checks' and the alarm's names. */
  readonly name: string;
  /** The primary load balancer's DNS name: the endpoint check probes it over HTTPS (the domain itself resolves by failover). */
  readonly loadBalancerDnsName: string;
  /** The path that answers 2xx or 3xx while the app is healthy. */
  readonly healthCheckPath: string;
  /** Seconds between probes (10 or 30) and failed probes in a row before the endpoint counts as down. */
  readonly probe: { readonly requestIntervalSeconds: number; readonly failureThreshold: number };
  /** The DR region's alarm that is in ALARM while the DR database takes writes (it took over): then the primary never answers. */
  readonly tookOver: GateAlarm;
  /**
   * The topic the endpoint check's alarm goes to, in us-east-1: Route 53 publishes health check
   * metrics there only. @default no alarm (the primary region is not us-east-1)
   */
  readonly alarmTopicArn?: string;
}

/** Properties of {@link SecondaryHealthCheck}. */
export interface SecondaryHealthCheckProps {
  /** Prefix of the health check's name. */
  readonly name: string;
  /** The DR region's alarm that is OK only while the DR database takes writes: once it is promoted. */
  readonly notWriter: GateAlarm;
}

const HTTPS_PORT = 443;

/** A health check that follows a CloudWatch alarm: healthy while it is OK. */
function alarmHealthCheck(scope: Construct, id: string, name: string, alarm: GateAlarm, insufficientData: "Unhealthy" | "LastKnownStatus"): Route53HealthCheck {
  return new Route53HealthCheck(scope, id, {
    type: "CLOUDWATCH_METRIC",
    cloudwatchAlarmName: alarm.name,
    cloudwatchAlarmRegion: alarm.region,
    insufficientDataHealthStatus: insufficientData,
    tags: { Name: name },
  });
}

/**
 * What the primary failover record answers on: a calculated health check,
 * healthy only while both its children are: the primary load balancer answers
 * its health path over HTTPS, and the DR database has not taken over. An alarm
 * pages when the endpoint check fails.
 */
export class PrimaryHealthCheck extends Construct {
  /** The calculated health check's id, for the primary record. */
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: PrimaryHealthCheckProps) {
    super(scope, id);
    const endpoint = new Route53HealthCheck(this, "endpoint", {
      type: "HTTPS",
      fqdn: props.loadBalancerDnsName,
      port: HTTPS_PORT,
      resourcePath: props.healthCheckPath,
      // The load balancer's name is not the certificate's: Route 53 checks no certificate, and SNI still reaches the listener.
      enableSni: true,
      requestInterval: props.probe.requestIntervalSeconds,
      failureThreshold: props.probe.failureThreshold,
      tags: { Name: `${props.name}-primary-endpoint` },
    });
    // If the DR region's CloudWatch cannot be read, the last known status (healthy for a new check) keeps the primary answering.
    const notTakenOver = alarmHealthCheck(this, "dr-not-taken-over", `${props.name}-dr-not-taken-over`, props.tookOver, "LastKnownStatus");
    const primary = new Route53HealthCheck(this, "primary", {
      type: "CALCULATED",
      childHealthchecks: [endpoint.id, notTakenOver.id],
      childHealthThreshold: 2,
      tags: { Name: `${props.name}-primary` },
    });
    if (props.alarmTopicArn !== undefined) {
      new CloudwatchMetricAlarm(this, "endpoint-alarm", {
        alarmName: `${props.name}-primary-endpoint-health`,
        alarmDescription: `${props.name}: Route 53 finds the primary load balancer unhealthy; DNS fails over once the DR database is promoted`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: endpoint.id },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      });
    }
    this.healthCheckId = primary.id;
  }
}

/**
 * What the secondary (DR) failover record answers on, with its load
 * balancer's target health: the DR region's alarm that is OK only while the
 * DR database takes writes, which it does once promoted. Until then Route 53
 * finds the secondary unhealthy and answers with the primary, even when the
 * primary is down too, so no traffic reaches a read-only database.
 */
export class SecondaryHealthCheck extends Construct {
  /** The health check's id, for the secondary record. */
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: SecondaryHealthCheckProps) {
    super(scope, id);
    // Too little data keeps the last known status: a replica stays unhealthy, a promoted writer healthy, while the probe's data is late.
    this.healthCheckId = alarmHealthCheck(this, "dr-writer", `${props.name}-dr-writer`, props.notWriter, "LastKnownStatus").id;
  }
}
