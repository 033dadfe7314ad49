/**
 * Observability defaults per tier: the CloudWatch dashboard of each app environment (issue 22,
 * part 3; seeds 003 and 004 ask for dashboards with ECS, RDS and load balancer metrics).
 */
import type { Tier } from "../shared/tiers";

/** A tier's dashboard settings. */
export interface DashboardTierSettings {
  /** Whether each app environment gets a CloudWatch dashboard (and one in its DR region). */
  readonly enabled: boolean;
  /** Seconds per datapoint of the dashboard's graphs: 60 (the load balancer's and Container Insights' own period) or a multiple of it. */
  readonly periodSeconds: number;
}

/**
 * Dashboards everywhere (issue 22: "dashboards everywhere"); prod graphs by the minute, the other
 * tiers by five minutes, the period of their alarms. A dashboard costs $3 a month beyond an
 * account's first three (decision 0010).
 */
export const DASHBOARD_DEFAULTS: Readonly<Record<Tier, DashboardTierSettings>> = {
  dev: { enabled: true, periodSeconds: 300 },
  staging: { enabled: true, periodSeconds: 300 },
  uat: { enabled: true, periodSeconds: 300 },
  prod: { enabled: true, periodSeconds: 60 },
};
