import { z } from "zod";
import { awsId, extensionName, percent, secretVersion, sqlIdentifier } from "../shared/fields";
import { DATABASE_ENGINES, ENHANCED_MONITORING_INTERVALS, EXISTING_DATABASE_PORTS, SUPPORTED_POSTGRES_MAJORS } from "./defaults";

const storageGb = z.number().int().min(20, "must be at least 20 GB").max(65536, "must be at most 65536 GB");

const capacity = z
  .number()
  .min(0.5, "must be at least 0.5 ACU")
  .max(256, "must be at most 256 ACUs")
  .refine((acus) => Number.isInteger(acus * 2), { message: "must be a multiple of 0.5 ACU" });

/** A Secrets Manager secret's full ARN, with the six characters Secrets Manager appends to its name. */
export const SECRET_ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/** A KMS key's ARN (a key id, single- or multi-Region; IAM policies match keys by it, never by alias). */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** A database that runs already, which the app uses instead of one the platform creates. */
export const existingDatabaseSchema = z
  .strictObject({
    host: z
      .string()
      .max(253, "must be at most 253 characters")
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/, "must be a lowercase DNS name such as orders.abcdefghijkl.us-east-1.rds.amazonaws.com")
      .describe("The database's endpoint host name (its writer), passed to the app as DB_HOST."),
    port: z
      .number()
      .int()
      .min(EXISTING_DATABASE_PORTS.min, `must be at least ${EXISTING_DATABASE_PORTS.min}`)
      .max(EXISTING_DATABASE_PORTS.max, `must be at most ${EXISTING_DATABASE_PORTS.max}`)
      .optional()
      .describe("The database's port, passed as DB_PORT; the one ingress rule the platform adds admits it."),
    databaseName: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/, "must be a database name of 1-63 characters: letters, digits, _, $ and -, starting with a letter or _")
      .describe("The database the app uses, passed as DB_NAME."),
    secretArn: z
      .string()
      .regex(SECRET_ARN_PATTERN, "must be a Secrets Manager secret's full ARN, with the six characters after its name, such as arn:aws:secretsmanager:us-east-1:111111111111:secret:orders/app-AbCdEf")
      .describe("The secret holding the app's credentials as JSON with `username` and `password` (RDS's shape); the tasks get them as DB_USER and DB_PASSWORD, and may read this secret only."),
    kmsKeyArn: z
      .string()
      .regex(KMS_KEY_ARN_PATTERN, "must be a KMS key ARN (key/<id>, not an alias), such as arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555")
      .optional()
      .describe("The customer managed key the secret is encrypted with: the tasks may decrypt with it only. Leave out for the AWS managed key aws/secretsmanager."),
    securityGroupId: awsId("sg", "a security group")
      .describe("The database's security group, in the environment's VPC: the platform adds one rule to it admitting the port from the app's tasks (and bastion), and nothing else."),
  })
  .describe(
    "An existing PostgreSQL database the app uses instead of one the platform creates (leave out every other database field): the database stack then holds only the tasks' client security group and one ingress rule on the database's group.",
  );

/** An app's database settings: engine, version, sizing, names, extensions. */
export const databaseSchema = z.strictObject({
  existing: existingDatabaseSchema.optional(),
  engine: z
    .enum(DATABASE_ENGINES, { error: `must be one of ${DATABASE_ENGINES.join(", ")}` })
    .optional()
    .describe("RDS PostgreSQL instance or Aurora PostgreSQL Serverless v2."),
  engineVersion: z
    .string()
    .regex(/^\d{2}\.\d{1,2}$/, "must be a PostgreSQL major.minor version such as 16.11")
    .refine((version) => (SUPPORTED_POSTGRES_MAJORS as readonly string[]).includes(version.split(".")[0]), {
      message: `must be of a supported PostgreSQL major: ${SUPPORTED_POSTGRES_MAJORS.join(", ")}`,
    })
    .optional()
    .describe("The PostgreSQL version, major.minor."),
  autoMinorVersionUpgrade: z.boolean().optional().describe("Let AWS apply minor upgrades in the maintenance window."),
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t3.micro")
    .optional()
    .describe("RDS instance class (RDS engine only)."),
  allocatedStorageGb: storageGb.optional().describe("Allocated storage in GB (RDS engine only)."),
  maxAllocatedStorageGb: storageGb.optional().describe("The most storage autoscaling may grow to, in GB (RDS engine only)."),
  backupRetentionDays: z.number().int().min(1, "must be at least 1 day").max(35, "must be at most 35 days").optional().describe("Days automated backups are kept."),
  enhancedMonitoringIntervalSeconds: z
    .number()
    .refine((seconds) => (ENHANCED_MONITORING_INTERVALS as readonly number[]).includes(seconds), {
      message: `must be one of ${ENHANCED_MONITORING_INTERVALS.join(", ")}`,
    })
    .optional()
    .describe("Enhanced monitoring interval in seconds, 0 for off."),
  finalSnapshot: z.boolean().optional().describe("Take a final snapshot when the database is destroyed."),
  readReplica: z.boolean().optional().describe("An in-region read replica (a reader instance on Aurora)."),
  minCapacity: capacity.optional().describe("Aurora Serverless v2 minimum capacity in ACUs."),
  maxCapacity: capacity.optional().describe("Aurora Serverless v2 maximum capacity in ACUs."),
  databaseName: sqlIdentifier.optional().describe("The database the app uses."),
  migratorRole: sqlIdentifier.optional().describe("The role that owns the schema and runs migrations."),
  appRole: sqlIdentifier.optional().describe("The role the app connects as."),
  schema: sqlIdentifier.optional().describe("The schema the migrator owns and the app uses."),
  extensions: z.array(extensionName).optional().describe("Extensions the role manager creates, such as pgcrypto or uuid-ossp."),
  masterPasswordVersion: secretVersion.optional().describe("The master password's version; raise it to rotate the password."),
});

/** An app's database alarm thresholds. */
export const databaseAlarmsSchema = z.strictObject({
  cpuPercent: percent.optional().describe("CPU above this percentage fires."),
  freeableMemoryMiB: z.number().int().positive("must be a positive number of MiB").optional().describe("Freeable memory below this many MiB fires."),
  freeStoragePercent: percent.optional().describe("Free storage below this percentage of the allocated storage fires."),
  replicaLagSeconds: z.number().positive("must be a positive number of seconds").optional().describe("Replica lag above this many seconds fires."),
  connections: z.number().int().positive("must be a positive number of connections").optional().describe("More connections than this fires."),
  acuUtilizationPercent: percent.optional().describe("ACU utilization above this percentage fires (Aurora)."),
});

/** An app's database settings as they passed the schema. */
export type DatabaseConfig = z.output<typeof databaseSchema>;
