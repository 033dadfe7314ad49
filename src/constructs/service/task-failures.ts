import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/** Properties of {@link TaskFailures}. */
export interface TaskFailuresProps {
  /** Prefix of the rule's and the alarm's names (`<name>-task-failures`), unique in the account and region. */
  readonly name: string;
  /** The ECS cluster whose tasks are watched. */
  readonly clusterArn: string;
  /** Tasks stopped with a non-zero exit code per 5 minutes above which the alarm fires. */
  readonly threshold: number;
  /** The topic each failure's event and the alarm go to. */
  readonly alarmTopicArn: string;
}

/** Seconds per datapoint of the alarm, the period of its threshold. */
const PERIOD_SECONDS = 300;

/**
 * Tasks of the cluster that stopped because an essential container exited,
 * with a container's exit code other than 0 (seed 004: ECS task failures).
 * ECS's "ECS Task State Change" events (Amazon ECS Developer Guide, "Amazon ECS
 * task state change events") carry `lastStatus`, `stopCode` and each
 * container's `exitCode`. Tasks the scheduler stops (a deployment, a scale-in,
 * failed health checks: `ServiceSchedulerInitiated`), a Fargate Spot reclaim
 * (`SpotInterruption`) or a person (`UserInitiated`) are not failures here; a
 * task that never started has no exit code, and the service's running-tasks
 * alarm and circuit breaker catch it.
 */
export const taskFailurePattern = (clusterArn: string) => ({
  source: ["aws.ecs"],
  "detail-type": ["ECS Task State Change"],
  detail: {
    clusterArn: [clusterArn],
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
 */
export class TaskFailures extends Construct {
  /** The alarm's name, `<name>-task-failures`. */
  readonly alarmName: string;

  constructor(scope: Construct, id: string, props: TaskFailuresProps) {
    super(scope, id);
    const name = `${props.name}-task-failures`;
    this.alarmName = name;
    const rule = new CloudwatchEventRule(this, "rule", {
      name,
      description: `${props.name}: tasks stopped by an essential container's non-zero exit`,
      eventPattern: JSON.stringify(taskFailurePattern(props.clusterArn)),
    });
    new CloudwatchEventTarget(this, "to-alarm-topic", {
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
    new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: name,
      alarmDescription: `${props.name}: more than ${props.threshold} tasks stopped with a non-zero exit code in 5 minutes`,
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
  }
}
