import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { SERVICE_ALARM_WINDOW } from "../../config/service/defaults";
import type { ServiceAlarmThresholds } from "../../config/shared/tiers";

/** Properties of {@link ServiceAlarms}. */
export interface ServiceAlarmsProps {
  /** Prefix of the alarm names, unique in the account and region: CloudWatch overwrites an alarm of the same name. */
  readonly name: string;
  /** The ECS cluster's name. */
  readonly clusterName: string;
  /** The ECS service's name. */
  readonly serviceName: string;
  /** The load balancer's ARN suffix (its CloudWatch dimension). */
  readonly loadBalancerArnSuffix: string;
  /** The target group's ARN suffix (its CloudWatch dimension). */
  readonly targetGroupArnSuffix: string;
  /**
   * The second target group of blue/green releases, which takes the traffic at every other release:
   * the target groups' alarms then watch both (sums of counts, the larger p99 and unhealthy count).
   * @default one target group
   */
  readonly alternateTargetGroupArnSuffix?: string;
  /** The fewest tasks that should be running. */
  readonly minTasks: number;
  /** Whether Container Insights publishes running and desired task counts. */
  readonly containerInsights: boolean;
  /** Thresholds. */
  readonly thresholds: ServiceAlarmThresholds;
  /** The topic alarms go to (alarm and recovery). */
  readonly alarmTopicArn: string;
}

/** Seconds per datapoint, and datapoints that must breach before an alarm fires. */
const PERIOD_SECONDS = SERVICE_ALARM_WINDOW.periodSeconds;
const EVALUATION_PERIODS = SERVICE_ALARM_WINDOW.evaluationPeriods;

/** An alarm on one metric, or on an expression over several (`expression`, whose metrics are `inputs`). */
interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metric?: string;
  readonly dimensions: Record<string, string>;
  readonly statistic?: string;
  readonly extendedStatistic?: string;
  /** Metrics combined by `math`: each input names its metric, on the spec's dimensions unless it gives its own. */
  readonly expression?: { readonly label: string; readonly math: string; readonly inputs: Record<string, string | { readonly metric: string; readonly dimensions: Record<string, string> }> };
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly evaluationPeriods?: number;
}

/** The alarm's CloudWatch fields for one metric and its period, or the metric queries of an expression (each with its period). */
function alarmMetric(spec: AlarmSpec) {
  if (!spec.expression) {
    return {
      namespace: spec.namespace,
      metricName: spec.metric,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      extendedStatistic: spec.extendedStatistic,
      period: PERIOD_SECONDS,
    };
  }
  const { label, math, inputs } = spec.expression;
  return {
    metricQuery: [
      ...Object.entries(inputs).map(([id, input]) => ({
        id,
        returnData: false,
        metric: {
          namespace: spec.namespace,
          metricName: typeof input === "string" ? input : input.metric,
          dimensions: typeof input === "string" ? spec.dimensions : input.dimensions,
          stat: spec.statistic ?? spec.extendedStatistic!,
          period: PERIOD_SECONDS,
        },
      })),
      { id: "result", label, expression: math, returnData: true },
    ],
  };
}

/** How the two target groups' values of a metric combine into one: counts add up, the worst of the others counts. */
const ACROSS_TARGET_GROUPS: Readonly<Record<string, "SUM" | "MAX">> = {
  HTTPCode_Target_5XX_Count: "SUM",
  TargetResponseTime: "MAX",
  UnHealthyHostCount: "MAX",
  HealthyHostCount: "SUM",
};

/**
 * A target group alarm over both target groups of blue/green releases: the same metric of each (a
 * target group that holds no tasks reports none, filled with 0), combined as {@link ACROSS_TARGET_GROUPS} says.
 */
function acrossTargetGroups(spec: AlarmSpec, loadBalancer: string, targetGroups: readonly string[]): AlarmSpec {
  if (spec.metric === undefined || !(spec.metric in ACROSS_TARGET_GROUPS)) return spec;
  const ids = targetGroups.map((_group, index) => `tg${index + 1}`);
  const filled = ids.map((id) => `FILL(${id}, 0)`).join(", ");
  return {
    ...spec,
    metric: undefined,
    expression: {
      label: `${spec.metric}, both target groups`,
      math: `${ACROSS_TARGET_GROUPS[spec.metric]}([${filled}])`,
      inputs: Object.fromEntries(targetGroups.map((group, index) => [ids[index], { metric: spec.metric!, dimensions: { LoadBalancer: loadBalancer, TargetGroup: group } }])),
    },
  };
}

