import type { PolicyStatement } from "../src/constructs/security/policy-document";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { waiveGuardrail } from "../src/aspects/waivers";
import { BACKUP_PLAN_TAG } from "../src/config/dr/backup";
import { FAIL_BACK_SNAPSHOT_ID_CHARS } from "../src/config/dr/fail-back";
import { MASTER_PASSWORD_LENGTH, ROLE_MANAGER_MEMORY_MB, ROLE_MANAGER_TIMEOUT_SECONDS } from "../src/config/database/defaults";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedExistingDatabase } from "../src/config/database/resolve";
import { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
import { masterSecretName, ResolvedDeployment } from "../src/config/app/resolve";
import { AuroraPostgres } from "../src/constructs/database/aurora-postgres";
import { DatabaseAlarms } from "../src/constructs/database/database-alarms";
import { DatabaseSecurityGroups } from "../src/constructs/database/database-security-groups";
import { EnhancedMonitoringRole, enhancedMonitoringRoleName } from "../src/constructs/database/enhanced-monitoring-role";
import { MasterSecret } from "../src/constructs/database/master-secret";
import { PostgresDatabase, postgresLogGroupName, PostgresProps } from "../src/constructs/database/postgres";
import { RdsPostgres, RdsStandDown } from "../src/constructs/database/rds-postgres";
import { ProbeRole } from "../src/constructs/monitoring/probe-role";
import type { DashboardDatabase } from "../src/constructs/monitoring/dashboard";
import { lambdaVpcAccessStatements } from "../src/constructs/security/lambda-vpc-access";
import { RoleManager } from "../src/constructs/database/role-manager";
import { EncryptionKey, logsServiceStatement } from "../src/constructs/security/kms-key";
import { SecretReplicaKey } from "../src/constructs/security/secret-replica";
import type { NetworkOutputs } from "./network-stack";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link DatabaseStack}. */
export interface DatabaseStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The environment's network. */
  readonly network: NetworkOutputs;
  /** The environment's alarm topic. */
  readonly alarmTopicArn: string;
  /**
   * The vault of a separate backup account that the backup stack copies recovery points into: its
   * account may then use the database's key, without which AWS Backup cannot copy an encrypted RDS
   * snapshot across accounts. @default no copy: the key stays the account's own
   */
  readonly backupCopyVaultArn?: string;
}

/**
 * What a separate backup account needs of the database's key to copy its snapshots (Amazon RDS User
 * Guide, *Sharing encrypted snapshots*: the other account uses the customer managed key): decrypt
 * and describe it, and grant it to AWS services only.
 */
