import type { DeployScope } from "../../config/delivery/resolve";
import { BACKUP_PLAN_TAG } from "../../config/dr/backup";
import { DEPLOYED_BY_TAG } from "../../config/project/tags";
import { MIGRATION_SUFFIX } from "../../config/release/defaults";
import type { PolicyStatement } from "../security/policy-document";
import { capacityDeployStatements } from "./capacity-deploy-statements";
import { taskClusterFence } from "./task-cluster-fence";

/**
 * The services whose resources carry the `Environment` tag and whose actions evaluate
 * `aws:ResourceTag`: a deploy role may call them on anything in its regions, and the deny of
 * another environment's tag confines it (Service Authorization Reference, each service's
 * condition keys). S3, KMS key administration, Route 53, IAM and DynamoDB are confined by name.
 */
export const TAG_CONTROLLED_SERVICES = [
  "acm",
  "appconfig",
  "application-autoscaling",
  "aps",
  "autoscaling",
  "cloudwatch",
  "ec2",
  "ecs",
  "elasticache",
  "elasticloadbalancing",
  "events",
  "firehose",
  "lambda",
  "logs",
  "rds",
  "secretsmanager",
  "sns",
  "ssm",
  "wafv2",
] as const;

/** Key administration: what no deploy role may do to a key outside its environment, nor to any key's life. */
const KEY_LIFE = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:CancelKeyDeletion"];

/** Key administration a deploy role does on its own environment's keys. */
const KEY_ADMINISTRATION = ["kms:PutKeyPolicy", "kms:CreateGrant", "kms:RevokeGrant", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource", "kms:ReplicateKey", "kms:UpdatePrimaryRegion"];

/** Deleting or sharing database snapshots and automated backups: the data's copies. */
const SNAPSHOT_DELETION_AND_SHARING = [
  "rds:DeleteDBSnapshot",
  "rds:DeleteDBClusterSnapshot",
  "rds:ModifyDBSnapshotAttribute",
  "rds:ModifyDBClusterSnapshotAttribute",
  "rds:DeleteDBInstanceAutomatedBackup",
  "rds:DeleteDBClusterAutomatedBackup",
];

/** Object actions: reads, writes, deletes of any version, and restores. */
const OBJECT_ACTIONS = ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject"];

/** Bucket changes: everything that writes a bucket's configuration or deletes it. */
const BUCKET_CHANGES = ["s3:Put*", "s3:Delete*", "s3:CreateBucket"];

/** What the deploy role statements need beyond the scope: the account and the platform's own resources. */
export interface DeployRoleContext {
  /** The account. */
  readonly accountId: string;
  /** The project: nothing tagged for another project is touched. */
  readonly project: string;
  /** The account's state buckets' names. */
  readonly stateBuckets: readonly string[];
  /** The account's state lock tables' ARNs. */
  readonly lockTables: readonly string[];
  /** The state backend key's alias (`alias/<project>-tfstate`). */
  readonly stateKeyAlias: string;
  /** The audit trail's bucket, key alias and log group. */
  readonly audit: { readonly bucket: string; readonly keyAlias: string; readonly logGroupName: string; readonly trailName: string };
  /** Aliases of the keys no deploy role may administer: the state, audit, backup, registry and DR database keys (and, where data is protected, the database keys). */
  readonly platformKeyAliasPatterns: readonly string[];
  /** The ARNs of the boundaries its roles may carry. */
  readonly boundaryArns: readonly string[];
  /** Statements allowing the state backends' keys to encrypt and decrypt state. */
  readonly stateKeyStatements: readonly PolicyStatement[];
}

/** `arn:aws:s3:::<prefix>*` and its objects. */
const bucketsNamed = (prefixes: readonly string[]) => prefixes.flatMap((prefix) => [`arn:aws:s3:::${prefix}-*`, `arn:aws:s3:::${prefix}-*/*`]);

/**
 * The deny that keeps a deploy role off resources by tag: every action, but never on the lock
 * tables and the state key (an account-wide backend's, which the role's own state needs).
 */
function tagDeny(sid: string, condition: PolicyStatement["Condition"], context: DeployRoleContext): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Deny",
    Action: "*",
    NotResource: [...context.lockTables],
    Condition: { ...condition, "ForAllValues:StringNotEquals": { "kms:ResourceAliases": context.stateKeyAlias } },
  };
}

