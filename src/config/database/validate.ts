import { mergedBlock, settingPath } from "../app/blocks";
import { AppConfig } from "../app/schema";
import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { TIER_PRESETS } from "../shared/tiers";
import { DEFAULT_APP_ROLE, DEFAULT_DATABASE_ENGINE, DEFAULT_MIGRATOR_ROLE, KNOWN_POSTGRES_VERSIONS, MASTER_USERNAME } from "./defaults";
import { KMS_KEY_ARN_PATTERN, SECRET_ARN_PATTERN } from "./schema";

/** Rules about an app's database in one environment: storage and capacity bounds, a known engine version, roles that are neither each other nor the master user, and those of an existing database. */
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
  return [...issues, ...existingDatabaseIssues(config, appName, app, envName)];
}

/**
 * Fields of an app block that describe what the platform creates or configures for a database it
 * owns, each refused beside `database.existing` with why: every other database field, the database
 * alarms' thresholds, and the service's `databaseCredentials`.
 */
const BESIDE_EXISTING_DATABASE: readonly { block: "database" | "databaseAlarms" | "service"; keys?: readonly string[]; why: string }[] = [
  { block: "database", why: "the platform creates no database: existing describes the one the app uses" },
  { block: "databaseAlarms", why: "the platform creates no database alarms: the database's are its owner's" },
  { block: "service", keys: ["databaseCredentials"], why: "the app logs in with the username and password of existing.secretArn" },
];

/**
 * Rules about an existing database (`database.existing`) in one environment: no field describing a
 * database the platform would create, set where it applies to this environment (an app-wide field
 * beside an environment's existing database is for the other environments); no DR network (the DR
 * stacks replicate a database the platform owns); a network adopting an existing VPC (the one
 * ingress rule references the tasks' group, which only works in the database's VPC); and a key of
 * the secret's own where the secret is in another account (the AWS managed key cannot be shared:
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html),
 * in the secret's region (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html).
 */
function existingDatabaseIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const ownExisting = app.environments?.[envName]?.database?.existing;
  const existing = ownExisting ?? app.database?.existing;
  if (!existing) return [];
  const existingPath = `apps.${appName}${ownExisting ? `.environments.${envName}` : ""}.database.existing`;
  const issues: ConfigIssue[] = [];
  for (const { block, keys, why } of BESIDE_EXISTING_DATABASE) {
    const own = (app.environments?.[envName]?.[block] ?? {}) as Record<string, unknown>;
    const appWide = (ownExisting ? {} : (app[block] ?? {})) as Record<string, unknown>;
    for (const [level, values] of [
      [`apps.${appName}.environments.${envName}.${block}`, own],
      [`apps.${appName}.${block}`, appWide],
    ] as const) {
      for (const [key, value] of Object.entries(values)) {
        if (key === "existing" || value === undefined || (keys && !keys.includes(key))) continue;
        issues.push({ path: `${level}.${key}`, value, message: `must be left out beside ${existingPath}: ${why}` });
      }
    }
  }
  const environment = config.environments[envName];
  if (environment.drNetwork !== undefined) {
    issues.push({
      path: existingPath,
      value: existing.host,
      message: `cannot be used in environment ${envName}, which has drNetwork ${environment.drNetwork}: its DR stacks replicate and promote a database the platform creates; leave out drNetwork or the existing database`,
    });
  }
  const network = config.networks[environment.network];
  if (network && !network.existing) {
    issues.push({
      path: `${existingPath}.securityGroupId`,
      value: existing.securityGroupId,
      message: `needs environment ${envName}'s network ${environment.network} to adopt the database's VPC (networks.${environment.network}.existing): the platform admits the tasks' security group to the database's, which works only within one VPC`,
    });
  }
  const [, secretRegion, secretAccount] = SECRET_ARN_PATTERN.exec(existing.secretArn) ?? [];
  const networkAccount = network ? config.accounts[network.account]?.id : undefined;
  if (existing.kmsKeyArn === undefined && networkAccount !== undefined && secretAccount !== networkAccount) {
    issues.push({
      path: `${existingPath}.secretArn`,
      value: existing.secretArn,
      message: `is in account ${secretAccount}, not the environment's ${networkAccount}: give existing.kmsKeyArn, the secret's customer managed key (a secret under the AWS managed key cannot be read from another account)`,
    });
  }
  const keyRegion = existing.kmsKeyArn === undefined ? undefined : KMS_KEY_ARN_PATTERN.exec(existing.kmsKeyArn)?.[1];
  if (keyRegion !== undefined && secretRegion !== undefined && keyRegion !== secretRegion) {
    issues.push({ path: `${existingPath}.kmsKeyArn`, value: existing.kmsKeyArn, message: `is in region ${keyRegion}, but the secret is in ${secretRegion}: a secret's key is in the secret's region` });
  }
  return issues;
}
