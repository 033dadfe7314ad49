import type { AppConfig } from "./app-schema";
import {
  BACKUP_WINDOW,
  DATABASE_PORT,
  DatabaseEngine,
  DEFAULT_APP_ROLE,
  DEFAULT_APP_SCHEMA,
  DEFAULT_AUTO_MINOR_VERSION_UPGRADE,
  DEFAULT_DATABASE_ENGINE,
  DEFAULT_DATABASE_NAME,
  DEFAULT_MIGRATOR_ROLE,
  DEFAULT_POSTGRES_VERSION,
  INITIAL_SECRET_VERSION,
  MAINTENANCE_WINDOW,
  MASTER_USERNAME,
  PERFORMANCE_INSIGHTS_RETENTION_DAYS,
  SLOW_STATEMENT_LOG_MS,
} from "./database";
import { ResolvedBackup, resolveBackup } from "./backup";
import { ResolvedDisasterRecovery, resolveDisasterRecovery } from "./dr";
import { imageChoice } from "./image";
import { definedOnly } from "./defined-only";
import type { ResolvedEnvironment } from "./resolve";
import {
  ResolvedBastion,
  resolveBastion,
  ResolvedBuildRepository,
  ResolvedFeatureFlag,
  resolveFeatureFlags,
  ResolvedService,
  resolveService,
  resolveServiceAlarms,
} from "./resolve-service";
import { DatabaseAlarmThresholds, DatabaseTierSettings, ServiceAlarmThresholds, TIER_PRESETS } from "./tiers";

/** The app secret key every app gets (seed 001's Flask secret key). */
export const APP_SECRET_KEY = { name: "secret-key", length: 64, special: false } as const;

/** Characters of a generated secret when config gives no length. */
export const DEFAULT_SECRET_LENGTH = 48;

/** Days a deleted secret can be restored: the longest AWS allows where data must survive, the shortest elsewhere. */
export const SECRET_RECOVERY_WINDOW_DAYS = { protected: 30, unprotected: 7 } as const;

/** A PostgreSQL database with every setting decided. */
export interface ResolvedDatabase extends DatabaseTierSettings {
  /** RDS instance or Aurora Serverless v2 cluster. */
  readonly engine: DatabaseEngine;
  /** The pinned version, major.minor. */
  readonly engineVersion: string;
  /** The major version, which names the parameter group family. */
  readonly majorVersion: string;
  /** Whether AWS applies minor upgrades by itself. */
  readonly autoMinorVersionUpgrade: boolean;
  /** Standby in another zone (RDS) or a second instance in another zone (Aurora). */
  readonly multiAz: boolean;
  /** Refuse deletion through the API. */
  readonly deletionProtection: boolean;
  /** Encrypt storage, snapshots, logs and Performance Insights with a customer-managed key. */
  readonly encrypted: boolean;
  /** Retention of the exported `postgresql` log, in days. */
  readonly logRetentionDays: number;
  /** Days of Performance Insights history. */
  readonly performanceInsightsRetentionDays: number;
  /** Statements slower than this many milliseconds are logged. */
  readonly slowStatementLogMs: number;
  /** Daily backup window, UTC. */
  readonly backupWindow: string;
  /** Weekly maintenance window, UTC. */
  readonly maintenanceWindow: string;
  /** The master user, whose generated password the database stack's master secret holds. */
  readonly masterUsername: string;
  /** The master password's version: a new one raises it and rotates the password. */
  readonly masterPasswordVersion: number;
  /** The PostgreSQL port. */
  readonly port: number;
  /** The database the app uses. */
  readonly databaseName: string;
  /** The role that owns the schema and runs migrations. */
  readonly migratorRole: string;
  /** The role the app connects as. */
  readonly appRole: string;
  /** The schema the migrator owns. */
  readonly schema: string;
  /** Extensions the role manager creates. */
  readonly extensions: readonly string[];
}

/** Where an environment's alarms go. */
export interface ResolvedAlerts {
  /** E-mail subscribers. */
  readonly emails: readonly string[];
  /** The incident management service, if any: its provider and the SSM parameter holding its URL. */
  readonly incidentManagement?: { readonly provider: string; readonly endpointParameter: string };
}

