import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Construct } from "constructs";
import type { DrCopyProps } from "./dr-copy";
import { parameterGroupConfig, postgresLogGroup } from "./postgres";
import { instanceSettings, writerSettings } from "./rds-postgres";
import { replicaLag, replicationLagAlarm } from "./replication-lag";

/** Properties of a {@link CrossRegionReplica}. */
export interface CrossRegionReplicaProps extends DrCopyProps {
  /** The source instance's ARN, in the primary region. */
  readonly sourceArn: string;
  /**
   * Failover is declared: the replica is promoted to a standalone, writable
   * instance (Terraform promotes it when `replicate_source_db` goes away) with
   * the environment's multi-AZ, backups and final snapshot; the lag alarm
   * goes, the replicated backups stay. @default false
   */
  readonly promoted?: boolean;
}

/**
 * The DR region's copy of an RDS PostgreSQL database: a cross-region read
 * replica of the source (by ARN) with the source's class and settings,
 * encrypted with a key of its own region, its own parameter group, in the DR
 * network's subnets; the source's automated backups replicated into the same
 * region, so a point-in-time restore works there too; and an alarm when the
 * replica falls further behind than the RPO, or stops reporting. Promoted
 * (failover), it is the environment's writable database.
 */
export class CrossRegionReplica extends Construct {
  /** The replica instance. */
  readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: CrossRegionReplicaProps) {
    super(scope, id);
    const parameters = new DbParameterGroup(this, "parameters", parameterGroupConfig(props, "postgres"));
    const logs = postgresLogGroup(this, "logs", "instance", props.identifier, props);
    const role = props.promoted
      ? writerSettings(props)
      : // A replica takes no backups of its own: the source's are replicated below.
        { replicateSourceDb: props.sourceArn, backupRetentionPeriod: 0, skipFinalSnapshot: true };
    this.instance = new DbInstance(this, "replica", {
      ...instanceSettings(props, parameters.name),
      ...role,
      identifier: props.identifier,
      dbSubnetGroupName: props.subnetGroupName,
      dependsOn: [logs],
    });

    new DbInstanceAutomatedBackupsReplication(this, "backups", {
      sourceDbInstanceArn: props.sourceArn,
      kmsKeyId: props.kmsKeyArn,
      retentionPeriod: props.settings.backupRetentionDays,
    });

    if (props.promoted) return;
    replicationLagAlarm(this, "lag", {
      identifier: props.identifier,
      metric: replicaLag(this.instance.identifier),
      maxLagSeconds: props.maxLagSeconds,
      alarmTopicArn: props.alarmTopicArn,
    });
  }
}
