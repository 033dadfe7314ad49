import { App } from "cdktf";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { loadPlatformRun, parseConfig } from "../../src/config/platform/load";
import { resolvePlatform, type ResolvedPlatform } from "../../src/config/platform/resolve";
import type { PlatformConfigInput } from "../../src/config/platform/schema";
import { TIER_PRESETS, TIERS } from "../../src/config/shared/tiers";
import { budgetWarnings, estimateSynthesis } from "../../src/cost/budgets";
import { PRICE_TABLE } from "../../src/cost/price-table";
import { Platform } from "../../src/platform";
import { writtenOutdir } from "../support/synth";

/**
 * Decision 0007: each tier's preset budget covers what the tier's own defaults cost, and its DR allowance what a DR network adds
 * to them, so a new configuration (with or without DR) and the examples synthesize without a budget warning.
 */
const EXAMPLES = resolve(__dirname, "../../examples");

/** The directory a synthesis of the platform wrote, as `npm run synth` writes it. */
function synthesized(platform: ResolvedPlatform): string {
  const outdir = mkdtempSync(join(tmpdir(), "tier-budgets-"));
  const app = new App({ outdir });
  new Platform(app, { platform, bootstrap: false });
  app.synth();
  return outdir;
}

type Editable = PlatformConfigInput & {
  accounts: Record<string, { id: string; region: string }>;
  networks: Record<string, { account: string; region: string; cidr: string }>;
  environments: Record<string, { network: string; drNetwork?: string; monthlyBudgetUsd?: number }>;
};

/**
 * The built-in configuration with only the tiers' defaults, moved to `region`: an environment of each tier (named
 * after it) on a network of its own, none with a budget of its own, and none with a DR network unless `drRegion` names
 * one. Then each environment has a DR network there, and an account of its own: one account's networks in one region
 * would share its backend stack there (reported by account, not by environment).
 */
function tierDefaultsIn(region: string, drRegion?: string): ResolvedPlatform {
  const config = structuredClone(DEFAULT_CONFIG) as Editable;
  delete config.networks["prod-dr"];
  for (const environment of Object.values(config.environments)) {
    delete environment.drNetwork;
    delete environment.monthlyBudgetUsd;
  }
  config.project.defaultRegion = region;
  for (const entry of [...Object.values(config.accounts), ...Object.values(config.networks)]) entry.region = region;
  if (drRegion !== undefined) {
    Object.entries(config.environments).forEach(([name, environment], index) => {
      config.accounts[name] = { id: String(444444444440 + index), region };
      config.networks[environment.network].account = name;
      config.networks[`${name}-dr`] = { account: name, region: drRegion, cidr: `10.${60 + 10 * index}.0.0/16` };
      environment.drNetwork = `${name}-dr`;
    });
  }
  return resolvePlatform(parseConfig(config, "test"));
}

const PRICED_REGIONS = Object.keys(PRICE_TABLE.regions);

/** A DR region for `region` at `pricedRegion`'s prices: that region itself, or, when it is `region`, the first region estimated at its prices. */
function drRegionAt(pricedRegion: string, region: string): string {
  return pricedRegion !== region ? pricedRegion : Object.keys(PRICE_TABLE.fallbacks).find((candidate) => PRICE_TABLE.fallbacks[candidate] === pricedRegion)!;
}

/** Each environment's estimate against its budget in a synthesis of the tiers' defaults, by the synthesis's regions: each made once for the file. */
const estimates = new Map<string, ReturnType<typeof estimateSynthesis>["budgets"]>();
function budgetsOf(platform: ResolvedPlatform, key: string) {
  if (!estimates.has(key)) estimates.set(key, estimateSynthesis(synthesized(platform), platform).budgets);
  return estimates.get(key)!;
}

