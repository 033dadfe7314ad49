import { AppConfig } from "../config/app/schema";
import { PlatformConfig } from "../config/platform/schema";
import { Tier, TIER_PRESETS, TierPreset } from "../config/shared/tiers";

/**
 * Where a resolved setting came from, as a path into the configuration the
 * user wrote, or the tier preset, or a platform default in src/config: the
 * most specific layer that says it wins (environment over app over tier).
 */

/** A setting's source: the config path that sets it (`apps.web.environments.prod.service.cpu`), `tier preset <tier>`, or `default`. */
export type Source = string;

/** The blocks of an app's settings that an environment may change, and the tier preset block each falls back on. */
export const APP_BLOCK_PRESETS = {
  database: "database",
  databaseAlarms: "databaseAlarms",
  service: "service",
  serviceAlarms: "serviceAlarms",
  capacity: undefined,
  alerts: undefined,
  bastion: undefined,
  dashboard: undefined,
} as const satisfies Record<string, keyof TierPreset | undefined>;

/** Where the platform defaults of each block of app settings live. */
const APP_BLOCK_DEFAULTS: Readonly<Record<AppBlockName, string>> = {
  database: "src/config/database/defaults.ts",
  databaseAlarms: "src/config/shared/tiers.ts",
  service: "src/config/service/defaults.ts",
  serviceAlarms: "src/config/shared/tiers.ts",
  capacity: "src/config/capacity/defaults.ts, per tier",
  alerts: "none configured",
  bastion: "src/config/service/defaults.ts",
  dashboard: "src/config/observability/defaults.ts, per tier",
};

/** A block of an app's settings. */
export type AppBlockName = keyof typeof APP_BLOCK_PRESETS;

const isSet = (record: object | undefined | null, key: string) => record !== undefined && record !== null && (record as Record<string, unknown>)[key] !== undefined;

/** The source of an app setting in one environment: the environment's block, the app's block, the tier preset, else the platform default. */
export function appSettingSource(app: { name: string; config: AppConfig }, envName: string, tier: Tier, block: AppBlockName, keys: readonly string[]): Source {
  const own = app.config.environments?.[envName]?.[block];
  const envKey = keys.find((key) => isSet(own, key));
  if (envKey) return `apps.${app.name}.environments.${envName}.${block}.${envKey}`;
  const appKey = keys.find((key) => isSet(app.config[block], key));
  if (appKey) return `apps.${app.name}.${block}.${appKey}`;
  const preset = APP_BLOCK_PRESETS[block];
  if (preset && keys.some((key) => isSet(TIER_PRESETS[tier][preset], key))) return `tier preset ${tier}`;
  return `default (${APP_BLOCK_DEFAULTS[block]})`;
}

/** The source of an environment setting: its override (with the waiver's reason when one explains it), else its tier's preset. */
export function environmentSettingSource(config: PlatformConfig, envName: string, key: string, waiverKey?: string): Source {
  const environment = config.environments[envName];
  const waiver = waiverKey === undefined ? undefined : (environment.waivers as Record<string, string | undefined>)[waiverKey];
  const waived = waiver === undefined ? "" : `; waiver: "${waiver}"`;
  if (isSet(environment.overrides, key)) return `environments.${envName}.overrides.${key}${waived}`;
  return `tier preset ${environment.tier}${waived}`;
}

/** The source of a setting of the environment itself (its tier, networks, active region): its own field, else the default. */
export function environmentFieldSource(config: PlatformConfig, envName: string, key: string): Source {
  return isSet(config.environments[envName], key) ? `environments.${envName}.${key}` : "default (src/config/dr/defaults.ts)";
}

/** The source of a network setting: the network's own field, else its tier's preset (the network's tier), else the default that `otherwise` describes. */
export function networkSettingSource(config: PlatformConfig, networkName: string, tier: Tier, path: readonly string[], otherwise: "tier" | string): Source {
  const own = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config.networks[networkName]);
  if (own !== undefined) return `networks.${networkName}.${path.join(".")}`;
  return otherwise === "tier" ? `tier preset ${tier} (the network's tier)` : `default (${otherwise})`;
}
