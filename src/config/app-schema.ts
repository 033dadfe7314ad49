import { z } from "zod";
import { DATABASE_ENGINES, ENHANCED_MONITORING_INTERVALS } from "./database";
import { name, sqlIdentifier } from "./fields";

/**
 * The shape of an app's settings. Each block can be written once for the app
 * and again under `environments.<env>` to change it for one environment;
 * the tier's presets fill in whatever neither says.
 */

/** Incident management services that take alarms over HTTPS (seed 000). */
export const INCIDENT_PROVIDERS = ["pagerduty", "splunk-on-call"] as const;

/** SSM parameter names: the incident endpoint URL is read from one, never written in config. */
const SSM_PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;

const storageGb = z.number().int().min(20, "must be at least 20 GB").max(65536, "must be at most 65536 GB");
const capacity = z
  .number()
  .min(0.5, "must be at least 0.5 ACU")
  .max(256, "must be at most 256 ACUs")
  .refine((acus) => Number.isInteger(acus * 2), { message: "must be a multiple of 0.5 ACU" });
const percent = z.number().gt(0, "must be above 0").lt(100, "must be below 100");

const databaseSchema = z.strictObject({
  /** RDS PostgreSQL instance or Aurora PostgreSQL Serverless v2. */
  engine: z.enum(DATABASE_ENGINES, { error: `must be one of ${DATABASE_ENGINES.join(", ")}` }).optional(),
  /** The PostgreSQL version, major.minor. */
  engineVersion: z.string().regex(/^\d{2}\.\d{1,2}$/, "must be a PostgreSQL major.minor version such as 16.6").optional(),
  /** Let AWS apply minor upgrades in the maintenance window. */
  autoMinorVersionUpgrade: z.boolean().optional(),
  /** RDS instance class (RDS engine only). */
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t3.micro").optional(),
  /** Allocated storage in GB (RDS engine only). */
  allocatedStorageGb: storageGb.optional(),
  /** The most storage autoscaling may grow to, in GB (RDS engine only). */
  maxAllocatedStorageGb: storageGb.optional(),
  /** Days automated backups are kept. */
  backupRetentionDays: z.number().int().min(1, "must be at least 1 day").max(35, "must be at most 35 days").optional(),
  /** Enhanced monitoring interval in seconds, 0 for off. */
  enhancedMonitoringIntervalSeconds: z
    .number()
    .refine((seconds) => (ENHANCED_MONITORING_INTERVALS as readonly number[]).includes(seconds), {
      message: `must be one of ${ENHANCED_MONITORING_INTERVALS.join(", ")}`,
    })
    .optional(),
  /** Take a final snapshot when the database is destroyed. */
  finalSnapshot: z.boolean().optional(),
  /** An in-region read replica (a reader instance on Aurora). */
  readReplica: z.boolean().optional(),
  /** Aurora Serverless v2 minimum capacity in ACUs. */
  minCapacity: capacity.optional(),
  /** Aurora Serverless v2 maximum capacity in ACUs. */
  maxCapacity: capacity.optional(),
  /** The database the app uses. */
  databaseName: sqlIdentifier.optional(),
  /** The role that owns the schema and runs migrations. */
  migratorRole: sqlIdentifier.optional(),
  /** The role the app connects as. */
  appRole: sqlIdentifier.optional(),
  /** The schema the migrator owns and the app uses. */
  schema: sqlIdentifier.optional(),
  /** Extensions the role manager creates. */
  extensions: z.array(sqlIdentifier).optional(),
});

const databaseAlarmsSchema = z.strictObject({
  /** CPU above this percentage fires. */
  cpuPercent: percent.optional(),
  /** Freeable memory below this many MiB fires. */
  freeableMemoryMiB: z.number().int().positive("must be a positive number of MiB").optional(),
  /** Free storage below this percentage of the allocated storage fires. */
  freeStoragePercent: percent.optional(),
  /** Replica lag above this many seconds fires. */
  replicaLagSeconds: z.number().positive("must be a positive number of seconds").optional(),
  /** More connections than this fires. */
  connections: z.number().int().positive("must be a positive number of connections").optional(),
  /** ACU utilization above this percentage fires (Aurora). */
  acuUtilizationPercent: percent.optional(),
});

const alertsSchema = z.strictObject({
  /** E-mail addresses subscribed to the alarm topic (each confirms by mail). */
  emails: z.array(z.email({ error: "must be an e-mail address" })).optional(),
  /** An incident management service subscribed over HTTPS. */
  incidentManagement: z
    .strictObject({
      /** Which service. */
      provider: z.enum(INCIDENT_PROVIDERS, { error: `must be one of ${INCIDENT_PROVIDERS.join(", ")}` }),
      /** The SSM parameter (SecureString) holding the service's HTTPS integration URL; the URL itself never enters config. */
      endpointParameter: z.string().regex(SSM_PARAMETER_NAME, "must be an SSM parameter name such as /acme/web/pagerduty-url"),
    })
    .nullable()
    .optional(),
});

const generatedSecretSchema = z.strictObject({
  /** Characters in the generated value. */
  length: z.number().int().min(16, "must be at least 16 characters").max(1024, "must be at most 1024 characters").optional(),
  /** Whether the value may contain punctuation. */
  special: z.boolean().optional(),
});

const appEnvironmentSchema = z.strictObject({
  /** Database settings for this environment. */
  database: databaseSchema.optional(),
  /** Database alarm thresholds for this environment. */
  databaseAlarms: databaseAlarmsSchema.optional(),
  /** Alarm subscriptions for this environment. */
  alerts: alertsSchema.optional(),
});

/** One application. */
export const appSchema = z.strictObject({
  /** The environments the app runs in, each with its own changes; every environment when left out. */
  environments: z.record(name, appEnvironmentSchema).optional(),
  /** Database settings in every environment. */
  database: databaseSchema.optional(),
  /** Database alarm thresholds in every environment. */
  databaseAlarms: databaseAlarmsSchema.optional(),
  /** Alarm subscriptions in every environment. */
  alerts: alertsSchema.optional(),
  /** Generated secrets beyond the app secret key, by name. */
  secrets: z.record(name, generatedSecretSchema).optional(),
});

/** One app as it passed the schema. */
export type AppConfig = z.output<typeof appSchema>;