/**
 * The service's alarms, to the environment's alarm topic: load balancer and
 * target 5xx responses, p99 target response time, unhealthy targets, fewer
 * running tasks than desired (Container Insights' desired and running counts
 * where it is on; otherwise healthy targets below the minimum), and CPU and
 * memory high.
 * Missing data is not breaching: a quiet service does not page.
 */
export class ServiceAlarms extends Construct {
  /** The alarms' names: CodeDeploy rolls a blue/green release back when one of them fires. */
  readonly alarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { thresholds } = props;
    const loadBalancer = { LoadBalancer: props.loadBalancerArnSuffix };
    const targets = { ...loadBalancer, TargetGroup: props.targetGroupArnSuffix };
    const service = { ClusterName: props.clusterName, ServiceName: props.serviceName };
    const specs: AlarmSpec[] = [
      {
        id: "load-balancer-5xx",
        description: `more than ${thresholds.loadBalancer5xx} load balancer 5xx responses in 5 minutes`,
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_ELB_5XX_Count",
        dimensions: loadBalancer,
        statistic: "Sum",
        comparison: "GreaterThanThreshold",
        threshold: thresholds.loadBalancer5xx,
      },
      {
        id: "target-5xx",
        description: `more than ${thresholds.target5xx} app 5xx responses in 5 minutes`,
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_Target_5XX_Count",
        dimensions: targets,
        statistic: "Sum",
        comparison: "GreaterThanThreshold",
        threshold: thresholds.target5xx,
      },
      {
        id: "p99-response-time",
        description: `p99 response time above ${thresholds.p99ResponseSeconds} s`,
        namespace: "AWS/ApplicationELB",
        metric: "TargetResponseTime",
        dimensions: targets,
        extendedStatistic: "p99",
        comparison: "GreaterThanThreshold",
        threshold: thresholds.p99ResponseSeconds,
      },
      {
        id: "unhealthy-targets",
        description: "a target failing its health check",
        namespace: "AWS/ApplicationELB",
        metric: "UnHealthyHostCount",
        dimensions: targets,
        statistic: "Maximum",
        comparison: "GreaterThanThreshold",
        threshold: 0,
      },
      props.containerInsights
        ? {
            // The most tasks running in 5 minutes stayed below the most desired: tasks fail to start or keep
            // stopping. A scale-out reaches its new count within a period, so it does not fire this.
            id: "running-tasks",
            description: "fewer running tasks than desired for 10 minutes",
            namespace: "ECS/ContainerInsights",
            dimensions: service,
            statistic: "Maximum",
            expression: { label: "Desired tasks not running", math: "desired - running", inputs: { desired: "DesiredTaskCount", running: "RunningTaskCount" } },
            comparison: "GreaterThanThreshold",
            threshold: 0,
          }
        : {
            id: "running-tasks",
            description: `fewer healthy tasks than the minimum of ${props.minTasks}`,
            namespace: "AWS/ApplicationELB",
            metric: "HealthyHostCount",
            dimensions: targets,
            statistic: "Minimum",
            comparison: "LessThanThreshold",
            threshold: props.minTasks,
          },
      {
        id: "cpu",
        description: `CPU above ${thresholds.cpuPercent}%`,
        namespace: "AWS/ECS",
        metric: "CPUUtilization",
        dimensions: service,
        statistic: "Average",
        comparison: "GreaterThanThreshold",
        threshold: thresholds.cpuPercent,
        evaluationPeriods: 3,
      },
      {
        id: "memory",
        description: `memory above ${thresholds.memoryPercent}%`,
        namespace: "AWS/ECS",
        metric: "MemoryUtilization",
        dimensions: service,
        statistic: "Average",
        comparison: "GreaterThanThreshold",
        threshold: thresholds.memoryPercent,
        evaluationPeriods: 3,
      },
    ];
    const targetGroups = [props.targetGroupArnSuffix, ...(props.alternateTargetGroupArnSuffix ? [props.alternateTargetGroupArnSuffix] : [])];
    const alarms = targetGroups.length === 1 ? specs : specs.map((spec) => acrossTargetGroups(spec, props.loadBalancerArnSuffix, targetGroups));
    this.alarmNames = alarms.map((spec) => `${props.name}-${spec.id}`);
    for (const spec of alarms) {
      new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.name}-${spec.id}`,
        alarmDescription: `${props.name}: ${spec.description}`,
        ...alarmMetric(spec),
        evaluationPeriods: spec.evaluationPeriods ?? EVALUATION_PERIODS,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        treatMissingData: "notBreaching",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      });
    }
  }
}
