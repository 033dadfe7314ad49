import { CloudfrontCachePolicy } from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginRequestPolicy, CloudfrontOriginRequestPolicyCookiesConfig, CloudfrontOriginRequestPolicyQueryStringsConfig } from "@cdktf/provider-aws/lib/cloudfront-origin-request-policy";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { CdnPriceClass } from "../../config/cdn/defaults";
import type { ForwardedNames } from "../../config/cdn/resolve";

/** Properties of a {@link CdnDistribution}. */
export interface CdnDistributionProps {
  /** `<project>-<app>-<env>-edge`: the prefix of its policies', log group's and delivery's names. */
  readonly name: string;
  /** The app's domain: the distribution's alternate name. */
  readonly domainName: string;
  /** The hosted zone where the domain's alias records go. @default no records (the operator points the domain) */
  readonly hostedZoneId?: string;
  /** The certificate for the domain, in us-east-1. */
  readonly certificateArn: string;
  /** The host name CloudFront sends requests to (a load balancer, or `origin.<domain>` answered by failover records). */
  readonly originHostName: string;
  /** The WAF web ACL (CLOUDFRONT scope). */
  readonly webAclArn: string;
  /** The viewer-request CloudFront Function that adds the origin header (see `OriginSecret`). */
  readonly viewerFunctionArn: string;
  /** What must exist before the distribution names the function. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** The header the function adds, passed to the origin on every path. */
  readonly originHeader: string;
  /** The price class. */
  readonly priceClass: CdnPriceClass;
  /** Path patterns cached at the edge. */
  readonly staticPaths: readonly string[];
  /** Seconds a static object stays without Cache-Control. */
  readonly staticTtlSeconds: number;
  /** The longest a static object stays. */
  readonly staticMaxTtlSeconds: number;
  /** Headers passed on dynamic paths besides Host and the origin header. */
  readonly forwardedHeaders: readonly string[];
  /** Cookies passed on dynamic paths. */
  readonly forwardedCookies: ForwardedNames;
  /** Query strings passed on dynamic paths. */
  readonly forwardedQueryStrings: ForwardedNames;
  /** The minimum TLS version for viewers, such as `TLSv1.2_2021`. */
  readonly minimumProtocolVersion: string;
  /** The key encrypting the access log group (its policy admits CloudWatch Logs for it). */
  readonly logKmsKeyArn: string;
  /** Days the access logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * AWS's managed cache policy CachingDisabled (CloudFront Developer Guide, "Use managed cache
 * policies"): nothing cached, no cache key. Dynamic paths use it, with an origin request policy
 * naming what the app gets.
 */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/** Every method on dynamic paths (forms, APIs); static paths take GET and HEAD. */
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const READ_METHODS = ["GET", "HEAD"];

/** `/aws/vendedlogs/cloudfront/<name>`: the access log group (the vendedlogs prefix keeps CloudWatch Logs' resource policy small). */
export const accessLogGroupName = (name: string) => `/aws/vendedlogs/cloudfront/${name}`;

/** An origin request policy's cookies: all, none, or a whitelist. */
function cookiesConfig(names: ForwardedNames): CloudfrontOriginRequestPolicyCookiesConfig {
  return typeof names === "string" ? { cookieBehavior: names } : { cookieBehavior: "whitelist", cookies: { items: [...names] } };
}

/** An origin request policy's query strings: all, none, or a whitelist. */
function queryStringsConfig(names: ForwardedNames): CloudfrontOriginRequestPolicyQueryStringsConfig {
  return typeof names === "string" ? { queryStringBehavior: names } : { queryStringBehavior: "whitelist", queryStrings: { items: [...names] } };
}

/**
 * A CloudFront distribution in front of one origin over HTTPS only (TLS 1.2 to the origin, whose
 * certificate is the domain's: the Host header is passed), serving the domain with HTTP/2 and
 * HTTP/3, IPv6, viewers redirected to HTTPS with TLS 1.2 (2021 ciphers) or newer, behind a WAF
 * web ACL. Static paths are cached (the origin's Cache-Control decides, compressed), every other
 * path passes uncached with the headers, cookies and query strings the app needs. Every request
 * gets the origin header from the viewer-request function. Access logs go through CloudWatch
 * standard logging (v2) to an encrypted log group; alias records point the domain at it.
 */
export class CdnDistribution extends Construct {
  /** The distribution's ID. */
  readonly distributionId: string;
  /** Its `*.cloudfront.net` name. */
  readonly domainName: string;
  /** Its ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CdnDistributionProps) {
    super(scope, id);
    const alwaysPassed = ["Host", props.originHeader];
    const dynamicRequests = new CloudfrontOriginRequestPolicy(this, "dynamic-requests", {
      name: `${props.name}-dynamic`,
      comment: "Dynamic paths: Host, the origin header and what the app needs",
      headersConfig: { headerBehavior: "whitelist", headers: { items: [...alwaysPassed, ...props.forwardedHeaders] } },
      cookiesConfig: cookiesConfig(props.forwardedCookies),
      queryStringsConfig: queryStringsConfig(props.forwardedQueryStrings),
    });
    const staticRequests = new CloudfrontOriginRequestPolicy(this, "static-requests", {
      name: `${props.name}-static`,
      comment: "Static paths: Host and the origin header only",
      headersConfig: { headerBehavior: "whitelist", headers: { items: alwaysPassed } },
      cookiesConfig: { cookieBehavior: "none" },
      queryStringsConfig: { queryStringBehavior: "none" },
    });
    const staticCache = new CloudfrontCachePolicy(this, "static-cache", {
      name: `${props.name}-static`,
      comment: "Static paths: cached as the origin's Cache-Control says, compressed, no cookies or query strings in the key",
      minTtl: 0,
      defaultTtl: props.staticTtlSeconds,
      maxTtl: props.staticMaxTtlSeconds,
      parametersInCacheKeyAndForwardedToOrigin: {
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        headersConfig: { headerBehavior: "none" },
        cookiesConfig: { cookieBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "none" },
      },
    });
    const functionAssociation = [{ eventType: "viewer-request", functionArn: props.viewerFunctionArn }];
    const originId = "app";
    const distribution = new CloudfrontDistribution(this, "distribution", {
      comment: `${props.name}: ${props.domainName}`,
      enabled: true,
      aliases: [props.domainName],
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      webAclId: props.webAclArn,
      origin: [
        {
          originId,
          domainName: props.originHostName,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ALL_METHODS,
        cachedMethods: READ_METHODS,
        compress: true,
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: dynamicRequests.id,
        functionAssociation,
      },
      orderedCacheBehavior: props.staticPaths.map((pathPattern) => ({
        pathPattern,
        targetOriginId: originId,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: READ_METHODS,
        cachedMethods: READ_METHODS,
        compress: true,
        cachePolicyId: staticCache.id,
        originRequestPolicyId: staticRequests.id,
        functionAssociation,
      })),
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: props.minimumProtocolVersion },
      dependsOn: [...props.dependsOn],
    });

    // Standard logging (v2): CloudFront delivers access logs through CloudWatch Logs' delivery API, in us-east-1.
    const logGroup = new CloudwatchLogGroup(this, "access-logs", { name: accessLogGroupName(props.name), retentionInDays: props.logRetentionDays, kmsKeyId: props.logKmsKeyArn });
    const source = new CloudwatchLogDeliverySource(this, "access-log-source", { name: `${props.name}-access`, logType: "ACCESS_LOGS", resourceArn: distribution.arn });
    const destination = new CloudwatchLogDeliveryDestination(this, "access-log-destination", {
      name: `${props.name}-access`,
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: logGroup.arn }],
    });
    new CloudwatchLogDelivery(this, "access-log-delivery", { deliverySourceName: source.name, deliveryDestinationArn: destination.arn });

    if (props.hostedZoneId !== undefined) {
      for (const type of ["A", "AAAA"]) {
        new Route53Record(this, `alias-${type.toLowerCase()}`, {
          zoneId: props.hostedZoneId,
          name: props.domainName,
          type,
          alias: { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    }
    this.distributionId = distribution.id;
    this.domainName = distribution.domainName;
    this.arn = distribution.arn;
  }
}