describe("each tier's preset budget, and its DR allowance, against what the tier's own defaults cost", () => {
  it.each(PRICED_REGIONS)("covers each tier's defaults in %s (every region without prices is estimated at one of these)", (region) => {
    const platform = tierDefaultsIn(region);
    expect(platform.environments.map((environment) => [environment.name, environment.tier, environment.monthlyBudgetUsd])).toEqual(TIERS.map((tier) => [tier, tier, TIER_PRESETS[tier].monthlyBudgetUsd]));
    const budgets = budgetsOf(platform, region);
    expect(budgets.map((check) => check.environment)).toEqual([...TIERS]);
    expect(budgets.filter((check) => check.estimateUsd > TIER_PRESETS[check.environment as keyof typeof TIER_PRESETS].monthlyBudgetUsd)).toEqual([]);
    expect(budgetWarnings(budgets)).toEqual([]);
  });

  const withDr = PRICED_REGIONS.flatMap((region) => PRICED_REGIONS.map((pricedRegion) => [region, drRegionAt(pricedRegion, region), pricedRegion]));
  it.each(withDr)("covers each tier's defaults in %s with a DR network in %s (at %s prices): the budget with the tier's DR allowance, which covers what the DR network adds", (region, drRegion) => {
    const platform = tierDefaultsIn(region, drRegion);
    expect(platform.environments.map((environment) => [environment.name, environment.drNetwork?.region, environment.monthlyBudgetUsd])).toEqual(
      TIERS.map((tier) => [tier, drRegion, TIER_PRESETS[tier].monthlyBudgetUsd + TIER_PRESETS[tier].drMonthlyAllowanceUsd]),
    );
    const budgets = budgetsOf(platform, `${region} ${drRegion}`);
    const without = budgetsOf(tierDefaultsIn(region), region);
    expect(budgets.map((check) => check.environment)).toEqual([...TIERS]);
    const drAdds = budgets.map((check, index) => ({ tier: check.environment as keyof typeof TIER_PRESETS, usd: check.estimateUsd - without[index].estimateUsd }));
    expect(drAdds.filter(({ usd }) => usd <= 0)).toEqual([]);
    expect(drAdds.filter(({ tier, usd }) => usd > TIER_PRESETS[tier].drMonthlyAllowanceUsd)).toEqual([]);
    expect(budgetWarnings(budgets)).toEqual([]);
  });
});

describe("the first synth of the built-in configuration and of every example", () => {
  const builtIn = loadPlatformRun({}).platform;
  // The run's shared syntheses (support/synth.ts): other test files read the same directories.
  const builtInOutdir = writtenOutdir();

  it("warns of no budget in the built-in configuration, and knows every resource type it has (none listed as not estimated)", () => {
    const { budgets, estimate } = estimateSynthesis(builtInOutdir, builtIn);
    expect(budgetWarnings(budgets)).toEqual([]);
    expect(estimate.unclassified).toEqual([]);
  });

  const examples = readdirSync(EXAMPLES).filter((file) => file.endsWith(".json"));
  it.each(examples)("warns of no budget in examples/%s", (file) => {
    const { platform } = loadPlatformRun({ PLATFORM_CONFIG: join(EXAMPLES, file) });
    const { budgets } = estimateSynthesis(writtenOutdir(JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"))), platform);
    expect(budgets.length).toBeGreaterThan(0);
    expect(budgetWarnings(budgets)).toEqual([]);
  });

  it("still warns of an environment whose budget is below its estimate", () => {
    const config = structuredClone(DEFAULT_CONFIG) as Editable;
    config.environments.staging.monthlyBudgetUsd = 25;
    const lowered = resolvePlatform(parseConfig(config, "test"));
    const warnings = budgetWarnings(estimateSynthesis(builtInOutdir, lowered).budgets);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^environment staging is estimated at \$\d+\.\d\d a month in fixed charges, over its budget of \$25\.00 \(npm run cost shows the lines; environments\.staging\.monthlyBudgetUsd sets the budget/);
  });
});
