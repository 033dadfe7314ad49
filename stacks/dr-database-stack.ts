import { ITerraformDependable, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedDisasterRecovery } from "../src/config/dr/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { AuroraSecondary } from "../src/constructs/database/aurora-secondary";
import type { DrCopyProps } from "../src/constructs/database/dr-copy";
import { CrossRegionReplica } from "../src/constructs/database/cross-region-replica";
import { DatabaseAlarms } from "../src/constructs/database/database-alarms";
import { FailoverGates, WriterProbeSilence } from "../src/constructs/database/failover-gates";
import type { PostgresDatabase } from "../src/constructs/database/postgres";
import { globalDatabaseLag, replicaLag } from "../src/constructs/database/replication-lag";
import type { DashboardDatabase } from "../src/constructs/monitoring/dashboard";
import { ScheduledProbe } from "../src/constructs/monitoring/scheduled-probe";
import { LAMBDA_CA_BUNDLE } from "../lambda/bundle";
import { bundleWriterProbe, WRITER_PROBE_ARCHIVE } from "../lambda/writer-probe/bundle";
import { join } from "node:path";
import { BACKUP_PLAN_TAG } from "../src/config/dr/backup";
import { WRITER_PROBE } from "../src/config/dr/defaults";
import { FAIL_BACK_SNAPSHOT_ID_CHARS } from "../src/config/dr/fail-back";
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
function databaseCopy(scope: Construct, dr: ResolvedDisasterRecovery, copy: DrCopyProps): DrDatabase {
  if (dr.globalClusterIdentifier !== undefined) {
    const secondary = new AuroraSecondary(scope, "secondary", { ...copy, globalClusterIdentifier: dr.globalClusterIdentifier, detached: dr.active });
    const { cluster } = secondary;
    return { address: secondary.address, writerAddress: cluster.endpoint, attributes: watched(cluster, cluster.endpoint, cluster.clusterResourceId, cluster.clusterIdentifier, "cluster") };
  }
  const replica = new CrossRegionReplica(scope, "replica", {
    ...copy,
    sourceArn: dr.sourceDatabaseArn,
    promoted: dr.active,
    failingBack: dr.returning,
    snapshotIdChars: FAIL_BACK_SNAPSHOT_ID_CHARS,
  });
  const { instance } = replica;
  return { address: instance.address, writerAddress: instance.address, attributes: watched(instance, instance.address, instance.resourceId, instance.identifier, "instance") };
}

/** A DR copy as the database alarms watch it once it is the writer: RDS names its metrics and events by instance or by cluster. */
function watched(writer: ITerraformDependable, address: string, iamResourceId: string, identifier: string, kind: "instance" | "cluster"): PostgresDatabase {
  return {
    address,
    iamResourceId,
    writer,
    metricDimension: { name: kind === "cluster" ? "DBClusterIdentifier" : "DBInstanceIdentifier", value: identifier },
    eventSource: { type: kind === "cluster" ? "db-cluster" : "db-instance", ids: [identifier] },
  };
}

/** The DR copy as the DR stacks see it. */
interface DrDatabase {
  /** What the DR service connects to: the replica, or the secondary's reader endpoint until it is detached. */
  readonly address: string;
  /** What is the writer once promoted or detached, which the writer probe logs in to. */
  readonly writerAddress: string;
  /** The copy as the database alarms watch it once it is the writer. */
  readonly attributes: PostgresDatabase;
}

/**
 * `<app>-<env>-dr-database`: in the DR region, a copy of the environment's
 * database with a key of that region and its own security groups and
 * parameter group: for RDS, a cross-region read replica with the source's
 * automated backups replicated there; for Aurora, the secondary cluster of its
 * global database. Also an alarm at the RPO; the writer probe, which writes
 * every minute whether the copy takes writes; and the two gate alarms on that
 * metric that DNS failover follows (it moves only to a database that takes
 * writes, and never back to a primary it took over from). Failed over, the
 * promoted copy gets the database alarms and the DR backup plan's tag. It
 * names the source by ARN and reads only the DR network's state (in the DR
 * region's backend): it has no provider, backend or remote state in the
 * primary region, so it can be planned and applied while that region is down.
 * It creates no IAM resource (IAM's control plane is in us-east-1): enhanced
 * monitoring and the writer probe use roles of the primary database stack.
 */
export class DrDatabaseStack extends PlatformStack {
  /** The replica's host name: the DR service's database, and the environment's writer once promoted. */
  readonly address: string;
  /** The group the DR service joins to reach the database. */
  readonly clientSecurityGroupId: string;
  /** The DR region's key: it also encrypts the DR backup vault, which the administrator-applied backup stack keeps. */
  readonly keyArn: string;
  /** What the DR dashboard shows of the copy: its metric dimension and its replication lag (reported until it is promoted or detached). */
  readonly dashboard: DashboardDatabase;

