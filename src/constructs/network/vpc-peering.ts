import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { Fn, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** One side of a peering: its VPC, CIDR and private route tables. */
export interface PeeringSide {
  /** The VPC id. */
  readonly vpcId: string;
  /** The VPC's CIDR block, which the other side routes to. */
  readonly cidr: string;
  /** The private route tables (a token list from the network's state) that get a route to the other side. */
  readonly privateRouteTableIds: readonly string[];
  /** How many private route tables there are: one per zone, known from config. */
  readonly privateRouteTableCount: number;
}

/** Properties of a {@link VpcPeering}. */
export interface VpcPeeringProps {
  /** The account owning both VPCs. */
  readonly accountId: string;
  /** The requester: the stack's own region. */
  readonly requester: PeeringSide;
  /** The accepter, in another region. */
  readonly accepter: PeeringSide & { readonly region: string; readonly provider: TerraformProvider };
}

/**
 * A cross-region VPC peering connection within one account: requested from
 * the stack's region, accepted by the accepter's regional provider, and a
 * route to the other VPC's CIDR in every private route table on both sides
 * (public and database subnets get none). Routes are not permissions: the
 * network ACLs admit traffic from their own VPC only, and no security group
 * admits the peer, so nothing crosses until a rule says what may.
 */
export class VpcPeering extends Construct {
  /** The peering connection's id. */
  readonly connectionId: string;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const connection = new VpcPeeringConnection(this, "connection", {
      vpcId: props.requester.vpcId,
      peerVpcId: props.accepter.vpcId,
      peerRegion: props.accepter.region,
      peerOwnerId: props.accountId,
      // A cross-region request cannot accept itself; the accepter does.
      autoAccept: false,
    });
    const accepter = new VpcPeeringConnectionAccepterA(this, "accepter", {
      provider: props.accepter.provider,
      vpcPeeringConnectionId: connection.id,
      autoAccept: true,
    });
    this.connectionId = connection.id;

    const routes = (side: string, from: PeeringSide, to: PeeringSide, provider?: TerraformProvider) => {
      for (let index = 0; index < from.privateRouteTableCount; index++) {
        new Route(this, `${side}-route-${index}`, {
          provider,
          routeTableId: Fn.element(from.privateRouteTableIds, index),
          destinationCidrBlock: to.cidr,
          vpcPeeringConnectionId: connection.id,
          dependsOn: [accepter],
        });
      }
    };
    routes("requester", props.requester, props.accepter);
    routes("accepter", props.accepter, props.requester, props.accepter.provider);
  }
}
