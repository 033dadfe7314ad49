/**
 * The CDN in front of an app's load balancer (issue 22, decision 0008): CloudFront with its
 * certificate and web ACL in us-east-1, the load balancer admitting CloudFront only.
 */
import type { Tier } from "../shared/tiers";

/** CloudFront's price classes: which edge locations serve (100: North America, Europe, Israel; 200: most; All). */
export const CDN_PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

/** A CloudFront price class. */
export type CdnPriceClass = (typeof CDN_PRICE_CLASSES)[number];

/** What a tier gets when config says nothing of the CDN. */
export interface CdnTierDefaults {
  /** Whether the environment has a CDN. */
  readonly enabled: boolean;
  /** The distribution's price class. */
  readonly priceClass: CdnPriceClass;
}

/** The CDN per tier: on in prod (seeds 002 and 004), off below, where a team tests against the load balancer. */
export const CDN_TIER_DEFAULTS: Readonly<Record<Tier, CdnTierDefaults>> = {
  dev: { enabled: false, priceClass: "PriceClass_100" },
  staging: { enabled: false, priceClass: "PriceClass_100" },
  uat: { enabled: false, priceClass: "PriceClass_100" },
  prod: { enabled: true, priceClass: "PriceClass_100" },
};

/** Path patterns cached at the edge unless config names others: a Rails app's compiled assets and packs (seed 003). */
export const DEFAULT_STATIC_PATHS = ["/assets/*", "/packs/*", "/favicon.ico", "/robots.txt"] as const;

/** Seconds the edge keeps a static object when the origin sends no Cache-Control (a day); the origin's max-age wins up to a year. */
export const DEFAULT_STATIC_TTL_SECONDS = 86_400;

/** The longest any static object is kept at the edge: a year, for fingerprinted assets. */
export const STATIC_MAX_TTL_SECONDS = 31_536_000;

/** Request headers passed to the app on dynamic paths unless config names others (Host and the origin header are always passed). */
export const DEFAULT_FORWARDED_HEADERS = ["Accept", "Accept-Language", "Origin", "Referer", "X-CSRF-Token", "X-Requested-With"] as const;

/** Cookies and query strings passed to the app on dynamic paths: all (a session cookie, any parameter) unless config lists names. */
export const DEFAULT_FORWARDED = "all" as const;

/**
 * The header CloudFront adds to every request it sends to the origin, holding the origin secret;
 * the load balancer forwards only requests that carry the current or the previous value.
 */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

/** Headers the platform always passes to the origin: config may not list them (nor Authorization, which CloudFront refuses in an origin request policy). */
export const PLATFORM_FORWARDED_HEADERS = ["host", ORIGIN_VERIFY_HEADER] as const;

/**
 * CloudFront quotas (Developer Guide, "Quotas", distributions and policies), which validation
 * enforces so that AWS does not refuse them mid-apply: cache behaviors per distribution (the
 * default one included), and headers, cookies and query strings per origin request policy.
 */
export const CLOUDFRONT_QUOTAS = { cacheBehaviors: 25, originRequestPolicyHeaders: 10, originRequestPolicyCookies: 10, originRequestPolicyQueryStrings: 10 } as const;

/**
 * Security group rule quotas (Amazon VPC User Guide, "Amazon VPC quotas", security groups): 60
 * inbound rules per group by default, and a prefix list referenced in a rule counts as its
 * maximum entries; the CloudFront origin-facing list weighs 55 ("AWS-managed prefix lists",
 * prefix list weight). The load balancer's group therefore holds that one rule (HTTPS) and no
 * other; a Terraform postcondition on the prefix list fails the plan if AWS ever weighs it more.
 */
export const SECURITY_GROUP_INBOUND_RULE_QUOTA = 60;

/** The CloudFront origin-facing prefix list's weight today (its maximum entries). */
export const CLOUDFRONT_PREFIX_LIST_WEIGHT = 55;

/** The AWS-managed prefix list of CloudFront's origin-facing servers. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/** The AWS-managed prefix list of Route 53's health checkers in a region (since 2023-09). */
export const route53HealthCheckPrefixList = (region: string) => `com.amazonaws.${region}.route53-healthchecks`;

/** `origin.<domain>`: the host name CloudFront sends requests to; with DR, the dns stack's failover records answer for it. */
export const originHostName = (domain: string) => `origin.${domain}`;

/** Where CloudFront's certificates and web ACLs must be, and its control plane is. */
export const CLOUDFRONT_REGION = "us-east-1";

/** The minimum TLS version viewers may use. */
export const CDN_MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021";
