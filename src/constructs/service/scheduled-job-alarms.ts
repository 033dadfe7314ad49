import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/** Properties of {@link ScheduledJobAlarms}. */
export interface ScheduledJobAlarmsProps {
  /** The schedule group: the Scheduler metrics' `ScheduleGroup` dimension. */
  readonly groupName: string;
  /** The alarms' names, unique in the account and region. */
  readonly names: { readonly deadLetters: string; readonly undeliverable: string };
  /** The dead-letter queue's name (the SQS metrics' `QueueName` dimension). */
  readonly deadLetterQueueName: string;
  /** Seconds per datapoint. */
  readonly periodSeconds: number;
  /** The topic the alarms go to (alarm and recovery). */
  readonly alarmTopicArn: string;
}

/**
 * The scheduled jobs' alarms, to the environment's alarm topic (decision 0014):
 * `<group>-dead-letters` while the dead-letter queue holds a message (AWS/SQS
 * ApproximateNumberOfMessagesVisible: a job's RunTask failed through every retry; it stays in
 * alarm until someone reads and deletes the message, so a failure is never missed between two
 * datapoints), and `<group>-undeliverable` when an invocation failed and could not reach the queue
 * either (AWS/Scheduler InvocationsFailedToBeSentToDeadLetterCount by `ScheduleGroup`: EventBridge
 * Scheduler User Guide, "Monitoring EventBridge Scheduler with Amazon CloudWatch"). A job whose
 * task starts and exits non-zero is the task-failures alarm's (its tasks are the cluster's).
 * Missing data is not breaching: both metrics are sent only when there is something to count.
 */
export class ScheduledJobAlarms extends Construct {
  constructor(scope: Construct, id: string, props: ScheduledJobAlarmsProps) {
    super(scope, id);
    const common = {
      period: props.periodSeconds,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    };
    new CloudwatchMetricAlarm(this, "dead-letters", {
      alarmName: props.names.deadLetters,
      alarmDescription: `${props.groupName}: a scheduled job could not be started through every retry; its invocation waits in ${props.deadLetterQueueName}`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.deadLetterQueueName },
      statistic: "Maximum",
      ...common,
    });
    new CloudwatchMetricAlarm(this, "undeliverable", {
      alarmName: props.names.undeliverable,
      alarmDescription: `${props.groupName}: a scheduled job could not be started and its invocation could not reach ${props.deadLetterQueueName} either: it is lost`,
      namespace: "AWS/Scheduler",
      metricName: "InvocationsFailedToBeSentToDeadLetterCount",
      dimensions: { ScheduleGroup: props.groupName },
      statistic: "Sum",
      ...common,
    });
  }
}
