import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedNetwork } from "../src/config/network/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { VpcPeering } from "../src/constructs/network/vpc-peering";
import type { NetworkOutputs } from "./network-stack";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** A network and its stack's outputs. */
export interface PeeredNetwork {
  /** The network's settings. */
  readonly network: ResolvedNetwork;
  /** What its stack exports. */
  readonly outputs: NetworkOutputs;
}

/** Properties of a {@link PeeringStack}. */
export interface PeeringStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The primary network, which requests the peering. */
  readonly network: PeeredNetwork;
  /** Its disaster-recovery network, in another region of the same account, which accepts. */
  readonly peer: PeeredNetwork;
}

/**
 * `peering-<network>-<peer>`: a VPC peering connection between an
 * environment's network and its DR network, with routes between their private
 * subnets on both sides. It is requested from the primary region (its state
 * lives in that region's backend) and accepted with a provider of the DR
 * region. Nothing needs it to fail over: RDS replicates over AWS's own
 * network, and the DR region runs on its own; it is there for traffic a rule
 * later admits, and nothing crosses until then.
 */
export class PeeringStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: PeeringStackProps) {
    const { project, network, peer } = props;
    super(scope, id, sharedStackProps(project, network.network.account, network.network.region, network.network.name));
    const side = ({ network: settings, outputs }: PeeredNetwork) => ({
      vpcId: outputs.vpcId,
      cidr: settings.cidr,
      privateRouteTableIds: outputs.routeTableIds.private,
      privateRouteTableCount: settings.existing ? settings.existing.privateRouteTableIds.length : settings.subnets.private.length,
    });
    const peering = new VpcPeering(this, "peering", {
      accountId: network.network.account.id,
      requester: side(network),
      accepter: { ...side(peer), region: peer.network.region, provider: this.providerIn(peer.network.region) },
    });
    new TerraformOutput(this, "peering_connection_id", { value: peering.connectionId, description: "The VPC peering connection" });
  }
}
