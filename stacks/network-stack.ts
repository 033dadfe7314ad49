import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { workloadBoundaryArn } from "../src/config/delivery/resolve";
import { flowLogRoleArn, flowLogRoleName, ResolvedNetwork } from "../src/config/network/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { flowLogDeliveryRole, FlowLogs } from "../src/constructs/network/flow-logs";
import { ExistingNetwork } from "../src/constructs/network/existing-network";
import { Network } from "../src/constructs/network/network";
import { NetworkAcls } from "../src/constructs/network/network-acls";
import { VpcEndpoints } from "../src/constructs/network/vpc-endpoints";
import type { SubnetTier } from "../src/config/network/subnet-plan";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of a {@link NetworkStack}. */
export interface NetworkStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The network to build. */
  readonly network: ResolvedNetwork;
  /**
   * Other networks whose flow-log delivery roles this stack creates: the DR networks of the
   * environments whose primary network this is (their `flowLogs.roleNetwork`), so that no stack a
   * failover applies calls IAM, whose control plane is in us-east-1.
   * @default none
   */
  readonly flowLogRolesOf?: readonly ResolvedNetwork[];
}

/**
 * The addresses a network's own flow-log delivery role and policy had in its stack (their construct
 * paths `flow-logs/delivery-role` and `flow-logs/delivery-policy`, the same in every network stack).
 */
export const OWN_FLOW_LOG_ROLE_ADDRESSES = ["aws_iam_role.flow-logs_delivery-role_2C7CBC13", "aws_iam_role_policy.flow-logs_delivery-policy_555571C4"] as const;

/** What later stacks use from a network. */
export interface NetworkOutputs {
  /** The VPC id. */
  readonly vpcId: string;
  /** The VPC's CIDR block. */
  readonly vpcCidr: string;
  /** Subnet ids by tier, in zone order. */
  readonly subnetIds: Readonly<Record<SubnetTier, readonly string[]>>;
  /** The private route tables (one per zone; in an existing VPC, those its configuration names, perhaps none). */
  readonly routeTableIds: { readonly private: readonly string[] };
  /** The security group of the interface endpoints (admits HTTPS from the VPC). */
  readonly endpointSecurityGroupId: string;
  /** The database subnet group's name. */
  readonly databaseSubnetGroupName: string;
}

/** What the rest of a network stack builds on, created or existing. */
type VpcParts = Pick<NetworkOutputs, "vpcId" | "subnetIds" | "routeTableIds" | "databaseSubnetGroupName">;

/**
 * `network-<network>`: the VPC, its subnets, NAT, routes, network ACLs,
 * endpoints and flow logs (seed 004 layer 1). Other stacks read
 * {@link NetworkStack.outputs} through CDKTF cross-stack references.
 * With an existing VPC (`networks.<network>.existing`) it creates no VPC, subnets, routes, NAT,
 * internet gateway or network ACLs (those stay with the VPC's owner, whose other workloads they
 * govern): it checks the VPC and subnets at plan time and adds the database subnet group,
 * endpoints and flow logs.
 */
export class NetworkStack extends PlatformStack {
  /** Typed values for later stacks. */
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    const { network, project } = props;
    super(scope, id, sharedStackProps(project, network.account, network.region, network.name));