/** A value the secrets stack generates. */
export interface ResolvedGeneratedSecret {
  /** The secret's name within the app and environment. */
  readonly name: string;
  /** Characters in the value. */
  readonly length: number;
  /** Whether the value may contain punctuation. */
  readonly special: boolean;
  /** The value's version: a new one generates and writes a new value. */
  readonly version: number;
}

/** One app in one environment: what its monitoring, secrets, database and service stacks build. */
export interface ResolvedDeployment {
  /** The app's name. */
  readonly app: string;
  /** The environment. */
  readonly environment: ResolvedEnvironment;
  /** The database. */
  readonly database: ResolvedDatabase;
  /** Database alarm thresholds. */
  readonly databaseAlarms: DatabaseAlarmThresholds;
  /** Alarm subscriptions. */
  readonly alerts: ResolvedAlerts;
  /** Generated secrets, the app secret key first. */
  readonly secrets: readonly ResolvedGeneratedSecret[];
  /** `<project>/<app>/<env>`: the prefix of the app's secret names in Secrets Manager (the master secret is `<prefix>/database/master`). */
  readonly secretNamePrefix: string;
  /** Days a deleted secret can be restored. */
  readonly secretRecoveryWindowDays: number;
  /** The app's build repository (shared by its environments). */
  readonly buildRepository: ResolvedBuildRepository;
  /** The ECS service. */
  readonly service: ResolvedService;
  /** Service alarm thresholds. */
  readonly serviceAlarms: ServiceAlarmThresholds;
  /** Feature flags with this environment's values. */
  readonly featureFlags: readonly ResolvedFeatureFlag[];
  /** The bastion, if on. */
  readonly bastion?: ResolvedBastion;
  /** Disaster recovery in the environment's DR region, where it has a `drNetwork`. @default none */
  readonly dr?: ResolvedDisasterRecovery;
  /** AWS Backup of the app's data in this environment. */
  readonly backup: ResolvedBackup;
}

/** The blocks of app settings that an environment can change. */
type AppBlock = "database" | "databaseAlarms" | "alerts" | "service" | "serviceAlarms" | "bastion";

/** An app's block with the environment's changes on top (keys the environment leaves out come from the app). */
export function mergedBlock<B extends AppBlock>(app: AppConfig, environment: string, block: B): NonNullable<AppConfig[B]> {
  return { ...definedOnly(app[block] ?? {}), ...definedOnly(app.environments?.[environment]?.[block] ?? {}) } as NonNullable<AppConfig[B]>;
}

/**
 * The app's generated secrets in one environment, the app secret key first:
 * the environment's settings for a secret over the app's, over the defaults.
 */
function resolveSecrets(app: AppConfig, environment: string): ResolvedGeneratedSecret[] {
  const own = app.environments?.[environment]?.secrets ?? {};
  const names = [...new Set([APP_SECRET_KEY.name, ...Object.keys(app.secrets ?? {}), ...Object.keys(own)])];
  return names.map((secretName) => {
    const settings = { ...definedOnly(app.secrets?.[secretName] ?? {}), ...definedOnly(own[secretName] ?? {}) };
    const version = settings.version ?? INITIAL_SECRET_VERSION;
    if (secretName === APP_SECRET_KEY.name) return { ...APP_SECRET_KEY, version };
    return { name: secretName, length: settings.length ?? DEFAULT_SECRET_LENGTH, special: settings.special ?? false, version };
  });
}

