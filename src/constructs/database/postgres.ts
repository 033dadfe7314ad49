import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedDatabase } from "../../config/database/resolve";

/** What either engine takes. */
export interface PostgresProps {
  /** The database identifier (instance or cluster), also the prefix of its parts' names. */
  readonly identifier: string;
  /** Resolved database settings. */
  readonly settings: ResolvedDatabase;
  /** The network's database subnet group. */
  readonly subnetGroupName: string;
  /** The database's security group. */
  readonly securityGroupId: string;
  /** The customer-managed key for storage, the master secret, Performance Insights and logs. */
  readonly kmsKeyArn: string;
  /** The role RDS uses for enhanced monitoring. @default none (enhanced monitoring off) */
  readonly monitoringRoleArn?: string;
  /** The master user: its name, and the generated password with its version for the write-only arguments. */
  readonly master: { readonly username: string; readonly password: string; readonly version: number };
  /** Tags of the database itself (the instance or cluster), such as the backup plan that selects it. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the rest of the database stack uses from either engine. */
export interface PostgresDatabase {
  /** The writer's host name. */
  readonly address: string;
  /** The resource id that `rds-db:connect` policies name. */
  readonly iamResourceId: string;
  /** The CloudWatch dimension and value that identify the database's metrics. */
  readonly metricDimension: { readonly name: "DBInstanceIdentifier" | "DBClusterIdentifier"; readonly value: string };
  /** The replica or reader whose lag is watched, if any. */
  readonly replicaIdentifier?: string;
  /** The writer: what must exist before the database accepts connections. */
  readonly writer: ITerraformDependable;
  /**
   * The RDS event source type and ids for the event subscription; a cluster's instances too, whose
   * own failure events (`db-instance` source type) a subscription to the cluster does not carry.
   */
  readonly eventSource: { readonly type: "db-instance" | "db-cluster"; readonly ids: readonly string[]; readonly instanceIds?: readonly string[] };
}

/**
 * A parameter group for either engine (`postgres16`, `aurora-postgresql16`)
 * with {@link postgresParameters}, replaced before the old one is deleted.
 * The name is a prefix (`<identifier>-<family>-` and a suffix AWS-unique):
 * a replacement, such as a major upgrade's new family or a new description,
 * creates the new group while the old one, of the same prefix, still exists.
 */
export function parameterGroupConfig(props: Pick<PostgresProps, "identifier" | "settings">, familyPrefix: "postgres" | "aurora-postgresql") {
  const family = `${familyPrefix}${props.settings.majorVersion}`;
  return {
    namePrefix: `${props.identifier}-${family}-`,
    family,
    description: `TLS-only connections and logging for ${props.identifier}`,
    parameter: postgresParameters(props.settings),
    lifecycle: { createBeforeDestroy: true },
  };
}

/**
 * Parameters every database gets: TLS required for every connection, and
 * logging of connections, DDL, lock waits, temp files and slow statements.
 */
export function postgresParameters(settings: ResolvedDatabase): { name: string; value: string }[] {
  return [
    { name: "rds.force_ssl", value: "1" },
    { name: "log_connections", value: "1" },
    { name: "log_disconnections", value: "1" },
    { name: "log_statement", value: "ddl" },
    { name: "log_lock_waits", value: "1" },
    { name: "log_temp_files", value: "0" },
    { name: "log_min_duration_statement", value: String(settings.slowStatementLogMs) },
  ];
}

/**
 * The log group RDS exports a database's `postgresql` log to, created
 * before the database so that it has a retention and the key.
 */
export function postgresLogGroup(
  scope: Construct,
  id: string,
  kind: "instance" | "cluster",
  identifier: string,
  props: Pick<PostgresProps, "settings" | "kmsKeyArn">,
): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: postgresLogGroupName(kind, identifier),
    retentionInDays: props.settings.logRetentionDays,
    kmsKeyId: props.kmsKeyArn,
  });
}

/** `/aws/rds/instance/<id>/postgresql` or `/aws/rds/cluster/<id>/postgresql`: the name RDS writes to. */
export function postgresLogGroupName(kind: "instance" | "cluster", identifier: string): string {
  return `/aws/rds/${kind}/${identifier}/postgresql`;
}
