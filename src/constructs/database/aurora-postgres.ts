import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { Construct } from "constructs";
import { parameterGroupConfig, postgresLogGroup, PostgresDatabase, PostgresProps } from "./postgres";
import { RDS_CA_CERTIFICATE } from "./rds-postgres";

/** The instance class of Aurora Serverless v2 instances. */
const SERVERLESS_INSTANCE_CLASS = "db.serverless";

/**
 * An Aurora PostgreSQL Serverless v2 cluster (seed 000): a writer, and one
 * reader in another zone when the environment is multi-AZ or a read replica
 * is configured; private, encrypted, the master password set through the
 * write-only `master_password_wo` (never in state), TLS forced, IAM authentication on, logs exported,
 * Performance Insights on every instance.
 */
export class AuroraPostgres extends Construct {
  /** What the rest of the stack uses from the database. */
  readonly attributes: PostgresDatabase;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const { settings } = props;
    const parameters = new RdsClusterParameterGroup(this, "parameters", parameterGroupConfig(props, "aurora-postgresql"));
    const logs = postgresLogGroup(this, "logs", "cluster", props.identifier, props);
    const cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: props.identifier,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: settings.engineVersion,
      serverlessv2ScalingConfiguration: { minCapacity: settings.minCapacity, maxCapacity: settings.maxCapacity },
      databaseName: settings.databaseName,
      port: settings.port,
      masterUsername: props.master.username,
      masterPasswordWo: props.master.password,
      masterPasswordWoVersion: props.master.version,
      dbSubnetGroupName: props.subnetGroupName,
      vpcSecurityGroupIds: [props.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      storageEncrypted: settings.encrypted,
      kmsKeyId: settings.encrypted ? props.kmsKeyArn : undefined,
      iamDatabaseAuthenticationEnabled: true,
      allowMajorVersionUpgrade: false,
      enabledCloudwatchLogsExports: ["postgresql"],
      backupRetentionPeriod: settings.backupRetentionDays,
      preferredBackupWindow: settings.backupWindow,
      preferredMaintenanceWindow: settings.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: settings.deletionProtection,
      skipFinalSnapshot: !settings.finalSnapshot,
      finalSnapshotIdentifier: settings.finalSnapshot ? `${props.identifier}-final` : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
      dependsOn: [logs],
    });
    const instance = (name: string, promotionTier: number) =>
      new RdsClusterInstance(this, name, {
        identifier: `${props.identifier}-${name}`,
        clusterIdentifier: cluster.id,
        engine: cluster.engine,
        engineVersion: cluster.engineVersion,
        instanceClass: SERVERLESS_INSTANCE_CLASS,
        publiclyAccessible: false,
        caCertIdentifier: RDS_CA_CERTIFICATE,
        autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
        promotionTier,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
        monitoringInterval: settings.enhancedMonitoringIntervalSeconds,
        monitoringRoleArn: props.monitoringRoleArn,
        copyTagsToSnapshot: true,
      });
    const writer = instance("writer", 0);
    const reader = settings.multiAz || settings.readReplica ? instance("reader", 1) : undefined;
    this.attributes = {
      address: cluster.endpoint,
      iamResourceId: cluster.clusterResourceId,
      metricDimension: { name: "DBClusterIdentifier", value: cluster.clusterIdentifier },
      replicaIdentifier: reader?.identifier,
      writer,
      eventSource: { type: "db-cluster", ids: [cluster.clusterIdentifier] },
    };
  }
}
