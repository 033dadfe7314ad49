import { mergedBlock } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import type { PlatformConfig } from "../platform/schema";
import type { ConfigIssue } from "../shared/errors";
import { CDN_TIER_DEFAULTS, CLOUDFRONT_QUOTAS, CLOUDFRONT_REGION, PLATFORM_FORWARDED_HEADERS } from "./defaults";

/**
 * `apps.<app>.environments.<env>.cdn.<key>` where the environment sets the key, `apps.<app>.cdn.<key>`
 * where the app does; for a key neither sets, the environment's block unless only the app has one.
 */
function cdnPath(app: AppConfig, appName: string, envName: string, key: string): string {
  const own = app.environments?.[envName]?.cdn as Record<string, unknown> | undefined;
  const shared = app.cdn as Record<string, unknown> | undefined;
  const inEnvironment = own?.[key] !== undefined || (shared?.[key] === undefined && (own !== undefined || shared === undefined));
  return inEnvironment ? `apps.${appName}.environments.${envName}.cdn.${key}` : `apps.${appName}.cdn.${key}`;
}

/**
 * Rules about an app's CDN in one environment (decision 0008): it serves the service's domain, so
 * it needs domainName, and a certificate in us-east-1 (validated in hostedZoneId, or given); its
 * cache behaviors and origin request policy stay within CloudFront's quotas.
 */
export function cdnIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const cdn = mergedBlock(app, envName, "cdn");
  const enabled = cdn.enabled ?? CDN_TIER_DEFAULTS[environment.tier].enabled;
  if (!enabled) return [];
  const service = mergedBlock(app, envName, "service");
  const issues: ConfigIssue[] = [];
  const add = (key: string, value: unknown, message: string) => issues.push({ path: cdnPath(app, appName, envName, key), value, message });
  const byDefault = cdn.enabled === undefined ? ` (on by default in the ${environment.tier} tier)` : "";
  if (service.domainName === undefined) {
    add("enabled", cdn.enabled, `needs apps.${appName}.service.domainName in environment ${envName}${byDefault}: CloudFront serves the app's domain, with a certificate for it; set a domainName or turn the CDN off`);
    return issues;
  }
  if (service.hostedZoneId === undefined && cdn.certificateArn === undefined) {
    add("certificateArn", undefined, `or apps.${appName}.service.hostedZoneId is required for the CDN of ${service.domainName} in environment ${envName}${byDefault}: CloudFront needs a certificate in ${CLOUDFRONT_REGION}, DNS-validated in the zone or given here`);
  }
  const match = cdn.certificateArn && /^arn:aws:acm:([a-z0-9-]+):(\d{12}):/.exec(cdn.certificateArn);
  if (match) {
    const accountId = config.accounts[config.networks[environment.network]?.account ?? ""]?.id;
    if (match[1] !== CLOUDFRONT_REGION) add("certificateArn", cdn.certificateArn, `must be a certificate in ${CLOUDFRONT_REGION}, where CloudFront takes its certificates; this one is in ${match[1]}`);
    else if (accountId !== undefined && match[2] !== accountId) add("certificateArn", cdn.certificateArn, `must be a certificate of environment ${envName}'s account ${accountId}; this one is in ${match[2]}`);
  }
  const staticPaths = cdn.staticPaths ?? [];
  if (staticPaths.length > CLOUDFRONT_QUOTAS.cacheBehaviors - 1) {
    add("staticPaths", staticPaths, `must list at most ${CLOUDFRONT_QUOTAS.cacheBehaviors - 1} patterns: a distribution has at most ${CLOUDFRONT_QUOTAS.cacheBehaviors} cache behaviors, the default one included`);
  }
  const duplicates = staticPaths.filter((path, index) => staticPaths.indexOf(path) !== index);
  if (duplicates.length > 0) add("staticPaths", staticPaths, `must not repeat a pattern (${[...new Set(duplicates)].join(", ")}): a distribution refuses two cache behaviors with one pattern`);
  const headers = cdn.forwardedHeaders ?? [];
  const reserved = headers.filter((header) => (PLATFORM_FORWARDED_HEADERS as readonly string[]).includes(header.toLowerCase()));
  if (reserved.length > 0) add("forwardedHeaders", headers, `must not list ${reserved.join(", ")}: the platform always passes ${PLATFORM_FORWARDED_HEADERS.join(" and ")}`);
  if (headers.some((header) => header.toLowerCase() === "authorization")) {
    add("forwardedHeaders", headers, "must not list Authorization: CloudFront refuses it in an origin request policy, and the dynamic paths' cache policy caches nothing, so it cannot carry it either; use a session cookie");
  }
  const headerRoom = CLOUDFRONT_QUOTAS.originRequestPolicyHeaders - PLATFORM_FORWARDED_HEADERS.length;
  if (headers.length > headerRoom) {
    add("forwardedHeaders", headers, `must list at most ${headerRoom} headers: an origin request policy holds ${CLOUDFRONT_QUOTAS.originRequestPolicyHeaders}, and the platform adds ${PLATFORM_FORWARDED_HEADERS.join(" and ")}`);
  }
  for (const [key, quota] of [["forwardedCookies", CLOUDFRONT_QUOTAS.originRequestPolicyCookies], ["forwardedQueryStrings", CLOUDFRONT_QUOTAS.originRequestPolicyQueryStrings]] as const) {
    const names = cdn[key];
    if (Array.isArray(names) && names.length > quota) add(key, names, `must list at most ${quota} names, an origin request policy's quota, or be "all"`);
  }
  return issues;
}
