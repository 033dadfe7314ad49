import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { waiveGuardrail } from "../../aspects/waivers";
import { TerraformData } from "../terraform/terraform-data";
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
 * What a writable instance has and a replica does not: its engine and
 * allocated storage (a replica takes both from its source, and the provider
 * refuses `engine` beside `replicate_source_db`), multi-AZ, automated backups
 * with their windows, and a final snapshot where the tier keeps one. The
 * primary has them, and so does a DR replica once promoted. Its engine and
 * storage are its source's, so declaring them usually changes nothing in the
 * promotion's plan: the provider ignores an `allocated_storage` below what
 * storage autoscaling grew (up to `max_allocated_storage`), and a replica made
 * before the configured storage was raised is grown to it, as it takes the
 * environment's multi-AZ. Once no source names them, they are what tells
 * `npm run cost` the writer's engine and storage (decision 0007).
 */
export function writerSettings(props: Pick<PostgresProps, "identifier" | "settings">): Partial<DbInstanceConfig> {
  const { identifier, settings } = props;
  return {
    engine: "postgres",
    allocatedStorage: settings.allocatedStorageGb,
    multiAz: settings.multiAz,
    backupRetentionPeriod: settings.backupRetentionDays,
    backupWindow: settings.backupWindow,
    maintenanceWindow: settings.maintenanceWindow,
    skipFinalSnapshot: !settings.finalSnapshot,
    finalSnapshotIdentifier: settings.finalSnapshot ? `${identifier}-final` : undefined,
  };
}

/**
 * What the primary region's instance is while the DR region is the writer (failover declared, or
 * failing back): the stale primary, fenced and ready to be replaced, or (fail-back step 1) the
 * replica of the DR writer that replaced it.
 */
export interface RdsStandDown {
  /**
   * Fail-back step 1: the ARN of the DR writer, of which this instance becomes a cross-region read
   * replica with the same identifier (so the same endpoint), replacing the stale primary. RDS cannot
   * make an existing standalone instance a replica (terraform-provider-aws: "cannot elect new source
   * database for replication"), so the instance is replaced, not modified. @default none: the stale
   * primary is kept, fenced, its deletion protection off and its final snapshot named, so that this
   * step can replace it
   */
  readonly replicaOf?: string;
  /** Characters of the fail-back marker's id that name the stale primary's final snapshot. */
  readonly snapshotIdChars: number;
}

/** Properties of an {@link RdsPostgres}. */
export interface RdsPostgresProps extends PostgresProps {
  /** The DR region is the writer: see {@link RdsStandDown}. @default none: this instance is the writer */
  readonly standDown?: RdsStandDown;
}

/**
 * The fail-back marker: a `terraform_data` (no provider) whose `input` says what the primary
 * region's instance is, and which the instance is replaced by (`replace_triggered_by`). It exists
 * only while the DR region is the writer. Terraform replaces the instance when the marker is updated
 * (Terraform, `replace_triggered_by`: an update or replacement of the referenced resource triggers;
 * creating it does not), so the replacement happens exactly once, between `"dr"` (stale writer,
 * fenced) and `"returning"` (replica of the DR writer), and never when the marker is created (the
 * fencing apply) or removed (step 2, which promotes the replica in place).
 */
function failBackMarker(scope: Construct, standDown: RdsStandDown): TerraformData {
  return new TerraformData(scope, "fail-back", { input: { role: standDown.replicaOf ? `replica of ${standDown.replicaOf}` : "stale primary, fenced" } });
}

/**
 * `replace_triggered_by` naming a fail-back marker. Terraform reads each JSON entry as a bare
 * reference (`terraform_data.<name>`) and refuses the `${...}` that CDKTF writes for a construct
 * ("Invalid character"), so the address is written out.
 */
