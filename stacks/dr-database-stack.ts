import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedDisasterRecovery } from "../src/config/dr/resolve";
import { FAIL_BACK_SNAPSHOT_ID_CHARS } from "../src/config/dr/fail-back";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { AuroraSecondary } from "../src/constructs/database/aurora-secondary";
import type { DrCopyProps } from "../src/constructs/database/dr-copy";
import { CrossRegionReplica } from "../src/constructs/database/cross-region-replica";
import { globalDatabaseLag, replicaLag, ReplicationLagMetric } from "../src/constructs/database/replication-lag";
import { FailoverGates } from "../src/constructs/database/failover-gates";
import { DatabaseSecurityGroups } from "../src/constructs/database/database-security-groups";
import { enhancedMonitoringRoleName } from "../src/constructs/database/enhanced-monitoring-role";
import { postgresLogGroupName } from "../src/constructs/database/postgres";
import { EncryptionKey, logsServiceStatement } from "../src/constructs/security/kms-key";
import type { NetworkOutputs } from "./network-stack";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link DrDatabaseStack}. */
export interface DrDatabaseStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The app's disaster recovery in that environment. */
  readonly dr: ResolvedDisasterRecovery;
  /** The DR network. */
  readonly network: NetworkOutputs;
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
}

/** The DR copy of the database, promoted or detached once failover is declared: an Aurora global database's secondary cluster, or an RDS cross-region read replica. */
function databaseCopy(scope: Construct, dr: ResolvedDisasterRecovery, copy: DrCopyProps): { address: string; lag: ReplicationLagMetric } {
  if (dr.globalClusterIdentifier !== undefined) {
    const secondary = new AuroraSecondary(scope, "secondary", { ...copy, globalClusterIdentifier: dr.globalClusterIdentifier, detached: dr.active });
    return { address: secondary.address, lag: globalDatabaseLag(secondary.cluster.clusterIdentifier) };
  }
  const replica = new CrossRegionReplica(scope, "replica", {
    ...copy,
    sourceArn: dr.sourceDatabaseArn,
    promoted: dr.active,
    failingBack: dr.returning,
    snapshotIdChars: FAIL_BACK_SNAPSHOT_ID_CHARS,
  });
  return { address: replica.instance.address, lag: replicaLag(replica.instance.identifier) };
}

/**
 * `<app>-<env>-dr-database`: in the DR region, a copy of the environment's
 * database with a key of that region and its own security groups and
 * parameter group: for RDS, a cross-region read replica with the source's
 * automated backups replicated there; for Aurora, the secondary cluster of its
 * global database. Also an alarm at the RPO and the two gate alarms DNS failover follows (it moves only to a promoted
 * database, and only once failover is declared). It names the source by ARN and reads only the DR
 * network's state (in the DR region's backend): it has no provider, backend
 * or remote state in the primary region, so it can be planned and applied
 * while that region is down. It creates no IAM resource (IAM's control plane
 * is in us-east-1): enhanced monitoring uses the primary stack's role.
 */
export class DrDatabaseStack extends PlatformStack {
  /** The replica's host name: the DR service's database, and the environment's writer once promoted. */
  readonly address: string;
  /** The group the DR service joins to reach the database. */
  readonly clientSecurityGroupId: string;
  /** The DR region's key: it also encrypts the DR backup vault, which the administrator-applied backup stack keeps. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: DrDatabaseStackProps) {
    const { project, deployment, dr, network } = props;
    const { environment, database: settings } = deployment;
    const account = dr.network.account;
    const region = dr.network.region;
    super(scope, id, environmentStackProps(project, environment, dr.network));
    const name = dr.replicaIdentifier;
    const aurora = dr.globalClusterIdentifier !== undefined;
    const logGroup = postgresLogGroupName(aurora ? "cluster" : "instance", name);
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${name}-database`,
      description: `Encrypts the DR copy of the database of ${deployment.app} in ${environment.name}, its backups, metrics and logs, in ${region}`,
      accountId: account.id,
      serviceStatements: [logsServiceStatement(region, [`arn:aws:logs:${region}:${account.id}:log-group:${logGroup}`])],
    });
    const groups = new DatabaseSecurityGroups(this, "security-groups", { name, vpcId: network.vpcId, port: settings.port });
    const copy = {
      identifier: name,
      settings,
      subnetGroupName: network.databaseSubnetGroupName,
      securityGroupId: groups.databaseGroupId,
      kmsKeyArn: key.arn,
      monitoringRoleArn: settings.enhancedMonitoringIntervalSeconds > 0 ? `arn:aws:iam::${account.id}:role/${enhancedMonitoringRoleName(deployment.service.name)}` : undefined,
      alarmTopicArn: props.alarmTopicArn,
      maxLagSeconds: dr.rpoSeconds,
    };
    const database = databaseCopy(this, dr, copy);
    new FailoverGates(this, "failover-gates", { identifier: name, metric: database.lag, names: dr.gateAlarms, declared: dr.active });
    this.address = database.address;
    this.clientSecurityGroupId = groups.clientGroupId;
    this.keyArn = key.arn;
    new TerraformOutput(this, "address", {
      value: database.address,
      description: dr.active ? "The DR database's host name: the environment's writer since the failover" : "The DR copy's host name (read-only until failover)",
    });
    new TerraformOutput(this, "client_security_group_id", { value: groups.clientGroupId, description: "Join to reach the DR replica" });
  }
}
