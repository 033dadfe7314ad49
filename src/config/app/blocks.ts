import { PlatformConfig } from "../platform/schema";
import { definedOnly } from "../shared/defined-only";
import { AppConfig } from "./schema";

/** The blocks of app settings that an environment can change. */
type AppBlock = "database" | "databaseAlarms" | "alerts" | "service" | "serviceAlarms" | "capacity" | "bastion" | "cdn" | "cache" | "cacheAlarms" | "telemetry" | "logForwarding" | "dashboard" | "blueGreen" | "migrations";

/** An app's block with the environment's changes on top (keys the environment leaves out come from the app). */
export function mergedBlock<B extends AppBlock>(app: AppConfig, environment: string, block: B): NonNullable<AppConfig[B]> {
  return { ...definedOnly(app[block] ?? {}), ...definedOnly(app.environments?.[environment]?.[block] ?? {}) } as NonNullable<AppConfig[B]>;
}

/**
 * The environments an app runs in: those it lists, or every one. A listed key that names no
 * environment is left out: it is the reference rule's issue ("did you mean"), and the rules that
 * look an environment up never see it.
 */
export function appEnvironmentNames(config: PlatformConfig, app: AppConfig): string[] {
  return Object.keys(app.environments ?? config.environments).filter((name) => config.environments[name] !== undefined);
}

/** `apps.web.environments.prod.<block>.x` where the environment sets x, else `apps.web.<block>.x`. */
export function settingPath(app: AppConfig, appName: string, envName: string, block: "database" | "service" | "capacity" | "bastion" | "cache" | "telemetry" | "logForwarding" | "blueGreen" | "migrations", key: string): string {
  const setByEnvironment = (app.environments?.[envName]?.[block] as Record<string, unknown> | undefined)?.[key] !== undefined;
  return setByEnvironment ? `apps.${appName}.environments.${envName}.${block}.${key}` : `apps.${appName}.${block}.${key}`;
}
