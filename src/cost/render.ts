import { unestimatedGroupName, type GroupEstimate, type PlatformEstimate } from "./estimate";
import type { BudgetCheck } from "./budgets";

/** One row of a group's table: the lines of an item in a region at one unit price, summed. */
interface TableRow {
  /** What is charged. */
  readonly item: string;
  /** The region whose price applies, or "global"; with "(estimated at <fallback> prices)" when the table has none of its own. */
  readonly region: string;
  /** The summed quantity. */
  readonly quantity: number;
  /** The unit price with its unit, formatted. */
  readonly unitPrice: string;
  /** The summed monthly amount, USD. */
  readonly monthlyUsd: number;
}

/** USD with cents and thousands separators, such as `$1,234.50`. */
function formatUsd(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price in full (at least cents, up to eight decimals) per its unit, such as `$0.0042 per hour`. */
function formatUnitPrice(usd: number, unit: string): string {
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 8 })} per ${unit}`;
}

/** A quantity with at most four decimals, such as `0.5` or `3`. */
function formatQuantity(quantity: number): string {
  return String(Math.round(quantity * 10000) / 10000);
}

/** A group's lines summed by item, region, unit and unit price, the largest monthly amount first. */
function tableRows(group: GroupEstimate): TableRow[] {
  const rows = new Map<string, TableRow>();
  for (const line of group.lines) {
    const unitPrice = formatUnitPrice(line.unitPriceUsd, line.unit);
    const region = line.fallbackRegion === undefined ? line.region : `${line.region} (estimated at ${line.fallbackRegion} prices)`;
    const key = [line.item, region, unitPrice].join("|");
    const row = rows.get(key);
    rows.set(key, { item: line.item, region, unitPrice, quantity: (row?.quantity ?? 0) + line.quantity, monthlyUsd: (row?.monthlyUsd ?? 0) + line.monthlyUsd });
  }
  return [...rows.values()].sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.item.localeCompare(b.item) || a.region.localeCompare(b.region));
}

/** A group's heading, its stacks and its table with the total. */
function renderGroup(group: GroupEstimate, heading: string, budget?: BudgetCheck): string[] {
  const against = budget ? ` (budget ${formatUsd(budget.budgetUsd)}${budget.over ? ", over" : ""})` : "";
  return [
    `${heading} ${group.name}: ${formatUsd(group.monthlyUsd)} per month${against}`,
    "",
    `Stacks: ${group.stacks.map((stack) => `\`${stack}\``).join(", ")}`,
    "",
    "| Item | Region | Quantity | Unit price | Monthly |",
    "| --- | --- | ---: | ---: | ---: |",
    ...tableRows(group).map((row) => `| ${row.item} | ${row.region} | ${formatQuantity(row.quantity)} | ${row.unitPrice} | ${formatUsd(row.monthlyUsd)} |`),
    `| **Total** | | | | **${formatUsd(group.monthlyUsd)}** |`,
    "",
  ];
}

/** Environments in the order of their budget checks (the configuration's), those without one last. */
function inBudgetOrder(groups: readonly GroupEstimate[], budgets: readonly BudgetCheck[]): GroupEstimate[] {
  const position = (group: GroupEstimate) => {
    const index = budgets.findIndex((budget) => budget.environment === group.name);
    return index < 0 ? budgets.length : index;
  };
  return [...groups].sort((a, b) => position(a) - position(b));
}

/** The estimate as Markdown: a table per environment, then per account of shared stacks, the prices' date and source, and what is left out. */
export function renderMarkdown(estimate: PlatformEstimate, budgets: readonly BudgetCheck[] = []): string {
  const unclassified = estimate.unclassified.map((entry) => `- \`${entry.type}\` in ${entry.stacks.map((stack) => `\`${stack}\``).join(", ")}`);
  const fallbacks = estimate.fallbacks.map(
    (fallback) => `- ${fallback.region}: estimated at ${fallback.fallbackRegion} prices (fallback region), as the price table has none of its own; its own prices may differ`,
  );
  const unestimated = estimate.unestimated.map((group) => `- ${unestimatedGroupName(group)}: ${group.reason}`);
  return [
    "# Fixed monthly cost",
    "",
    ...(unestimated.length > 0 ? ["Left out, with a charge the estimator cannot price (each group's first):", "", ...unestimated, ""] : []),
    ...(fallbacks.length > 0 ? ["Regions without prices in src/cost/price-table.ts, estimated at a fallback region's:", "", ...fallbacks, ""] : []),
    ...inBudgetOrder(estimate.environments, budgets).flatMap((group) => renderGroup(group, "## Environment", budgets.find((budget) => budget.environment === group.name))),
    "## Shared stacks",
    "",
    ...estimate.shared.flatMap((group) => renderGroup(group, "###")),
    ...(unclassified.length > 0 ? ["Not estimated: resource types the estimator does not know (add them to src/cost):", "", ...unclassified, ""] : []),
    `Prices: table written ${estimate.prices.date}; ${estimate.prices.source}`,
    "",
    "Excluded usage charges (they grow with traffic and data):",
    "",
    ...estimate.excluded.map((charge) => `- ${charge.charge} (${charge.resourceTypes.map((type) => `\`${type}\``).join(", ")})`),
  ].join("\n");
}

/** Significant digits a number keeps in the JSON: more than any price or sum needs, fewer than a float's noise (71.64182997500001). */
const JSON_SIGNIFICANT_DIGITS = 12;

/** The estimate and its budget checks as JSON, each number without the noise that summing floats leaves (71.641829975, not 71.64182997500001). */
export function renderJson(estimate: PlatformEstimate, budgets: readonly BudgetCheck[] = []): string {
  const denoised = (_key: string, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(JSON_SIGNIFICANT_DIGITS)) : value);
  return JSON.stringify({ ...estimate, budgets }, denoised, 2);
}
