import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";

/** Properties of a {@link WebAcl}. */
export interface WebAclProps {
  /** The web ACL's name and the prefix of its metric names. */
  readonly name: string;
  /** Requests from one IP address in 5 minutes above which the address is blocked. */
  readonly rateLimit: number;
  /** The regional resource protected, such as an application load balancer's ARN. @default none: a CloudFront distribution names its (CLOUDFRONT-scope) ACL itself */
  readonly resourceArn?: string;
  /** REGIONAL (a load balancer's), or CLOUDFRONT (a distribution's: the ACL, its log group and its stack's provider in us-east-1). @default REGIONAL */
  readonly scope?: "REGIONAL" | "CLOUDFRONT";
  /** Days the request log keeps entries. */
  readonly logRetentionDays: number;
  /** The customer-managed key of the request log; its policy must admit CloudWatch Logs for {@link wafLogGroupName}. */
  readonly logKmsKeyArn: string;
  /**
   * Behind CloudFront: every request's source address is a CloudFront server's, so the per-IP rate
   * rule and the IP reputation group (which judge the source address) would block an edge location
   * for all its viewers; they are left out here and kept in the distribution's own web ACL, which
   * sees the viewers (decision 0008). @default false
   */
  readonly behindCdn?: boolean;
}

/** `aws-waf-logs-<name>`: WAF writes to CloudWatch Logs only in groups whose name has that prefix. */
export function wafLogGroupName(name: string): string {
  return `aws-waf-logs-${name}`;
}

/** Request headers WAF logs with their value replaced by `REDACTED`: credentials and session cookies. */
const REDACTED_HEADERS = ["authorization", "cookie"];

/**
 * AWS managed rule groups, in evaluation order after the rate rule: known bad
 * sources first (cheapest), then exploit patterns, then the broad baseline.
 */
const MANAGED_RULE_GROUPS = ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"];

/** The managed group that judges a request by its source address. */
const IP_REPUTATION_GROUP = "AWSManagedRulesAmazonIpReputationList";

/** CloudWatch metrics and sampled requests, so that blocked requests can be seen and explained. */
const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * A regional WAF web ACL on one resource: it allows by default, blocks an IP
 * address that sends more than `rateLimit` requests in 5 minutes, and applies
 * the AWS managed IP reputation, known bad inputs and core rule sets with
 * their own actions. Every rule and the ACL publish CloudWatch metrics and
 * sampled requests, and every request is logged to an encrypted log group
 * with the `authorization` and `cookie` headers redacted.
 */
export class WebAcl extends Construct {
  /** The web ACL's ARN. */
  readonly arn: string;
  /** The metric names of the ACL (its `WebACL` dimension in AWS/WAFV2) and of its rules (their `Rule` dimension). */
  readonly metricNames: { readonly webAcl: string; readonly rules: readonly string[] };

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    // Statements are written in Terraform's names: the binding passes them through unconverted.
    const rateRule = {
      name: "rate-limit-per-ip",
      priority: 0,
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimit, aggregate_key_type: "IP" } },
      visibilityConfig: visibility(`${props.name}-rate-limit-per-ip`),
    };
    const groups = props.behindCdn ? MANAGED_RULE_GROUPS.filter((group) => group !== IP_REPUTATION_GROUP) : MANAGED_RULE_GROUPS;
    const ipRules = props.behindCdn ? [] : [rateRule];
    const managedRules = groups.map((group, index) => ({
      name: group,
      priority: index + 1,
      overrideAction: { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name: group } },
      visibilityConfig: visibility(`${props.name}-${group}`),
    }));
    const acl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: props.behindCdn ? `${props.name}: AWS managed rules, rate limit and IP reputation at the CDN` : `${props.name}: rate limit per IP and AWS managed rules`,
      scope: props.scope ?? "REGIONAL",
      defaultAction: { allow: {} },
      rule: [...ipRules, ...managedRules],
      visibilityConfig: visibility(props.name),
    });
    if (props.resourceArn !== undefined) new Wafv2WebAclAssociation(this, "association", { resourceArn: props.resourceArn, webAclArn: acl.arn });
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: wafLogGroupName(props.name),
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: acl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
    });
    this.arn = acl.arn;
    this.metricNames = { webAcl: props.name, rules: [...ipRules, ...managedRules].map((rule) => rule.visibilityConfig.metricName) };
  }
}
