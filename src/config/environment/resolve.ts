import { DEFAULT_ACTIVE_REGION, DR_STANDBY_TASKS } from "../dr/defaults";
import { ResolvedNetwork } from "../network/resolve";
import { EnvironmentConfig } from "../platform/schema";
import type { ActiveRegion } from "./schema";
import { definedOnly } from "../shared/defined-only";
import { EnvironmentTierSettings, Tier, TIER_PRESETS, tierMonthlyBudgetUsd } from "../shared/tiers";

/** An environment with every setting decided. */
export interface ResolvedEnvironment {
  /** The environment's name. */
  readonly name: string;
  /** Its tier. */
  readonly tier: Tier;
  /** The network it runs in. */
  readonly network: ResolvedNetwork;
  /** Its disaster-recovery network, if any. */
  readonly drNetwork?: ResolvedNetwork;
  /** Tier presets with the environment's overrides applied. */
  readonly settings: EnvironmentTierSettings;
  /** Reasons given for turned-off protections. */
  readonly waivers: Readonly<Partial<Record<keyof EnvironmentTierSettings, string>>>;
  /** Where it runs: its primary region, its DR region after a declared failover, or its DR region while failing back ("returning"). */
  readonly activeRegion: ActiveRegion;
  /** Tasks the DR region's pilot-light service runs while standing by. */
  readonly drStandbyTasks: number;
  /** The most it should cost a month in fixed charges, USD (synth warns above it): its own, else its tier's, with the tier's DR allowance when it has a DR network. */
  readonly monthlyBudgetUsd: number;
}

/** An environment with its tier's presets, its overrides on top, and its networks. */
export function resolveEnvironment(name: string, environment: EnvironmentConfig, networks: Map<string, ResolvedNetwork>): ResolvedEnvironment {
  return {
    name,
    tier: environment.tier,
    network: networks.get(environment.network)!,
    drNetwork: environment.drNetwork === undefined ? undefined : networks.get(environment.drNetwork),
    settings: { ...TIER_PRESETS[environment.tier].environment, ...definedOnly(environment.overrides) },
    waivers: environment.waivers,
    activeRegion: environment.activeRegion ?? DEFAULT_ACTIVE_REGION,
    drStandbyTasks: environment.drStandbyTasks ?? DR_STANDBY_TASKS,
    monthlyBudgetUsd: environment.monthlyBudgetUsd ?? tierMonthlyBudgetUsd(environment.tier, environment.drNetwork !== undefined),
  };
}
