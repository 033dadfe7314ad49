import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;

/** The built-in platform's prod stacks (CDN on by the prod tier's default). */
const { platform } = buildPlatform();
const prod = platform.deployments.get("web-prod")!;
const prodEdge = platform.edges.get("web-prod")!;
const edge = new SynthesizedStack(prodEdge);
const service = new SynthesizedStack(prod.service);
const drService = new SynthesizedStack(prod.dr!.service);
const dns = new SynthesizedStack(prod.dr!.dns!);
const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0];
};
const distribution = () => only(edge.resources("aws_cloudfront_distribution"));

describe("web-prod-edge: the CDN in us-east-1", () => {
  it("is its own stack in us-east-1, applied by an administrator after both services and the dns stack", () => {
    expect(edge.json.provider.aws.map((provider: { region: string }) => provider.region)).toEqual(["us-east-1"]);
    expect(prodEdge.dependencies.map((stack) => stack.node.id)).toEqual(["web-prod-service", "web-prod-dr-service", "web-prod-dns"]);
    expect(edge.json.provider.aws[0].default_tags[0].tags).toMatchObject({ DeployedBy: "administrator" });
  });

  it("has a certificate for the domain in us-east-1, validated by the record the service stack's certificate wrote", () => {
    expect(edge.resource("aws_acm_certificate", "certificate/certificate")).toMatchObject({ domain_name: "web.example.com", validation_method: "DNS" });
    expect(edge.resource("aws_acm_certificate_validation", "certificate/validated").validation_record_fqdns).toBeUndefined();
    expect(edge.resources("aws_route53_record").filter((record) => record.type === "CNAME")).toEqual([]);
  });

  it("serves the domain over HTTP/2 and HTTP/3 with TLS 1.2 (2021) or newer, viewers redirected to HTTPS, behind the edge web ACL", () => {
    const waf = edge.resource("aws_wafv2_web_acl", "waf/web-acl");
    expect(distribution()).toMatchObject({
      aliases: ["web.example.com"],
      enabled: true,
      http_version: "http2and3",
      is_ipv6_enabled: true,
      price_class: "PriceClass_100",
      web_acl_id: ref("aws_wafv2_web_acl", waf, "arn"),
      viewer_certificate: { acm_certificate_arn: ref("aws_acm_certificate_validation", edge.resource("aws_acm_certificate_validation", "certificate/validated"), "certificate_arn"), ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
    });
    const behaviors = [distribution().default_cache_behavior, ...distribution().ordered_cache_behavior];
    expect(behaviors.map((behavior) => behavior.viewer_protocol_policy)).toEqual(behaviors.map(() => "redirect-to-https"));
  });

  it("sends requests over HTTPS only to origin.<domain>, which the dns stack's failover records answer for", () => {
    expect(distribution().origin).toEqual([
      { origin_id: "app", domain_name: "origin.web.example.com", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } },
    ]);
    expect(dns.resources("aws_route53_record").map((record) => [record.name, record.failover_routing_policy.type])).toEqual([
      ["origin.web.example.com", "PRIMARY"],
      ["origin.web.example.com", "SECONDARY"],
    ]);
  });

  it("caches the static paths and passes every other path uncached with Host, the origin header and what the app needs", () => {
    const staticCache = edge.resource("aws_cloudfront_cache_policy", "cdn/static-cache");
    const dynamicRequests = edge.resource("aws_cloudfront_origin_request_policy", "cdn/dynamic-requests");
    const staticRequests = edge.resource("aws_cloudfront_origin_request_policy", "cdn/static-requests");
    expect(distribution().default_cache_behavior).toMatchObject({
      allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      origin_request_policy_id: ref("aws_cloudfront_origin_request_policy", dynamicRequests),
    });
    expect(dynamicRequests).toMatchObject({
      headers_config: { header_behavior: "whitelist", headers: { items: ["Host", "x-origin-verify", "Accept", "Accept-Language", "Origin", "Referer", "X-CSRF-Token", "X-Requested-With"] } },
      cookies_config: { cookie_behavior: "all" },
      query_strings_config: { query_string_behavior: "all" },
    });
    expect(distribution().ordered_cache_behavior.map((behavior: Record<string, unknown>) => [behavior.path_pattern, behavior.cache_policy_id, behavior.origin_request_policy_id, behavior.allowed_methods])).toEqual(
      ["/assets/*", "/packs/*", "/favicon.ico", "/robots.txt"].map((path) => [path, ref("aws_cloudfront_cache_policy", staticCache), ref("aws_cloudfront_origin_request_policy", staticRequests), ["GET", "HEAD"]]),
    );
    expect(staticCache).toMatchObject({ min_ttl: 0, default_ttl: 86400, max_ttl: 31536000 });
    expect(staticRequests.headers_config.headers.items).toEqual(["Host", "x-origin-verify"]);
  });

  it("writes access logs through CloudWatch standard logging (v2) to a log group encrypted with its key", () => {
    const key = edge.resource("aws_kms_key", "key/key");
    const group = edge.resource("aws_cloudwatch_log_group", "cdn/access-logs");
    expect(group).toMatchObject({ name: "/aws/vendedlogs/cloudfront/acme-web-prod-edge", kms_key_id: ref("aws_kms_key", key, "arn"), retention_in_days: 30 });
    expect(edge.resource("aws_cloudwatch_log_delivery_source", "cdn/access-log-source")).toMatchObject({ log_type: "ACCESS_LOGS", resource_arn: ref("aws_cloudfront_distribution", distribution(), "arn") });
    expect(edge.resource("aws_cloudwatch_log_delivery_destination", "cdn/access-log-destination").delivery_destination_configuration).toEqual([{ destination_resource_arn: ref("aws_cloudwatch_log_group", group, "arn") }]);
  });

  it("has a web ACL of CLOUDFRONT scope with the rate limit and managed rules, logged to an encrypted group, associated by the distribution", () => {
    const waf = edge.resource("aws_wafv2_web_acl", "waf/web-acl");
    expect(waf.scope).toBe("CLOUDFRONT");
    expect(waf.rule.map((rule: { name: string }) => rule.name)).toEqual(["rate-limit-per-ip", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"]);
    expect(edge.resources("aws_wafv2_web_acl_association")).toEqual([]);
    expect(edge.resource("aws_cloudwatch_log_group", "waf/log-group")).toMatchObject({ name: "aws-waf-logs-acme-web-prod-edge", kms_key_id: ref("aws_kms_key", edge.resource("aws_kms_key", "key/key"), "arn") });
  });

  it("points the domain at the distribution (A and AAAA aliases)", () => {
    expect(edge.resources("aws_route53_record").map((record) => [record.name, record.type, record.alias])).toEqual(
      ["A", "AAAA"].map((type) => ["web.example.com", type, { name: ref("aws_cloudfront_distribution", distribution(), "domain_name"), zone_id: ref("aws_cloudfront_distribution", distribution(), "hosted_zone_id"), evaluate_target_health: false }]),
    );
  });
});

describe("the origin secret: generated at apply time, in no state or synthesized file", () => {
  const invocation = edge.resource("aws_lambda_invocation", "origin-secret/copy");
  const fn = edge.resource("aws_lambda_function", "origin-secret/function");

  it("is generated by Secrets Manager and written write-only", () => {
    const version = edge.resource("aws_secretsmanager_secret_version", "origin-secret/secret/version");
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo).toMatch(/^\$\{ephemeral\.aws_secretsmanager_random_password\./);
    expect(edge.resource("aws_secretsmanager_secret", "origin-secret/secret/secret").name).toBe("acme/web/prod/origin-verify");
  });

  it("reaches CloudFront through a function Terraform does not manage: the distribution has no origin header and names the function by ARN", () => {
    expect(distribution().origin[0].custom_header).toBeUndefined();
    expect(edge.resources("aws_cloudfront_function")).toEqual([]);
    expect(distribution().default_cache_behavior.function_association).toEqual([{ event_type: "viewer-request", function_arn: "arn:aws:cloudfront::222222222222:function/acme-web-prod-edge" }]);
    expect(distribution().depends_on).toEqual([`aws_lambda_invocation.${invocation.__name}`]);
  });

  it("re-runs in place (tf.action update) on a rotation, a new function or a new listener: no triggers, whose replacement would delete the live copies", () => {
    expect(invocation.triggers).toBeUndefined();
  });

  it("runs only with its permissions: the function and the invocation depend on the role's policy (and on destroy go before it)", () => {
    const policy = `aws_iam_role_policy.${edge.resource("aws_iam_role_policy", "origin-secret/role/policy").__name}`;
    expect(fn.depends_on).toContain(policy);
    expect(invocation.depends_on).toContain(policy);
  });

  it("is copied by a function Terraform invokes with the secret's version and no value, again on destroy (CRUD)", () => {
    const input = JSON.parse(invocation.input);
    expect(input.secretVersion).toBe(1);
    expect(input.function).toMatch(/^[0-9A-F]{32,}$/i);
    expect(invocation.lifecycle_scope).toBe("CRUD");
    const listeners = JSON.parse(fn.environment.variables.LISTENERS);
    expect(input.listeners).toEqual(listeners);
    expect(listeners.map((listener: { region: string }) => listener.region)).toEqual(["us-east-1", "eu-west-1"]);
    expect(fn.environment.variables).toMatchObject({ FUNCTION_NAME: "acme-web-prod-edge", HEADER_NAME: "x-origin-verify", RULE_PRIORITY: "1" });
  });

  it("the function may touch its secret, its CloudFront Function and the two load balancers' rules, nothing else", () => {
    const statements = JSON.parse(edge.resource("aws_iam_role_policy", "origin-secret/role/policy").policy).Statement;
    const bySid = Object.fromEntries(statements.map((statement: { Sid: string }) => [statement.Sid, statement]));
    expect(bySid.WriteViewerFunction.Resource).toBe("arn:aws:cloudfront::222222222222:function/acme-web-prod-edge");
    expect(bySid.ChangeListenerRules.Resource).toEqual([
      "arn:aws:elasticloadbalancing:us-east-1:222222222222:listener-rule/app/acme-web-prod/*",
      "arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener-rule/app/acme-web-prod-dr/*",
    ]);
    expect(bySid.ReadOriginSecret.Resource).toBe(ref("aws_secretsmanager_secret", edge.resource("aws_secretsmanager_secret", "origin-secret/secret/secret"), "arn"));
  });

  it("appears in no written stack: no origin header value, no header condition in a Terraform listener rule", () => {
    for (const [id, json] of writtenStacks()) {
      for (const rule of Object.values<any>(json.resource?.aws_lb_listener_rule ?? {})) {
        expect([id, JSON.stringify(rule.condition)]).not.toEqual([id, expect.stringContaining("http_header")]);
      }
      for (const distribution of Object.values<any>(json.resource?.aws_cloudfront_distribution ?? {})) expect(JSON.stringify(distribution.origin)).not.toContain("custom_header");
    }
  });
});

/** The load balancer's security groups and their inbound rules, by construct path. */
const ingress = (stack: SynthesizedStack) => stack.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id.includes("load-balancer"));

describe("only CloudFront reaches the load balancers", () => {
  it.each([
    ["web-prod-service", service],
    ["web-prod-dr-service", drService],
  ])("%s admits CloudFront's origin-facing prefix list on 443 only (weight 55 of the group's 60 rules), checked at plan time", (_, stack) => {
    const group = stack.resource("aws_security_group", "load-balancer/security-group");
    const list = stack.json.data.aws_ec2_managed_prefix_list;
    const cloudfront = Object.entries<any>(list).find(([, data]) => data.name === "com.amazonaws.global.cloudfront.origin-facing")!;
    expect(cloudfront[1].lifecycle.postcondition).toEqual([{ condition: "${self.max_entries <= 60}", error_message: expect.stringContaining("quota 60 per group") }]);
    const rules = ingress(stack).filter((rule) => rule.security_group_id === ref("aws_security_group", group));
    expect(rules.map(({ from_port, to_port, prefix_list_id, cidr_ipv4 }) => ({ from_port, to_port, prefix_list_id, cidr_ipv4 }))).toEqual([
      { from_port: 443, to_port: 443, prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${cloudfront[0]}.id}`, cidr_ipv4: undefined },
    ]);
  });

  it.each([
    ["web-prod-service", service],
    ["web-prod-dr-service", drService],
  ])("%s answers 403 to a request without the origin secret (the forwarding rule is the origin-secret function's)", (_, stack) => {
    expect(stack.resource("aws_lb_listener", "load-balancer/https").default_action).toEqual([{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "403", message_body: "Forbidden" } }]);
  });

  it("the primary also admits Route 53's health checkers, in a group of their own, to the health check path only, for the dns stack's endpoint check", () => {
    const checkers = service.resource("aws_security_group", "load-balancer/health-checkers");
    expect(service.resource("aws_lb", "load-balancer/load-balancer").security_groups).toEqual([
      ref("aws_security_group", service.resource("aws_security_group", "load-balancer/security-group")),
      ref("aws_security_group", checkers),
    ]);
    expect(Object.values<any>(service.json.data.aws_ec2_managed_prefix_list).map((data) => data.name)).toContain("com.amazonaws.us-east-1.route53-healthchecks");
    expect(service.resource("aws_lb_listener_rule", "load-balancer/health-checkers-rule")).toMatchObject({
      priority: 10,
      condition: [{ path_pattern: { values: ["/health"] } }, { http_request_method: { values: ["GET", "HEAD"] } }],
    });
    expect(drService.resources("aws_security_group").map((group) => group.name)).not.toContain("acme-web-prod-dr-health-checkers");
  });

  it("the dr-service stack stays free of global services: the prefix list is read from EC2 in its own region", () => {
    expect(Object.keys(drService.json.data ?? {}).filter((type) => /^aws_(iam|route53|cloudfront|waf)_/.test(type))).toEqual([]);
  });
});

describe("with the CDN off", () => {
  it("dev has no edge stack, and its load balancer admits the internet as before", () => {
    const dev = platform.deployments.get("web-dev")!;
    expect([...platform.edges.keys()]).toEqual(["web-prod"]);
    const stack = new SynthesizedStack(dev.service);
    expect(ingress(stack).map(({ from_port, cidr_ipv4 }) => [from_port, cidr_ipv4])).toEqual([[80, "0.0.0.0/0"]]);
    expect(stack.json.data?.aws_ec2_managed_prefix_list).toBeUndefined();
  });

  it("uat (a domain, no CDN) forwards HTTPS from anywhere and keeps the domain's alias", () => {
    const uat = new SynthesizedStack(platform.deployments.get("web-uat")!.service);
    expect(ingress(uat).map(({ from_port, cidr_ipv4 }) => [from_port, cidr_ipv4]).sort((a, b) => a[0] - b[0])).toEqual([
      [80, "0.0.0.0/0"],
      [443, "0.0.0.0/0"],
    ]);
    expect(uat.resource("aws_lb_listener", "load-balancer/https").default_action[0].type).toBe("forward");
    expect(uat.resource("aws_route53_record", "load-balancer/alias").name).toBe("uat.web.example.com");
  });
});

describe("the CDN of an environment without DR", () => {
  const config = defaultConfigCopy();
  config.apps!.web.environments!.uat.cdn = { enabled: true };
  const built = buildPlatform(runOf(config)).platform;
  const uat = { ...built.deployments.get("web-uat")!, edge: built.edges.get("web-uat") };

  it("sends requests to the load balancer's DNS name, points the domain at CloudFront, and the service stack writes no alias", () => {
    const stack = new SynthesizedStack(uat.edge!);
    // The service stack's load balancer (a cross-stack reference, remote state once written).
    expect(only(stack.resources("aws_cloudfront_distribution")).origin[0].domain_name).toMatch(/load-balancer_[0-9A-F]+\.dns_name\}$/);
    expect(stack.resources("aws_route53_record").map((record) => record.name)).toEqual(["uat.web.example.com", "uat.web.example.com"]);
    expect(new SynthesizedStack(uat.service).resources("aws_route53_record").filter((record) => record.name === "uat.web.example.com")).toEqual([]);
    expect(JSON.parse(stack.resource("aws_lambda_function", "origin-secret/function").environment.variables.LISTENERS)).toHaveLength(1);
  });
});
