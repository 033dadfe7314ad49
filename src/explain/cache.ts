import type { ResolvedDeployment } from "../config/app/resolve";
import type { AppConfig } from "../config/app/schema";
import type { ResolvedCacheSite } from "../config/cache/resolve";
import { HOURS_PER_MONTH } from "../cost/cost-line";
import { PRICE_TABLE } from "../cost/price-table";
import { pricedRegion } from "../cost/pricer";
import type { ExplainedSection, ExplainedSetting } from "./explanation";

/** Where the cache's defaults live: per tier, in its own domain (not the tier presets). */
const CACHE_DEFAULTS = "src/config/cache/defaults.ts";

/** The source of a key of the `cache` or `cacheAlarms` block: the environment's, the app's, else the default there (the tier's, or `tier` undefined: one for all). */
function cacheSource(app: { name: string; config: AppConfig }, envName: string, tier: string | undefined, block: "cache" | "cacheAlarms", key: string): string {
  if ((app.config.environments?.[envName]?.[block] as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.environments.${envName}.${block}.${key}`;
  if ((app.config[block] as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.${block}.${key}`;
  return `default (${CACHE_DEFAULTS}${tier === undefined ? "" : `, tier ${tier}`})`;
}

/** A site's nodes by the month at the price table's rates, or why there is no figure. */
function monthlyNodes(engine: string, nodeType: string, nodes: number, region: string): number | string {
  const priced = pricedRegion(PRICE_TABLE, region);
  const hourly = priced === undefined ? undefined : PRICE_TABLE.regions[priced].elasticache[engine]?.nodeHour[nodeType];
  return hourly === undefined ? `${nodeType} is not in the price table for ${region}` : Math.round(hourly * nodes * HOURS_PER_MONTH * 100) / 100;
}

/** A site's shape: its id, nodes and protections, each key's source from `source`. */
const siteSettings = (prefix: string, site: ResolvedCacheSite, source: (key: string) => string): ExplainedSetting[] => [
  { key: `${prefix}replicationGroupId`, value: site.replicationGroupId, source: "<project>-<app>-<env>-cache (-dr-cache in the DR region)" },
  { key: `${prefix}nodeCount`, value: site.nodeCount, source: source("nodeCount") },
  { key: `${prefix}multiAz`, value: site.multiAz, source: source("multiAz") },
  { key: `${prefix}automaticFailover`, value: site.automaticFailover, source: source("automaticFailover") },
  { key: `${prefix}snapshotRetentionDays`, value: site.snapshotRetentionDays, source: source("snapshotRetentionDays") },
];

/**
 * The app's cache in one environment (decision 0009): each setting with its source, its nodes' monthly
 * price, the DR region's cold cache where there is one, and its alarm thresholds; or that it is off.
 */
export function cacheSections(app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const tier = deployment.environment.tier;
  const source = (key: string) => cacheSource(app, envName, tier, "cache", key);
  const title = `app ${app.name}: cache`;
  const { cache, dr } = deployment;
  if (!cache) return [{ title, settings: [{ key: "enabled", value: false, source: source("enabled") }] }];
  const settings: ExplainedSetting[] = [
    { key: "enabled", value: true, source: source("enabled") },
    { key: "engine", value: cache.engine, source: cacheSource(app, envName, undefined, "cache", "engine") },
    { key: "engineVersion", value: cache.engineVersion, source: cacheSource(app, envName, undefined, "cache", "engineVersion") },
    { key: "nodeType", value: cache.nodeType, source: source("nodeType") },
    ...siteSettings("", cache.primary, source),
    { key: "authentication", value: `IAM as ${cache.userId}`, source: "decision 0009: no password or token exists" },
    {
      key: "monthlyUsd",
      value: monthlyNodes(cache.engine, cache.nodeType, cache.primary.nodeCount, deployment.environment.network.region),
      source: "src/cost/price-table.ts: node-hours; snapshots beyond one per node are usage",
    },
  ];
  if (cache.dr && dr) {
    const drSource = (key: string) => (dr.active ? `${source(key)}, failover declared` : "the cold cache standing by: one node (src/config/cache/defaults.ts)");
    settings.push(...siteSettings("dr.", cache.dr, drSource), { key: "dr.monthlyUsd", value: monthlyNodes(cache.engine, cache.nodeType, cache.dr.nodeCount, dr.network.region), source: "src/cost/price-table.ts" });
  }
  const alarms = Object.entries(cache.alarms).map(([key, value]) => ({ key, value, source: cacheSource(app, envName, tier, "cacheAlarms", key) }));
  return [
    { title, settings },
    { title: `app ${app.name}: cache alarms`, settings: alarms },
  ];
}