/**
 * A deploy role's statements, confined to its environment: by `Environment` tag where the service
 * evaluates it (never an account-wide value), by name prefix where it does not (S3, key aliases,
 * log groups by the trail, IAM roles, state keys, Route 53 zones), with explicit denies for the
 * account's platform resources (state backend, audit trail, backups, snapshots, key deletion,
 * trust policies) that no merge to `main` may change.
 */
export function deployRoleStatements(scope: DeployScope, context: DeployRoleContext): PolicyStatement[] {
  const { accountId } = context;
  const regions = { StringEquals: { "aws:RequestedRegion": [...scope.regions] } };
  const roles = scope.roleNamePatterns.map((pattern) => `arn:aws:iam::${accountId}:role/${pattern}`);
  const keys = scope.regions.map((region) => `arn:aws:kms:${region}:${accountId}:key/*`);
  const ownAliases = [...scope.namePrefixes.map((prefix) => `${prefix}-*`), ...scope.networks.map((network) => `*-${network}-flow-logs`)].flatMap((name) =>
    scope.regions.map((region) => `arn:aws:kms:${region}:${accountId}:alias/${name}`),
  );
  const ownStateObjects = context.stateBuckets.flatMap((bucket) => scope.stateKeyPatterns.map((key) => `arn:aws:s3:::${bucket}/${key}`));
  // Where data is protected, its database keys too (the master secret's DR replica's among them): they encrypt the database, its snapshots and AWS Backup's recovery points.
  const guardedKeyAliases = [...context.platformKeyAliasPatterns, ...(scope.protectsData ? scope.namePrefixes.map((prefix) => `alias/${prefix}-database*`) : [])];
  const statements: PolicyStatement[] = [
    { Sid: "TagControlledServicesInTheRegions", Effect: "Allow", Action: TAG_CONTROLLED_SERVICES.map((service) => `${service}:*`), Resource: "*", Condition: regions },
    // KMS: create only keys tagged for the environment, administer only those; aliases by name.
    {
      Sid: "CreateKeysTaggedForTheEnvironment",
      Effect: "Allow",
      Action: "kms:CreateKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": [...scope.regions], "aws:RequestTag/Environment": [...scope.tagValues] } },
    },
    { Sid: "ListKeys", Effect: "Allow", Action: ["kms:ListKeys", "kms:ListAliases"], Resource: "*" },
    {
      Sid: "TheEnvironmentsKeys",
      Effect: "Allow",
      Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:EnableKeyRotation", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", ...KEY_ADMINISTRATION],
      Resource: keys,
      Condition: { StringEquals: { "aws:ResourceTag/Environment": [...scope.tagValues] } },
    },
    { Sid: "TheEnvironmentsKeyAliases", Effect: "Allow", Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"], Resource: ownAliases },
    // S3 by name: its apps' buckets in this account, its stacks' state keys.
    { Sid: "TheEnvironmentsBuckets", Effect: "Allow", Action: "s3:*", Resource: bucketsNamed(scope.namePrefixes), Condition: { StringEquals: { "aws:ResourceAccount": accountId } } },
    { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], Resource: "*" },
    { Sid: "StateOfTheEnvironmentsStacks", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: ownStateObjects },
    { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: context.stateBuckets.map((bucket) => `arn:aws:s3:::${bucket}`) },
    // Lock and digest items of its own state keys only (`<bucket>/<key>`, `<bucket>/<key>-md5`, which its `.tfstate*` patterns match): another environment's apply is not its to block or break.
    {
      Sid: "LockState",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: [...context.lockTables],
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": context.stateBuckets.flatMap((bucket) => scope.stateKeyPatterns.map((key) => `${bucket}/${key}`)) } },
    },
    ...context.stateKeyStatements,
    // EventBridge Scheduler evaluates no tag of a schedule (Service Authorization Reference: its schedule resource type has no condition key), so schedules, their groups and the jobs' dead-letter queues are its apps' by name.
    { Sid: "TheEnvironmentsSchedulesAndQueues", Effect: "Allow", Action: ["scheduler:*", "sqs:*"], Resource: scheduleAndQueueArns(scope, accountId) },
    // CodeDeploy (decision 0013): its services' applications, deployment groups and deployment configurations by name (<prefix>, <prefix>/*, <prefix>-*), and the predefined configurations' reads.
    { Sid: "TheEnvironmentsCodeDeploy", Effect: "Allow", Action: "codedeploy:*", Resource: codeDeployArns(scope, accountId) },
    {
      Sid: "CodeDeploysPredefinedConfigurations",
      Effect: "Allow",
      Action: "codedeploy:GetDeploymentConfig",
      Resource: scope.regions.map((region) => `arn:aws:codedeploy:${region}:${accountId}:deploymentconfig:CodeDeployDefault.*`),
    },
    // IAM: its roles by name, created only under its boundaries, trust policies written once at creation.
    {
      Sid: "RolesOnlyUnderTheBoundary",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"],
      Resource: roles,
      Condition: { StringEquals: { "iam:PermissionsBoundary": [...context.boundaryArns] } },
    },
    {
      Sid: "AwsManagedPoliciesOnlyUnderTheBoundary",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: roles,
      Condition: { StringEquals: { "iam:PermissionsBoundary": [...context.boundaryArns] }, ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*" } },
    },
    {
      Sid: "ManageTheEnvironmentsRoles",
      Effect: "Allow",
      Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:DeleteRole", "iam:UpdateRole", "iam:TagRole", "iam:UntagRole", "iam:PassRole"],
      Resource: roles,
    },
    { Sid: "ServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: `arn:aws:iam::${accountId}:role/aws-service-role/*` },
    ...capacityDeployStatements(scope.namePrefixes, accountId),
    { Sid: "ReadIdentity", Effect: "Allow", Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "sts:GetCallerIdentity"], Resource: "*" },
    ...route53Statements(scope),
    // The denies: what no merge may do, whatever an allow above says.
    tagDeny("NothingTaggedForAnotherEnvironment", { StringNotEquals: { "aws:ResourceTag/Environment": [...scope.tagValues] }, Null: { "aws:ResourceTag/Environment": "false" } }, context),
    tagDeny("NothingOfAnotherProject", { StringNotEquals: { "aws:ResourceTag/Project": context.project }, Null: { "aws:ResourceTag/Project": "false" } }, context),
    tagDeny("NothingAnAdministratorDeploys", { StringEquals: { [`aws:ResourceTag/${DEPLOYED_BY_TAG}`]: "administrator" } }, context),
    {
      Sid: "NothingCreatedForAnotherEnvironment",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestTag/Environment": [...scope.tagValues] }, Null: { "aws:RequestTag/Environment": "false" } },
    },
    { Sid: "NoKeyDisablingOrDeletion", Effect: "Deny", Action: KEY_LIFE, Resource: "*" },
    {
      Sid: "NoAdministrationOfThePlatformsKeys",
      Effect: "Deny",
      Action: ["kms:PutKeyPolicy", "kms:RevokeGrant", "kms:UpdateKeyDescription", "kms:ReplicateKey", "kms:UpdatePrimaryRegion", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "kms:ResourceAliases": guardedKeyAliases } },
    },
    // Grants only for the AWS services that encrypt with them (RDS creating the DR replica with its key): never to a principal.
    {
      Sid: "NoGrantsOnThePlatformsKeysButToAwsServices",
      Effect: "Deny",
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "kms:ResourceAliases": guardedKeyAliases }, BoolIfExists: { "kms:GrantIsForAWSResource": "false" } },
    },
    // A key policy that could lock out every administrator is refused unless the caller bypasses KMS's check (KMS API Reference, PutKeyPolicy).
    { Sid: "NoKeyPolicyLockout", Effect: "Deny", Action: ["kms:CreateKey", "kms:PutKeyPolicy"], Resource: "*", Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } } },
    { Sid: "NoObjectsButItsOwn", Effect: "Deny", Action: OBJECT_ACTIONS, NotResource: [...ownStateObjects, ...bucketsNamed(scope.namePrefixes)] },
    {
      Sid: "NoChangesToTheStateOrAuditBuckets",
      Effect: "Deny",
      Action: BUCKET_CHANGES,
      Resource: [...context.stateBuckets.map((bucket) => `arn:aws:s3:::${bucket}`), `arn:aws:s3:::${context.audit.bucket}`, `arn:aws:s3:::${context.audit.bucket}/*`],
    },
    ...(scope.otherEnvironmentPrefixes.length === 0 ? [] : [{ Sid: "NoBucketsOfAnotherEnvironment", Effect: "Deny" as const, Action: "s3:*", Resource: bucketsNamed(scope.otherEnvironmentPrefixes) }]),
    {
      Sid: "NoAuditTrailChanges",
      Effect: "Deny",
      Action: ["cloudtrail:*", "logs:*"],
      Resource: [`arn:aws:cloudtrail:*:${accountId}:trail/${context.audit.trailName}`, `arn:aws:logs:*:${accountId}:log-group:${context.audit.logGroupName}`, `arn:aws:logs:*:${accountId}:log-group:${context.audit.logGroupName}:*`],
    },
    { Sid: "NoBackups", Effect: "Deny", Action: ["backup:*", "backup-storage:*"], Resource: "*" },
    // Account-level log policies reach every log group, the trail's included, whatever its tag or name.
    { Sid: "NoAccountWideLogPolicies", Effect: "Deny", Action: ["logs:PutAccountPolicy", "logs:DeleteAccountPolicy", "logs:PutResourcePolicy", "logs:PutDestination", "logs:PutDestinationPolicy"], Resource: "*" },
    // AWS Backup selects the data by its BackupPlan tag: never removed from a database, never another plan's (the files buckets' guard denies their tagging).
    { Sid: "NoBackupPlanTagRemoval", Effect: "Deny", Action: "rds:RemoveTagsFromResource", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": BACKUP_PLAN_TAG } } },
    {
      Sid: "NoOtherBackupPlanTag",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { [`aws:RequestTag/${BACKUP_PLAN_TAG}`]: [...scope.backupPlanNames] }, Null: { [`aws:RequestTag/${BACKUP_PLAN_TAG}`]: "false" } },
    },
    { Sid: "NoSnapshotDeletionOrSharing", Effect: "Deny", Action: SNAPSHOT_DELETION_AND_SHARING, Resource: "*" },
    ...(scope.protectsData ? [{ Sid: "NoDatabaseDeletion", Effect: "Deny" as const, Action: ["rds:DeleteDBInstance", "rds:DeleteDBCluster", "rds:DeleteGlobalCluster"], Resource: "*" }] : []),
    { Sid: "NoRegistryChanges", Effect: "Deny", Action: ["ecr:Put*", "ecr:Delete*", "ecr:Set*", "ecr:Update*", "ecr:BatchDeleteImage", "ecr:CompleteLayerUpload", "ecr:Create*", "ecr:Replicate*", "ecr:Tag*", "ecr:Untag*"], Resource: "*" },
    { Sid: "NoTrustPolicyChanges", Effect: "Deny", Action: "iam:UpdateAssumeRolePolicy", Resource: "*" },
    // A release runs its apps' migration tasks (decision 0013) and no other task: the applies register task definitions and services, they run none.
    { Sid: "NoTasksButItsMigrations", Effect: "Deny", Action: ["ecs:RunTask", "ecs:StartTask"], NotResource: migrationTaskDefinitionArns(scope, accountId) },
    // And in its services' clusters only: it may register a migration revision with any content, which must not run in another environment's cluster.
    taskClusterFence("NoTasksOutsideItsClusters", scope.clusterArns),
    // DeregisterTaskDefinition takes no resource (Service Authorization Reference, Amazon ECS), so no tag or name fences it, and Terraform never calls it (skip_destroy keeps every revision); nor deletes one, a pipeline's untagged revisions of another environment included.
    { Sid: "NoTaskDefinitionDeregistrationOrDeletion", Effect: "Deny", Action: ["ecs:DeregisterTaskDefinition", "ecs:DeleteTaskDefinitions"], Resource: "*" },
    // What it passes to ECS tasks (a task definition's roles, a migration's) is one of its services' task roles: never a function's, an instance's or a person's.
    {
      Sid: "NoRoleToEcsTasksButItsTaskRoles",
      Effect: "Deny",
      Action: "iam:PassRole",
      NotResource: scope.namePrefixes.flatMap((prefix) => [`arn:aws:iam::${accountId}:role/${prefix}-*task`, `arn:aws:iam::${accountId}:role/${prefix}-*task-execution`]),
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    {
      Sid: "KeepTheBoundary",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"],
      Resource: "*",
    },
  ];
  return statements;
}

