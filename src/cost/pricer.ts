/** What prices one resource type, and the loud price lookups every pricer uses. */
import type { CostLine } from "./cost-line";
import type { DatabaseDirectory } from "./database-directory";
import type { PriceTable, RegionPrices } from "./price-table";
import type { StackResource, SynthesizedStackJson } from "./terraform-json";

/** What a pricer reads besides the resource. */
export interface PricingContext {
  /** The stack the resource is in, to follow its references. */
  readonly stack: SynthesizedStackJson;
  /** The prices. */
  readonly prices: PriceTable;
  /** The RDS instances of the other stacks estimated with this one, for a cross-region read replica's source. */
  readonly databases: DatabaseDirectory;
}

/** The cost lines of one instance of a resource (the estimate multiplies them by its `count`/`for_each`). */
export type Pricer = (resource: StackResource, context: PricingContext) => CostLine[];

/**
 * The region whose prices apply to `region`: itself when the table has its
 * prices, else its fallback (the table's `fallbacks`), else none.
 */
export function pricedRegion(prices: PriceTable, region: string): string | undefined {
  if (Object.hasOwn(prices.regions, region)) return region;
  const fallback = Object.hasOwn(prices.fallbacks, region) ? prices.fallbacks[region] : undefined;
  return fallback !== undefined && Object.hasOwn(prices.regions, fallback) ? fallback : undefined;
}

/**
 * The prices of the region a resource is in, or of its fallback region when
 * the table has none of its own (the estimate marks those lines); throws when
 * the table has neither.
 */
export function regionPrices(prices: PriceTable, region: string, resource: StackResource): RegionPrices {
  const priced = pricedRegion(prices, region);
  if (priced === undefined) throw new Error(`${resource.address}: region ${region} has neither prices nor a fallback region; add it to src/cost/price-table.ts`);
  return prices.regions[priced];
}

/**
 * The entry `key` of a price table section, such as an instance class's hourly
 * price; throws, naming the resource, the key and the region, when the table
 * lacks it: a missing price is never taken as 0.
 */
export function tablePrice<T>(section: Readonly<Record<string, T>>, key: string, what: string, resource: StackResource, region: string): T {
  const found = Object.hasOwn(section, key) ? section[key] : undefined;
  if (found === undefined) {
    throw new Error(`${resource.address}: ${what} ${key} in ${region} is not in the price table; add it to src/cost/price-table.ts (known: ${Object.keys(section).join(", ") || "none"})`);
  }
  return found;
}
