import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { DeployScope, ImagePushScope, ResolvedAccess } from "../../config/delivery/resolve";
import type { StateBackendSettings } from "../../config/account/resolve";
import { keyStatement } from "../security/key-selector";
import { policyDocument, PolicyStatement } from "../security/policy-document";
import { GithubOidcProvider } from "./github-oidc";

/** AWS's managed read-only policy: every Describe, Get and List (the denials below take the data reads back). */
const READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/** A CI role's sessions: one hour, enough for a plan or an apply with its rollout. */
const CI_SESSION_SECONDS = 3600;

/** The services the platform's stacks create resources in: what a deploy role may call, in its environment's regions. */
const PLATFORM_SERVICES = [
  "acm",
  "appconfig",
  "application-autoscaling",
  "backup",
  "backup-storage",
  "cloudwatch",
  "dynamodb",
  "ec2",
  "ecr",
  "ecs",
  "elasticloadbalancing",
  "events",
  "kms",
  "lambda",
  "logs",
  "rds",
  "route53",
  "s3",
  "secretsmanager",
  "sns",
  "ssm",
  "wafv2",
];

/** The services a workload role (task, Lambda, replication, backup, monitoring) may ever be granted: the boundary's ceiling. */
const WORKLOAD_SERVICES = ["appconfig", "backup", "backup-storage", "cloudwatch", "ec2", "ecr", "kms", "logs", "rds", "rds-db", "s3", "secretsmanager", "sns", "ssm", "ssmmessages", "ec2messages"];

/** Reads of data, not of configuration, that the read-only policy allows and the plan role must not have. */
const DATA_READS = [
  "secretsmanager:GetSecretValue",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:StartQuery",
  "logs:GetQueryResults",
  "logs:StartLiveTail",
  "logs:GetLogRecord",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "sqs:ReceiveMessage",
  "kinesis:GetRecords",
  "athena:GetQueryResults",
  "ssm:GetParameterHistory",
];

/** The account's state buckets, their objects, lock tables and keys. */
function stateResources(backends: readonly StateBackendSettings[], accountId: string) {
  return {
    buckets: backends.map((backend) => `arn:aws:s3:::${backend.bucket}`),
    objects: backends.map((backend) => `arn:aws:s3:::${backend.bucket}/*`),
    lockTables: backends.map((backend) => `arn:aws:dynamodb:${backend.region}:${accountId}:table/${backend.lockTable}`),
    keyStatements: backends.map((backend, index) =>
      keyStatement(`UseStateKey${index}`, ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], { aliases: [backend.kmsAlias], region: backend.region, accountId }),
    ),
  };
}

/** Properties of {@link CiRoles}. */
export interface CiRolesProps {
  /** The account's access settings. */
  readonly access: ResolvedAccess;
  /** The account's state backends (primary and regional). */
  readonly backends: readonly StateBackendSettings[];
  /** GitHub's identity provider in the account. */
  readonly oidc: GithubOidcProvider;
  /** The project name: the deploy roles touch nothing tagged for another project. */
  readonly project: string;
}

/**
 * The roles GitHub Actions assumes in an account, each trusted by exact OIDC
 * subjects of the configured repository (never a branch pattern):
 *
 * - `<project>-ci-plan`, for pull requests and `main`: read-only, state read
 *   and lock write, and none of the data reads the read-only policy allows
 *   (secret values, object contents outside the state buckets, parameters
 *   other than AWS's public ones, log events, images), nor the state of a
 *   monitoring stack that holds an incident management URL. Pull-request code
 *   runs `cdktf synth` with it, so it must be harmless.
 * - `<project>-ci-deploy-<env>`, for the GitHub environment `<env>` only: the
 *   platform's services in the environment's regions; nothing tagged for
 *   another environment or another project; IAM only on the environment's role names, and only
 *   with the workload boundary, which it can neither remove nor change.
 * - `<project>-ci-push-<app>`, for `main` of the app's repository: push to the
 *   app's build repository only.
 *
 * And `<project>-workload-boundary`, the permissions boundary every role of a
 * pipeline-deployed stack carries: at most the services workloads use, and
 * never IAM, STS role chaining or Organizations.
 */
