import { RdsCluster, RdsClusterConfig } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { RdsGlobalCluster } from "@cdktf/provider-aws/lib/rds-global-cluster";
import { Construct } from "constructs";
import { parameterGroupConfig, postgresLogGroup, PostgresDatabase, PostgresProps } from "./postgres";
import { RDS_CA_CERTIFICATE } from "./rds-postgres";

/** The instance class of Aurora Serverless v2 instances. */
const SERVERLESS_INSTANCE_CLASS = "db.serverless";

/** What a primary cluster and a DR secondary have in common. */
type ClusterBase = Pick<PostgresProps, "identifier" | "settings" | "subnetGroupName" | "securityGroupId" | "kmsKeyArn" | "monitoringRoleArn">;

/**
 * The cluster arguments a primary cluster and its DR secondary share: engine, version and
 * Serverless v2 range, network, TLS parameters, encryption, IAM authentication, logs, backups,
 * protection and the final snapshot.
 */
export function clusterSettings(props: ClusterBase, parameterGroupName: string): RdsClusterConfig {
  const { settings } = props;
  return {
    clusterIdentifier: props.identifier,
    engine: "aurora-postgresql",
    engineMode: "provisioned",
    engineVersion: settings.engineVersion,
    serverlessv2ScalingConfiguration: { minCapacity: settings.minCapacity, maxCapacity: settings.maxCapacity },
    port: settings.port,
    dbSubnetGroupName: props.subnetGroupName,
    vpcSecurityGroupIds: [props.securityGroupId],
    dbClusterParameterGroupName: parameterGroupName,
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
  };
}

/** A Serverless v2 instance `<cluster>-<name>` of a cluster, private, with Performance Insights (the cluster's key) and the configured monitoring. */
export function serverlessInstance(scope: Construct, name: string, cluster: RdsCluster, props: ClusterBase, promotionTier: number): RdsClusterInstance {
  const { settings } = props;
  return new RdsClusterInstance(scope, name, {
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
}

/** Properties of an {@link AuroraPostgres}. */
export interface AuroraPostgresProps extends PostgresProps {
  /**
   * Make the cluster the primary of a global database of this identifier, which a DR secondary
   * cluster joins. @default no global database
   */
  readonly globalClusterIdentifier?: string;
}

/**
 * An Aurora PostgreSQL Serverless v2 cluster (seed 000): a writer, and one
 * reader in another zone when the environment is multi-AZ or a read replica
 * is configured; private, encrypted, the master password set through the
 * write-only `master_password_wo` (never in state), TLS forced, IAM authentication on, logs exported,
 * Performance Insights on every instance. With DR, the primary of a global
 * database made from it.
 */
export class AuroraPostgres extends Construct {
  /** What the rest of the stack uses from the database. */
  readonly attributes: PostgresDatabase;

  constructor(scope: Construct, id: string, props: AuroraPostgresProps) {
    super(scope, id);
    const { settings } = props;
    const parameters = new RdsClusterParameterGroup(this, "parameters", parameterGroupConfig(props, "aurora-postgresql"));
    const logs = postgresLogGroup(this, "logs", "cluster", props.identifier, props);
    const cluster = new RdsCluster(this, "cluster", {
      ...clusterSettings(props, parameters.name),
      databaseName: settings.databaseName,
      masterUsername: props.master.username,
      masterPasswordWo: props.master.password,
      masterPasswordWoVersion: props.master.version,
      tags: props.tags ? { ...props.tags } : undefined,
      // The global database made from this cluster sets its global_cluster_identifier.
      ...(props.globalClusterIdentifier ? { lifecycle: { ignoreChanges: ["global_cluster_identifier"] } } : {}),
      dependsOn: [logs],
    });
    if (props.globalClusterIdentifier) {
      new RdsGlobalCluster(this, "global", {
        globalClusterIdentifier: props.globalClusterIdentifier,
        sourceDbClusterIdentifier: cluster.arn,
        // Made from an existing cluster: Terraform must remove it from the global database to delete the latter.
        forceDestroy: true,
        deletionProtection: settings.deletionProtection,
      });
    }
    const writer = serverlessInstance(this, "writer", cluster, props, 0);
    const reader = settings.multiAz || settings.readReplica ? serverlessInstance(this, "reader", cluster, props, 1) : undefined;
    this.attributes = {
      address: cluster.endpoint,
      iamResourceId: cluster.clusterResourceId,
      metricDimension: { name: "DBClusterIdentifier", value: cluster.clusterIdentifier },
      replicaIdentifier: reader?.identifier,
      writer,
      eventSource: { type: "db-cluster", ids: [cluster.clusterIdentifier], instanceIds: [writer.identifier, ...(reader ? [reader.identifier] : [])] },
    };
  }
}
