import { Testing } from "cdktf";
import { WebAcl } from "../../../src/constructs/service/web-acl";

const LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/acme-web-prod/0123456789abcdef";
const KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000";

/** The synthesized resources of one WebAcl. */
function synth(behindCdn = false): Record<string, Record<string, Record<string, any>>> {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new WebAcl(scope, "waf", { name: "acme-web-prod", rateLimit: 2000, resourceArn: LB_ARN, logRetentionDays: 30, logKmsKeyArn: KEY_ARN, behindCdn });
    }),
  ).resource;
}

const visibility = (metricName: string) => ({ cloudwatch_metrics_enabled: true, metric_name: metricName, sampled_requests_enabled: true });

describe("WebAcl", () => {
  const resources = synth();
  const [[aclName, acl]] = Object.entries(resources.aws_wafv2_web_acl);
  const rules: Record<string, any>[] = acl.rule;
  const rule = (name: string) => rules.find((candidate) => candidate.name === name)!;

  it("logs every request to an encrypted aws-waf-logs-* group with the given retention, credentials and cookies redacted", () => {
    const [[logGroupName, logGroup]] = Object.entries(resources.aws_cloudwatch_log_group);
    expect(logGroup).toEqual({ name: "aws-waf-logs-acme-web-prod", retention_in_days: 30, kms_key_id: KEY_ARN });
    const [logging] = Object.values(resources.aws_wafv2_web_acl_logging_configuration);
    expect(logging).toEqual({
      resource_arn: `\${aws_wafv2_web_acl.${aclName}.arn}`,
      log_destination_configs: [`\${aws_cloudwatch_log_group.${logGroupName}.arn}`],
      redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
    });
  });

  it("is a regional ACL that allows by default and publishes metrics and samples", () => {
    expect(acl).toMatchObject({ name: "acme-web-prod", scope: "REGIONAL", default_action: { allow: {} } });
    expect(acl.visibility_config).toEqual(visibility("acme-web-prod"));
  });

  it("applies the AWS managed IP reputation, known bad inputs and core rule sets with their own actions", () => {
    for (const group of ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]) {
      expect(rule(group)).toMatchObject({
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: "AWS", name: group } },
        visibility_config: visibility(`acme-web-prod-${group}`),
      });
      expect(rule(group).action).toBeUndefined();
    }
  });

  it("blocks an IP address above the rate limit, before the managed groups", () => {
    const rate = rule("rate-limit-per-ip");
    expect(rate).toMatchObject({
      priority: 0,
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } },
      visibility_config: visibility("acme-web-prod-rate-limit-per-ip"),
    });
    expect(rate.override_action).toBeUndefined();
  });

  it("has four rules with distinct priorities, each with metrics and samples", () => {
    expect(rules).toHaveLength(4);
    expect(new Set(rules.map((candidate) => candidate.priority)).size).toBe(4);
    for (const candidate of rules) {
      expect(candidate.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    }
  });

  it("protects the given resource", () => {
    const associations = Object.values(resources.aws_wafv2_web_acl_association);
    expect(associations).toEqual([{ resource_arn: LB_ARN, web_acl_arn: `\${aws_wafv2_web_acl.${aclName}.arn}` }]);
  });
});

describe("WebAcl behind CloudFront (decision 0008)", () => {
  const [acl] = Object.values(synth(true).aws_wafv2_web_acl);

  it("judges no request by its source address, which is always a CloudFront server's: no per-IP rate rule, no IP reputation group (the distribution's ACL has both); the content rules stay", () => {
    expect(acl.rule.map((rule: { name: string }) => rule.name)).toEqual(["AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"]);
    expect(acl.rule.map((rule: { priority: number }) => rule.priority)).toEqual([1, 2]);
    expect(acl.description).toMatch(/^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/);
  });
});
