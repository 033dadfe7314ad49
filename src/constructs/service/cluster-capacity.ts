import type { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import type { EcsServiceCapacityProviderStrategy, EcsServiceOrderedPlacementStrategy } from "@cdktf/provider-aws/lib/ecs-service";
import { Construct } from "constructs";
import { Ec2Capacity, Ec2CapacityProps } from "../capacity/ec2-capacity";

/** Where a cluster's service runs: Fargate (on-demand, or Spot above an on-demand base), or EC2 capacity the cluster gets. */
export interface ServiceCapacityProps {
  /** Run tasks beyond `onDemandBaseTasks` on Fargate Spot (Fargate only). */
  readonly fargateSpot: boolean;
  /** With fargateSpot, tasks kept on on-demand Fargate; 0 runs every task on Spot. */
  readonly onDemandBaseTasks: number;
  /** EC2 container instances instead of Fargate, with how the service places its tasks on them. @default Fargate */
  readonly ec2?: Omit<Ec2CapacityProps, "clusterName" | "clusterNameReference"> & { readonly placement: "spread-zones" | "binpack-memory" };
}

/** What a cluster's service takes from its capacity. */
export interface ServiceCapacity {
  /** The cluster's capacity providers. */
  readonly capacityProviders: string[];
  /** The strategy of the service, and the cluster's default (one-off tasks run with it). */
  readonly strategy: EcsServiceCapacityProviderStrategy[];
  /** The service's Fargate platform version, or its task placement on EC2 (ECS refuses a platform version there). */
  readonly service: { readonly platformVersion?: string; readonly orderedPlacementStrategy?: EcsServiceOrderedPlacementStrategy[] };
}

/** ECS's two placements on EC2, never combined (spread with binpack runs one task per instance in the end: "Cluster Auto Scaling considerations"). */
const PLACEMENT: Readonly<Record<"spread-zones" | "binpack-memory", EcsServiceOrderedPlacementStrategy[]>> = {
  "spread-zones": [{ type: "spread", field: "attribute:ecs.availability-zone" }],
  "binpack-memory": [{ type: "binpack", field: "memory" }],
};

/**
 * A cluster's capacity and its service's strategy: Fargate (and Fargate Spot above an on-demand
 * base), or an {@link Ec2Capacity} of the cluster's own, which becomes the cluster's default
 * strategy too. The Fargate providers stay on the cluster either way, so a one-off task may still
 * ask for Fargate.
 */
export function serviceCapacity(scope: Construct, cluster: EcsCluster, props: ServiceCapacityProps): ServiceCapacity {
  const fargate = ["FARGATE", "FARGATE_SPOT"];
  if (props.ec2) {
    const { placement, ...ec2 } = props.ec2;
    const capacity = new Ec2Capacity(scope, "capacity", { ...ec2, clusterName: cluster.nameInput ?? cluster.name, clusterNameReference: cluster.name });
    return {
      capacityProviders: [...fargate, capacity.capacityProviderName],
      strategy: [{ capacityProvider: capacity.capacityProviderName, weight: 1 }],
      service: { orderedPlacementStrategy: PLACEMENT[placement] },
    };
  }
  const onDemandBase = props.onDemandBaseTasks > 0 ? [{ capacityProvider: "FARGATE", base: props.onDemandBaseTasks, weight: 0 }] : [];
  const strategy = props.fargateSpot ? [...onDemandBase, { capacityProvider: "FARGATE_SPOT", weight: 1 }] : [{ capacityProvider: "FARGATE", weight: 1 }];
  return { capacityProviders: fargate, strategy, service: { platformVersion: "LATEST" } };
}
