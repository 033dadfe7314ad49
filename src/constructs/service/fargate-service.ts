import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CODE_DEPLOY_OWNED_SERVICE_ARGUMENTS } from "../../config/release/defaults";
import { serviceCapacity, ServiceCapacityProps } from "./cluster-capacity";

/** How a task outside the service (a migration, a scheduled job) runs as the service's tasks do: where, on what capacity, in which network. */
export interface TaskPlacement {
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The service's capacity provider strategy. */
  readonly capacityProviderStrategy: readonly { readonly capacityProvider: string; readonly base?: number; readonly weight?: number }[];
  /** The Fargate platform version. @default none: EC2 capacity */
  readonly platformVersion?: string;
  /** The private subnets (no public IP). */
  readonly subnetIds: readonly string[];
  /** The tasks' security groups: their own and the clients' groups they join. */
  readonly securityGroupIds: readonly string[];
}

/** Properties of a {@link FargateService}. */
export interface FargateServiceProps {
  /** The cluster's and service's name. */
  readonly name: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Subnets the tasks run in (private: no public IPs). */
  readonly subnetIds: readonly string[];
  /** The task definition to run. */
  readonly taskDefinitionArn: string;
  /** The container and port the load balancer targets. */
  readonly entrypoint: { readonly containerName: string; readonly port: number };
  /** The load balancer's target group. */
  readonly targetGroupArn: string;
  /** The load balancer's security group: the only source the tasks admit. */
  readonly loadBalancerSecurityGroupId: string;
  /** More security groups the tasks join, such as the database's client group. @default none */
  readonly extraSecurityGroupIds?: readonly string[];
  /** Tasks started before autoscaling takes over the count. */
  readonly initialCount: number;
  /**
   * Terraform holds the count at `initialCount` on every apply instead of leaving it to
   * autoscaling after the first: how the primary region's service is fenced at zero while the DR
   * region is the writer. @default false
   */
  readonly holdCount?: boolean;
  /** Deployment bounds in percent of the desired count. */
  readonly deployment: { readonly minimumHealthyPercent: number; readonly maximumPercent: number };
  /** Seconds failing load balancer health checks are ignored after a task starts. */
  readonly healthCheckGracePeriodSeconds: number;
  /** Container Insights on the cluster. */
  readonly containerInsights: boolean;
  /** Where the tasks run: Fargate (Spot above an on-demand base where asked), or EC2 capacity the cluster gets (decision 0012). */
  readonly capacity: ServiceCapacityProps;
  /** Allow ECS Exec; sessions are encrypted with `execKmsKeyArn`. */
  readonly execCommand: boolean;
  /** The key encrypting ECS Exec sessions. */
  readonly execKmsKeyArn: string;
  /** What must exist before the service (the load balancer's listeners). */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Released by CodeDeploy's blue/green deployments (decision 0013): the `CODE_DEPLOY` deployment
   * controller, no circuit breaker (ECS's rolling updates only), and the task definition, load
   * balancer, network configuration, platform version and capacity provider strategy left to each
   * deployment's AppSpec, since ECS refuses to update them on such a service.
   * @default false: ECS's rolling updates with the circuit breaker
   */
  readonly codeDeploy?: boolean;
}

/**
 * An ECS cluster with the Fargate and Fargate Spot capacity providers (and
 * EC2 capacity of its own where asked: {@link serviceCapacity}), and
 * a service behind a load balancer in private subnets with no public IPs:
 * a deployment circuit breaker that rolls back, explicit deployment bounds,
 * a health check grace period, and the desired count left to autoscaling
 * after the first apply. Its tasks' security group admits the target port
 * from the load balancer only and sends HTTPS out (AWS APIs, image pulls).
 */
export class FargateService extends Construct {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The cluster's ARN, which its tasks' state change events name. */
  readonly clusterArn: string;
  /** The service's name. */
  readonly serviceName: string;
  /** The tasks' security group. */
  readonly securityGroupId: string;
  /** How another task of the service's (a migration, a scheduled job) runs as the service's do. */
  readonly placement: TaskPlacement;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const cluster = new EcsCluster(this, "cluster", {
      name: props.name,
      setting: [{ name: "containerInsights", value: props.containerInsights ? "enabled" : "disabled" }],
      configuration: {
        executeCommandConfiguration: { kmsKeyId: props.execKmsKeyArn, logging: "DEFAULT" },
      },
    });
    const capacity = serviceCapacity(this, cluster, props.capacity);
    const providers = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: cluster.name,
      capacityProviders: capacity.capacityProviders,
      defaultCapacityProviderStrategy: capacity.strategy,
    });

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-tasks`,
      vpcId: props.vpcId,
      description: `${props.name}: tasks, reached from the load balancer only`,
    });
    new VpcSecurityGroupIngressRule(this, "from-load-balancer", {
      securityGroupId: securityGroup.id,
      description: "The app's port from the load balancer",
      ipProtocol: "tcp",
      fromPort: props.entrypoint.port,
      toPort: props.entrypoint.port,
      referencedSecurityGroupId: props.loadBalancerSecurityGroupId,
    });
    new VpcSecurityGroupEgressRule(this, "https-out", {
      securityGroupId: securityGroup.id,
      description: "HTTPS to AWS APIs and registries (through NAT or the VPC's interface endpoints)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    const autoscaled = props.holdCount ? [] : ["desired_count"];
    const securityGroupIds = [securityGroup.id, ...(props.extraSecurityGroupIds ?? [])];
    const service = new EcsService(this, "service", {
      name: props.name,
      cluster: cluster.arn,
      taskDefinition: props.taskDefinitionArn,
      desiredCount: props.initialCount,
      capacityProviderStrategy: capacity.strategy,
      ...capacity.service,
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: securityGroupIds,
        assignPublicIp: false,
      },
      loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: props.entrypoint.containerName, containerPort: props.entrypoint.port }],
      // The circuit breaker is ECS's rolling updates' own: under CODE_DEPLOY, CodeDeploy rolls back instead.
      ...(props.codeDeploy ? { deploymentController: { type: "CODE_DEPLOY" } } : { deploymentCircuitBreaker: { enable: true, rollback: true } }),
      deploymentMinimumHealthyPercent: props.deployment.minimumHealthyPercent,
      deploymentMaximumPercent: props.deployment.maximumPercent,
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds,
      enableExecuteCommand: props.execCommand,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      // Autoscaling owns the count after the first apply, unless Terraform holds it (fencing); CodeDeploy owns what its deployments change.
      lifecycle: props.codeDeploy || !props.holdCount ? { ignoreChanges: [...autoscaled, ...(props.codeDeploy ? CODE_DEPLOY_OWNED_SERVICE_ARGUMENTS : [])] } : undefined,
      dependsOn: [...props.dependsOn, providers],
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.serviceName = service.name;
    this.securityGroupId = securityGroup.id;
    this.placement = { clusterArn: cluster.arn, capacityProviderStrategy: capacity.strategy, ...(capacity.service.platformVersion ? { platformVersion: capacity.service.platformVersion } : {}), subnetIds: props.subnetIds, securityGroupIds };
  }
}
