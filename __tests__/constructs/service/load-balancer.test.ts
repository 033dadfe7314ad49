import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Guardrails } from "../../../src/aspects/guardrails";
import { ELB_LOG_DELIVERY_ACCOUNTS, KNOWN_REGIONS } from "../../../src/config/shared/regions";
import type { ResolvedDomain } from "../../../src/config/service/resolve";
import { DEREGISTRATION_DELAY_SECONDS, TARGET_HEALTH_CHECK, TLS_POLICY } from "../../../src/config/service/defaults";
import { AccessLogBucket } from "../../../src/constructs/service/access-log-bucket";
import { LoadBalancer, LoadBalancerProps } from "../../../src/constructs/service/load-balancer";

type Resources = Record<string, Record<string, Record<string, any>>>;

const ACCOUNT = "111111111111";
const LOG_BUCKET = "acme-web-dev-111111111111-lb-logs";
const TASKS_GROUP = "sg-0123456789abcdef0";

/** What a test varies: the region of the log bucket and the load balancer's settings. */
interface Options {
  readonly region?: string;
  readonly domain?: ResolvedDomain;
  readonly deletionProtection?: boolean;
}

/** An access log bucket and a load balancer writing to it, with egress to the tasks' group, as the service stack builds them. */
function build(scope: Construct, options: Options = {}): LoadBalancer {
  const accessLogs = new AccessLogBucket(scope, "access-logs", {
    bucketName: LOG_BUCKET,
    prefix: "alb",
    region: options.region ?? "us-east-1",
    accountId: ACCOUNT,
    expirationDays: 90,
  });
  const props: LoadBalancerProps = {
    name: "acme-web-dev",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    deletionProtection: options.deletionProtection ?? false,
    accessLogs,
    domain: options.domain,
    sslPolicy: TLS_POLICY,
    targetPort: 8080,
    healthCheckPath: "/health",
    healthCheck: TARGET_HEALTH_CHECK,
    deregistrationDelaySeconds: DEREGISTRATION_DELAY_SECONDS,
  };
  const loadBalancer = new LoadBalancer(scope, "lb", props);
  loadBalancer.allowTo("to-tasks", TASKS_GROUP, 8080);
  return loadBalancer;
}

/** The synthesized resources, and an output of the URL that depends on the exposed listeners. */
function synth(options: Options = {}): { resources: Resources; url: Record<string, any> } {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const loadBalancer = build(scope, options);
      new TerraformOutput(scope, "url", { value: loadBalancer.url, dependsOn: [...loadBalancer.listeners] });
    }),
  );
  return { resources: json.resource, url: json.output.url };
}

/** Every resource of a type, with its logical name. */
function all(resources: Resources, type: string): { name: string; config: Record<string, any> }[] {
  return Object.entries(resources[type] ?? {}).map(([name, config]) => ({ name, config }));
}

/** The only resource of a type. */
function only(resources: Resources, type: string): { name: string; config: Record<string, any> } {
  const entries = all(resources, type);
  expect(entries).toHaveLength(1);
  return entries[0];
}

/** The statements of the access log bucket's policy. */
function logBucketStatements(resources: Resources): Record<string, any>[] {
  return JSON.parse(only(resources, "aws_s3_bucket_policy").config.policy).Statement;
}

const ref = (type: string, name: string, attribute: string) => `\${${type}.${name}.${attribute}}`;

