import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Construct } from "constructs";
import { postgresLogGroup, PostgresDatabase, postgresParameters, PostgresProps } from "./postgres";

/** Storage type of every instance: gp3 gives baseline IOPS independent of size. */
const STORAGE_TYPE = "gp3";

/** The CA of the server certificate clients verify. */
export const RDS_CA_CERTIFICATE = "rds-ca-rsa2048-g1";

/**
 * An RDS PostgreSQL instance (seeds 001, 003, 004): private, encrypted with
 * the given key, the master password kept by RDS in Secrets Manager, TLS
 * forced, IAM authentication on, logs exported, Performance Insights on,
 * and an in-region read replica when configured.
 */
export class RdsPostgres extends Construct implements PostgresDatabase {
  readonly address: string;
  readonly masterSecretArn: string;
  readonly iamResourceId: string;
  readonly metricDimension: PostgresDatabase["metricDimension"];
  readonly replicaIdentifier?: string;
  readonly ready: PostgresDatabase["ready"];
  readonly eventSource: PostgresDatabase["eventSource"];

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const { settings } = props;
    const parameters = new DbParameterGroup(this, "parameters", {
      name: props.identifier,
      family: `postgres${settings.majorVersion}`,
      description: `TLS-only connections and logging for ${props.identifier}`,
      parameter: postgresParameters(settings),
      lifecycle: { createBeforeDestroy: true },
    });
    const shared = {
      instanceClass: settings.instanceClass,
      storageEncrypted: settings.encrypted,
      kmsKeyId: settings.encrypted ? props.kmsKeyArn : undefined,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
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
      username: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: props.subnetGroupName,
      multiAz: settings.multiAz,
      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.backupWindow,
      maintenanceWindow: settings.maintenanceWindow,
      skipFinalSnapshot: !settings.finalSnapshot,
      finalSnapshotIdentifier: settings.finalSnapshot ? `${props.identifier}-final` : undefined,
      dependsOn: [primaryLogs],
    });
    this.address = primary.address;
    this.masterSecretArn = primary.masterUserSecret.get(0).secretArn;
    this.iamResourceId = primary.resourceId;
    this.metricDimension = { name: "DBInstanceIdentifier", value: primary.identifier };
    const sourceIds = [primary.identifier];

    if (settings.readReplica) {
      const replicaId = `${props.identifier}-replica`;
      const replicaLogs = postgresLogGroup(this, "replica-logs", "instance", replicaId, props);
      const replica = new DbInstance(this, "replica", {
        ...shared,
        identifier: replicaId,
        replicateSourceDb: primary.identifier,
        backupRetentionPeriod: 0,
        skipFinalSnapshot: true,
        dependsOn: [replicaLogs],
      });
      this.replicaIdentifier = replica.identifier;
      sourceIds.push(replica.identifier);
    }
    this.ready = [primary];
    this.eventSource = { type: "db-instance", ids: sourceIds };
  }
}
