import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { CI_SESSION_SECONDS, DEPLOY_SESSION_SECONDS, type ImagePushScope, type ResolvedAccess } from "../../config/delivery/resolve";
import type { StateBackendSettings } from "../../config/account/resolve";
import { keyStatement } from "../security/key-selector";
import { policyDocument } from "../security/policy-document";
import { deployRoleStatements, DeployRoleContext } from "./deploy-role-policy";
import { GithubOidcProvider } from "./github-oidc";
import { WorkloadBoundaries } from "./workload-boundaries";

/** AWS's managed read-only policy: every Describe, Get and List (the denials below take the data reads back). */
const READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";

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
  // A subscription's endpoint is the incident management URL the monitoring stack reads from a SecureString.
  "sns:ListSubscriptions",
  "sns:ListSubscriptionsByTopic",
  "sns:GetSubscriptionAttributes",
  // Database logs, instance consoles, the flags' served configuration and the account's API history.
  "rds:DownloadDBLogFilePortion",
  "rds:DownloadCompleteDBLogFile",
  "ec2:GetConsoleOutput",
  "ec2:GetConsoleScreenshot",
  "appconfig:GetConfiguration",
  "appconfig:GetLatestConfiguration",
  "cloudtrail:LookupEvents",
  // The CDN's origin secret is in its CloudFront Function's code, which no stack manages (decision 0008).
  "cloudfront:GetFunction",
  "cloudfront:DescribeFunction",
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
 * subjects of the configured repository and workflow file (`job_workflow_ref`):
 *
 * - `<project>-ci-plan`, for the pull-request workflow and the drift workflow
 *   on `main`: read-only, state read (plans take no lock), and none of the data reads
 *   the read-only policy allows (secret values, object contents outside the
 *   state buckets, parameters other than AWS's public ones, log events,
 *   images), nor the state of a stack that holds a secret. Pull-request code
 *   runs `cdktf synth` with it, so it must be harmless.
 * - `<project>-ci-deploy-<env>`, for the deploy-environment workflow in the
 *   GitHub environment `<env>` on `main` only: see {@link deployRoleStatements}.
 * - `<project>-ci-push-<app>`, for the image workflow on `main` of the app's
 *   repository: push to the app's build repository only.
 *
 * And the workload boundaries (see {@link WorkloadBoundaries}).
 */
export class CiRoles extends Construct {
  constructor(scope: Construct, id: string, props: CiRolesProps) {
    super(scope, id);
    const { access, backends, oidc } = props;
    const accountId = access.account.id;
    const state = stateResources(backends, accountId);
    const boundaries = new WorkloadBoundaries(this, "workload-boundary", { boundaries: access.boundaries, accountId });

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
        // Plans run with -lock=false: they read the state's digest, and never take, hold or break a deploy's lock.
        { Sid: "ReadStateDigests", Effect: "Allow", Action: "dynamodb:GetItem", Resource: state.lockTables },
        ...state.keyStatements,
        // The ephemeral password generators call it while planning; it returns a random string, no stored secret.
        { Sid: "GeneratePasswordsWhilePlanning", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
        { Sid: "NoDataReads", Effect: "Deny", Action: DATA_READS, Resource: "*" },
        { Sid: "NoObjectsButState", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], NotResource: state.objects },
        { Sid: "NoParametersButPublicOnes", Effect: "Deny", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], NotResource: "arn:aws:ssm:*::parameter/aws/service/*" },
        { Sid: "NoItemsButLocks", Effect: "Deny", Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect", "dynamodb:GetRecords"], NotResource: state.lockTables },
        ...(access.unreadableStateKeys.length === 0
          ? []
          : [
              {
                Sid: "NoStateHoldingASecret",
                Effect: "Deny" as const,
                Action: ["s3:GetObject", "s3:GetObjectVersion"],
                Resource: backends.flatMap((backend) => access.unreadableStateKeys.map((key) => `arn:aws:s3:::${backend.bucket}/${key}`)),
              },
            ]),
      ]),
    });

    const context: DeployRoleContext = {
      accountId,
      project: props.project,
      stateBuckets: backends.map((backend) => backend.bucket),
      lockTables: state.lockTables,
      stateKeyAlias: backends[0].kmsAlias,
      audit: { bucket: access.audit.bucket, keyAlias: `alias/${access.audit.trailName}`, logGroupName: access.audit.logGroupName, trailName: access.audit.trailName },
      platformKeyAliasPatterns: [...new Set([...backends.map((backend) => backend.kmsAlias), `alias/${access.audit.trailName}`, ...access.platformKeyAliasPatterns])],
      boundaryArns: [],
      stateKeyStatements: state.keyStatements,
    };
    for (const scope of access.deploy) {
      const role = new IamRole(this, `deploy-${scope.environment}`, {
        name: scope.roleName,
        description: `GitHub Actions deploys the stacks of ${scope.environment} (GitHub environment ${scope.environment} only)`,
        assumeRolePolicy: oidc.trustPolicy(scope.subjects),
        maxSessionDuration: DEPLOY_SESSION_SECONDS,
      });
      const boundaryArns = [...new Set([scope.environment, ...scope.networks])].flatMap((name) => boundaries.arns.get(name) ?? []);
      new IamRolePolicy(this, `deploy-${scope.environment}-policy`, {
        role: role.id,
        name: "deploy",
        policy: policyDocument(deployRoleStatements(scope, { ...context, boundaryArns })),
      });
    }
    for (const push of access.imagePush) this.imagePushRole(push, oidc);
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
