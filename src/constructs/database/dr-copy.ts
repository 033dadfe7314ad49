import type { PostgresProps } from "./postgres";

/**
 * What every DR copy of a database takes, RDS replica or Aurora secondary: its identifier, the
 * primary's settings (class or capacity, logging, monitoring, protection), the DR network's
 * subnet group, its own security group, a key of the DR region, the primary's monitoring role
 * (IAM is global), and:
 */
export interface DrCopyProps extends Pick<PostgresProps, "identifier" | "settings" | "subnetGroupName" | "securityGroupId" | "kmsKeyArn" | "monitoringRoleArn" | "tags"> {
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
  /** The replication lag, in seconds, above which the alarm fires: the RPO. */
  readonly maxLagSeconds: number;
}
