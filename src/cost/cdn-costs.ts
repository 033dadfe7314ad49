/**
 * The CDN's fixed charges. A CloudFront distribution on the pay-as-you-go plan has no monthly fee:
 * its line says so at the table's price (0), so that the edge stack's cost is read, not assumed.
 * Its data transfer, HTTPS requests and CloudFront Functions invocations are usage (src/cost/unpriced.ts);
 * its web ACL, key and origin secret are priced by their own pricers.
 */
import { costLine } from "./cost-line";
import type { Pricer } from "./pricer";

/** CloudFront is global: its lines name no region. */
const GLOBAL = "global";

/** A CloudFront distribution by the month (the pay-as-you-go plan's monthly fee). */
export const priceDistribution: Pricer = (distribution, { prices }) => [
  costLine({
    item: "CloudFront distribution, pay-as-you-go (no monthly fee; transfer, requests and functions are usage)",
    resource: distribution.address,
    region: GLOBAL,
    quantity: 1,
    unit: "distribution-month",
    unitPriceUsd: prices.global.cloudfront.payAsYouGoDistributionMonth,
  }),
];
