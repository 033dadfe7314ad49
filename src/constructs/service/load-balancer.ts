import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { markLoadBalancerScope } from "../../aspects/load-balancer-scope";
import type { ResolvedDomain } from "../../config/service/resolve";
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, route53HealthCheckPrefixList } from "../../config/cdn/defaults";
import { PrefixListIngress } from "../edge/origin-access";
import { AccessLogBucket } from "./access-log-bucket";

/** Properties of a {@link LoadBalancer}. */
export interface LoadBalancerProps {
  /** The load balancer's name and the prefix of its other names (at most 28 characters: the target group adds `-app`). */
  readonly name: string;
  /** The VPC of the targets. */
  readonly vpcId: string;
  /** The public subnets the load balancer's nodes run in, one per zone. */
  readonly subnetIds: readonly string[];
  /** Refuse deletion of the load balancer. */
  readonly deletionProtection: boolean;
  /** The bucket receiving the access logs. */
  readonly accessLogs: AccessLogBucket;
  /** The HTTPS endpoint: HTTP then redirects to HTTPS. @default plain HTTP on port 80 to the load balancer's DNS name */
  readonly domain?: ResolvedDomain;
  /**
   * Which of the domain's Route 53 records this load balancer writes: the certificate's
   * validation record (ACM gives a domain's certificates in every region of an account the same
   * one), and the alias record (failover records are another stack's).
   * @default both
   */
  readonly records?: { readonly validation: boolean; readonly alias: boolean };
  /** The TLS policy of the HTTPS listener, such as `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  readonly sslPolicy: string;
  /** The port the targets (task IPs) listen on. */
  readonly targetPort: number;
  /** The path the target health check probes. */
  readonly healthCheckPath: string;
  /** Timing and thresholds of the target health check. */
  readonly healthCheck: {
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
  /** Seconds a deregistering target drains. */
  readonly deregistrationDelaySeconds: number;
  /** CloudFront in front (decision 0008): admit CloudFront only, and forward only requests carrying the origin header. @default the internet, forwarded */
  readonly cdnOrigin?: CdnOriginAccess;
  /** CodeDeploy's blue/green releases (decision 0013): a second target group and a test listener, whose forward actions CodeDeploy owns. @default one target group, no test listener */
  readonly blueGreen?: BlueGreenListeners;
}

/** What a load balancer adds for CodeDeploy's blue/green releases (decision 0013). */
export interface BlueGreenListeners {
  /** The second target group's name (the first is `<name>-app`). */
  readonly alternateTargetGroupName: string;
  /** The test listener: its port, its protocol (the production listener's) and the only blocks it admits (none: nobody). */
  readonly testListener: { readonly port: number; readonly protocol: "HTTP" | "HTTPS"; readonly cidrs: readonly string[] };
}

/** How a load balancer behind CloudFront admits it (decision 0008). */
export interface CdnOriginAccess {
  /**
   * The header CloudFront adds with the origin secret. The HTTPS listener's default action answers
   * 403; the rule that forwards requests carrying the secret is written by the edge stack's
   * origin-secret function, so that no Terraform state holds the value.
   */
  readonly header: string;
  /**
   * Admit Route 53's health checkers of this region on HTTPS (a security group of their own, so the
   * CloudFront list keeps its quota) and forward GET and HEAD of the health check path to them
   * without the header, for the dns stack's endpoint check. @default not admitted
   */
  readonly healthCheckRegion?: string;
}

/** The HTTPS listener's rule forwarding the health check path to Route 53's health checkers, behind CloudFront (the origin-secret rule is priority 1). */
const HEALTH_CHECK_RULE_PRIORITY = 10;

const HTTP_PORT = 80;
const HTTPS_PORT = 443;

/** Responses that count as healthy: success and redirects (an app may redirect `/` to a login page). */
const HEALTHY_STATUS_CODES = "200-399";

/** Seconds resolvers cache the certificate's validation record. */
const VALIDATION_RECORD_TTL_SECONDS = 60;

/**
 * An internet-facing application load balancer in public subnets, in front
 * of an IP target group (Fargate tasks). It drops invalid header fields,
 * writes access logs, and has its own security group, which admits from
 * anywhere only the ports it listens on (80, and 443 with a domain) and
 * sends only to the targets' groups named with {@link LoadBalancer.allowTo}.
 *
 * With a domain, HTTP redirects to HTTPS, and HTTPS uses the given TLS policy
 * with the domain's existing certificate or a new one DNS-validated in its
 * hosted zone, where an alias record points the domain at the load balancer
 * (unless `records` leaves the validation record to a stack that wrote it, or
 * the alias to failover records). Without one, HTTP forwards to the targets.
 */
export class LoadBalancer extends Construct {
  /** The load balancer's security group. */
  readonly securityGroupId: string;
  /** The load balancer's ARN. */
  readonly loadBalancerArn: string;
  /** The load balancer's ARN suffix, its CloudWatch dimension. */
  readonly loadBalancerArnSuffix: string;
  /** The target group the service registers its tasks in. */
  readonly targetGroupArn: string;
  /** The target group's ARN suffix, its CloudWatch dimension. */
  readonly targetGroupArnSuffix: string;
  /** The load balancer's DNS name. */
  readonly dnsName: string;
  /** The load balancer's Route 53 zone, for alias records. */
  readonly zoneId: string;
  /** Where the app is served: `https://<domain>`, or `http://<dns name>` without a domain. */
  readonly url: string;
  /** The HTTPS listener, where the load balancer has a domain. */
  readonly httpsListenerArn?: string;
  /** The listeners: a service must depend on them, since ECS refuses a target group not yet attached to a load balancer. */
  readonly listeners: readonly ITerraformDependable[];
  /** The listener serving the app's traffic (HTTPS with a domain, HTTP without): CodeDeploy's production traffic route. */
  readonly productionListenerArn: string;
  /** With blue/green: the second target group, the test listener, and their CloudWatch dimensions. */
  readonly blueGreen?: { readonly targetGroupArn: string; readonly targetGroupName: string; readonly targetGroupArnSuffix: string; readonly testListenerArn: string };

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    // The guardrails allow 80 and 443 from anywhere here, and nowhere else.
    markLoadBalancerScope(this);

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-load-balancer`,
      vpcId: props.vpcId,
      description: `${props.name}: load balancer, HTTP(S) from the internet, to the app's tasks only`,
    });
    this.securityGroupId = securityGroup.id;
    const cdnOrigin = props.domain ? props.cdnOrigin : undefined;
    const healthCheckers = cdnOrigin?.healthCheckRegion !== undefined ? this.healthCheckerGroup(props.name, props.vpcId, cdnOrigin.healthCheckRegion) : undefined;
    // Behind CloudFront: HTTPS from its origin-facing servers only (weight 55 of the group's 60 rules), no other inbound rule.
    if (cdnOrigin) new PrefixListIngress(this, "from-cloudfront", { securityGroupId: securityGroup.id, prefixListName: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, who: "CloudFront's origin-facing servers", port: HTTPS_PORT });
    const listenerPorts = cdnOrigin ? [] : props.domain ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT];
    for (const port of listenerPorts) {
      new VpcSecurityGroupIngressRule(this, `from-internet-${port}`, {
        securityGroupId: securityGroup.id,
        description: `${port === HTTPS_PORT ? "HTTPS" : "HTTP"} from the internet`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "0.0.0.0/0",
      });
    }

    const loadBalancer = new Lb(this, "load-balancer", {
      name: props.name,
      loadBalancerType: "application",
      internal: false,
      subnets: [...props.subnetIds],
      securityGroups: [securityGroup.id, ...(healthCheckers ? [healthCheckers] : [])],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection,
      accessLogs: { enabled: true, bucket: props.accessLogs.bucketName, prefix: props.accessLogs.prefix },
      // AWS writes a test object when logging is enabled: the bucket policy must exist first.
      dependsOn: [props.accessLogs.policy],
    });
    const targetGroup = this.targetGroup("target-group", `${props.name}-app`, props);
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    // CodeDeploy moves the production and test listeners' forward actions between the target groups at each release: they are its, not Terraform's.
    const codeDeployOwned = props.blueGreen ? { lifecycle: { ignoreChanges: ["default_action"] } } : {};

    if (props.domain) {
      const domain = props.domain;
      const redirect = new LbListener(this, "http", {
        loadBalancerArn: loadBalancer.arn,
        port: HTTP_PORT,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } }],
      });
      const certificateArn = domain.certificateArn ?? this.validatedCertificate(domain, props.records?.validation ?? true);
      const https = new LbListener(this, "https", {
        loadBalancerArn: loadBalancer.arn,
        port: HTTPS_PORT,
        protocol: "HTTPS",
        sslPolicy: props.sslPolicy,
        certificateArn,
        // Behind CloudFront, a request without the origin secret is refused (the forwarding rule is the origin-secret function's).
        defaultAction: cdnOrigin ? [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } }] : forward,
        ...codeDeployOwned,
      });
      this.httpsListenerArn = https.arn;
      this.productionListenerArn = https.arn;
      if (healthCheckers) {
        new LbListenerRule(this, "health-checkers-rule", {
          listenerArn: https.arn,
          priority: HEALTH_CHECK_RULE_PRIORITY,
          condition: [{ pathPattern: { values: [props.healthCheckPath] } }, { httpRequestMethod: { values: ["GET", "HEAD"] } }],
          action: forward,
        });
      }
      if (domain.hostedZoneId !== undefined && (props.records?.alias ?? true)) {
        new Route53Record(this, "alias", {
          zoneId: domain.hostedZoneId,
          name: domain.name,
          type: "A",
          alias: { name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true },
        });
      }
      const test = props.blueGreen && this.testListener(props.blueGreen, props, securityGroup.id, loadBalancer.arn, certificateArn);
      this.listeners = [redirect, https, ...(test ? [test.listener] : [])];
      this.url = `https://${domain.name}`;
      this.blueGreen = test?.outputs;
    } else {
      const http = new LbListener(this, "http", { loadBalancerArn: loadBalancer.arn, port: HTTP_PORT, protocol: "HTTP", defaultAction: forward, ...codeDeployOwned });
      const test = props.blueGreen && this.testListener(props.blueGreen, props, securityGroup.id, loadBalancer.arn);
      this.listeners = [http, ...(test ? [test.listener] : [])];
      this.productionListenerArn = http.arn;
      this.url = `http://${loadBalancer.dnsName}`;
      this.blueGreen = test?.outputs;
    }

    this.loadBalancerArn = loadBalancer.arn;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
  }

  /**
   * CodeDeploy's second target group and test listener: the listener forwards to the second group
   * until a release's replacement tasks are in it, then CodeDeploy points it at them; it admits the
   * configured blocks only (none: nobody, CodeDeploy needs no network path to it).
   */
  private testListener(blueGreen: BlueGreenListeners, props: LoadBalancerProps, securityGroupId: string, loadBalancerArn: string, certificateArn?: string) {
    const { port, protocol, cidrs } = blueGreen.testListener;
    const alternate = this.targetGroup("alternate-target-group", blueGreen.alternateTargetGroupName, props);
    const listener = new LbListener(this, "test", {
      loadBalancerArn,
      port,
      protocol,
      ...(protocol === "HTTPS" ? { sslPolicy: props.sslPolicy, certificateArn } : {}),
      defaultAction: [{ type: "forward", targetGroupArn: alternate.arn }],
      lifecycle: { ignoreChanges: ["default_action"] },
    });
    cidrs.forEach((cidr, index) => {
      new VpcSecurityGroupIngressRule(this, `test-listener-from-${index}`, {
        securityGroupId,
        description: `The blue/green test listener (${protocol} ${port}) from ${cidr}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
      });
    });
    return { listener, outputs: { targetGroupArn: alternate.arn, targetGroupName: alternate.name, targetGroupArnSuffix: alternate.arnSuffix, testListenerArn: listener.arn } };
  }

  /** An IP target group of the app's port with the service's health check. */
  private targetGroup(id: string, name: string, props: LoadBalancerProps): LbTargetGroup {
    return new LbTargetGroup(this, id, {
      name,
      vpcId: props.vpcId,
      targetType: "ip",
      protocol: "HTTP",
      port: props.targetPort,
      deregistrationDelay: String(props.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: props.healthCheckPath,
        matcher: HEALTHY_STATUS_CODES,
        interval: props.healthCheck.intervalSeconds,
        timeout: props.healthCheck.timeoutSeconds,
        healthyThreshold: props.healthCheck.healthyThreshold,
        unhealthyThreshold: props.healthCheck.unhealthyThreshold,
      },
    });
  }

  /** A second security group admitting Route 53's health checkers of a region on HTTPS only. */
  private healthCheckerGroup(name: string, vpcId: string, region: string): string {
    const group = new SecurityGroup(this, "health-checkers", {
      name: `${name}-health-checkers`,
      vpcId,
      description: `${name}: load balancer, HTTPS from Route 53 health checkers only`,
    });
    new PrefixListIngress(this, "from-health-checkers", { securityGroupId: group.id, prefixListName: route53HealthCheckPrefixList(region), who: "Route 53's health checkers", port: HTTPS_PORT });
    return group.id;
  }

  /** Lets the load balancer send to a target security group on a port (traffic and health checks). */
  allowTo(id: string, targetSecurityGroupId: string, port: number): void {
    new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: this.securityGroupId,
      description: "Traffic and health checks to the targets",
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: targetSecurityGroupId,
    });
  }

  /**
   * A certificate for the domain, DNS-validated in its hosted zone: its one
   * validation record (a single-name certificate has one validation option;
   * left to the stack that already wrote it, when told so), and the
   * validation, whose ARN the HTTPS listener uses so that it waits until the
   * certificate is issued.
   */
  private validatedCertificate(domain: ResolvedDomain, writeRecord: boolean): string {
    if (domain.hostedZoneId === undefined) {
      throw new Error(`domain ${domain.name} needs a hostedZoneId to validate a certificate, or a certificateArn`);
    }
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: domain.name,
      validationMethod: "DNS",
      // The listener holds the certificate: a replacement must exist before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    if (!writeRecord) {
      return new AcmCertificateValidation(this, "certificate-validated", { certificateArn: certificate.arn }).certificateArn;
    }
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "certificate-validation", {
      zoneId: domain.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: VALIDATION_RECORD_TTL_SECONDS,
      allowOverwrite: true,
    });
    return new AcmCertificateValidation(this, "certificate-validated", {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
    }).certificateArn;
  }
}
