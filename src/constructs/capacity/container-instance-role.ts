import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../security/policy-document";

/** Properties of a {@link ContainerInstanceRole}. */
export interface ContainerInstanceRoleProps {
  /** The role's and its instance profile's name, such as `acme-web-dev-ecs-instance`. */
  readonly name: string;
  /** The ECS cluster the instances register with (its name, a literal: the policy names its ARN). */
  readonly clusterName: string;
  /** The account. */
  readonly accountId: string;
  /** The region. */
  readonly region: string;
}

/**
 * The ECS container agent's calls (AmazonEC2ContainerServiceforEC2Role's ECS actions but cluster
 * creation and tagging), by the resource each takes (Service Authorization Reference, Amazon ECS):
 * the cluster, a container instance of it, or none. The workload boundary admits these and no other
 * ECS action.
 */
export const CONTAINER_AGENT_ACTIONS = {
  cluster: ["ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance", "ecs:SubmitContainerStateChange", "ecs:SubmitTaskStateChange", "ecs:SubmitAttachmentStateChanges"],
  containerInstance: ["ecs:Poll", "ecs:StartTelemetrySession", "ecs:UpdateContainerInstancesState"],
  none: ["ecs:DiscoverPollEndpoint"],
} as const;

/** The ECS container agent's calls, scoped to one cluster and its container instances. */
function containerAgentStatements(clusterArn: string, containerInstances: string): PolicyStatement[] {
  return [
    { Sid: "RegisterWithItsClusterAndReportState", Effect: "Allow", Action: [...CONTAINER_AGENT_ACTIONS.cluster], Resource: clusterArn },
    {
      Sid: "PollAsItsClustersContainerInstances",
      Effect: "Allow",
      Action: [...CONTAINER_AGENT_ACTIONS.containerInstance],
      Resource: containerInstances,
      Condition: { ArnEquals: { "ecs:cluster": clusterArn } },
    },
    { Sid: "DiscoverItsEndpoints", Effect: "Allow", Action: CONTAINER_AGENT_ACTIONS.none[0], Resource: "*" },
  ];
}

/**
 * The role EC2 container instances run as, and its instance profile: what the ECS container agent
 * needs (AmazonEC2ContainerServiceforEC2Role's ECS actions, scoped to one cluster and its container
 * instances) and nothing else. No image pulls and no logs: with awsvpc tasks the agent pulls images
 * and writes the awslogs driver's logs with each task's execution role
 * (`ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE`); no cluster creation, no `ec2:DescribeTags` (the
 * agent propagates no instance tags); no SSM: nobody opens a shell on a host (ECS Exec reaches
 * containers through the task role, the bastion reaches the network), so a stolen instance
 * credential cannot run commands on every host. The workload boundary caps it like every pipeline
 * role, and tasks never reach it: IMDS is blocked for awsvpc tasks and answers one hop only.
 */
export class ContainerInstanceRole extends Construct {
  /** The role's ARN. */
  readonly roleArn: string;
  /** The instance profile's ARN, which the launch template names. */
  readonly instanceProfileArn: string;

  constructor(scope: Construct, id: string, props: ContainerInstanceRoleProps) {
    super(scope, id);
    const clusterArn = `arn:aws:ecs:${props.region}:${props.accountId}:cluster/${props.clusterName}`;
    const role = new IamRole(this, "role", {
      name: props.name,
      description: `ECS container instances of ${props.clusterName}: the ECS agent's calls on that cluster only`,
      // EC2 sends no aws:SourceAccount when it assumes an instance profile's role; who may attach the
      // role is governed by iam:PassRole in the launching account instead.
      assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    });
    new IamRolePolicy(this, "agent", {
      name: "ecs-agent",
      role: role.name,
      policy: policyDocument(containerAgentStatements(clusterArn, `arn:aws:ecs:${props.region}:${props.accountId}:container-instance/${props.clusterName}/*`)),
    });
    const profile = new IamInstanceProfile(this, "instance-profile", { name: props.name, role: role.name });
    this.roleArn = role.arn;
    this.instanceProfileArn = profile.arn;
  }
}