describe("AccessLogBucket", () => {
  it("knows the ELB account of every region opened before August 2022, and only of known regions", () => {
    expect(ELB_LOG_DELIVERY_ACCOUNTS["us-east-1"]).toBe("127311923021");
    expect(ELB_LOG_DELIVERY_ACCOUNTS["eu-west-1"]).toBe("156460612806");
    expect(ELB_LOG_DELIVERY_ACCOUNTS["ap-southeast-3"]).toBe("589379963580");
    for (const newer of ["me-central-1", "eu-central-2", "eu-south-2", "ap-south-2", "ap-southeast-4", "il-central-1", "ca-west-1", "mx-central-1", "ap-southeast-5", "ap-southeast-7"]) {
      expect(ELB_LOG_DELIVERY_ACCOUNTS[newer]).toBeUndefined();
    }
    for (const [region, account] of Object.entries(ELB_LOG_DELIVERY_ACCOUNTS)) {
      expect(KNOWN_REGIONS).toContain(region);
      expect(account).toMatch(/^\d{12}$/);
    }
  });

  it("lets the region's ELB account write under the prefix and account only, in a region opened before August 2022", () => {
    const { resources } = synth({ region: "us-east-1" });
    const delivery = logBucketStatements(resources).find((statement) => statement.Sid === "AllowLoadBalancerLogDelivery");
    expect(delivery).toEqual({
      Sid: "AllowLoadBalancerLogDelivery",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::127311923021:root" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${LOG_BUCKET}/alb/AWSLogs/${ACCOUNT}/*`,
    });
  });

  it("lets the log delivery service principal write in a region opened since", () => {
    const { resources } = synth({ region: "ap-southeast-5" });
    const delivery = logBucketStatements(resources).find((statement) => statement.Sid === "AllowLoadBalancerLogDelivery")!;
    expect(delivery.Principal).toEqual({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
    expect(delivery.Resource).toBe(`arn:aws:s3:::${LOG_BUCKET}/alb/AWSLogs/${ACCOUNT}/*`);
  });

  it("keeps the TLS-only denials, encrypts with SSE-S3 and expires logs", () => {
    const { resources } = synth();
    expect(logBucketStatements(resources).map((statement) => statement.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "AllowLoadBalancerLogDelivery"]);
    const encryption = only(resources, "aws_s3_bucket_server_side_encryption_configuration").config;
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    const [rule] = only(resources, "aws_s3_bucket_lifecycle_configuration").config.rule;
    expect(rule.expiration).toEqual([{ days: 90 }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
  });
});

describe("LoadBalancer", () => {
  describe("without a domain", () => {
    const { resources, url } = synth();
    const lb = only(resources, "aws_lb");
    const targetGroup = only(resources, "aws_lb_target_group");

    it("is an internet-facing ALB in the public subnets that drops invalid header fields", () => {
      expect(lb.config).toMatchObject({
        name: "acme-web-dev",
        load_balancer_type: "application",
        internal: false,
        subnets: ["subnet-a", "subnet-b"],
        drop_invalid_header_fields: true,
        enable_deletion_protection: false,
      });
      expect(lb.config.idle_timeout).toBeUndefined();
    });

    it("writes access logs to the bucket, after its policy exists", () => {
      expect(lb.config.access_logs).toEqual({ enabled: true, bucket: LOG_BUCKET, prefix: "alb" });
      const policy = only(resources, "aws_s3_bucket_policy");
      expect(lb.config.depends_on).toEqual([`aws_s3_bucket_policy.${policy.name}`]);
    });

    it("forwards HTTP on port 80 to the target group", () => {
      const listener = only(resources, "aws_lb_listener").config;
      expect(listener).toMatchObject({ load_balancer_arn: ref("aws_lb", lb.name, "arn"), port: 80, protocol: "HTTP" });
      expect(listener.default_action).toEqual([{ type: "forward", target_group_arn: ref("aws_lb_target_group", targetGroup.name, "arn") }]);
      expect(listener.ssl_policy).toBeUndefined();
    });

    it("registers task IPs on the target port, checked on the health path", () => {
      expect(targetGroup.config).toMatchObject({
        name: "acme-web-dev-app",
        vpc_id: "vpc-1",
        target_type: "ip",
        protocol: "HTTP",
        port: 8080,
        deregistration_delay: String(DEREGISTRATION_DELAY_SECONDS),
        health_check: {
          enabled: true,
          path: "/health",
          matcher: "200-399",
          port: "traffic-port",
          protocol: "HTTP",
          interval: TARGET_HEALTH_CHECK.intervalSeconds,
          timeout: TARGET_HEALTH_CHECK.timeoutSeconds,
          healthy_threshold: TARGET_HEALTH_CHECK.healthyThreshold,
          unhealthy_threshold: TARGET_HEALTH_CHECK.unhealthyThreshold,
        },
      });
    });

    it("admits only HTTP from the internet, and sends only to the tasks' group on their port", () => {
      const group = only(resources, "aws_security_group");
      expect(group.config.ingress).toBeUndefined();
      expect(group.config.egress).toBeUndefined();
      expect(lb.config.security_groups).toEqual([ref("aws_security_group", group.name, "id")]);
      const ingress = all(resources, "aws_vpc_security_group_ingress_rule").map((rule) => rule.config);
      expect(ingress).toEqual([expect.objectContaining({ ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "0.0.0.0/0" })]);
      const egress = only(resources, "aws_vpc_security_group_egress_rule").config;
      expect(egress).toMatchObject({
        security_group_id: ref("aws_security_group", group.name, "id"),
        ip_protocol: "tcp",
        from_port: 8080,
        to_port: 8080,
        referenced_security_group_id: TASKS_GROUP,
      });
      expect(egress.cidr_ipv4).toBeUndefined();
    });

    it("has no certificate or DNS record, serves on its DNS name, and exposes its listener", () => {
      expect(resources.aws_acm_certificate).toBeUndefined();
      expect(resources.aws_route53_record).toBeUndefined();
      expect(url.value).toBe(`http://${ref("aws_lb", lb.name, "dns_name")}`);
      expect(url.depends_on).toEqual([`\${aws_lb_listener.${only(resources, "aws_lb_listener").name}}`]);
    });
  });

  describe("with a domain and its hosted zone", () => {
    const { resources, url } = synth({ domain: { name: "web.example.com", hostedZoneId: "Z0000000000000000PROD" }, deletionProtection: true });
    const lb = only(resources, "aws_lb");
    const listeners = all(resources, "aws_lb_listener");
    const http = listeners.find((listener) => listener.config.port === 80)!;
    const https = listeners.find((listener) => listener.config.port === 443)!;
    const certificate = only(resources, "aws_acm_certificate");
    const validation = only(resources, "aws_acm_certificate_validation");
    const records = all(resources, "aws_route53_record");
    const validationRecord = records.find((record) => record.config.type !== "A")!;
    const alias = records.find((record) => record.config.type === "A")!;

    it("protects the load balancer from deletion when asked", () => {
      expect(lb.config.enable_deletion_protection).toBe(true);
    });

    it("redirects HTTP to HTTPS with a permanent redirect", () => {
      expect(listeners).toHaveLength(2);
      expect(http.config.protocol).toBe("HTTP");
      expect(http.config.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
    });

    it("serves HTTPS with the TLS policy and the validated certificate, forwarding to the targets", () => {
      expect(https.config).toMatchObject({
        protocol: "HTTPS",
        ssl_policy: TLS_POLICY,
        certificate_arn: ref("aws_acm_certificate_validation", validation.name, "certificate_arn"),
      });
      expect(https.config.default_action).toEqual([
        { type: "forward", target_group_arn: ref("aws_lb_target_group", only(resources, "aws_lb_target_group").name, "arn") },
      ]);
    });

    it("requests a DNS-validated certificate and writes its validation record in the zone", () => {
      expect(certificate.config).toMatchObject({ domain_name: "web.example.com", validation_method: "DNS", lifecycle: { create_before_destroy: true } });
      const option = `tolist(aws_acm_certificate.${certificate.name}.domain_validation_options).0`;
      expect(validationRecord.config).toMatchObject({
        zone_id: "Z0000000000000000PROD",
        name: `\${${option}.resource_record_name}`,
        type: `\${${option}.resource_record_type}`,
        records: [`\${${option}.resource_record_value}`],
        allow_overwrite: true,
      });
      expect(validation.config).toEqual({
        certificate_arn: ref("aws_acm_certificate", certificate.name, "arn"),
        validation_record_fqdns: [ref("aws_route53_record", validationRecord.name, "fqdn")],
      });
    });

    it("points the domain at the load balancer with an alias record", () => {
      expect(records).toHaveLength(2);
      expect(alias.config).toMatchObject({
        zone_id: "Z0000000000000000PROD",
        name: "web.example.com",
        alias: { name: ref("aws_lb", lb.name, "dns_name"), zone_id: ref("aws_lb", lb.name, "zone_id"), evaluate_target_health: true },
      });
    });

    it("admits only HTTP and HTTPS from the internet", () => {
      const ingress = all(resources, "aws_vpc_security_group_ingress_rule").map((rule) => rule.config);
      const admitted = ingress.map((rule) => [rule.ip_protocol, rule.from_port, rule.to_port, rule.cidr_ipv4]);
      expect(admitted.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
        ["tcp", 80, 80, "0.0.0.0/0"],
        ["tcp", 443, 443, "0.0.0.0/0"],
      ]);
      expect(ingress.some((rule) => rule.cidr_ipv6 !== undefined)).toBe(false);
    });

    it("serves on the domain over HTTPS and exposes both listeners", () => {
      expect(url.value).toBe("https://web.example.com");
      expect(url.depends_on).toEqual([`\${aws_lb_listener.${http.name}}`, `\${aws_lb_listener.${https.name}}`]);
    });
  });

  describe("with a domain and an existing certificate only", () => {
    const certificateArn = "arn:aws:acm:us-east-1:111111111111:certificate/0f0e0d0c-0b0a-0908-0706-050403020100";
    const { resources, url } = synth({ domain: { name: "web.example.com", certificateArn } });

    it("uses the certificate and creates no ACM resources or DNS records", () => {
      const https = all(resources, "aws_lb_listener").find((listener) => listener.config.port === 443)!;
      expect(https.config).toMatchObject({ protocol: "HTTPS", ssl_policy: TLS_POLICY, certificate_arn: certificateArn });
      expect(resources.aws_acm_certificate).toBeUndefined();
      expect(resources.aws_acm_certificate_validation).toBeUndefined();
      expect(resources.aws_route53_record).toBeUndefined();
      expect(url.value).toBe("https://web.example.com");
    });
  });

  it("refuses a domain with neither a hosted zone nor a certificate", () => {
    expect(() => synth({ domain: { name: "web.example.com" } })).toThrow(
      "domain web.example.com needs a hostedZoneId to validate a certificate, or a certificateArn",
    );
  });

  describe("under the guardrails", () => {
    /** A stack holding the load balancer and its log bucket, checked by the guardrails. */
    function guarded(options: Options, requireDeletionProtection: boolean): TerraformStack {
      const stack = new TerraformStack(Testing.app(), "service");
      new AwsProvider(stack, "aws", { region: "us-east-1" });
      Aspects.of(stack).add(new Guardrails({ requireDeletionProtection }));
      build(stack, options);
      return stack;
    }
    const domain = { name: "web.example.com", hostedZoneId: "Z0000000000000000PROD" };

    it("passes: 80 and 443 open on the load balancer's group only, and a hardened log bucket", () => {
      expect(() => Testing.synth(guarded({ domain }, false))).not.toThrow();
      expect(() => Testing.synth(guarded({}, false))).not.toThrow();
    });

    it("passes with deletion protection where it is required, and fails without it", () => {
      expect(() => Testing.synth(guarded({ domain, deletionProtection: true }, true))).not.toThrow();
      expect(() => Testing.synth(guarded({ domain, deletionProtection: false }, true))).toThrow("[deletion-protection] service/lb/load-balancer");
    });
  });
});
