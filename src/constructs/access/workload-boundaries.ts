import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import type { WorkloadBoundaryScope } from "../../config/delivery/resolve";
import { CONTAINER_AGENT_ACTIONS } from "../capacity/container-instance-role";
import { DEPLOYED_BY_TAG } from "../../config/project/tags";
import { policyDocument, PolicyStatement } from "../security/policy-document";
import { taskClusterFence } from "./task-cluster-fence";

/** The services a workload role (task, Lambda, replication, monitoring, flow logs, log forwarding) may ever be granted: the boundary's ceiling (xray and aps for the OpenTelemetry collector, firehose for the subscription filter's role). */
const WORKLOAD_SERVICES = ["appconfig", "aps", "cloudwatch", "ec2", "ecr", "firehose", "kms", "logs", "rds", "rds-db", "s3", "secretsmanager", "sns", "ssm", "ssmmessages", "ec2messages", "xray"];

/**
 * What CodeDeploy's role of a blue/green service does (decision 0013; `AWSCodeDeployRoleForECS`'s
 * ECS and load balancing actions): its task sets, and its listeners' and rules' forward actions.
 */
const CODEDEPLOY_ECS_ACTIONS = [
  "ecs:DescribeServices",
  "ecs:CreateTaskSet",
  "ecs:UpdateServicePrimaryTaskSet",
  "ecs:DeleteTaskSet",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeRules",
  "elasticloadbalancing:ModifyListener",
  "elasticloadbalancing:ModifyRule",
];

/**
 * Single actions a workload role may be granted of services it may do nothing else with: an app's
 * IAM authentication to its cache (decision 0009); a scheduled job's start (decision 0014: RunTask,
 * tagging the task it starts, passing the task's roles to ECS tasks and nothing else, delivering a
 * failed invocation to its dead-letter queue); CodeDeploy's blue/green releases ({@link CODEDEPLOY_ECS_ACTIONS});
 * EC2 capacity's ECS container agent (decision 0012: registering with a cluster and reporting to it).
 */
const WORKLOAD_ACTIONS = ["elasticache:Connect", "ecs:RunTask", "ecs:TagResource", "iam:PassRole", "sqs:SendMessage", ...CODEDEPLOY_ECS_ACTIONS, ...Object.values(CONTAINER_AGENT_ACTIONS).flat()];

/** The one service a workload role may pass a role to: ECS tasks (a scheduled job's RunTask passes its task's execution and task roles). */
const PASSED_TO_SERVICE = "ecs-tasks.amazonaws.com";

/** Image pulls from the build repository, which another account or an account-wide stack owns: the only reach outside the scope's tags. */
const IMAGE_PULLS = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

/** What a workload never does to a key: administer it, its aliases or its tags, or grant it. */
const KEY_ADMINISTRATION = [
  "kms:CreateKey",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
  "kms:RevokeGrant",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
  "kms:ReplicateKey",
  "kms:UpdatePrimaryRegion",
];

/** The statements of one scope's boundary, in its account. */
export function workloadBoundaryStatements(boundary: WorkloadBoundaryScope, accountId: string): PolicyStatement[] {
  return [
    { Sid: "WorkloadServices", Effect: "Allow", Action: [...WORKLOAD_SERVICES.map((service) => `${service}:*`), ...WORKLOAD_ACTIONS], Resource: "*" },
    { Sid: "NoIdentityChanges", Effect: "Deny", Action: ["sts:AssumeRole", "organizations:*", "account:*"], Resource: "*" },
    // A scheduled job's RunTask, in its scope's clusters only (a network's scope has none).
    taskClusterFence("NoTasksOutsideTheScopesClusters", boundary.clusterArns),
    // Only iam:PassRole carries iam:PassedToService: every other IAM action lacks the key, so IfExists denies it.
    { Sid: "NoIamButPassingRolesToEcsTasks", Effect: "Deny", Action: "iam:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "iam:PassedToService": PASSED_TO_SERVICE } } },
    {
      Sid: "NothingTaggedForAnotherScope",
      Effect: "Deny",
      NotAction: IMAGE_PULLS,
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceTag/Environment": [...boundary.tagValues] }, Null: { "aws:ResourceTag/Environment": "false" } },
    },
    // In an account whose name is also an environment's (prod), the administrator's resources carry that Environment tag too: DeployedBy keeps them out.
    {
      Sid: "NothingAnAdministratorAppliesButUsingItsKeys",
      Effect: "Deny",
      NotAction: [...IMAGE_PULLS, "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { [`aws:ResourceTag/${DEPLOYED_BY_TAG}`]: "administrator" } },
    },
    {
      Sid: "NoKeyAdministration",
      Effect: "Deny",
      // Workloads use keys: they never administer one. Aliases and tags too: the deploy roles' key guards match them.
      Action: KEY_ADMINISTRATION,
      Resource: "*",
    },
    {
      Sid: "NoSnapshotDeletionOrSharing",
      Effect: "Deny",
      Action: ["rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot", "rds:ModifyDBSnapshotAttribute", "rds:ModifyDBClusterSnapshotAttribute", "rds:DeleteDBInstanceAutomatedBackup", "rds:DeleteDBClusterAutomatedBackup"],
      Resource: "*",
    },
    { Sid: "NoAccountWideLogPolicies", Effect: "Deny", Action: ["logs:PutAccountPolicy", "logs:DeleteAccountPolicy", "logs:PutResourcePolicy", "logs:PutDestination", "logs:PutDestinationPolicy"], Resource: "*" },
    { Sid: "NoRegistryOrImageChanges", Effect: "Deny", Action: ["ecr:Put*", "ecr:Delete*", "ecr:Set*", "ecr:Update*", "ecr:BatchDeleteImage", "ecr:CompleteLayerUpload", "ecr:Replicate*"], Resource: "*" },
    // Buckets of this account only: a bucket of another account may bear the scope's prefix.
    { Sid: "NoBucketsOfAnotherAccount", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:ResourceAccount": accountId } } },
    // S3 evaluates no bucket tag (unless ABAC is on for the bucket) and object actions carry none: buckets by name.
    boundary.bucketPrefixes.length === 0
      ? { Sid: "NoBuckets", Effect: "Deny", Action: "s3:*", Resource: "*" }
      : {
          Sid: "OnlyTheScopesBuckets",
          Effect: "Deny",
          Action: "s3:*",
          NotResource: boundary.bucketPrefixes.flatMap((prefix) => [`arn:aws:s3:::${prefix}-*`, `arn:aws:s3:::${prefix}-*/*`]),
        },
  ];
}

/**
 * `<project>-workload-boundary-<scope>`, one per environment and per network of
 * the account: the permissions boundary every role of that scope's pipeline
 * stacks carries. At most the services workloads use, on resources tagged for
 * the scope (and its networks) and on its own buckets by name, pulling images
 * from the build repository, and never IAM (but passing a task's roles to ECS tasks), STS role
 * chaining or Organizations.
 */
export class WorkloadBoundaries extends Construct {
  /** Each boundary's ARN, by scope. */
  readonly arns: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: { readonly boundaries: readonly WorkloadBoundaryScope[]; readonly accountId: string }) {
    super(scope, id);
    this.arns = new Map(
      props.boundaries.map((boundary) => [
        boundary.scope,
        new IamPolicy(this, boundary.scope, {
          name: boundary.name,
          description: `The most a role of ${boundary.scope}'s pipeline stacks may do: the workloads' services on ${boundary.scope}'s resources, never IAM`,
          policy: policyDocument(workloadBoundaryStatements(boundary, props.accountId)),
        }).arn,
      ]),
    );
  }
}
