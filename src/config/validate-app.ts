import type { AppConfig } from "./app-schema";
import { DEFAULT_APP_ROLE, DEFAULT_DATABASE_ENGINE, DEFAULT_MIGRATOR_ROLE, KNOWN_POSTGRES_VERSIONS, MASTER_USERNAME } from "./database";
import { ConfigIssue } from "./errors";
import { DATABASE_SUBNET_SERVICES } from "./resolve";
import { APP_SECRET_KEY, mergedBlock } from "./resolve-app";
import type { PlatformConfig } from "./schema";
import { TIER_PRESETS } from "./tiers";
import { buildRepositoryIssues, serviceIssues } from "./validate-service";

/**
 * Rules about apps that relate fields to each other, checked for every
 * environment an app runs in, after the app's and the environment's settings
 * are merged over the tier's presets.
 */
export function appIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [appName, app] of Object.entries(config.apps)) {
    issues.push(...appSecretKeyIssues(`apps.${appName}.secrets`, app.secrets));
    for (const [envName, environment] of Object.entries(app.environments ?? {})) {
      issues.push(...appSecretKeyIssues(`apps.${appName}.environments.${envName}.secrets`, environment.secrets));
    }
    issues.push(...buildRepositoryIssues(config, appName, app));
    const environments = app.environments ? Object.keys(app.environments) : Object.keys(config.environments);
    for (const envName of environments) {
      const environment = config.environments[envName];
      if (!environment) continue;
      issues.push(
        ...databaseIssues(config, appName, app, envName),
        ...networkIssues(config, appName, envName),
        ...serviceIssues(config, appName, app, envName),
      );
    }
  }
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

function databaseIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
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
      message: `is not a version ${engine} is known to create: one of ${known.join(", ")} (a newer release goes into KNOWN_POSTGRES_VERSIONS in src/config/database.ts)`,
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

/** The app secret key's length and characters are fixed; config may raise its version only. */
function appSecretKeyIssues(path: string, secrets: AppConfig["secrets"]): ConfigIssue[] {
  const secretKey = secrets?.[APP_SECRET_KEY.name];
  if (!secretKey || (secretKey.length === undefined && secretKey.special === undefined)) return [];
  return [
    {
      path: `${path}.${APP_SECRET_KEY.name}`,
      value: secretKey,
      message: `is the app secret key every app gets (${APP_SECRET_KEY.length} letters and digits): only its version may be set; give further secrets other names`,
    },
  ];
}

/** `apps.web.environments.prod.<block>.x` where the environment sets x, else `apps.web.<block>.x`. */
export function settingPath(app: AppConfig, appName: string, envName: string, block: "database" | "service" | "bastion", key: string): string {
  const setByEnvironment = (app.environments?.[envName]?.[block] as Record<string, unknown> | undefined)?.[key] !== undefined;
  return setByEnvironment ? `apps.${appName}.environments.${envName}.${block}.${key}` : `apps.${appName}.${block}.${key}`;
}

function networkIssues(config: PlatformConfig, appName: string, envName: string): ConfigIssue[] {
  const networkName = config.environments[envName].network;
  const services = config.networks[networkName]?.interfaceEndpoints?.services;
  const missing = DATABASE_SUBNET_SERVICES.filter((service) => services !== undefined && !services.includes(service));
  return missing.map((service) => ({
    path: `networks.${networkName}.interfaceEndpoints.services`,
    value: services,
    message: `must include "${service}": app ${appName} has a database in environment ${envName}, and its role manager reaches ${service} from the database subnets, which have no route out of the VPC`,
  }));
}
