import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { Construct } from "constructs";
import { ECS_MANAGED_TAG } from "../../config/capacity/defaults";

/** Properties of a {@link CapacityGroup}. */
export interface CapacityGroupProps {
  /** The group's name. */
  readonly name: string;
  /** The private subnets the instances run in, one or more per zone. */
  readonly subnetIds: readonly string[];
  /** The launch template and the version to run. */
  readonly launchTemplate: { readonly id: string; readonly version: string };
  /** The instance types: the first is the launch template's; Spot may choose the others too. */
  readonly instanceTypes: readonly string[];
  /** Fewest and most instances (ECS managed scaling moves the desired count between them). */
  readonly minInstances: number;
  /** Most instances. */
  readonly maxInstances: number;
  /** Spot instances above an on-demand base, chosen by an allocation strategy. @default every instance on-demand */
  readonly spot?: { readonly onDemandBaseInstances: number; readonly allocationStrategy: string };
  /** The group's own Auto Scaling service-linked role, which the volume key's policy names. */
  readonly serviceLinkedRoleArn: string;
  /** Seconds a new instance warms up. */
  readonly instanceWarmupSeconds: number;
  /** The healthy range, in percent of the desired capacity, that instance replacements keep. */
  readonly maintenance: { readonly minHealthyPercent: number; readonly maxHealthyPercent: number };
  /** Tags of the group itself (the provider's default tags do not reach an Auto Scaling group). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The Auto Scaling group behind an ECS capacity provider, made to be managed by ECS and destroyed
 * by Terraform (decision 0012, docs/runbooks/destroy-environment.md):
 * - ECS managed scaling owns the desired count: Terraform sets none and ignores it, and keeps the
 *   `AmazonECSManaged` tag ECS adds (without it, the next apply would remove the tag and ECS could no
 *   longer scale the group);
 * - no scale-in protection (managed termination protection is off): managed draining moves the
 *   tasks off an instance before it terminates, and `terraform destroy` never waits on a protected
 *   instance; `force_delete` deletes the group with its instances and any pending lifecycle action
 *   (managed draining's hook), so the destroy does not wait up to the hook's 48 hours;
 * - replacements launch before terminations (the maintenance policy), and a new launch template
 *   version (a new AMI) starts a rolling instance refresh;
 * - Spot as a mixed instances policy: an on-demand base, Spot above it, capacity rebalancing (a
 *   replacement launches when EC2 signals a Spot instance's elevated risk), no instance weights
 *   (ECS capacity providers refuse them).
 */
export class CapacityGroup extends Construct {
  /** The group's ARN, which the capacity provider names. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CapacityGroupProps) {
    super(scope, id);
    const template = { id: props.launchTemplate.id, version: props.launchTemplate.version };
    const spot = props.spot;
    const group = new AutoscalingGroup(this, "group", {
      name: props.name,
      minSize: props.minInstances,
      maxSize: props.maxInstances,
      vpcZoneIdentifier: [...props.subnetIds],
      serviceLinkedRoleArn: props.serviceLinkedRoleArn,
      healthCheckType: "EC2",
      defaultInstanceWarmup: props.instanceWarmupSeconds,
      protectFromScaleIn: false,
      forceDelete: true,
      ...(spot
        ? {
            capacityRebalance: true,
            mixedInstancesPolicy: {
              instancesDistribution: { onDemandBaseCapacity: spot.onDemandBaseInstances, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: spot.allocationStrategy },
              launchTemplate: { launchTemplateSpecification: { launchTemplateId: template.id, version: template.version }, override: props.instanceTypes.map((instanceType) => ({ instanceType })) },
            },
          }
        : { launchTemplate: template }),
      instanceMaintenancePolicy: { minHealthyPercentage: props.maintenance.minHealthyPercent, maxHealthyPercentage: props.maintenance.maxHealthyPercent },
      instanceRefresh: { strategy: "Rolling" },
      tag: [
        ...Object.entries(props.tags).map(([key, value]) => ({ key, value, propagateAtLaunch: false })),
        { key: ECS_MANAGED_TAG, value: "true", propagateAtLaunch: true },
      ],
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });
    this.arn = group.arn;
  }
}
