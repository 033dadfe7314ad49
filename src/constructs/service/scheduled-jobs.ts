import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedJobSite, ResolvedScheduledJobs } from "../../config/scheduled-jobs/resolve";
import { DeadLetterQueue } from "./dead-letter-queue";
import type { TaskPlacement } from "./fargate-service";
import { ScheduledJobAlarms } from "./scheduled-job-alarms";

/** Properties of {@link ScheduledJobs}. */
export interface ScheduledJobsProps {
  /** The jobs, their retry policy, dead-letter retention and alarm period. */
  readonly jobs: ResolvedScheduledJobs;
  /** This region's group, queue and role, and whether it runs the jobs (when it does not, every schedule is DISABLED). */
  readonly site: ResolvedJobSite;
  /** The execution role EventBridge Scheduler assumes (the site's role). */
  readonly roleArn: string;
  /** What the schedules must not exist without: the role's permissions, where this stack makes them. @default nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The task definition the jobs run (the service's, the revision the service runs). */
  readonly taskDefinitionArn: string;
  /** The container whose command a job replaces. */
  readonly containerName: string;
  /** How the service's tasks run: the jobs' run the same way. */
  readonly placement: TaskPlacement;
  /** The customer managed key of the dead-letter queue. */
  readonly kmsKeyArn: string;
  /** The topic the alarms go to. */
  readonly alarmTopicArn: string;
}

/**
 * An app environment's scheduled jobs (decision 0014): a schedule group, and in it one EventBridge
 * Scheduler schedule per job whose templated ECS target runs the service's task definition in the
 * service's cluster, subnets and security groups, on its capacity provider strategy and platform
 * version, with the job's command in place of the app container's (and its task size where it
 * sets one), the task definition's tags propagated and the task group `job:<name>`. No flexible time
 * window: a job starts at its minute. A RunTask that fails is retried, then kept in the dead-letter
 * queue, and both it and an invocation lost on the way there raise an alarm. The job's logs go where
 * the task definition sends them: the service's log group, under the container's stream prefix.
 */
export class ScheduledJobs extends Construct {
  /** The schedule group's ARN. */
  readonly groupArn: string;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    const { jobs, site, placement } = props;
    const group = new SchedulerScheduleGroup(this, "group", { name: site.groupName });
    const deadLetters = new DeadLetterQueue(this, "dead-letters", {
      name: site.deadLetterQueueName,
      kmsKeyArn: props.kmsKeyArn,
      retentionSeconds: jobs.deadLetterRetentionSeconds,
      senderRoleArn: props.roleArn,
    });
    for (const job of jobs.jobs) {
      new SchedulerSchedule(this, job.name, {
        name: job.name,
        groupName: group.name,
        // EventBridge Scheduler takes up to 512 characters.
        description: `Job ${job.name}: a task of the service's task definition, its ${props.containerName} container running ${JSON.stringify(job.command)}`.slice(0, 512),
        scheduleExpression: job.scheduleExpression,
        scheduleExpressionTimezone: job.timezone,
        state: site.running && job.enabled ? "ENABLED" : "DISABLED",
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: placement.clusterArn,
          roleArn: props.roleArn,
          input: JSON.stringify({
            containerOverrides: [{ name: props.containerName, command: job.command }],
            ...(job.size ? { cpu: String(job.size.cpu), memory: String(job.size.memory) } : {}),
          }),
          deadLetterConfig: { arn: deadLetters.arn },
          retryPolicy: { maximumEventAgeInSeconds: jobs.retryPolicy.maximumEventAgeSeconds, maximumRetryAttempts: jobs.retryPolicy.maximumRetryAttempts },
          ecsParameters: {
            taskDefinitionArn: props.taskDefinitionArn,
            taskCount: 1,
            capacityProviderStrategy: placement.capacityProviderStrategy.map((item) => ({ ...item })),
            ...(placement.platformVersion ? { platformVersion: placement.platformVersion } : {}),
            networkConfiguration: { subnets: [...placement.subnetIds], securityGroups: [...placement.securityGroupIds], assignPublicIp: false },
            propagateTags: "TASK_DEFINITION",
            enableEcsManagedTags: true,
            group: job.taskGroup,
          },
        },
        dependsOn: [...(props.dependsOn ?? [])],
      });
    }
    new ScheduledJobAlarms(this, "alarms", {
      groupName: site.groupName,
      names: site.alarmNames,
      deadLetterQueueName: site.deadLetterQueueName,
      periodSeconds: jobs.alarmPeriodSeconds,
      alarmTopicArn: props.alarmTopicArn,
    });
    this.groupArn = group.arn;
  }
}
