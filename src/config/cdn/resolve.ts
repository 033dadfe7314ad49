import { INITIAL_SECRET_VERSION } from "../database/defaults";
import { DEFAULT_WAF_RATE_LIMIT } from "../service/defaults";
import type { ResolvedDomain, ResolvedService } from "../service/resolve";
import type { Tier } from "../shared/tiers";
import { CDN_TIER_DEFAULTS, CdnPriceClass, DEFAULT_FORWARDED, DEFAULT_FORWARDED_HEADERS, DEFAULT_STATIC_PATHS, DEFAULT_STATIC_TTL_SECONDS, originHostName } from "./defaults";
import type { CdnConfig } from "./schema";

/** Cookies or query strings passed to the origin: all, none, or these names. */
export type ForwardedNames = "all" | "none" | readonly string[];

/** An app's CDN in one environment, every setting decided. */
export interface ResolvedCdn {
  /** `<project>-<app>-<env>-edge`: the edge stack's physical names start with it. */
  readonly name: string;
  /** The app's domain: the distribution's alternate name, its certificate's, and the alias record's. */
  readonly domain: ResolvedDomain;
  /** The certificate in us-east-1: an existing one, or none for one DNS-validated in the domain's hosted zone. @default a new certificate */
  readonly certificateArn?: string;
  /** The host name CloudFront sends requests to when the dns stack answers for it (`origin.<domain>`, with DR). @default the load balancer's DNS name */
  readonly originHostName?: string;
  /** The distribution's price class. */
  readonly priceClass: CdnPriceClass;
  /** Path patterns cached at the edge. */
  readonly staticPaths: readonly string[];
  /** Seconds a static object stays at the edge without Cache-Control. */
  readonly staticTtlSeconds: number;
  /** Headers passed to the app on dynamic paths, besides Host and the origin header. */
  readonly forwardedHeaders: readonly string[];
  /** Cookies passed to the app on dynamic paths. */
  readonly forwardedCookies: ForwardedNames;
  /** Query strings passed to the app on dynamic paths. */
  readonly forwardedQueryStrings: ForwardedNames;
  /** The edge web ACL's rate limit per IP in 5 minutes (the service's). */
  readonly wafRateLimit: number;
  /** Days the access and WAF logs are kept (the service's log retention). */
  readonly logRetentionDays: number;
  /** The origin header secret's name in Secrets Manager, `<project>/<app>/<env>/origin-verify` (in us-east-1). */
  readonly originSecretName: string;
  /** The origin header secret's version: raising it writes a new value. */
  readonly originSecretVersion: number;
}

/** What resolving a CDN needs besides its block. */
export interface CdnContext {
  /** The environment's tier. */
  readonly tier: Tier;
  /** The app's resolved service: its name, domain, WAF and log retention. */
  readonly service: ResolvedService;
  /** `<project>/<app>/<env>`: the prefix of the app's secret names. */
  readonly secretNamePrefix: string;
  /** Whether the environment has DR: the origin is then `origin.<domain>`, which the dns stack's failover records answer for. */
  readonly dr: boolean;
}

/** The app's CDN in one environment, or undefined where it is off (the tier's default unless config says). */
export function resolveCdn(cdn: CdnConfig, context: CdnContext): ResolvedCdn | undefined {
  const tier = CDN_TIER_DEFAULTS[context.tier];
  const { service } = context;
  // Validation refuses a CDN without a domain; resolution only declines to build one.
  if (!(cdn.enabled ?? tier.enabled) || service.domain === undefined) return undefined;
  return {
    name: `${service.name}-edge`,
    domain: service.domain,
    ...(cdn.certificateArn !== undefined ? { certificateArn: cdn.certificateArn } : {}),
    ...(context.dr ? { originHostName: originHostName(service.domain.name) } : {}),
    priceClass: cdn.priceClass ?? tier.priceClass,
    staticPaths: cdn.staticPaths ?? DEFAULT_STATIC_PATHS,
    staticTtlSeconds: cdn.staticTtlSeconds ?? DEFAULT_STATIC_TTL_SECONDS,
    forwardedHeaders: cdn.forwardedHeaders ?? DEFAULT_FORWARDED_HEADERS,
    forwardedCookies: cdn.forwardedCookies ?? DEFAULT_FORWARDED,
    forwardedQueryStrings: cdn.forwardedQueryStrings ?? DEFAULT_FORWARDED,
    wafRateLimit: service.waf?.rateLimit ?? DEFAULT_WAF_RATE_LIMIT,
    logRetentionDays: service.logRetentionDays,
    originSecretName: `${context.secretNamePrefix}/origin-verify`,
    originSecretVersion: cdn.originSecretVersion ?? INITIAL_SECRET_VERSION,
  };
}
