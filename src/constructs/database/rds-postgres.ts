import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Construct } from "constructs";
import { parameterGroupConfig, postgresLogGroup, PostgresDatabase, PostgresProps } from "./postgres";

/** What {@link instanceSettings} takes. */
export type InstanceSettingsProps = Pick<PostgresProps, "settings" | "securityGroupId" | "kmsKeyArn" | "monitoringRoleArn">;

/**
 * What every RDS instance of the platform shares, primary or replica, in any
 * region: its class, encryption with the given key, no public access, TLS
 * (the parameter group), the CA, IAM authentication, pinned versions, storage
 * autoscaling, logs, Performance Insights, monitoring and deletion protection.
 */
export function instanceSettings(props: InstanceSettingsProps, parameterGroupName: string): Omit<DbInstanceConfig, "identifier"> {
  const { settings } = props;
  return {
    instanceClass: settings.instanceClass,
    storageEncrypted: settings.encrypted,
    kmsKeyId: settings.encrypted ? props.kmsKeyArn : undefined,
    vpcSecurityGroupIds: [props.securityGroupId],
    publiclyAccessible: false,
    parameterGroupName,
    caCertIdentifier: RDS_CA_CERTIFICATE,
    iamDatabaseAuthenticationEnabled: true,
    autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
    allowMajorVersionUpgrade: false,
    maxAllocatedStorage: settings.maxAllocatedStorageGb,
    enabledCloudwatchLogsExports: ["postgresql"],
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: props.kmsKeyArn,
    performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
    monitoringInterval: settings.enhancedMonitoringIntervalSeconds,
    monitoringRoleArn: props.monitoringRoleArn,
    deletionProtection: settings.deletionProtection,
    copyTagsToSnapshot: true,
  };
}

/**
 * What a writable instance has and a replica does not: multi-AZ, automated
 * backups with their windows, and a final snapshot where the tier keeps one.
 * The primary has them, and so does a DR replica once promoted.
 */
export function writerSettings(props: Pick<PostgresProps, "identifier" | "settings">): Partial<DbInstanceConfig> {
  const { identifier, settings } = props;
  return {
    multiAz: settings.multiAz,
    backupRetentionPeriod: settings.backupRetentionDays,
    backupWindow: settings.backupWindow,
    maintenanceWindow: settings.maintenanceWindow,
    skipFinalSnapshot: !settings.finalSnapshot,
    finalSnapshotIdentifier: settings.finalSnapshot ? `${identifier}-final` : undefined,
  };
}

/** Storage type of every instance: gp3 gives baseline IOPS independent of size. */
const STORAGE_TYPE = "gp3";

/** The CA of the server certificate clients verify. */
export const RDS_CA_CERTIFICATE = "rds-ca-rsa2048-g1";

/**
 * An RDS PostgreSQL instance (seeds 001, 003, 004): private, encrypted with
 * the given key, the master password set through the write-only
 * `password_wo` (never in state), TLS forced, IAM authentication on, logs
 * exported, Performance Insights on, and an in-region read replica when
 * configured, which RDS can create because it does not manage the source's
 * master password.
 */
export class RdsPostgres extends Construct {
  /** What the rest of the stack uses from the database. */
  readonly attributes: PostgresDatabase;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const { settings } = props;
    const parameters = new DbParameterGroup(this, "parameters", parameterGroupConfig(props, "postgres"));
    const shared = instanceSettings(props, parameters.name);

    const primaryLogs = postgresLogGroup(this, "primary-logs", "instance", props.identifier, props);
    const primary = new DbInstance(this, "primary", {
      ...shared,
      identifier: props.identifier,
      engine: "postgres",
      engineVersion: settings.engineVersion,
      allocatedStorage: settings.allocatedStorageGb,
      storageType: STORAGE_TYPE,
      dbName: settings.databaseName,
      port: settings.port,
      username: props.master.username,
      passwordWo: props.master.password,
      passwordWoVersion: props.master.version,
      dbSubnetGroupName: props.subnetGroupName,
      ...writerSettings(props),
      tags: props.tags ? { ...props.tags } : undefined,
      dependsOn: [primaryLogs],
    });
    const replica = settings.readReplica ? this.replica(props, shared, primary) : undefined;
    this.attributes = {
      address: primary.address,
      iamResourceId: primary.resourceId,
      metricDimension: { name: "DBInstanceIdentifier", value: primary.identifier },
      replicaIdentifier: replica?.identifier,
      writer: primary,
      eventSource: { type: "db-instance", ids: [primary.identifier, ...(replica ? [replica.identifier] : [])] },
    };
  }

  /** An in-region read replica with the primary's class, encryption, protection and monitoring. */
  private replica(props: PostgresProps, shared: Omit<DbInstanceConfig, "identifier">, primary: DbInstance): DbInstance {
    const identifier = `${props.identifier}-replica`;
    const logs = postgresLogGroup(this, "replica-logs", "instance", identifier, props);
    return new DbInstance(this, "replica", {
      ...shared,
      identifier,
      replicateSourceDb: primary.identifier,
      backupRetentionPeriod: 0,
      skipFinalSnapshot: true,
      dependsOn: [logs],
    });
  }
}
