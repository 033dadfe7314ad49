import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedNetwork } from "../src/config/network/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { FlowLogs } from "../src/constructs/network/flow-logs";
import { Network, NetworkRouteTableIds } from "../src/constructs/network/network";
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
}

/** What later stacks use from a network. */
export interface NetworkOutputs {
  /** The VPC id. */
  readonly vpcId: string;
  /** The VPC's CIDR block. */
  readonly vpcCidr: string;
  /** Subnet ids by tier, in zone order. */
  readonly subnetIds: Readonly<Record<SubnetTier, readonly string[]>>;
  /** Route table ids. */
  readonly routeTableIds: NetworkRouteTableIds;
  /** The security group of the interface endpoints (admits HTTPS from the VPC). */
  readonly endpointSecurityGroupId: string;
  /** The database subnet group's name. */
  readonly databaseSubnetGroupName: string;
}

/**
 * `network-<network>`: the VPC, its subnets, NAT, routes, network ACLs,
 * endpoints and flow logs (seed 004 layer 1). Other stacks read
 * {@link NetworkStack.outputs} through CDKTF cross-stack references.
 */
export class NetworkStack extends PlatformStack {
  /** Typed values for later stacks. */
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    const { network, project } = props;
    super(scope, id, sharedStackProps(project, network.account, network.region, network.name));

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
}