    const vpc = network.existing ? this.existingNetwork(project, network) : this.createdNetwork(project, network);
    const endpoints = new VpcEndpoints(this, "endpoints", {
      vpcId: vpc.vpcId,
      vpcCidr: network.cidr,
      region: network.region,
      gatewayRouteTableIds: vpc.routeTableIds.private,
      interfaceServices: network.interfaceEndpoints.services,
      interfaceSubnetIds: vpc.subnetIds.private.slice(0, network.interfaceEndpoints.azCount),
    });
    if (network.flowLogs.enabled) {
      new FlowLogs(this, "flow-logs", {
        vpcId: vpc.vpcId,
        networkName: network.name,
        projectName: project.name,
        accountId: network.account.id,
        region: network.region,
        retentionDays: network.flowLogs.retentionDays,
        deliveryRoleName: flowLogRoleName(project.name, network.name),
        ...(network.flowLogs.roleNetwork === network.name ? {} : { deliveryRoleArn: flowLogRoleArn(project.name, network.account.id, network.name) }),
      });
    }
    if (network.flowLogs.roleNetwork !== network.name) {
      // The role moved to the primary network's stack, which adopts it: this state forgets it, AWS keeps it.
      this.addOverride(
        "removed",
        OWN_FLOW_LOG_ROLE_ADDRESSES.map((from) => ({ from, lifecycle: { destroy: false } })),
      );
    }
    for (const other of props.flowLogRolesOf ?? []) {
      // Under the other network's own boundary, as its role was in its own stack.
      flowLogDeliveryRole(new Construct(this, `flow-log-roles-${other.name}`), {
        roleName: flowLogRoleName(project.name, other.name),
        networkName: other.name,
        projectName: project.name,
        accountId: other.account.id,
        region: other.region,
        permissionsBoundaryArn: workloadBoundaryArn(project.name, other.account.id, other.name),
      });
    }

    this.outputs = {
      vpcId: vpc.vpcId,
      vpcCidr: network.cidr,
      subnetIds: vpc.subnetIds,
      routeTableIds: vpc.routeTableIds,
      endpointSecurityGroupId: endpoints.securityGroupId,
      databaseSubnetGroupName: vpc.databaseSubnetGroupName,
    };
    new TerraformOutput(this, "vpc_id", { value: this.outputs.vpcId, description: "The VPC id" });
    new TerraformOutput(this, "public_subnet_ids", { value: this.outputs.subnetIds.public, description: "Public subnets, in zone order" });
    new TerraformOutput(this, "private_subnet_ids", { value: this.outputs.subnetIds.private, description: "Private subnets, in zone order" });
    new TerraformOutput(this, "database_subnet_ids", { value: this.outputs.subnetIds.database, description: "Database subnets, in zone order" });
    new TerraformOutput(this, "database_subnet_group_name", { value: this.outputs.databaseSubnetGroupName, description: "The database subnet group" });
    new TerraformOutput(this, "endpoint_security_group_id", { value: this.outputs.endpointSecurityGroupId, description: "Security group of the interface endpoints" });
  }

  /** The VPC, subnets, NAT, routes and network ACLs the platform creates. */
  private createdNetwork(project: ResolvedProject, network: ResolvedNetwork): VpcParts {
    const vpc = new Network(this, "network", {
      name: `${project.name}-${network.name}`,
      cidr: network.cidr,
      subnets: network.subnets,
      natMode: network.natMode,
      natInstanceType: network.natInstance?.instanceType,
    });
    new NetworkAcls(this, "network-acls", {
      vpcId: vpc.vpcId,
      vpcCidr: network.cidr,
      defaultNetworkAclId: vpc.vpc.defaultNetworkAclId,
      subnetIds: vpc.subnetIds,
      subnets: network.subnets,
      databasePort: network.databasePort,
      bastionSshCidrs: network.bastionSshCidrs,
    });
    return vpc;
  }

  /** An existing VPC and subnets, checked at plan time; gateway endpoints go into the private route tables its configuration names. */
  private existingNetwork(project: ResolvedProject, network: ResolvedNetwork): VpcParts {
    const existing = network.existing!;
    const adopted = new ExistingNetwork(this, "existing-network", {
      name: `${project.name}-${network.name}`,
      networkName: network.name,
      vpcId: existing.vpcId,
      cidr: network.cidr,
      subnets: existing.subnets,
      privateDnsEndpoints: network.interfaceEndpoints.services.length > 0,
    });
    return { vpcId: adopted.vpcId, subnetIds: adopted.subnetIds, routeTableIds: { private: existing.privateRouteTableIds }, databaseSubnetGroupName: adopted.databaseSubnetGroupName };
  }
}
