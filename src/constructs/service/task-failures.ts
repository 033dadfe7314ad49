import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/** Properties of {@link TaskFailures}. */
export interface TaskFailuresProps {
  /** Prefix of the rules' and the alarms' names (`<name>-task-failures`, `<name>-own-task-failures`), unique in the account and region. */
  readonly name: string;
  /** The ECS cluster whose tasks are watched. */
  readonly clusterArn: string;
  /** Tasks stopped with a non-zero exit code per 5 minutes above which an alarm fires. */
  readonly threshold: number;
  /** The topic each failure's event and the alarms go to. */
  readonly alarmTopicArn: string;
  /**
   * The ECS service (its name) whose releases are blue/green: its own tasks (group `service:<name>`)
   * get a rule and alarm of their own, `<name>-own-task-failures`, the one CodeDeploy rolls back on,
   * and the cluster-wide rule leaves them out, so a scheduled job's or a migration's failure never
   * rolls a release back.
   * @default none: one rule and alarm for every task of the cluster
   */
  readonly releasedService?: string;
}

/** Seconds per datapoint of the alarms, the period of their threshold. */
const PERIOD_SECONDS = 300;

/** Which tasks' group a rule matches: the service's own (`only`), every other (`except`), or any. */
export interface TaskGroupFilter {
  /** The one group matched, such as `service:acme-web-prod`. @default any group */
  readonly only?: string;
  /** The group left out. @default none */
  readonly except?: string;
}

/**
 * Tasks of the cluster that stopped because an essential container exited,
 * with a container's exit code other than 0 (seed 004: ECS task failures).
 * ECS's "ECS Task State Change" events (Amazon ECS Developer Guide, "Amazon ECS
 * task state change events") carry `lastStatus`, `stopCode`, `group` and each
 * container's `exitCode`. Tasks the scheduler stops (a deployment, a scale-in,
 * failed health checks: `ServiceSchedulerInitiated`), a Fargate Spot reclaim
 * (`SpotInterruption`) or a person (`UserInitiated`) are not failures here; a
 * task that never started has no exit code, and the service's running-tasks
 * alarm and circuit breaker catch it. A service's tasks have the group
 * `service:<service name>`, a scheduled job's `job:<job name>`, a migration's
 * its family (`family:<service>-migrate`).
 */
export const taskFailurePattern = (clusterArn: string, group: TaskGroupFilter = {}) => ({
  source: ["aws.ecs"],
  "detail-type": ["ECS Task State Change"],
  detail: {
    clusterArn: [clusterArn],
    ...(group.only !== undefined ? { group: [group.only] } : {}),
    ...(group.except !== undefined ? { group: [{ "anything-but": group.except }] } : {}),
    lastStatus: ["STOPPED"],
    stopCode: ["EssentialContainerExited"],
    containers: { exitCode: [{ "anything-but": 0 }] },
  },
});

/**
 * Seed 004's ECS task failures: an EventBridge rule on the cluster's failed
 * tasks (see {@link taskFailurePattern}) that sends each one to the alarm
 * topic as a line naming the task, its group and its stop reason, and an alarm `<name>-task-failures` on the rule's `Invocations`
 * (AWS/Events, one per failed task) above the tier's threshold in 5 minutes.
 * The event says which task and why; the alarm holds a state (the dashboard's
 * alarm widget shows it, and it recovers), follows the tier's threshold, and
 * reaches incident management as the CloudWatch alarm it expects. Missing data
 * (EventBridge sends the metric only when it is not zero) is not breaching.
 * With `releasedService`, the service's own tasks have their rule and alarm
 * (`<name>-own-task-failures`, {@link rollbackAlarmName}) and the first rule
 * the cluster's other tasks: each failure is sent once.
 */
export class TaskFailures extends Construct {
  /** The alarm on the cluster's (other) tasks, `<name>-task-failures`: alerting only. */
  readonly alarmName: string;
  /** With `releasedService`: the alarm on the service's own tasks, `<name>-own-task-failures`, for CodeDeploy's rollback. */
  readonly rollbackAlarmName?: string;

  constructor(scope: Construct, id: string, props: TaskFailuresProps) {
    super(scope, id);
    const service = props.releasedService === undefined ? undefined : `service:${props.releasedService}`;
    this.alarmName = this.watch("", `${props.name}-task-failures`, service === undefined ? {} : { except: service }, props.name, props);
    if (service !== undefined) this.rollbackAlarmName = this.watch("own-", `${props.name}-own-task-failures`, { only: service }, `${props.name} (${service}, the alarm blue/green releases roll back on)`, props);
  }

  /** A rule on the failed tasks of `group`, its target (the topic) and its alarm, all named `name`; returns the alarm's name. */
  private watch(idPrefix: string, name: string, group: TaskGroupFilter, what: string, props: TaskFailuresProps): string {
    const rule = new CloudwatchEventRule(this, `${idPrefix}rule`, {
      name,
      description: `${what}: tasks stopped by an essential container's non-zero exit`,
      eventPattern: JSON.stringify(taskFailurePattern(props.clusterArn, group)),
    });
    new CloudwatchEventTarget(this, `${idPrefix}to-alarm-topic`, {
      rule: rule.name,
      targetId: "alarm-topic",
      arn: props.alarmTopicArn,
      inputTransformer: {
        inputPaths: {
          task: "$.detail.taskArn",
          group: "$.detail.group",
          reason: "$.detail.stoppedReason",
        },
        inputTemplate: `"${props.name}: task <task> of <group> stopped with a non-zero exit code: <reason>"`,
      },
    });
    new CloudwatchMetricAlarm(this, `${idPrefix}alarm`, {
      alarmName: name,
      alarmDescription: `${what}: more than ${props.threshold} tasks stopped with a non-zero exit code in 5 minutes`,
      namespace: "AWS/Events",
      metricName: "Invocations",
      dimensions: { RuleName: rule.name },
      statistic: "Sum",
      period: PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.threshold,
      treatMissingData: "notBreaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
    return name;
  }
}
