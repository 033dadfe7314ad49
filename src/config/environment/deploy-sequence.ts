import { TIERS, Tier } from "../shared/tiers";

/**
 * Environments in deploy order: lowest tier first (dev, staging, uat, prod), the configuration's
 * order within a tier. The generated deploy workflow (scripts/deploy-workflow.ts) and an app's
 * CodePipeline (decision 0015) release in this order.
 */
export function deploySequence(environments: readonly { readonly name: string; readonly tier: Tier }[]): string[] {
  return environments
    .map((environment, index) => ({ ...environment, index }))
    .sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.index - b.index)
    .map((environment) => environment.name);
}
