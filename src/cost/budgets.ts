import { ResolvedPlatform } from "../config/platform/resolve";
import { estimateEnvironments, unestimatedGroupName, type PlatformEstimate } from "./estimate";
import { platformStackGroups } from "./stack-groups";
import { stackJsonFromOutdir } from "./synthesized-stacks";

/** An environment's estimated fixed monthly cost against its budget (`environments.<env>.monthlyBudgetUsd`, else its tier's). */
export interface BudgetCheck {
  /** The environment. */
  readonly environment: string;
  /** Its estimated fixed cost a month, USD. */
  readonly estimateUsd: number;
  /** Its budget a month, USD. */
  readonly budgetUsd: number;
  /** Whether the estimate is above the budget. */
  readonly over: boolean;
}

/** Each environment of the platform with an estimate, against its budget. */
export function budgetChecks(estimate: PlatformEstimate, platform: ResolvedPlatform): BudgetCheck[] {
  return platform.environments.flatMap((environment) => {
    const group = estimate.environments.find((candidate) => candidate.name === environment.name);
    if (!group) return [];
    return [{ environment: environment.name, estimateUsd: group.monthlyUsd, budgetUsd: environment.monthlyBudgetUsd, over: group.monthlyUsd > environment.monthlyBudgetUsd }];
  });
}

/** The warning synth prints for each environment over its budget. */
export function budgetWarnings(checks: readonly BudgetCheck[]): string[] {
  return checks
    .filter((check) => check.over)
    .map(
      (check) =>
        `environment ${check.environment} is estimated at $${check.estimateUsd.toFixed(2)} a month in fixed charges, over its budget of $${check.budgetUsd.toFixed(2)} ` +
        `(npm run cost shows the lines; environments.${check.environment}.monthlyBudgetUsd sets the budget, the tier's otherwise)`,
    );
}

/** The warning synth prints for each environment the estimate leaves out: it gets no budget check. */
export function unestimatedWarnings(estimate: PlatformEstimate): string[] {
  return estimate.unestimated.map((group) => `${unestimatedGroupName(group)} has no cost estimate, so no budget check: ${group.reason}`);
}

/** The estimate of what a synthesis of the platform wrote to `outdir`, grouped by the platform's structure, and each environment against its budget. */
export function estimateSynthesis(outdir: string, platform: ResolvedPlatform): { estimate: PlatformEstimate; budgets: BudgetCheck[] } {
  const estimate = estimateEnvironments(stackJsonFromOutdir(outdir), platformStackGroups(platform));
  return { estimate, budgets: budgetChecks(estimate, platform) };
}
