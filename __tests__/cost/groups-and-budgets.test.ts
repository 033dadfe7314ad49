import { resolve } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { loadPlatformRun, parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { TIER_PRESETS, TIERS } from "../../src/config/shared/tiers";
import { budgetChecks, budgetWarnings, unestimatedWarnings } from "../../src/cost/budgets";
import { GroupEstimate, PlatformEstimate } from "../../src/cost/estimate";
import { renderMarkdown } from "../../src/cost/render";
import { platformStackGroups } from "../../src/cost/stack-groups";
import { issuesOf } from "../support/config-issues";

const builtIn = resolvePlatform(parseConfig(DEFAULT_CONFIG, "test"));

describe("which group a stack's cost is reported in", () => {
  const groupOf = platformStackGroups(builtIn);

  it("gives an environment its app stacks, its DR stacks, its peering and the networks only it uses", () => {
    for (const id of ["network-prod", "network-prod-dr", "peering-prod-prod-dr", "web-prod-service", "web-prod-dr-service", "web-prod-dns", "web-prod-backup"]) {
      expect([id, groupOf(id)]).toEqual([id, { kind: "environment", name: "prod" }]);
    }
    expect(groupOf("web-dev-database")).toEqual({ kind: "environment", name: "dev" });
  });

  it("reports what accounts and the platform share by account, and what it does not know as other", () => {
    expect(groupOf("backend-prod")).toEqual({ kind: "shared", name: "account prod" });
    expect(groupOf("backend-prod-eu-west-1")).toEqual({ kind: "shared", name: "account prod" });
    expect(groupOf("access-nonprod")).toEqual({ kind: "shared", name: "account nonprod" });
    expect(groupOf("registry-nonprod")).toEqual({ kind: "shared", name: "account nonprod" });
    expect(groupOf("web-build-repository")).toEqual({ kind: "shared", name: "account nonprod" });
    expect(groupOf("github-platform")).toEqual({ kind: "shared", name: "GitHub" });
    expect(groupOf("my-own-stack")).toEqual({ kind: "shared", name: "other" });
  });

  it("reports a network that several environments use as shared (seed 000's lowers network of dev and staging)", () => {
    const { platform } = loadPlatformRun({ PLATFORM_CONFIG: resolve(__dirname, "../../examples/single-account.json") });
    expect(platformStackGroups(platform)("network-lowers")).toEqual({ kind: "shared", name: "network lowers" });
  });
});

describe("monthly budgets", () => {
  type Budgeted = PlatformConfigInput & { environments: Record<string, { drNetwork?: string; monthlyBudgetUsd?: number }> };
  const budgetsOf = (config: PlatformConfigInput) => resolvePlatform(parseConfig(config, "test")).environments.map((environment) => [environment.name, environment.monthlyBudgetUsd]);

  it("defaults to the tier's preset, and with a DR network to the preset plus the tier's DR allowance (what each covers: tier-budgets.test.ts)", () => {
    const config = structuredClone(DEFAULT_CONFIG) as Budgeted;
    expect(config.environments.prod.drNetwork).toBe("prod-dr");
    const { dev, staging, uat, prod } = TIER_PRESETS;
    expect(budgetsOf(config)).toEqual([["dev", dev.monthlyBudgetUsd], ["staging", staging.monthlyBudgetUsd], ["uat", uat.monthlyBudgetUsd], ["prod", prod.monthlyBudgetUsd + prod.drMonthlyAllowanceUsd]]);
    delete config.environments.prod.drNetwork;
    delete (config.networks as Record<string, unknown>)["prod-dr"];
    expect(budgetsOf(config)).toContainEqual(["prod", prod.monthlyBudgetUsd]);
    expect(TIERS.every((tier) => TIER_PRESETS[tier].drMonthlyAllowanceUsd > 0)).toBe(true);
  });

  it("takes an environment's own budget, with no DR allowance added, which must be a positive amount", () => {
    const config = structuredClone(DEFAULT_CONFIG) as Budgeted;
    config.environments.dev.monthlyBudgetUsd = 40;
    config.environments.prod.monthlyBudgetUsd = 1300;
    expect(budgetsOf(config)).toEqual([["dev", 40], ["staging", TIER_PRESETS.staging.monthlyBudgetUsd], ["uat", TIER_PRESETS.uat.monthlyBudgetUsd], ["prod", 1300]]);
    const issues = issuesOf((changed) => {
      (changed.environments.dev as { monthlyBudgetUsd?: number }).monthlyBudgetUsd = 0;
    });
    expect(issues).toEqual(["  - environments.dev.monthlyBudgetUsd = 0: must be a positive number of US dollars a month"]);
  });

  const group = (name: string, monthlyUsd: number): GroupEstimate => ({ name, stacks: [`web-${name}-service`], lines: [], monthlyUsd });
  const estimate: PlatformEstimate = { environments: [group("dev", 92.5), group("staging", 120)], shared: [], excluded: [], unclassified: [], prices: { date: "2026-12-02", source: "test" }, fallbacks: [], unestimated: [] };

  it("checks each environment's estimate against its budget, and warns for those over it", () => {
    const checks = budgetChecks(estimate, builtIn);
    expect(checks).toEqual([
      { environment: "dev", estimateUsd: 92.5, budgetUsd: 80, over: true },
      { environment: "staging", estimateUsd: 120, budgetUsd: 160, over: false },
    ]);
    expect(budgetWarnings(checks)).toEqual([
      "environment dev is estimated at $92.50 a month in fixed charges, over its budget of $80.00 (npm run cost shows the lines; environments.dev.monthlyBudgetUsd sets the budget, the tier's otherwise)",
    ]);
    const lines = renderMarkdown(estimate, checks).split("\n");
    expect(lines).toContain("## Environment dev: $92.50 per month (budget $80.00, over)");
    expect(lines).toContain("## Environment staging: $120.00 per month (budget $160.00)");
  });

  it("warns of each group left out of the estimate that it has no budget check, with the reason", () => {
    const reason = "web-uat-database: aws_db_instance.primary: RDS instance class db.m7g.large in us-east-1 is not in the price table; add it to src/cost/price-table.ts";
    const partial: PlatformEstimate = { ...estimate, unestimated: [{ name: "uat", kind: "environment", reason }, { name: "account prod", kind: "shared", reason: "backend-prod: …" }] };
    expect(budgetChecks(partial, builtIn).map((check) => check.environment)).toEqual(["dev", "staging"]);
    expect(unestimatedWarnings(partial)).toEqual([`environment uat has no cost estimate, so no budget check: ${reason}`, "account prod has no cost estimate, so no budget check: backend-prod: …"]);
  });
});
