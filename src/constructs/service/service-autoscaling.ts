import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";

/** Properties of {@link ServiceAutoscaling}. */
export interface ServiceAutoscalingProps {
  /** The ECS cluster's name. */
  readonly clusterName: string;
  /** The ECS service's name. */
  readonly serviceName: string;
  /** Fewest tasks. */
  readonly minTasks: number;
  /** Most tasks. */
  readonly maxTasks: number;
  /** Average CPU utilization to hold, in percent. */
  readonly cpuTargetPercent: number;
  /** Average memory utilization to hold, in percent. */
  readonly memoryTargetPercent: number;
  /** Requests per target to hold, and the load balancer's and target group's ARN suffixes. @default no request-count tracking */
  readonly requestsPerTarget?: { readonly target: number; readonly loadBalancerArnSuffix: string; readonly targetGroupArnSuffix: string };
  /** Seconds after a scale-out before another. */
  readonly scaleOutCooldownSeconds: number;
  /** Seconds after a scale-in before another. */
  readonly scaleInCooldownSeconds: number;
}

/**
 * Target tracking for an ECS service's task count (seeds 001 and 004): on
 * average CPU and memory, and optionally on load balancer requests per
 * target, between a minimum and a maximum, with separate scale-out and
 * scale-in cooldowns.
 */
export class ServiceAutoscaling extends Construct {
  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    const target = new AppautoscalingTarget(this, "target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minTasks,
      maxCapacity: props.maxTasks,
    });
    const track = (name: string, metric: string, value: number, resourceLabel?: string) =>
      new AppautoscalingPolicy(this, name, {
        name: `${props.serviceName}-${name}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: value,
          predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
          scaleOutCooldown: props.scaleOutCooldownSeconds,
          scaleInCooldown: props.scaleInCooldownSeconds,
        },
      });
    track("cpu", "ECSServiceAverageCPUUtilization", props.cpuTargetPercent);
    track("memory", "ECSServiceAverageMemoryUtilization", props.memoryTargetPercent);
    const requests = props.requestsPerTarget;
    if (requests) {
      track("requests", "ALBRequestCountPerTarget", requests.target, `${requests.loadBalancerArnSuffix}/${requests.targetGroupArnSuffix}`);
    }
  }
}
