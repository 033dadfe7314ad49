import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import type { PlannedSubnet, SubnetTier } from "../../config/network/subnet-plan";
import type { NatMode } from "../../config/shared/tiers";
import { NatInstance } from "./nat-instance";

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /** The network's name, used in resource names. */
  readonly name: string;
  /** The VPC's CIDR block. */
  readonly cidr: string;
  /** Subnets of each tier, one per availability zone, in zone order. */
  readonly subnets: Readonly<Record<SubnetTier, readonly PlannedSubnet[]>>;
  /** NAT: none, an instance in the first zone, a gateway in the first zone, or one gateway per zone. */
  readonly natMode: NatMode;
  /** The NAT instance's EC2 type; used with natMode `instance` only. @default none */
  readonly natInstanceType?: string;
}

/** The route tables of a network. */
export interface NetworkRouteTableIds {
  /** The public route table (default route to the internet gateway). */
  readonly public: string;
  /** One private route table per zone (default route to that zone's NAT, the single NAT, or none). */
  readonly private: readonly string[];
  /** The database route table: no route out of the VPC. */
  readonly database: string;
}

/**
 * A VPC with DNS support and hostnames, public, private and database subnets
 * in each zone, an internet gateway, NAT gateways or a NAT instance by mode, route tables, a
 * database subnet group, and the default security group stripped of rules.
 */
export class Network extends Construct {
  /** The VPC. */
  readonly vpc: Vpc;
  /** The VPC id. */
  readonly vpcId: string;
  /** Subnet ids by tier, in zone order. */
  readonly subnetIds: Readonly<Record<SubnetTier, readonly string[]>>;
  /** Route table ids. */
  readonly routeTableIds: NetworkRouteTableIds;
  /** The database subnet group's name. */
  readonly databaseSubnetGroupName: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, "vpc", { cidrBlock: props.cidr, enableDnsSupport: true, enableDnsHostnames: true });
    this.vpcId = this.vpc.id;
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpcId, ingress: [], egress: [] });

    const subnetsOf = (tier: SubnetTier) =>
      props.subnets[tier].map(
        (planned) =>
          new Subnet(this, `${tier}-${planned.availabilityZone}`, {
            vpcId: this.vpcId,
            cidrBlock: planned.cidr,
            availabilityZone: planned.availabilityZone,
            mapPublicIpOnLaunch: false,
          }),
      );
    const publicSubnets = subnetsOf("public");
    const privateSubnets = subnetsOf("private");
    const databaseSubnets = subnetsOf("database");
    this.subnetIds = {
      public: publicSubnets.map((subnet) => subnet.id),
      private: privateSubnets.map((subnet) => subnet.id),
      database: databaseSubnets.map((subnet) => subnet.id),
    };

    const internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpcId });
    const publicRoutes = new RouteTable(this, "public-routes", { vpcId: this.vpcId });
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });
    publicSubnets.forEach((subnet, index) => this.associate(`public-${index}`, subnet, publicRoutes));

    const natTargets = this.natTargets(props, publicSubnets, internetGateway);
    const privateRoutes = privateSubnets.map((subnet, index) => {
      const zone = props.subnets.private[index].availabilityZone;
      const table = new RouteTable(this, `private-routes-${zone}`, { vpcId: this.vpcId });
      const nat = natTargets[Math.min(index, natTargets.length - 1)];
      if (nat) new Route(this, `private-default-route-${zone}`, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", ...nat });
      this.associate(`private-${index}`, subnet, table);
      return table;
    });

    const databaseRoutes = new RouteTable(this, "database-routes", { vpcId: this.vpcId });
    databaseSubnets.forEach((subnet, index) => this.associate(`database-${index}`, subnet, databaseRoutes));
    this.routeTableIds = {
      public: publicRoutes.id,
      private: privateRoutes.map((table) => table.id),
      database: databaseRoutes.id,
    };

    const subnetGroup = new DbSubnetGroup(this, "database-subnet-group", {
      name: `${props.name}-database`,
      description: `Database subnets of network ${props.name}`,
      subnetIds: [...this.subnetIds.database],
    });
    this.databaseSubnetGroupName = subnetGroup.name;
  }

  /** The default route targets of the private route tables, by zone (the last serves the remaining zones). */
  private natTargets(props: NetworkProps, publicSubnets: Subnet[], internetGateway: InternetGateway): ({ natGatewayId: string } | { networkInterfaceId: string })[] {
    if (props.natMode === "instance") {
      const instance = new NatInstance(this, "nat-instance", {
        name: props.name,
        vpcId: this.vpcId,
        subnetId: publicSubnets[0].id,
        privateCidrs: props.subnets.private.map((subnet) => subnet.cidr),
        instanceType: props.natInstanceType!,
        dependsOn: [internetGateway],
      });
      return [{ networkInterfaceId: instance.networkInterfaceId }];
    }
    const count = { none: 0, single: 1, "per-az": publicSubnets.length }[props.natMode];
    return publicSubnets.slice(0, count).map((subnet, index) => {
      const zone = props.subnets.public[index].availabilityZone;
      const address = new Eip(this, `nat-address-${zone}`, { domain: "vpc", dependsOn: [internetGateway] });
      const gateway = new NatGateway(this, `nat-${zone}`, { allocationId: address.allocationId, subnetId: subnet.id, dependsOn: [internetGateway] });
      return { natGatewayId: gateway.id };
    });
  }

  private associate(id: string, subnet: Subnet, table: RouteTable): void {
    new RouteTableAssociation(this, `${id}-route-association`, { subnetId: subnet.id, routeTableId: table.id });
  }
}
