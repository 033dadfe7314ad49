import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { Construct } from "constructs";
import type { ExistingSubnet } from "../../config/network/resolve";
import type { SubnetTier } from "../../config/network/subnet-plan";

/** Properties of an {@link ExistingNetwork}. */
export interface ExistingNetworkProps {
  /** The network's name, used in resource names. */
  readonly name: string;
  /** The network's name in the configuration, which the plan's error messages name. */
  readonly networkName: string;
  /** The existing VPC's id. */
  readonly vpcId: string;
  /** The VPC's primary CIDR block as the configuration declares it: the plan fails if AWS says otherwise. */
  readonly cidr: string;
  /** The existing subnets by tier, each with the zone the configuration declares: the plan fails if a subnet is in another VPC or zone. */
  readonly subnets: Readonly<Record<SubnetTier, readonly ExistingSubnet[]>>;
  /**
   * Whether interface endpoints with private DNS go into the VPC: the plan then fails unless the VPC has
   * DNS support and DNS hostnames on, which private DNS needs.
   * @default true
   */
  readonly privateDnsEndpoints?: boolean;
}

/**
 * An existing VPC and subnets, adopted rather than created: it reads them with data sources whose
 * postconditions fail the plan when AWS disagrees with the configuration (the VPC's CIDR block, each
 * subnet's VPC and zone, DNS for private endpoints), and creates the platform's database subnet group
 * on the database subnets. It creates no VPC, subnet, route, NAT, internet gateway or network ACL, and
 * leaves the VPC's default security group and network ACLs to their owner.
 */
export class ExistingNetwork extends Construct {
  /** The VPC id (from the configuration, so that later stacks read it without remote state). */
  readonly vpcId: string;
  /** Subnet ids by tier, in the configured order. */
  readonly subnetIds: Readonly<Record<SubnetTier, readonly string[]>>;
  /** The database subnet group's name. */
  readonly databaseSubnetGroupName: string;

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    this.vpcId = props.vpcId;
    const dns = props.privateDnsEndpoints ?? true;
    new DataAwsVpc(this, "vpc", {
      id: props.vpcId,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.cidr_block == ${JSON.stringify(props.cidr)}}`,
            errorMessage: `networks.${props.networkName}.existing.cidr is ${props.cidr}, but VPC ${props.vpcId}'s primary block is different: correct the configuration.`,
          },
          ...(dns
            ? [
                {
                  condition: "${self.enable_dns_support && self.enable_dns_hostnames}",
                  errorMessage: `VPC ${props.vpcId} needs DNS support and DNS hostnames on for the interface endpoints' private DNS (networks.${props.networkName}.interfaceEndpoints).`,
                },
              ]
            : []),
        ],
      },
    });
    for (const tier of ["public", "private", "database"] as const) {
      for (const subnet of props.subnets[tier]) {
        new DataAwsSubnet(this, `${tier}-${subnet.id}`, {
          id: subnet.id,
          lifecycle: {
            postcondition: [
              {
                condition: `\${self.vpc_id == ${JSON.stringify(props.vpcId)}}`,
                errorMessage: `Subnet ${subnet.id} (networks.${props.networkName}.existing.subnets.${tier}) is not in VPC ${props.vpcId}.`,
              },
              {
                condition: `\${self.availability_zone == ${JSON.stringify(subnet.availabilityZone)}}`,
                errorMessage: `Subnet ${subnet.id} (networks.${props.networkName}.existing.subnets.${tier}) is not in zone ${subnet.availabilityZone}, as the configuration says.`,
              },
            ],
          },
        });
      }
    }
    this.subnetIds = {
      public: props.subnets.public.map((subnet) => subnet.id),
      private: props.subnets.private.map((subnet) => subnet.id),
      database: props.subnets.database.map((subnet) => subnet.id),
    };
    const subnetGroup = new DbSubnetGroup(this, "database-subnet-group", {
      name: `${props.name}-database`,
      description: `Database subnets of network ${props.name} (an existing VPC)`,
      subnetIds: [...this.subnetIds.database],
    });
    this.databaseSubnetGroupName = subnetGroup.name;
  }
}
