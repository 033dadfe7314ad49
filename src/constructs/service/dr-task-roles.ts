import { Construct } from "constructs";
import type { ResolvedDisasterRecovery } from "../../config/dr/resolve";
import { masterSecretName, registryCredentialsSecretName, ResolvedDeployment } from "../../config/app/resolve";
import { cacheConnectStatement } from "../cache/cache-connect";
import { keyStatement, KeySelector } from "../security/key-selector";
import { TaskRoles } from "./task-roles";

/** Properties of {@link DrTaskRoles}. */
export interface DrTaskRolesProps {
  /** The app in its environment. */
  readonly deployment: ResolvedDeployment;
  /** The environment's disaster recovery. */
  readonly dr: ResolvedDisasterRecovery;
  /** The log group of the DR service's containers, `/ecs/<dr service name>`. */
  readonly logGroupName: string;
  /** ECR repositories outside the DR region the execution role may also pull from (the proxy's image). @default none */
  readonly extraPullRepositoryArns?: readonly string[];
}

/** `arn:aws:secretsmanager:<region>:<account>:secret:<name>-??????`: a secret (or its replica) by name, whatever its random suffix. */
const secretArnPattern = (region: string, accountId: string, name: string) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-??????`;

/**
 * The task roles of the DR region's pilot-light service, `<name>-dr-task` and
 * `<name>-dr-task-execution`. IAM keeps its control plane in us-east-1, so the
 * primary service stack creates them and no DR stack needs that region. They
 * reach only the DR region's resources, known by name before those exist:
 * the build repository's replica, the DR log group, the secrets' replicas (by
 * name, any suffix), the DR app files bucket, the DR feature flags, the
 * database as the app role, the DR cache as the app's user, and the DR keys, by alias.
 */
export class DrTaskRoles extends Construct {
  /** The execution and task roles. */
  readonly roles: TaskRoles;

  constructor(scope: Construct, id: string, props: DrTaskRolesProps) {
    super(scope, id);
    const { deployment, dr } = props;
    const { service } = deployment;
    const accountId = dr.network.account.id;
    const region = dr.network.region;
    const keys = (...aliases: string[]): KeySelector => ({ aliases, region, accountId });
    const masterSecret = service.databaseCredentials === "master-secret";
    const secretNames = [
      ...deployment.secrets.map((secret) => `${deployment.secretNamePrefix}/${secret.name}`),
      ...(masterSecret ? [masterSecretName(deployment)] : []),
      ...(service.registryCredentials ? [registryCredentialsSecretName(deployment)] : []),
    ];
    const files = `arn:aws:s3:::${dr.appFiles.bucket}`;
    this.roles = new TaskRoles(this, "roles", {
      name: dr.service.name,
      accountId,
      pullRepositoryArns: [...(dr.service.repositoryArn ? [dr.service.repositoryArn] : []), ...(props.extraPullRepositoryArns ?? [])],
      logGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:${props.logGroupName}`,
      secretArns: secretNames.map((name) => secretArnPattern(region, accountId, name)),
      secretKeys: keys(dr.keyAliases.secrets, ...(masterSecret ? [dr.keyAliases.masterSecret] : [])),
      taskStatements: [
        { Sid: "ListAppFiles", Effect: "Allow", Action: "s3:ListBucket", Resource: files },
        { Sid: "ReadWriteAppFiles", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${files}/*` },
        keyStatement("UseAppFilesKey", ["kms:Decrypt", "kms:GenerateDataKey"], keys(dr.appFiles.keyAlias)),
        {
          // The DR feature flags' ids are the DR stack's, unknown here: the region's configurations of this account, read only.
          Sid: "ReadFeatureFlagsOfTheRegion",
          Effect: "Allow",
          Action: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
          Resource: `arn:aws:appconfig:${region}:${accountId}:application/*/environment/*/configuration/*`,
        },
        ...(masterSecret
          ? []
          : [
              {
                // The DR database's resource id is the DR stack's: any database of the region, as the app role only.
                Sid: "ConnectToDatabaseAsAppRole",
                Effect: "Allow" as const,
                Action: "rds-db:connect",
                Resource: `arn:aws:rds-db:${region}:${accountId}:dbuser:*/${deployment.database.appRole}`,
              },
            ]),
        // The DR cache's names are known from config: its replication group and the app's user there.
        ...(deployment.cache?.dr ? [cacheConnectStatement({ region, accountId, replicationGroupId: deployment.cache.dr.replicationGroupId, userId: deployment.cache.userId })] : []),
      ],
      execCommand: service.execCommand ? { key: keys(dr.keyAliases.service) } : undefined,
    });
  }
}
