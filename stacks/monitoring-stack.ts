import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedProject } from "../src/config/project/resolve";
import { alarmTopicName } from "../src/config/app/alarm-topics";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { AlarmTopic } from "../src/constructs/monitoring/alarm-topic";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link MonitoringStack}. */
export interface MonitoringStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /**
   * Where the topic lives: the environment's region, or its disaster-recovery
   * region for the DR stacks' alarms (`-dr-alarms`, same subscribers).
   * @default "primary"
   */
  readonly site?: "primary" | "dr";
}

/**
 * `<app>-<env>-monitoring` (and `<app>-<env>-dr-monitoring` in the DR
 * region): the environment's encrypted alarm topic and its subscriptions
 * (e-mail, incident management). Alarms of the other stacks in that region
 * publish to {@link MonitoringStack.alarmTopicArn}. The incident URL is read
 * from the SSM parameter of the topic's own region.
 */
export class MonitoringStack extends PlatformStack {
  /** The alarm topic's ARN. */
  readonly alarmTopicArn: string;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    const { project, deployment } = props;
    const { environment, alerts } = deployment;
    const dr = props.site === "dr";
    super(scope, id, environmentStackProps(project, environment, dr ? environment.drNetwork : environment.network));
    const topic = new AlarmTopic(this, "alarm-topic", {
      name: alarmTopicName(project.name, deployment, props.site),
      accountId: environment.network.account.id,
      emails: alerts.emails,
      incidentEndpointParameter: alerts.incidentManagement?.endpointParameter,
    });
    this.alarmTopicArn = topic.topicArn;
    new TerraformOutput(this, "alarm_topic_arn", { value: topic.topicArn, description: "The environment's alarm topic" });
  }
}