  constructor(scope: Construct, id: string, props: DrDatabaseStackProps) {
    const { project, deployment, dr, network } = props;
    const { environment, database: settings } = deployment;
    const account = dr.network.account;
    const region = dr.network.region;
    super(scope, id, environmentStackProps(project, environment, dr.network));
    const name = dr.replicaIdentifier;
    const aurora = dr.globalClusterIdentifier !== undefined;
    const logGroups = [postgresLogGroupName(aurora ? "cluster" : "instance", name), `/aws/lambda/${dr.writerProbe.functionName}`];
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${name}-database`,
      description: `Encrypts the DR copy of the database of ${deployment.app} in ${environment.name}, its backups, metrics and logs, in ${region}`,
      accountId: account.id,
      serviceStatements: [logsServiceStatement(region, logGroups.map((group) => `arn:aws:logs:${region}:${account.id}:log-group:${group}`))],
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
      // Promoted, it is the environment's data: the DR region's backup plan selects it by this tag.
      ...(dr.active && deployment.backup.drPlanName ? { tags: { [BACKUP_PLAN_TAG]: deployment.backup.drPlanName } } : {}),
    };
    const database = databaseCopy(this, dr, copy);
    new ScheduledProbe(this, "writer-probe", {
      functionName: dr.writerProbe.functionName,
      description: "Writes whether the DR database takes writes (the DNS gates' metric), every minute",
      archivePath: join(bundleWriterProbe(), WRITER_PROBE_ARCHIVE),
      roleArn: `arn:aws:iam::${account.id}:role/${dr.writerProbe.roleName}`,
      // The database subnets, as a member of the database's clients' group: it reaches the database and nothing else.
      vpcConfig: { subnetIds: [...network.subnetIds.database], securityGroupIds: [groups.clientGroupId] },
      environment: {
        DB_HOST: database.writerAddress,
        DB_PORT: String(settings.port),
        DB_NAME: settings.databaseName,
        DB_USER: settings.appRole,
        DB_IDENTIFIER: dr.writerProbe.metric.dimension.value,
        METRIC_NAMESPACE: dr.writerProbe.metric.namespace,
        METRIC_NAME: dr.writerProbe.metric.name,
        METRIC_DIMENSION: dr.writerProbe.metric.dimension.name,
        NODE_EXTRA_CA_CERTS: LAMBDA_CA_BUNDLE,
      },
      kmsKeyArn: key.arn,
      scheduleMinutes: WRITER_PROBE.scheduleMinutes,
      timeoutSeconds: WRITER_PROBE.timeoutSeconds,
      memoryMb: WRITER_PROBE.memoryMb,
      logRetentionDays: WRITER_PROBE.logRetentionDays,
    });
    new FailoverGates(this, "failover-gates", { identifier: name, metric: dr.writerProbe.metric, names: dr.gateAlarms, periodSeconds: WRITER_PROBE.scheduleMinutes * 60 });
    new WriterProbeSilence(this, "writer-probe-silence", {
      alarmName: `${dr.writerProbe.functionName}-silent`,
      metric: dr.writerProbe.metric,
      periodSeconds: WRITER_PROBE.scheduleMinutes * 60,
      silentPeriods: WRITER_PROBE.silentMinutes,
      alarmTopicArn: props.alarmTopicArn,
    });
    if (dr.active) {
      // The new writer is watched as the primary was: CPU, memory, storage, connections, events.
      new DatabaseAlarms(this, "alarms", {
        name: `${name}-database`,
        database: database.attributes,
        engine: settings.engine,
        allocatedStorageGb: settings.allocatedStorageGb,
        thresholds: deployment.databaseAlarms,
        alarmTopicArn: props.alarmTopicArn,
      });
    }
    this.address = database.address;
    this.clientSecurityGroupId = groups.clientGroupId;
    this.keyArn = key.arn;
    const { metricDimension } = database.attributes;
    const lag = (aurora ? globalDatabaseLag : replicaLag)(metricDimension.value);
    this.dashboard = { dimension: metricDimension, aurora, replicaLag: { metricName: lag.metricName, dimensions: lag.dimensions } };
    new TerraformOutput(this, "address", {
      value: database.address,
      description: dr.active ? "The DR database's host name: the environment's writer since the failover" : "The DR copy's host name (read-only until failover)",
    });
    new TerraformOutput(this, "client_security_group_id", { value: groups.clientGroupId, description: "Join to reach the DR replica" });
  }
}
