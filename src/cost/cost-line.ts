import type { StackResource } from "./terraform-json";

/** A fixed monthly charge of one resource, and the arithmetic that makes it. */

/** Hours in a billing month, as AWS's pricing examples count them. */
export const HOURS_PER_MONTH = 730;

/** What a quantity is counted in: `…hour` units are charged every hour of the month, `…month` units once a month. */
export type Unit =
  | "hour"
  | "vCPU-hour"
  | "GB-hour"
  | "ACU-hour"
  | "node-hour"
  | "GB-month"
  | "key-month"
  | "secret-month"
  | "alarm-metric-month"
  | "alarm-month"
  | "ACL-month"
  | "rule-month"
  | "subscription-month"
  | "check-month"
  | "option-month"
  | "zone-month"
  | "dashboard-month"
  | "distribution-month";

/** One charge of one resource. */
export interface CostLine {
  /** What is charged, such as "NAT gateway". */
  readonly item: string;
  /** The Terraform address of the resource that incurs it, such as `aws_nat_gateway.nat_1234`. */
  readonly resource: string;
  /** The region whose price applies, or "global" (Route 53). */
  readonly region: string;
  /** How many units are charged each hour (for `…hour` units) or each month (for `…month` units). */
  readonly quantity: number;
  /** What the quantity counts. */
  readonly unit: Unit;
  /** USD per unit. */
  readonly unitPriceUsd: number;
  /** USD per month: quantity × unit price, × {@link HOURS_PER_MONTH} for hourly units. */
  readonly monthlyUsd: number;
  /** Set when the price table has no prices for `region`: the line is estimated at this region's prices (the table's `fallbacks`). Default: unset, `region`'s own prices. */
  readonly fallbackRegion?: string;
}

/** A cost line's fields but the monthly amount, which {@link costLine} computes. */
type CostLineInput = Omit<CostLine, "monthlyUsd">;

/** The months, or hours in a month, that a unit is charged for. */
function billedPeriodsPerMonth(unit: Unit): number {
  return unit.endsWith("hour") ? HOURS_PER_MONTH : 1;
}

/** A cost line, its monthly amount computed from quantity, unit and unit price. */
export function costLine(input: CostLineInput): CostLine {
  return { ...input, monthlyUsd: input.quantity * input.unitPriceUsd * billedPeriodsPerMonth(input.unit) };
}

/** A line for `count` instances of the resource that made it. */
export function timesInstances(line: CostLine, instances: number): CostLine {
  return costLine({ ...line, quantity: line.quantity * instances });
}

/** `quantity` public IPv4 addresses of a resource (the `holder` kind, such as "Elastic IP"), by the hour. */
export function publicIpv4(resource: StackResource, region: string, quantity: number, holder: string, hourly: number): CostLine {
  return costLine({ item: `Public IPv4 address (${holder})`, resource: resource.address, region, quantity, unit: "hour", unitPriceUsd: hourly });
}
