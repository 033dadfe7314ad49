import type { Tier } from "../shared/tiers";
import { definedOnly } from "../shared/defined-only";
import { DASHBOARD_DEFAULTS, DashboardTierSettings } from "./defaults";

/** An environment's dashboard: its tier's defaults under the app's and the environment's settings. */
export type ResolvedDashboard = DashboardTierSettings;

/** The dashboard settings of an app in an environment of a tier. */
export function resolveDashboard(tier: Tier, settings: Partial<DashboardTierSettings>): ResolvedDashboard {
  return { ...DASHBOARD_DEFAULTS[tier], ...definedOnly(settings) };
}
