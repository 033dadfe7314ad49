import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { PRIMARY_HEALTH_CHECK, ROUTE53_METRICS_REGION } from "../src/config/dr/defaults";
import { ResolvedDisasterRecovery } from "../src/config/dr/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { FailoverRecords, FailoverTarget } from "../src/constructs/service/failover-records";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** A load balancer's DNS name and Route 53 zone (its region is its stack's). */
type LoadBalancerName = Omit<FailoverTarget, "region">;

/** Properties of a {@link DnsStack}. */
export interface DnsStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The app's disaster recovery in that environment. */
  readonly dr: ResolvedDisasterRecovery;
  /** The app's domain and its hosted zone. */
  readonly domain: { readonly name: string; readonly hostedZoneId: string };
  /** The primary service's load balancer. */
  readonly primary: LoadBalancerName;
  /** The DR service's load balancer. */
  readonly secondary: LoadBalancerName;
  /** The environment's alarm topic, in the primary region. */
  readonly alarmTopicArn: string;
}

/**
 * `<app>-<env>-dns`: the domain's failover records and their health checks,
 * for an environment with DR and a hosted zone. It lives in the primary
 * region and no failover applies it: declaring one changes only the DR
 * region's gate alarms, which these health checks follow, so moving traffic
 * needs neither us-east-1 nor Route 53's control plane (which is there).
 */
export class DnsStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: DnsStackProps) {
    const { project, deployment, dr, domain } = props;
    const { environment } = deployment;
    const region = environment.network.region;
    super(scope, id, environmentStackProps(project, environment));
    new FailoverRecords(this, "failover", {
      name: deployment.service.name,
      domain,
      primary: { ...props.primary, region },
      secondary: { ...props.secondary, region: dr.network.region },
      healthCheckPath: deployment.service.healthCheckPath,
      probe: PRIMARY_HEALTH_CHECK,
      gates: {
        notWriter: { name: dr.gateAlarms.notWriter, region: dr.network.region },
        tookOver: { name: dr.gateAlarms.tookOver, region: dr.network.region },
      },
      // Route 53's metrics are in us-east-1 only: the alarm needs the environment's topic there.
      alarmTopicArn: region === ROUTE53_METRICS_REGION ? props.alarmTopicArn : undefined,
    });
    new TerraformOutput(this, "domain", { value: domain.name, description: "The app's domain: PRIMARY and SECONDARY failover records" });
  }
}