/** Resolves one app in one environment: tier presets, then the app's settings, then the environment's. */
export function resolveDeployment(
  project: string,
  name: string,
  app: AppConfig,
  environment: ResolvedEnvironment,
  buildRepository: ResolvedBuildRepository,
): ResolvedDeployment {
  const preset = TIER_PRESETS[environment.tier];
  const database = mergedBlock(app, environment.name, "database");
  const alerts = mergedBlock(app, environment.name, "alerts");
  const service = mergedBlock(app, environment.name, "service");
  const bastion = resolveBastion(mergedBlock(app, environment.name, "bastion"));
  const engine = database.engine ?? DEFAULT_DATABASE_ENGINE;
  const engineVersion = database.engineVersion ?? DEFAULT_POSTGRES_VERSION[engine];
  const image = imageChoice(app, name, environment.name)!;
  const resolvedService = resolveService(project, name, service, environment, buildRepository, image);
  const dr = resolveDisasterRecovery({ name: `${project}-${name}-${environment.name}`, environment, engine, service: resolvedService, repository: buildRepository, image });
  return {
    app: name,
    environment,
    database: {
      ...preset.database,
      ...definedOnly({
        instanceClass: database.instanceClass,
        allocatedStorageGb: database.allocatedStorageGb,
        maxAllocatedStorageGb: database.maxAllocatedStorageGb,
        backupRetentionDays: database.backupRetentionDays,
        enhancedMonitoringIntervalSeconds: database.enhancedMonitoringIntervalSeconds,
        finalSnapshot: database.finalSnapshot,
        minCapacity: database.minCapacity,
        maxCapacity: database.maxCapacity,
        readReplica: database.readReplica,
      }),
      engine,
      engineVersion,
      majorVersion: engineVersion.split(".")[0],
      autoMinorVersionUpgrade: database.autoMinorVersionUpgrade ?? DEFAULT_AUTO_MINOR_VERSION_UPGRADE,
      multiAz: environment.settings.multiAz,
      deletionProtection: environment.settings.deletionProtection,
      encrypted: environment.settings.encryption,
      logRetentionDays: environment.settings.logRetentionDays,
      performanceInsightsRetentionDays: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
      slowStatementLogMs: SLOW_STATEMENT_LOG_MS,
      backupWindow: BACKUP_WINDOW,
      maintenanceWindow: MAINTENANCE_WINDOW,
      masterUsername: MASTER_USERNAME,
      masterPasswordVersion: database.masterPasswordVersion ?? INITIAL_SECRET_VERSION,
      port: DATABASE_PORT,
      databaseName: database.databaseName ?? DEFAULT_DATABASE_NAME,
      migratorRole: database.migratorRole ?? DEFAULT_MIGRATOR_ROLE,
      appRole: database.appRole ?? DEFAULT_APP_ROLE,
      schema: database.schema ?? DEFAULT_APP_SCHEMA,
      extensions: database.extensions ?? [],
    },
    databaseAlarms: { ...preset.databaseAlarms, ...definedOnly(mergedBlock(app, environment.name, "databaseAlarms")) },
    alerts: {
      emails: alerts.emails ?? [],
      ...(alerts.incidentManagement ? { incidentManagement: alerts.incidentManagement } : {}),
    },
    secretNamePrefix: `${project}/${name}/${environment.name}`,
    secretRecoveryWindowDays: SECRET_RECOVERY_WINDOW_DAYS[environment.settings.deletionProtection ? "protected" : "unprotected"],
    secrets: resolveSecrets(app, environment.name),
    buildRepository,
    service: resolvedService,
    serviceAlarms: resolveServiceAlarms(environment, mergedBlock(app, environment.name, "serviceAlarms")),
    featureFlags: resolveFeatureFlags(app, environment.name),
    ...definedOnly({ dr }),
    backup: resolveBackup(`${project}-${name}-${environment.name}`, environment.tier, database.backupRetentionDays ?? preset.database.backupRetentionDays, dr),
    ...(bastion ? { bastion } : {}),
  };
}

/** The master secret's name in Secrets Manager, `<project>/<app>/<env>/database/master` (its DR replica has the same name). */
export function masterSecretName(deployment: Pick<ResolvedDeployment, "secretNamePrefix">): string {
  return `${deployment.secretNamePrefix}/database/master`;
}

/** The private registry's credentials secret's name, `<project>/<app>/<env>/registry-credentials` (its DR replica has the same name). */
export function registryCredentialsSecretName(deployment: Pick<ResolvedDeployment, "secretNamePrefix">): string {
  return `${deployment.secretNamePrefix}/registry-credentials`;
}