export function replacedBy(marker: TerraformData): { replaceTriggeredBy: string[] } {
  return { replaceTriggeredBy: [`${TerraformData.resourceType}.${marker.friendlyUniqueId}`] };
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

  constructor(scope: Construct, id: string, props: RdsPostgresProps) {
    super(scope, id);
    const { settings, standDown } = props;
    const parameters = new DbParameterGroup(this, "parameters", parameterGroupConfig(props, "postgres"));
    const shared = instanceSettings(props, parameters.name);

    const primaryLogs = postgresLogGroup(this, "primary-logs", "instance", props.identifier, props);
    const marker = standDown ? failBackMarker(this, standDown) : undefined;
    const writer: Partial<DbInstanceConfig> = {
      engineVersion: settings.engineVersion,
      dbName: settings.databaseName,
      port: settings.port,
      username: props.master.username,
      passwordWo: props.master.password,
      passwordWoVersion: props.master.version,
      ...writerSettings(props),
      tags: props.tags ? { ...props.tags } : undefined,
    };
    const role: Partial<DbInstanceConfig> =
      standDown?.replicaOf !== undefined
        ? {
            // Fail-back step 1: a cross-region replica of the DR writer (its engine, user, database and
            // storage come from the source), Multi-AZ as the environment is so that step 2's promotion
            // changes nothing but its role, no backups of its own, and no backup plan tag (AWS Backup
            // takes no snapshot of a read replica).
            replicateSourceDb: standDown.replicaOf,
            multiAz: settings.multiAz,
            backupRetentionPeriod: 0,
            skipFinalSnapshot: true,
          }
        : standDown !== undefined
          ? {
              // The stale primary while the DR region is the writer: fail-back step 1 replaces it. Terraform
              // deletes with the arguments in state, so both are applied now: deletion protection off, and
              // a final snapshot, whatever the tier says, named for this failover, that keeps the writes the
              // DR region never received.
              ...writer,
              deletionProtection: false,
              skipFinalSnapshot: false,
              finalSnapshotIdentifier: `${props.identifier}-stale-${Fn.substr(marker!.id, 0, standDown.snapshotIdChars)}`,
            }
          : writer;
    const primary = new DbInstance(this, "primary", {
      ...shared,
      identifier: props.identifier,
      storageType: STORAGE_TYPE,
      dbSubnetGroupName: props.subnetGroupName,
      ...role,
      lifecycle: marker ? replacedBy(marker) : undefined,
      dependsOn: [primaryLogs],
    });
    if (standDown !== undefined && standDown.replicaOf === undefined) {
      waiveGuardrail(primary, "deletion-protection", "The stale primary while the DR region is the writer: fail-back replaces it, after a final snapshot");
    }
    // While failing back, the stale primary's in-region replica goes with it; step 2 makes a new one.
    const replica = settings.readReplica && standDown?.replicaOf === undefined ? this.replica(props, shared, primary, standDown !== undefined) : undefined;
    this.attributes = {
      address: primary.address,
      iamResourceId: primary.resourceId,
      metricDimension: { name: "DBInstanceIdentifier", value: primary.identifier },
      replicaIdentifier: replica?.identifier,
      writer: primary,
      eventSource: { type: "db-instance", ids: [primary.identifier, ...(replica ? [replica.identifier] : [])] },
    };
  }

  /**
   * An in-region read replica with the primary's class, encryption, protection and monitoring;
   * unprotected once its source is the stale primary (`stale`), which fail-back deletes first.
   */
  private replica(props: PostgresProps, shared: Omit<DbInstanceConfig, "identifier">, primary: DbInstance, stale: boolean): DbInstance {
    const identifier = `${props.identifier}-replica`;
    const logs = postgresLogGroup(this, "replica-logs", "instance", identifier, props);
    const replica = new DbInstance(this, "replica", {
      ...shared,
      identifier,
      replicateSourceDb: primary.identifier,
      backupRetentionPeriod: 0,
      skipFinalSnapshot: true,
      ...(stale ? { deletionProtection: false } : {}),
      dependsOn: [logs],
    });
    if (stale) waiveGuardrail(replica, "deletion-protection", "A replica of the stale primary while the DR region is the writer: fail-back deletes it");
    return replica;
  }
}