export class CiRoles extends Construct {
  constructor(scope: Construct, id: string, props: CiRolesProps) {
    super(scope, id);
    const { access, backends, oidc } = props;
    const accountId = access.account.id;
    const state = stateResources(backends, accountId);

    const boundary = new IamPolicy(this, "workload-boundary", {
      name: access.boundaryPolicyName,
      description: "The most any role of a pipeline-deployed stack may do: the workloads' services, never IAM",
      policy: policyDocument([
        { Sid: "WorkloadServices", Effect: "Allow", Action: WORKLOAD_SERVICES.map((service) => `${service}:*`), Resource: "*" },
        { Sid: "NoIdentityChanges", Effect: "Deny", Action: ["iam:*", "sts:AssumeRole", "organizations:*", "account:*"], Resource: "*" },
      ]),
    });

    const plan = new IamRole(this, "plan", {
      name: access.planRoleName,
      description: "GitHub Actions plans on pull requests and main: read-only, no data reads",
      assumeRolePolicy: oidc.trustPolicy(access.planSubjects),
      maxSessionDuration: CI_SESSION_SECONDS,
    });
    new IamRolePolicyAttachment(this, "plan-read-only", { role: plan.name, policyArn: READ_ONLY_ACCESS });
    new IamRolePolicy(this, "plan-policy", {
      role: plan.id,
      name: "state-and-no-data",
      policy: policyDocument([
        { Sid: "LockState", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: state.lockTables },
        { Sid: "LockFiles", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: state.objects.map((objects) => objects.replace("/*", "/*.tflock")) },
        ...state.keyStatements,
        // The ephemeral password generators call it while planning; it returns a random string, no stored secret.
        { Sid: "GeneratePasswordsWhilePlanning", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
        { Sid: "NoDataReads", Effect: "Deny", Action: DATA_READS, Resource: "*" },
        { Sid: "NoObjectsButState", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], NotResource: state.objects },
        { Sid: "NoParametersButPublicOnes", Effect: "Deny", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], NotResource: "arn:aws:ssm:*::parameter/aws/service/*" },
        { Sid: "NoItemsButLocks", Effect: "Deny", Action: ["dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"], NotResource: state.lockTables },
        ...(access.unreadableStateKeys.length === 0
          ? []
          : [
              {
                Sid: "NoStateHoldingAnIncidentUrl",
                Effect: "Deny" as const,
                Action: ["s3:GetObject", "s3:GetObjectVersion"],
                Resource: backends.flatMap((backend) => access.unreadableStateKeys.map((key) => `arn:aws:s3:::${backend.bucket}/${key}`)),
              },
            ]),
      ]),
    });

    for (const scope of access.deploy) this.deployRole(scope, props, boundary, state);
    for (const push of access.imagePush) this.imagePushRole(push, oidc);
  }

  /** `<project>-ci-deploy-<env>`: see the class. */
  private deployRole(scope: DeployScope, props: CiRolesProps, boundary: IamPolicy, state: ReturnType<typeof stateResources>): void {
    const accountId = props.access.account.id;
    const roles = scope.roleNamePatterns.map((pattern) => `arn:aws:iam::${accountId}:role/${pattern}`);
    const role = new IamRole(this, `deploy-${scope.environment}`, {
      name: scope.roleName,
      description: `GitHub Actions deploys the stacks of ${scope.environment} (GitHub environment ${scope.environment} only)`,
      assumeRolePolicy: props.oidc.trustPolicy(scope.subjects),
      maxSessionDuration: CI_SESSION_SECONDS,
    });
    const statements: PolicyStatement[] = [
      {
        Sid: "PlatformServicesInTheEnvironmentsRegions",
        Effect: "Allow",
        Action: PLATFORM_SERVICES.map((service) => `${service}:*`),
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": [...scope.regions] } },
      },
      {
        Sid: "NothingTaggedForAnotherEnvironment",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:ResourceTag/Environment": [...scope.tagValues] }, Null: { "aws:ResourceTag/Environment": "false" } },
      },
      {
        Sid: "NothingOfAnotherProject",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:ResourceTag/Project": props.project }, Null: { "aws:ResourceTag/Project": "false" } },
      },
      {
        Sid: "NothingCreatedForAnotherEnvironment",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:RequestTag/Environment": [...scope.tagValues] }, Null: { "aws:RequestTag/Environment": "false" } },
      },
      {
        Sid: "RolesOnlyUnderTheBoundary",
        Effect: "Allow",
        Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary"],
        Resource: roles,
        Condition: { StringEquals: { "iam:PermissionsBoundary": boundary.arn } },
      },
      {
        Sid: "ManageTheEnvironmentsRoles",
        Effect: "Allow",
        Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:PassRole"],
        Resource: roles,
      },
      { Sid: "ServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: `arn:aws:iam::${accountId}:role/aws-service-role/*` },
      { Sid: "ReadIdentity", Effect: "Allow", Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetOpenIDConnectProvider", "sts:GetCallerIdentity"], Resource: "*" },
      { Sid: "KeepTheBoundary", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:SetDefaultPolicyVersion"], Resource: "*" },
      { Sid: "StateOfTheEnvironmentsStacks", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: props.backends.flatMap((backend) => scope.stateKeyPatterns.map((key) => `arn:aws:s3:::${backend.bucket}/${key}`)) },
      { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: state.buckets },
      { Sid: "LockState", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: state.lockTables },
      ...state.keyStatements,
    ];
    new IamRolePolicy(this, `deploy-${scope.environment}-policy`, { role: role.id, name: "deploy", policy: policyDocument(statements) });
  }

  /** `<project>-ci-push-<app>`: see the class. */
  private imagePushRole(push: ImagePushScope, oidc: GithubOidcProvider): void {
    const role = new IamRole(this, `push-${push.app}`, {
      name: push.roleName,
      description: `GitHub Actions on main of ${push.app}'s repository pushes its images`,
      assumeRolePolicy: oidc.trustPolicy(push.subjects),
      maxSessionDuration: CI_SESSION_SECONDS,
    });
    new IamRolePolicy(this, `push-${push.app}-policy`, {
      role: role.id,
      name: "push",
      policy: policyDocument([
        { Sid: "EcrLoginWhichHasNoResourceScope", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PushToTheBuildRepository",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"],
          Resource: push.repositoryArn,
        },
      ]),
    });
  }
}
