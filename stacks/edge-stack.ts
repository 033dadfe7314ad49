import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { bundleOriginSecret } from "../lambda/origin-secret/bundle";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { CDN_MINIMUM_PROTOCOL_VERSION, CLOUDFRONT_REGION, ORIGIN_VERIFY_HEADER, STATIC_MAX_TTL_SECONDS } from "../src/config/cdn/defaults";
import type { ResolvedCdn } from "../src/config/cdn/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { accessLogGroupName, CdnDistribution } from "../src/constructs/edge/cdn-distribution";
import { EdgeCertificate } from "../src/constructs/edge/edge-certificate";
import { OriginListener, OriginSecret } from "../src/constructs/edge/origin-secret";
import { EncryptionKey, logsServiceStatement } from "../src/constructs/security/kms-key";
import { wafLogGroupName, WebAcl } from "../src/constructs/service/web-acl";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of an {@link EdgeStack}. */
export interface EdgeStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** Its CDN. */
  readonly cdn: ResolvedCdn;
  /** The primary load balancer: its DNS name (the origin without DR) and its HTTPS listener. */
  readonly primary: OriginListener & { readonly dnsName: string };
  /** The DR load balancer's HTTPS listener, with DR. @default none */
  readonly secondary?: OriginListener;
}

/**
 * `<app>-<env>-edge` (decision 0008), in us-east-1 whatever the environment's region, since
 * CloudFront takes its certificates and web ACLs there: the domain's certificate, a web ACL of
 * CLOUDFRONT scope (rate limit and AWS managed rules, logged), the distribution in front of the
 * load balancer, its access logs, the domain's alias records, and the origin secret with the
 * function that copies it into the CloudFront Function and the load balancers' listener rules.
 * An administrator applies it: the deploy roles' boundary admits neither CloudFront nor Elastic
 * Load Balancing's listener rules, which its function writes. No failover applies it: with DR,
 * CloudFront's origin is `origin.<domain>`, which the dns stack's failover records answer for.
 */
export class EdgeStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    const { project, deployment, cdn } = props;
    const { environment } = deployment;
    const accountId = environment.network.account.id;
    super(scope, id, { ...environmentStackProps(project, environment), region: CLOUDFRONT_REGION, deployedBy: "administrator", requireHttps: true });
    const logGroupArn = (name: string) => `arn:aws:logs:${CLOUDFRONT_REGION}:${accountId}:log-group:${name}`;
    const functionLogGroup = `/aws/lambda/${cdn.name}-origin-secret`;
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${cdn.name}`,
      description: `Encrypts the origin secret and the edge logs of ${deployment.app} in ${environment.name}`,
      accountId,
      serviceStatements: [logsServiceStatement(CLOUDFRONT_REGION, [accessLogGroupName(cdn.name), wafLogGroupName(cdn.name), functionLogGroup].map(logGroupArn))],
    });
    const domain = cdn.domain;
    const certificateArn =
      cdn.certificateArn ??
      new EdgeCertificate(this, "certificate", {
        domainName: domain.name,
        hostedZoneId: domain.hostedZoneId!,
        // The service stack's load balancer certificate wrote the record, unless that one was given.
        writeValidationRecord: domain.certificateArn !== undefined,
      }).arn;
    const webAcl = new WebAcl(this, "waf", { name: cdn.name, scope: "CLOUDFRONT", rateLimit: cdn.wafRateLimit, logRetentionDays: cdn.logRetentionDays, logKmsKeyArn: key.arn });
    const originSecret = new OriginSecret(this, "origin-secret", {
      name: cdn.name,
      secretName: cdn.originSecretName,
      version: cdn.originSecretVersion,
      header: ORIGIN_VERIFY_HEADER,
      listeners: [props.primary, ...(props.secondary ? [props.secondary] : [])],
      accountId,
      region: CLOUDFRONT_REGION,
      kmsKeyArn: key.arn,
      logRetentionDays: cdn.logRetentionDays,
      bundleDir: bundleOriginSecret(),
    });
    const distribution = new CdnDistribution(this, "cdn", {
      name: cdn.name,
      domainName: domain.name,
      hostedZoneId: domain.hostedZoneId,
      certificateArn,
      originHostName: cdn.originHostName ?? props.primary.dnsName,
      webAclArn: webAcl.arn,
      viewerFunctionArn: originSecret.functionArn,
      dependsOn: [originSecret.invocation],
      originHeader: ORIGIN_VERIFY_HEADER,
      priceClass: cdn.priceClass,
      staticPaths: cdn.staticPaths,
      staticTtlSeconds: cdn.staticTtlSeconds,
      staticMaxTtlSeconds: STATIC_MAX_TTL_SECONDS,
      forwardedHeaders: cdn.forwardedHeaders,
      forwardedCookies: cdn.forwardedCookies,
      forwardedQueryStrings: cdn.forwardedQueryStrings,
      minimumProtocolVersion: CDN_MINIMUM_PROTOCOL_VERSION,
      logKmsKeyArn: key.arn,
      logRetentionDays: cdn.logRetentionDays,
    });
    new TerraformOutput(this, "distribution_id", { value: distribution.distributionId, description: "The CloudFront distribution (aws cloudfront create-invalidation --distribution-id)" });
    new TerraformOutput(this, "distribution_domain_name", { value: distribution.domainName, description: "The distribution's name: the domain's alias records point at it" });
  }
}
