import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
import { GateAlarm, PrimaryHealthCheck, SecondaryHealthCheck } from "./failover-health-checks";

/** A load balancer a failover record points at. */
export interface FailoverTarget {
  /** Its DNS name. */
  readonly dnsName: string;
  /** Its Route 53 zone. */
  readonly zoneId: string;
  /** Its region: the record's set identifier. */
  readonly region: string;
}

/** Properties of {@link FailoverRecords}. */
export interface FailoverRecordsProps {
  /** Prefix of the health checks' and alarm's names, `<project>-<app>-<env>`. */
  readonly name: string;
  /** The app's domain and its hosted zone. */
  readonly domain: { readonly name: string; readonly hostedZoneId: string };
  /** The primary region's load balancer. */
  readonly primary: FailoverTarget;
  /** The DR region's load balancer. */
  readonly secondary: FailoverTarget;
  /** The path that answers 2xx or 3xx while the app is healthy. */
  readonly healthCheckPath: string;
  /** The primary endpoint check's interval (10 or 30 seconds) and failures in a row before it counts as down. */
  readonly probe: { readonly requestIntervalSeconds: number; readonly failureThreshold: number };
  /** The DR region's gate alarms (see `FailoverGates`). */
  readonly gates: { readonly notWriter: GateAlarm; readonly tookOver: GateAlarm };
  /** The topic the primary endpoint check's alarm goes to, in us-east-1. @default no alarm */
  readonly alarmTopicArn?: string;
}

/**
 * The domain's failover pair (seed 004: Route 53 health checks): a PRIMARY
 * alias record to the primary load balancer and a SECONDARY one to the DR
 * load balancer, each answering only while its health check and its load
 * balancer's targets are healthy. Route 53 answers with the secondary only
 * while the primary is unhealthy and the secondary healthy, and with the
 * primary whenever the secondary is unhealthy, so traffic stays put until the
 * DR database is promoted, and never returns to a primary it took over from.
 */
export class FailoverRecords extends Construct {
  constructor(scope: Construct, id: string, props: FailoverRecordsProps) {
    super(scope, id);
    const primaryCheck = new PrimaryHealthCheck(this, "primary-health", {
      name: props.name,
      loadBalancerDnsName: props.primary.dnsName,
      healthCheckPath: props.healthCheckPath,
      probe: props.probe,
      tookOver: props.gates.tookOver,
      alarmTopicArn: props.alarmTopicArn,
    });
    const secondaryCheck = new SecondaryHealthCheck(this, "secondary-health", { name: props.name, notWriter: props.gates.notWriter });
    const sides = [
      { role: "PRIMARY", target: props.primary, healthCheckId: primaryCheck.healthCheckId },
      { role: "SECONDARY", target: props.secondary, healthCheckId: secondaryCheck.healthCheckId },
    ] as const;
    for (const { role, target, healthCheckId } of sides) {
      new Route53Record(this, role.toLowerCase(), {
        zoneId: props.domain.hostedZoneId,
        name: props.domain.name,
        type: "A",
        setIdentifier: target.region,
        failoverRoutingPolicy: { type: role },
        healthCheckId,
        alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true },
      });
    }
  }
}
