import type { ResolvedDeployment } from "../config/app/resolve";
import type { AppConfig } from "../config/app/schema";
import { CDN_MINIMUM_PROTOCOL_VERSION, CLOUDFRONT_REGION, ORIGIN_VERIFY_HEADER } from "../config/cdn/defaults";
import { PRICE_TABLE } from "../cost/price-table";
import type { ExplainedSection, ExplainedSetting } from "./explanation";

/** Where the CDN's defaults live: per tier, in its own domain (not the tier presets). */
const CDN_DEFAULTS = "src/config/cdn/defaults.ts";

/** Rules of the edge web ACL: the rate limit and three AWS managed rule groups (src/constructs/service/web-acl.ts). */
const EDGE_WAF_RULES = 4;

/** The source of a key of the `cdn` block: the environment's, the app's, else the default there (the tier's, or `tier` undefined: one for all). */
function cdnSource(app: { name: string; config: AppConfig }, envName: string, tier: string | undefined, key: string): string {
  if ((app.config.environments?.[envName]?.cdn as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.environments.${envName}.cdn.${key}`;
  if ((app.config.cdn as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.cdn.${key}`;
  return `default (${CDN_DEFAULTS}${tier === undefined ? "" : `, tier ${tier}`})`;
}

/**
 * The app's CDN in one environment (decision 0008): each setting with its source, where CloudFront
 * sends requests, how the load balancer admits only CloudFront, and the fixed monthly charges of
 * the edge stack at the price table's rates; or that it is off.
 */
export function cdnSections(app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const tier = deployment.environment.tier;
  const source = (key: string, byTier = false) => cdnSource(app, envName, byTier ? tier : undefined, key);
  const title = `app ${app.name}: cdn`;
  const { cdn } = deployment;
  if (!cdn) return [{ title, settings: [{ key: "enabled", value: false, source: source("enabled", true) }] }];
  const us = PRICE_TABLE.regions[CLOUDFRONT_REGION];
  const settings: ExplainedSetting[] = [
    { key: "enabled", value: true, source: source("enabled", true) },
    { key: "stack", value: `${deployment.app}-${envName}-edge (${CLOUDFRONT_REGION})`, source: "decision 0008: CloudFront's certificates and web ACLs are in us-east-1" },
    { key: "domain", value: cdn.domain.name, source: `apps.${app.name}.service.domainName` },
    { key: "certificate", value: cdn.certificateArn ?? `new, DNS-validated in ${cdn.domain.hostedZoneId}`, source: source("certificateArn") },
    { key: "origin", value: cdn.originHostName ?? "the load balancer's DNS name", source: cdn.originHostName ? "the dns stack's failover records (the environment has DR)" : "no DR: the primary load balancer" },
    { key: "priceClass", value: cdn.priceClass, source: source("priceClass", true) },
    { key: "minimumProtocolVersion", value: CDN_MINIMUM_PROTOCOL_VERSION, source: CDN_DEFAULTS },
    { key: "staticPaths", value: cdn.staticPaths, source: source("staticPaths") },
    { key: "staticTtlSeconds", value: cdn.staticTtlSeconds, source: source("staticTtlSeconds") },
    { key: "forwardedHeaders", value: ["Host", ORIGIN_VERIFY_HEADER, ...cdn.forwardedHeaders], source: `${source("forwardedHeaders")}; Host and ${ORIGIN_VERIFY_HEADER} always` },
    { key: "forwardedCookies", value: cdn.forwardedCookies, source: source("forwardedCookies") },
    { key: "forwardedQueryStrings", value: cdn.forwardedQueryStrings, source: source("forwardedQueryStrings") },
    { key: "wafRateLimit", value: cdn.wafRateLimit, source: "the service's wafRateLimit" },
    { key: "loadBalancerIngress", value: "HTTPS from com.amazonaws.global.cloudfront.origin-facing only (weight 55 of 60 rules)", source: "decision 0008" },
    { key: "originSecret", value: `${cdn.originSecretName}, version ${cdn.originSecretVersion}: in no state`, source: source("originSecretVersion") },
    {
      key: "monthlyUsd",
      value: Math.round((us.wafWebAclMonth + EDGE_WAF_RULES * us.wafRuleMonth + us.kmsKeyMonth + us.secretMonth + PRICE_TABLE.global.cloudfront.payAsYouGoDistributionMonth) * 100) / 100,
      source: "src/cost/price-table.ts: web ACL and its rules, key, secret; transfer, requests and functions are usage",
    },
  ];
  return [{ title, settings }];
}
