import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { KeySelector, keyStatement } from "../security/key-selector";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";

/** Properties of {@link TaskRoles}. */
export interface TaskRolesProps {
  /** Prefix of the role names: `<name>-task-execution` and `<name>-task`. */
  readonly name: string;
  /** The account whose ECS tasks may assume the roles. */
  readonly accountId: string;
  /** ECR repositories the execution role may pull from. @default none (images from other registries) */
  readonly pullRepositoryArns?: readonly string[];
  /** The log group the containers write to (execution role: awslogs driver; task role: ECS Exec session logs). */
  readonly logGroupArn: string;
  /** Secrets the execution role injects into containers: exactly these ARNs. */
  readonly secretArns: readonly string[];
  /** Keys those secrets are encrypted with: the execution role may decrypt with these only. */
  readonly secretKeys: KeySelector;
  /** What the app itself may do (the task role), such as its bucket and feature flags. */
  readonly taskStatements: readonly PolicyStatement[];
  /**
   * Allow ECS Exec: the task role opens the SSM message channels, decrypts
   * sessions with the cluster's exec key, and writes session logs to the
   * containers' log group (the cluster logs sessions through the task's awslogs settings).
   * @default no ECS Exec
   */
  readonly execCommand?: { readonly key: KeySelector };
}

/** What the SSM agent in a task needs for ECS Exec sessions that are encrypted and logged to the task's log group. */
function execStatements(key: KeySelector, logGroupArn: string): PolicyStatement[] {
  return [
    {
      Sid: "EcsExecChannelsWhichHaveNoResourceScope",
      Effect: "Allow",
      Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      Resource: "*",
    },
    keyStatement("EcsExecSessionKey", "kms:Decrypt", key),
    { Sid: "EcsExecFindLogGroupWhichHasNoResourceScope", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    {
      Sid: "EcsExecSessionLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:*`,
    },
  ];
}

/**
 * The two roles of an ECS task: the execution role, which ECS uses to pull
 * the image, write logs and inject secrets (exactly the named ARNs), and the
 * task role the app runs as, least privilege from the statements given.
 * Both trust ECS tasks of one account only.
 */
export class TaskRoles extends Construct {
  /** The execution role's ARN. */
  readonly executionRoleArn: string;
  /** The task role's ARN. */
  readonly taskRoleArn: string;
  /** The task role's name, for attaching more policies. */
  readonly taskRoleName: string;

  constructor(scope: Construct, id: string, props: TaskRolesProps) {
    super(scope, id);
    const trust = serviceTrustPolicy("ecs-tasks.amazonaws.com", props.accountId);
    const execution = new IamRole(this, "execution", {
      name: `${props.name}-task-execution`,
      description: `ECS pulls the image, writes logs and injects secrets for ${props.name}`,
      assumeRolePolicy: trust,
    });
    const pull = props.pullRepositoryArns ?? [];
    const executionStatements: PolicyStatement[] = [
      ...(pull.length === 0
        ? []
        : [
            { Sid: "EcrLoginWhichHasNoResourceScope", Effect: "Allow" as const, Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
              Sid: "PullImages",
              Effect: "Allow" as const,
              Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
              Resource: [...pull],
            },
          ]),
      { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${props.logGroupArn}:*` },
      ...(props.secretArns.length === 0
        ? []
        : [
            { Sid: "InjectSecrets", Effect: "Allow" as const, Action: "secretsmanager:GetSecretValue", Resource: [...props.secretArns] },
            keyStatement("DecryptSecrets", "kms:Decrypt", props.secretKeys),
          ]),
    ];
    new IamRolePolicy(this, "execution-policy", { role: execution.id, name: "task-execution", policy: policyDocument(executionStatements) });

    const task = new IamRole(this, "task", {
      name: `${props.name}-task`,
      description: `The app ${props.name} runs as this role`,
      assumeRolePolicy: trust,
    });
    const taskStatements: PolicyStatement[] = [...props.taskStatements, ...(props.execCommand ? execStatements(props.execCommand.key, props.logGroupArn) : [])];
    if (taskStatements.length > 0) {
      new IamRolePolicy(this, "task-policy", { role: task.id, name: "app", policy: policyDocument(taskStatements) });
    }
    this.executionRoleArn = execution.arn;
    this.taskRoleArn = task.arn;
    this.taskRoleName = task.name;
  }
}