function backupAccountStatements(backupAccountId: string): PolicyStatement[] {
  const principal = { AWS: `arn:aws:iam::${backupAccountId}:root` };
  return [
    { Sid: "BackupAccountCopiesSnapshots", Effect: "Allow", Principal: principal, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
    { Sid: "BackupAccountGrantsToAwsServices", Effect: "Allow", Principal: principal, Action: "kms:CreateGrant", Resource: "*", Condition: { Bool: { "kms:GrantIsForAWSResource": true } } },
  ];
}

/**
 * The RDS primary's part while the DR region is the writer (decision 0005, fail-back runbook): the
 * stale primary, fenced, while failed over; a replica of the DR writer while returning.
 */
function rdsStandDown(deployment: ResolvedDeployment): RdsStandDown | undefined {
  const dr = deployment.dr;
  if (!dr?.active) return undefined;
  return { snapshotIdChars: FAIL_BACK_SNAPSHOT_ID_CHARS, ...(dr.returning ? { replicaOf: dr.drDatabaseArn } : {}) };
}

/** An RDS endpoint's first label names its instance, or its cluster before `.cluster-` (Amazon RDS User Guide, "Connecting to a DB instance": `<identifier>.<hash>.<region>.rds.amazonaws.com`). */
const RDS_ENDPOINT = /^([a-z][a-z0-9-]*)\.(cluster-(?:ro-)?)?[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com$/;

/**
 * An existing database's part of the database stack (`database.existing`): the clients' security
 * group, which the app's tasks and bastion join, and one rule on the database's own group admitting
 * it on the database's port; the database's group is read at plan time to check its VPC. Nothing else: the database, its secret, key, alarms, backups and roles
 * are its owner's. The dashboard names the instance or cluster an RDS endpoint names (another host's
 * metrics are not in AWS/RDS, and its widgets stay empty).
 */
function existingDatabaseOutputs(stack: DatabaseStack, name: string, vpcId: string, existing: ResolvedExistingDatabase): DatabaseOutputs {
  // Read at plan time: the plan fails if the group is not in the environment's VPC, where the rule's reference to the clients' group works.
  new DataAwsSecurityGroup(stack, "existing-database-group", {
    id: existing.securityGroupId,
    lifecycle: {
      postcondition: [
        {
          condition: `\${self.vpc_id == ${JSON.stringify(vpcId)}}`,
          errorMessage: `Security group ${existing.securityGroupId} (database.existing.securityGroupId) is not in VPC ${vpcId}, the environment's: the tasks' group can be admitted only within one VPC.`,
        },
      ],
    },
  });
  const groups = new DatabaseSecurityGroups(stack, "security-groups", { name, vpcId, port: existing.port, existingDatabaseGroupId: existing.securityGroupId });
  new TerraformOutput(stack, "address", { value: existing.host, description: "The existing database's host name (from the configuration)" });
  new TerraformOutput(stack, "client_security_group_id", { value: groups.clientGroupId, description: "Join to reach the database" });
  const [, identifier, cluster] = RDS_ENDPOINT.exec(existing.host) ?? [undefined, existing.host.split(".")[0], undefined];
  return {
    address: existing.host,
    port: existing.port,
    databaseName: existing.databaseName,
    clientSecurityGroupId: groups.clientGroupId,
    dashboard: { dimension: { name: cluster ? "DBClusterIdentifier" : "DBInstanceIdentifier", value: identifier }, aurora: cluster !== undefined },
  };
}

/** What the service stack uses from the database. */
export interface DatabaseOutputs {
  /** The writer's host name. */
  readonly address: string;
  /** The database port. */
  readonly port: number;
  /** What the environment's dashboard shows of the database: the writer's metric dimension and the in-region copy's lag. */
  readonly dashboard: DashboardDatabase;
  /** The database name. */
  readonly databaseName: string;
  /** The master secret's ARN (JSON: username, password, engine, host, port, dbname). @default none: an existing database (the app reads its secret, database.existing.secretArn) */
  readonly masterSecretArn?: string;
  /** The key of the database and its secret. @default none: an existing database */
  readonly kmsKeyArn?: string;
  /** The group the app's service joins to reach the database. */
  readonly clientSecurityGroupId: string;
  /** The resource id in `rds-db:connect` ARNs. @default none: an existing database (no IAM authentication) */
  readonly iamResourceId?: string;
}

/**
 * `<app>-<env>-database`: the app's PostgreSQL (RDS or Aurora Serverless v2)
 * with seed 004's sizing per tier, its key, security groups, alarms and
 * event subscription, and the role manager that sets up its roles. Where the
 * environment has DR, the master secret is replicated to the DR region with a
 * key of that region, which this stack creates there. With an existing
 * database (`database.existing`), only the clients' group and one rule on the
 * database's own group (see existingDatabaseOutputs).
 */
export class DatabaseStack extends PlatformStack {
  /** Typed values for the service stack. */
  readonly outputs: DatabaseOutputs;

  constructor(scope: Construct, id: string, props: DatabaseStackProps) {
    const { project, deployment, network } = props;
    const { environment, database: settings } = deployment;
    const account = environment.network.account;
    const region = environment.network.region;
    super(scope, id, environmentStackProps(project, environment));
    const name = `${project.name}-${deployment.app}-${environment.name}`;
    if (settings.existing) {
      this.outputs = existingDatabaseOutputs(this, name, network.vpcId, settings.existing);
      return;
    }
    const aurora = settings.engine === "aurora-postgresql-serverless";
    const roleManagerName = `${name}-db-role-manager`;
    const logGroupNames = [
      `/aws/lambda/${roleManagerName}`,
      ...(aurora
        ? [postgresLogGroupName("cluster", name)]
        : [postgresLogGroupName("instance", name), ...(settings.readReplica ? [postgresLogGroupName("instance", `${name}-replica`)] : [])]),
    ];
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${name}-database`,
      description: `Encrypts the database of ${deployment.app} in ${environment.name}, its secret, metrics and logs`,
      accountId: account.id,
      serviceStatements: [
        logsServiceStatement(region, logGroupNames.map((group) => `arn:aws:logs:${region}:${account.id}:log-group:${group}`)),
        ...(props.backupCopyVaultArn ? backupAccountStatements(props.backupCopyVaultArn.split(":")[4]) : []),
      ],
    });

    // Fencing: while the DR region is the writer, nothing in this region may write to this database.
    const fenced = deployment.dr?.active ?? false;
    const groups = new DatabaseSecurityGroups(this, "security-groups", { name, vpcId: network.vpcId, port: settings.port, admitClients: !fenced });
    const monitoringRole =
      settings.enhancedMonitoringIntervalSeconds > 0 ? new EnhancedMonitoringRole(this, "monitoring-role", { name: enhancedMonitoringRoleName(name), accountId: account.id }) : undefined;
    const dr = deployment.dr;
    const replicaKey = dr
      ? new SecretReplicaKey(this, "dr-secret-key", {
          alias: dr.keyAliases.masterSecret,
          description: `Encrypts the DR replica of the master secret of ${deployment.app} in ${environment.name}, in ${dr.network.region}`,
          accountId: account.id,
          region: dr.network.region,
          provider: this.providerIn(dr.network.region),
          standalone: dr.active,
        })
      : undefined;
    const master = new MasterSecret(this, "master", {
      name: masterSecretName(deployment),
      description: `Master credentials of the database of ${deployment.app} in ${environment.name}, generated at apply time`,
      username: settings.masterUsername,
      passwordLength: MASTER_PASSWORD_LENGTH,
      version: settings.masterPasswordVersion,
      kmsKeyArn: key.arn,
      recoveryWindowDays: deployment.secretRecoveryWindowDays,
      replica: replicaKey?.replica,
    });
    const engineProps: PostgresProps = {
      identifier: name,
      settings,
      subnetGroupName: network.databaseSubnetGroupName,
      securityGroupId: groups.databaseGroupId,
      kmsKeyArn: key.arn,
      monitoringRoleArn: monitoringRole?.arn,
      master,
      tags: { [BACKUP_PLAN_TAG]: deployment.backup.name },
    };
    if (!settings.encrypted) {
      // Config turned encryption off for this environment (a prod-tier one only with a waiver's reason).
      waiveGuardrail(this, "rds-encryption", environment.waivers.encryption ?? `environments.${environment.name}.overrides.encryption is false`);
    }
    const database: PostgresDatabase = (aurora ? new AuroraPostgres(this, "aurora", { ...engineProps, globalClusterIdentifier: dr?.globalClusterIdentifier }) : new RdsPostgres(this, "rds", { ...engineProps, standDown: rdsStandDown(deployment) })).attributes;
    const credentials = master.store({ host: database.address, port: settings.port, databaseName: settings.databaseName }, database.writer);

    new DatabaseAlarms(this, "alarms", {
      // The service stack's alarms share the app and environment: each stack names its own.
      name: `${name}-database`,
      database,
      engine: settings.engine,
      allocatedStorageGb: settings.allocatedStorageGb,
      thresholds: deployment.databaseAlarms,
      alarmTopicArn: props.alarmTopicArn,
    });

    const roleManager = new RoleManager(this, "role-manager", {
      functionName: roleManagerName,
      accountId: account.id,
      region,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds.database,
      databaseSecurityGroupId: groups.databaseGroupId,
      endpointSecurityGroupId: network.endpointSecurityGroupId,
      databaseAddress: database.address,
      databasePort: settings.port,
      databaseName: settings.databaseName,
      masterSecretArn: master.arn,
      kmsKeyArn: key.arn,
      iamResourceId: database.iamResourceId,
      event: {
        action: "manage",
        roles: { migrator: settings.migratorRole, app: settings.appRole },
        schema: settings.schema,
        extensions: settings.extensions,
      },
      logRetentionDays: settings.logRetentionDays,
      timeoutSeconds: ROLE_MANAGER_TIMEOUT_SECONDS,
      memoryMb: ROLE_MANAGER_MEMORY_MB,
      dependsOn: [database.writer, credentials],
      invoke: !fenced,
    });
    if (!fenced) groups.admit("from-role-manager", roleManager.securityGroupId, "PostgreSQL from the role manager");
    if (dr) {
      // The DR region's writer probe runs as this role: no stack a failover applies may create IAM.
      const drRegion = dr.network.region;
      new ProbeRole(this, "dr-writer-probe-role", {
        name: dr.writerProbe.roleName,
        accountId: account.id,
        region: drRegion,
        statements: [
          { Sid: "ConnectAsOneRole", Effect: "Allow", Action: "rds-db:connect", Resource: `arn:aws:rds-db:${drRegion}:${account.id}:dbuser:*/${settings.appRole}` },
          // The DR stacks' subnet and group ids are unknown here: their region and account scope the network interfaces.
          ...lambdaVpcAccessStatements({ region: drRegion, accountId: account.id, subnets: ["*"], securityGroups: ["*"] }),
        ],
      });
    }

    this.outputs = {
      address: database.address,
      port: settings.port,
      databaseName: settings.databaseName,
      masterSecretArn: master.arn,
      kmsKeyArn: key.arn,
      clientSecurityGroupId: groups.clientGroupId,
      iamResourceId: database.iamResourceId,
      dashboard: {
        dimension: database.metricDimension,
        aurora,
        ...(database.replicaIdentifier === undefined
          ? {}
          : { replicaLag: { metricName: aurora ? "AuroraReplicaLag" : "ReplicaLag", dimensions: { DBInstanceIdentifier: database.replicaIdentifier } } }),
      },
    };
    new TerraformOutput(this, "address", { value: this.outputs.address, description: "The writer's host name" });
    new TerraformOutput(this, "master_secret_arn", { value: this.outputs.masterSecretArn, description: "The master secret (no value in any state)" });
    new TerraformOutput(this, "client_security_group_id", { value: this.outputs.clientSecurityGroupId, description: "Join to reach the database" });
  }
}
