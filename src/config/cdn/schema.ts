import { z } from "zod";
import { secretVersion } from "../shared/fields";
import { CDN_PRICE_CLASSES } from "./defaults";

/** A CloudFront path pattern: starts with `/`, up to 255 characters of the set CloudFront accepts, `*` and `?` as wildcards. */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+*?&]{0,254}$/;

/** An HTTP header name (a token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;

/** A cookie or query string name. */
const PARAMETER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~\-[\]]{1,128}$/;

/** `all`, `none`, or a list of names. */
const forwarded = (what: string) =>
  z.union([z.enum(["all", "none"], { error: `must be "all", "none" or a list of ${what} names` }), z.array(z.string().regex(PARAMETER_NAME, `must be a ${what} name`)).min(1, `must name at least one ${what}, or be "none"`)]);

/** An app's CDN (CloudFront) in front of its load balancer (issue 22, decision 0008). */
export const cdnSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Serve the app through CloudFront: the domain points at the distribution, and the load balancer admits CloudFront only. Needs the service's domainName and hostedZoneId (or a certificateArn here)."),
  priceClass: z.enum(CDN_PRICE_CLASSES, { error: `must be one of ${CDN_PRICE_CLASSES.join(", ")}` }).optional().describe("Which edge locations serve: PriceClass_100 (North America, Europe, Israel), PriceClass_200 or PriceClass_All."),
  certificateArn: z
    .string()
    .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "must be an ACM certificate ARN")
    .optional()
    .describe("An existing ACM certificate in us-east-1 for the domain, instead of one DNS-validated in the service's hostedZoneId."),
  staticPaths: z
    .array(z.string().regex(PATH_PATTERN, "must be a CloudFront path pattern such as /assets/*"))
    .optional()
    .describe("Path patterns cached at the edge (the origin's Cache-Control decides how long, up to a year); every other path goes to the app uncached."),
  staticTtlSeconds: z.number().int().min(0, "must be 0 or more seconds").max(31_536_000, "must be at most 31536000 seconds (a year)").optional().describe("Seconds a static object stays at the edge when the origin sends no Cache-Control."),
  forwardedHeaders: z
    .array(z.string().regex(HEADER_NAME, "must be an HTTP header name"))
    .optional()
    .describe("Request headers passed to the app on dynamic paths (Host and the origin header always are)."),
  forwardedCookies: forwarded("cookie").optional().describe('Cookies passed to the app on dynamic paths: "all", "none" or a list of names.'),
  forwardedQueryStrings: forwarded("query string").optional().describe('Query strings passed to the app on dynamic paths: "all", "none" or a list of names.'),
  originSecretVersion: secretVersion.optional().describe("The origin header secret's version; raise it to rotate the value (the load balancer takes the previous value too until the next rotation)."),
});

/** An app's or environment's CDN block as it passed the schema. */
export type CdnConfig = z.output<typeof cdnSchema>;
