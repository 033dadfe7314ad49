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

/** Decision 0007: each tier's preset budget covers what the tier's own defaults cost, so a new configuration and the examples synthesize without a budget warning. */
const EXAMPLES = resolve(__dirname, "../../examples");

/** The directory a synthesis of the platform wrote, as `npm run synth` writes it. */
function synthesized(platform: ResolvedPlatform): string {
  const outdir = mkdtempSync(join(tmpdir(), "tier-budgets-"));
  const app = new App({ outdir });
  new Platform(app, { platform, bootstrap: false });
  app.synth();
  return outdir;
}

type Editable = PlatformConfigInput & { networks: Record<string, { region: string }>; environments: Record<string, { drNetwork?: string; monthlyBudgetUsd?: number }> };

/**
 * The built-in configuration with only the tiers' defaults, moved to `region`: an environment of each tier (named
 * after it) on a network of its own, none with a DR network or a budget of its own.
 */
function tierDefaultsIn(region: string): ResolvedPlatform {
  const config = structuredClone(DEFAULT_CONFIG) as Editable;
  delete config.networks["prod-dr"];
  for (const environment of Object.values(config.environments)) {
    delete environment.drNetwork;
    delete environment.monthlyBudgetUsd;
  }
  config.project.defaultRegion = region;
  for (const entry of [...Object.values(config.accounts), ...Object.values(config.networks)]) entry.region = region;
  return resolvePlatform(parseConfig(config, "test"));
}

describe("each tier's preset budget against what the tier's own defaults cost", () => {
  it.each(Object.keys(PRICE_TABLE.regions))("covers each tier's defaults in %s (every region without prices is estimated at one of these)", (region) => {
    const platform = tierDefaultsIn(region);
    expect(platform.environments.map((environment) => [environment.name, environment.tier, environment.monthlyBudgetUsd])).toEqual(TIERS.map((tier) => [tier, tier, TIER_PRESETS[tier].monthlyBudgetUsd]));
    const { budgets } = estimateSynthesis(synthesized(platform), platform);
    expect(budgets.map((check) => check.environment)).toEqual([...TIERS]);
    expect(budgets.filter((check) => check.estimateUsd > TIER_PRESETS[check.environment as keyof typeof TIER_PRESETS].monthlyBudgetUsd)).toEqual([]);
    expect(budgetWarnings(budgets)).toEqual([]);
  });
});

describe("the first synth of the built-in configuration and of every example", () => {
  const builtIn = loadPlatformRun({}).platform;
  // The run's shared syntheses (support/synth.ts): other test files read the same directories.
  const builtInOutdir = writtenOutdir();

  it("warns of no budget in the built-in configuration", () => {
    expect(budgetWarnings(estimateSynthesis(builtInOutdir, builtIn).budgets)).toEqual([]);
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
