import { ResolvedEnvironment } from "../environment/resolve";
import { definedOnly } from "../shared/defined-only";
import { DatabaseTierSettings, TIER_PRESETS } from "../shared/tiers";
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
} from "./defaults";
import { DatabaseConfig } from "./schema";
import type { DatabaseCredentials } from "../service/defaults";

/** A database that runs already (`database.existing`): the platform creates none, and the app logs in with its secret. */
export interface ResolvedExistingDatabase {
  /** The writer's host name. */
  readonly host: string;
  /** The port. */
  readonly port: number;
  /** The database the app uses. */
  readonly databaseName: string;
  /** The secret holding the app's `username` and `password`. */
  readonly secretArn: string;
  /** The secret's customer managed key. @default none: the AWS managed key aws/secretsmanager */
  readonly kmsKeyArn?: string;
  /** The database's security group, which gets one ingress rule from the app's client group. */
  readonly securityGroupId: string;
}

/** A PostgreSQL database with every setting decided. */
export interface ResolvedDatabase extends DatabaseTierSettings {
  /**
   * The existing database the app uses instead: the database stack then creates no database,
   * secret, key, alarms or role manager, and `port` and `databaseName` are the existing one's.
   * @default none: the platform creates the database
   */
  readonly existing?: ResolvedExistingDatabase;
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

/** An app's database in one environment: the tier's sizing, the app's and the environment's settings over it, and the environment's protections; or the existing database it uses, with its port and name. */
export function resolveDatabase(database: DatabaseConfig, environment: ResolvedEnvironment): ResolvedDatabase {
  const created = resolveCreatedDatabase(database, environment);
  const given = database.existing;
  if (!given) return created;
  const existing: ResolvedExistingDatabase = { ...given, port: given.port ?? DATABASE_PORT };
  return { ...created, existing, port: existing.port, databaseName: existing.databaseName };
}

/** The database the platform creates: the tier's sizing, the app's and the environment's settings over it, and the environment's protections. */
function resolveCreatedDatabase(database: DatabaseConfig, environment: ResolvedEnvironment): ResolvedDatabase {
  const engine = database.engine ?? DEFAULT_DATABASE_ENGINE;
  const engineVersion = database.engineVersion ?? DEFAULT_POSTGRES_VERSION[engine];
  return {
    ...TIER_PRESETS[environment.tier].database,
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
  };
}

/** How an app logs in to its database: the service's `databaseCredentials` (IAM tokens or the master secret), or an existing database's secret. */
export type DatabaseLogin = DatabaseCredentials | "existing-secret";

/** How an app logs in to `database`: with an existing database, the username and password of its secret; else as `credentials` (`service.databaseCredentials`) says. */
export function databaseLogin(database: ResolvedDatabase, credentials: DatabaseCredentials): DatabaseLogin {
  return database.existing ? "existing-secret" : credentials;
}
