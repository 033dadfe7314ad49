import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Construct } from "constructs";
import type { ResolvedDatabase } from "../../config/resolve-app";
import { parameterGroupConfig, postgresLogGroup } from "./postgres";
import { instanceSettings, writerSettings } from "./rds-postgres";

/** Properties of a {@link CrossRegionReplica}. */
export interface CrossRegionReplicaProps {
  /** The replica's identifier, also the prefix of its parts' names. */
  readonly identifier: string;
  /** The source instance's ARN, in the primary region. */
  readonly sourceArn: string;
  /** The primary database's settings: the replica takes its class, logging, monitoring and protection. */
  readonly settings: ResolvedDatabase;
  /** The DR network's database subnet group. */
  readonly subnetGroupName: string;
  /** The replica's security group. */
  readonly securityGroupId: string;
  /** A customer-managed key of the DR region: storage, Performance Insights, logs and the replicated backups. */
  readonly kmsKeyArn: string;
  /** The role RDS uses for enhanced monitoring (IAM is global: the primary's role). @default none */
  readonly monitoringRoleArn?: string;
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
  /** The replica lag, in seconds, above which the alarm fires: the RPO. */
  readonly maxLagSeconds: number;
  /**
   * Failover is declared: the replica is promoted to a standalone, writable
   * instance (Terraform promotes it when `replicate_source_db` goes away) with
   * the environment's multi-AZ, backups and final snapshot; the lag alarm
   * goes, the replicated backups stay. @default false
   */
  readonly promoted?: boolean;
}

/** Minutes of lag above the RPO before the alarm fires. */
const LAG_EVALUATION_MINUTES = 5;

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
    new CloudwatchMetricAlarm(this, "lag", {
      alarmName: `${props.identifier}-database-replica-lag`,
      alarmDescription: `${props.identifier}: the DR replica is more than ${props.maxLagSeconds} s behind (the RPO), or reports no lag at all`,
      namespace: "AWS/RDS",
      metricName: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: this.instance.identifier },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: LAG_EVALUATION_MINUTES,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.maxLagSeconds,
      // No data means replication is broken, or the replica is gone: that is the RPO at risk too.
      treatMissingData: "breaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
  }
}
