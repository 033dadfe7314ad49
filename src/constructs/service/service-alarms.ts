import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
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
const PERIOD_SECONDS = 300;
const EVALUATION_PERIODS = 2;

/** An alarm on one metric, or on an expression over several (`expression`, whose metrics are `inputs`). */
interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metric?: string;
  readonly dimensions: Record<string, string>;
  readonly statistic?: string;
  readonly extendedStatistic?: string;
  readonly expression?: { readonly label: string; readonly math: string; readonly inputs: Record<string, string> };
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
      ...Object.entries(inputs).map(([id, metricName]) => ({
        id,
        returnData: false,
        metric: { namespace: spec.namespace, metricName, dimensions: spec.dimensions, stat: spec.statistic!, period: PERIOD_SECONDS },
      })),
      { id: "result", label, expression: math, returnData: true },
    ],
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
    for (const spec of specs) {
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
