import { mergedBlock, settingPath } from "../app/blocks";
import { AppConfig } from "../app/schema";
import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { TIER_PRESETS } from "../shared/tiers";
import { DEFAULT_APP_ROLE, DEFAULT_DATABASE_ENGINE, DEFAULT_MIGRATOR_ROLE, KNOWN_POSTGRES_VERSIONS, MASTER_USERNAME } from "./defaults";

/** Rules about an app's database in one environment: storage and capacity bounds, a known engine version, and roles that are neither each other nor the master user. */
export function databaseIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const tier = config.environments[envName].tier;
  const issues: ConfigIssue[] = [];
  const database = { ...TIER_PRESETS[tier].database, ...mergedBlock(app, envName, "database") };
  const where = (key: string) => settingPath(app, appName, envName, "database", key);
  if (database.maxAllocatedStorageGb < database.allocatedStorageGb) {
    issues.push({
      path: where("maxAllocatedStorageGb"),
      value: database.maxAllocatedStorageGb,
      message: `must be at least the allocated storage of ${database.allocatedStorageGb} GB in environment ${envName}`,
    });
  }
  if (database.minCapacity > database.maxCapacity) {
    issues.push({
      path: where("minCapacity"),
      value: database.minCapacity,
      message: `must be at most the maximum capacity of ${database.maxCapacity} ACUs in environment ${envName}`,
    });
  }
  const engine = database.engine ?? DEFAULT_DATABASE_ENGINE;
  const known = KNOWN_POSTGRES_VERSIONS[engine];
  if (database.engineVersion !== undefined && !known.includes(database.engineVersion)) {
    issues.push({
      path: where("engineVersion"),
      value: database.engineVersion,
      message: `is not a version ${engine} is known to create: one of ${known.join(", ")} (a newer release goes into KNOWN_POSTGRES_VERSIONS in src/config/database/defaults.ts)`,
    });
  }
  const appRole = database.appRole ?? DEFAULT_APP_ROLE;
  const migratorRole = database.migratorRole ?? DEFAULT_MIGRATOR_ROLE;
  if (migratorRole === appRole) {
    issues.push({ path: where("appRole"), value: appRole, message: "must differ from migratorRole: the app must not own the schema" });
  }
  for (const [key, role] of [["migratorRole", migratorRole], ["appRole", appRole]] as const) {
    if (role === MASTER_USERNAME) {
      issues.push({ path: where(key), value: role, message: `must not be the master user ${MASTER_USERNAME}: the role manager would alter the user it logs in as` });
    }
  }
  return issues;
}
