import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { TerraformData } from "../terraform/terraform-data";
import type { DrCopyProps } from "./dr-copy";
import { parameterGroupConfig, postgresLogGroup } from "./postgres";
import { instanceSettings, replacedBy, writerSettings } from "./rds-postgres";
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
  /**
   * Fail-back step 1 (with `promoted`): the writer stays the writer, but is made ready for step 2 to
   * replace it with a replica of the rebuilt primary: a final snapshot named for this fail-back (the
   * runbook turns deletion protection off once the primary region's replica is promoted), and the
   * source's backups no longer replicated (that source is being replaced). @default false
   */
  readonly failingBack?: boolean;
  /** Characters of the fail-back marker's id that name the writer's final snapshot when failing back. */
  readonly snapshotIdChars: number;
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
    // The fail-back marker (see failBackMarker in rds-postgres.ts): a replica while standing by, the writer
    // while failing back. The instance is replaced when it is updated, so exactly once: when step 2
    // ("primary" after "returning") turns the writer back into a replica. It is absent while failed over,
    // so the promotion never replaces anything; created afresh, it triggers nothing.
    const failingBack = props.promoted === true && props.failingBack === true;
    const marker =
      props.promoted && !failingBack
        ? undefined
        : new TerraformData(this, "fail-back", { input: { role: failingBack ? "writer until fail-back" : `replica of ${props.sourceArn}` } });
    const role = props.promoted
      ? {
          ...writerSettings(props),
          ...(failingBack ? { skipFinalSnapshot: false, finalSnapshotIdentifier: `${props.identifier}-failback-${Fn.substr(marker!.id, 0, props.snapshotIdChars)}` } : {}),
        }
      : // A replica takes no backups of its own: the source's are replicated below.
        { replicateSourceDb: props.sourceArn, backupRetentionPeriod: 0, skipFinalSnapshot: true };
    this.instance = new DbInstance(this, "replica", {
      ...instanceSettings(props, parameters.name),
      ...role,
      identifier: props.identifier,
      dbSubnetGroupName: props.subnetGroupName,
      // Promoted, it takes Multi-AZ and its class now, not in the maintenance window.
      applyImmediately: props.promoted ? true : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
      lifecycle: marker ? replacedBy(marker) : undefined,
      dependsOn: [logs],
    });

    if (!failingBack) {
      new DbInstanceAutomatedBackupsReplication(this, "backups", {
        sourceDbInstanceArn: props.sourceArn,
        kmsKeyId: props.kmsKeyArn,
        retentionPeriod: props.settings.backupRetentionDays,
      });
    }

    if (props.promoted) return;
    replicationLagAlarm(this, "lag", {
      identifier: props.identifier,
      metric: replicaLag(this.instance.identifier),
      maxLagSeconds: props.maxLagSeconds,
      alarmTopicArn: props.alarmTopicArn,
    });
  }
}