/** Its apps' schedule groups (`<prefix>-*`), their schedules and its apps' queues, in each of its regions. */
function scheduleAndQueueArns(scope: DeployScope, accountId: string): string[] {
  return scope.regions.flatMap((region) =>
    scope.namePrefixes.flatMap((prefix) => [
      `arn:aws:scheduler:${region}:${accountId}:schedule-group/${prefix}-*`,
      `arn:aws:scheduler:${region}:${accountId}:schedule/${prefix}-*/*`,
      `arn:aws:sqs:${region}:${accountId}:${prefix}-*`,
    ]),
  );
}

/** Its services' CodeDeploy applications (named as the service, `<prefix>`), their deployment groups and their own deployment configurations (`<prefix>-*`), in each of its regions. */
function codeDeployArns(scope: DeployScope, accountId: string): string[] {
  return scope.regions.flatMap((region) =>
    scope.namePrefixes.flatMap((prefix) => [
      `arn:aws:codedeploy:${region}:${accountId}:application:${prefix}`,
      `arn:aws:codedeploy:${region}:${accountId}:deploymentgroup:${prefix}/*`,
      `arn:aws:codedeploy:${region}:${accountId}:deploymentconfig:${prefix}-*`,
    ]),
  );
}

/** Every revision of its apps' migration task definitions (`<prefix>-migrate`), in each of its regions. */
function migrationTaskDefinitionArns(scope: DeployScope, accountId: string): string[] {
  return scope.regions.flatMap((region) => scope.namePrefixes.map((prefix) => `arn:aws:ecs:${region}:${accountId}:task-definition/${prefix}-${MIGRATION_SUFFIX}:*`));
}

/** Route 53: records in its services' hosted zones only, and the failover health checks where it has them (health checks have no tag control). */
function route53Statements(scope: DeployScope): PolicyStatement[] {
  if (scope.hostedZoneIds.length === 0) return [];
  return [
    {
      Sid: "RecordsInItsHostedZones",
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets", "route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
      Resource: scope.hostedZoneIds.map((zone) => `arn:aws:route53:::hostedzone/${zone}`),
    },
    { Sid: "ChangesAndZones", Effect: "Allow", Action: ["route53:GetChange", "route53:ListHostedZones", "route53:ListHostedZonesByName"], Resource: "*" },
    ...(scope.healthChecks
      ? [
          {
            Sid: "FailoverHealthChecks",
            Effect: "Allow" as const,
            Action: ["route53:CreateHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck", "route53:GetHealthCheck", "route53:ChangeTagsForResource", "route53:ListTagsForResource", "route53:ListHealthChecks"],
            Resource: "*",
          },
        ]
      : []),
  ];
}
