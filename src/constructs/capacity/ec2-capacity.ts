import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { Construct } from "constructs";
import type { ResolvedEc2Capacity } from "../../config/capacity/resolve";
import { ROOT_DEVICE_NAME } from "../../config/capacity/defaults";
import { CapacityGroup } from "./capacity-group";
import { ContainerInstanceRole } from "./container-instance-role";
import { ContainerInstanceTemplate } from "./container-instance-template";
import { VolumeKey } from "./volume-key";

/** Properties of an {@link Ec2Capacity}. */
export interface Ec2CapacityProps {
  /** The capacity's settings and names, resolved. */
  readonly capacity: ResolvedEc2Capacity;
  /** The cluster's name as a literal (the instance role's policy names its ARN). */
  readonly clusterName: string;
  /** The cluster's name as a reference to it, which the instances' boot script names: the group then goes before the cluster on destroy. */
  readonly clusterNameReference: string;
  /** The VPC. */
  readonly vpcId: string;
  /** The private subnets the instances run in. */
  readonly subnetIds: readonly string[];
  /** The account. */
  readonly accountId: string;
  /** The region. */
  readonly region: string;
  /** The stack's tags, which the group, the instances and their volumes carry (default tags reach neither). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * ECS capacity on EC2 (issue 23, decision 0012): a capacity provider with managed scaling at the
 * configured target capacity and managed draining, and no managed termination protection (which
 * needs scale-in protection on every instance, and then `terraform destroy` waits on instances that
 * hold tasks); behind it an Auto Scaling group of ECS-optimized instances in the private subnets
 * ({@link CapacityGroup}, {@link ContainerInstanceTemplate}), running as a role confined to the ECS
 * agent's calls on this cluster ({@link ContainerInstanceRole}), their volumes encrypted with a key
 * of their own that the group's own service-linked role may use ({@link VolumeKey}).
 */
export class Ec2Capacity extends Construct {
  /** The capacity provider's name, which the cluster and the service's strategy name. */
  readonly capacityProviderName: string;

  constructor(scope: Construct, id: string, props: Ec2CapacityProps) {
    super(scope, id);
    const { capacity } = props;
    const key = new VolumeKey(this, "volumes", {
      alias: capacity.volumeKeyAlias,
      serviceLinkedRoleSuffix: capacity.serviceLinkedRoleSuffix,
      description: `the ECS container instances of ${props.clusterName}`,
      accountId: props.accountId,
    });
    const role = new ContainerInstanceRole(this, "instance-role", { name: capacity.instanceRoleName, clusterName: props.clusterName, accountId: props.accountId, region: props.region });
    const template = new ContainerInstanceTemplate(this, "launch-template", {
      name: capacity.groupName,
      vpcId: props.vpcId,
      amiParameter: capacity.amiParameter,
      instanceType: capacity.instanceType,
      instanceProfileArn: role.instanceProfileArn,
      rootVolume: { deviceName: ROOT_DEVICE_NAME, sizeGb: capacity.volumeSizeGb, kmsKeyArn: key.keyArn },
      imdsHopLimit: capacity.imdsHopLimit,
      agent: { clusterName: props.clusterNameReference, reservedMemoryMiB: capacity.reservedMemoryMiB, spot: capacity.spot !== undefined },
      tags: props.tags,
    });
    const group = new CapacityGroup(this, "group", {
      name: capacity.groupName,
      subnetIds: props.subnetIds,
      launchTemplate: { id: template.launchTemplateId, version: template.latestVersion },
      instanceTypes: [capacity.instanceType, ...capacity.spotInstanceTypes],
      minInstances: capacity.minInstances,
      maxInstances: capacity.maxInstances,
      ...(capacity.spot ? { spot: capacity.spot } : {}),
      serviceLinkedRoleArn: key.serviceLinkedRoleArn,
      instanceWarmupSeconds: capacity.instanceWarmupSeconds,
      maintenance: capacity.maintenance,
      tags: props.tags,
    });
    const provider = new EcsCapacityProvider(this, "provider", {
      name: capacity.capacityProviderName,
      autoScalingGroupProvider: {
        autoScalingGroupArn: group.arn,
        managedTerminationProtection: "DISABLED",
        managedDraining: "ENABLED",
        managedScaling: { status: "ENABLED", targetCapacity: capacity.targetCapacityPercent, instanceWarmupPeriod: capacity.instanceWarmupSeconds, minimumScalingStepSize: 1 },
      },
    });
    this.capacityProviderName = provider.name;
  }
}
