import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { ResolvedJobSite } from "../../config/scheduled-jobs/resolve";
import { keyStatement, KeySelector } from "../security/key-selector";
import { policyDocument } from "../security/policy-document";

/** The service principal of EventBridge Scheduler, which assumes a schedule's execution role. */
export const SCHEDULER_PRINCIPAL = "scheduler.amazonaws.com";

/** Properties of {@link SchedulerRole}. */
export interface SchedulerRoleProps {
  /** The region's names: the role's, the schedule group's whose schedules alone may assume it (`aws:SourceArn`, EventBridge Scheduler User Guide, "Confused deputy prevention"), and the dead-letter queue's it delivers failed invocations to. */
  readonly site: Pick<ResolvedJobSite, "roleName" | "groupName" | "deadLetterQueueName">;
  /** The account of the role, the schedules, the cluster and the queue. */
  readonly accountId: string;
  /** The region of the schedules it runs (the DR region's role is made in the primary region: IAM is global). */
  readonly region: string;
  /** The ECS cluster the tasks run in: RunTask is allowed there only (`ecs:cluster`). */
  readonly clusterName: string;
  /** The task definition family it may run, any revision. */
  readonly taskFamily: string;
  /** The task's execution and task roles, which RunTask passes to ECS: the only roles it may pass, and to ECS tasks only. */
  readonly passRoleArns: readonly string[];
  /** The key encrypting the dead-letter queue, which sending to it uses through SQS. */
  readonly deadLetterQueueKey: KeySelector;
}

/**
 * The execution role EventBridge Scheduler assumes to run an app environment's scheduled jobs
 * (decision 0014), least privilege: trusted by `scheduler.amazonaws.com` for the schedules of one
 * schedule group of its account only (`aws:SourceAccount`, `aws:SourceArn`); `ecs:RunTask` of one task
 * family in one cluster; `iam:PassRole` of that task's execution and task roles to ECS tasks only;
 * `ecs:TagResource` on the tasks RunTask creates (the task definition's tags are propagated);
 * `sqs:SendMessage` to its dead-letter queue, with that queue's key through SQS. It carries the
 * workload boundary like every role of a pipeline stack.
 */
export class SchedulerRole extends Construct {
  /** The role's ARN. */
  readonly arn: string;
  /** The role's inline policy: what a schedule must not run without. */
  readonly permissions: IamRolePolicy;

  constructor(scope: Construct, id: string, props: SchedulerRoleProps) {
    super(scope, id);
    const { accountId, region, site } = props;
    const clusterArn = `arn:aws:ecs:${region}:${accountId}:cluster/${props.clusterName}`;
    const role = new IamRole(this, "role", {
      name: site.roleName,
      description: `EventBridge Scheduler runs the scheduled jobs of ${site.groupName} in ${region}`,
      assumeRolePolicy: policyDocument([
        {
          Sid: "TheGroupsSchedulesOnly",
          Effect: "Allow",
          Principal: { Service: SCHEDULER_PRINCIPAL },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnEquals: { "aws:SourceArn": `arn:aws:scheduler:${region}:${accountId}:schedule-group/${site.groupName}` },
          },
        },
      ]),
    });
    const key = keyStatement("EncryptDeadLettersThroughSqs", ["kms:GenerateDataKey", "kms:Decrypt"], props.deadLetterQueueKey);
    this.permissions = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "run-jobs",
      policy: policyDocument([
        {
          Sid: "RunTheFamilysTasksInTheCluster",
          Effect: "Allow",
          Action: "ecs:RunTask",
          Resource: `arn:aws:ecs:${region}:${accountId}:task-definition/${props.taskFamily}:*`,
          Condition: { ArnEquals: { "ecs:cluster": clusterArn } },
        },
        {
          Sid: "TagTheTasksItRuns",
          Effect: "Allow",
          Action: "ecs:TagResource",
          Resource: `arn:aws:ecs:${region}:${accountId}:task/${props.clusterName}/*`,
          Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
        },
        {
          Sid: "PassTheTasksRolesToEcsTasks",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: [...props.passRoleArns],
          Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
        { Sid: "DeliverFailedInvocations", Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:${region}:${accountId}:${site.deadLetterQueueName}` },
        { ...key, Condition: { ...key.Condition, StringEquals: { "kms:ViaService": `sqs.${region}.amazonaws.com` } } },
      ]),
    });
    this.arn = role.arn;
  }
}
