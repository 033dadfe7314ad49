import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { NetworkAcl, NetworkAclEgress, NetworkAclIngress } from "@cdktf/provider-aws/lib/network-acl";
import { Construct } from "constructs";
import type { PlannedSubnet, SubnetTier } from "../../config/network/subnet-plan";

/** Properties of {@link NetworkAcls}. */
export interface NetworkAclsProps {
  /** The VPC. */
  readonly vpcId: string;
  /** The VPC's CIDR block. */
  readonly vpcCidr: string;
  /** The default network ACL of the VPC, which is emptied so that it denies everything. */
  readonly defaultNetworkAclId: string;
  /** Subnet ids by tier. */
  readonly subnetIds: Readonly<Record<SubnetTier, readonly string[]>>;
  /** Planned subnets by tier (their CIDRs scope the database rules). */
  readonly subnets: Readonly<Record<SubnetTier, readonly PlannedSubnet[]>>;
  /** The database port. */
  readonly databasePort: number;
  /**
   * Single addresses (/32s) that SSH bastions in the public subnets admit:
   * the public subnets admit SSH from them, and the database subnets admit
   * the database port from the public subnets, where those bastions run.
   * @default none: no SSH from the internet, no database traffic from the public subnets
   */
  readonly bastionSshCidrs?: readonly string[];
}

type Rule = Omit<NetworkAclIngress & NetworkAclEgress, "ruleNo" | "action">;

const ANYWHERE = "0.0.0.0/0";
const EPHEMERAL = { fromPort: 1024, toPort: 65535 };
const SSH_PORT = 22;
const tcp = (cidrBlock: string, fromPort: number, toPort = fromPort): Rule => ({ protocol: "tcp", cidrBlock, fromPort, toPort });
const udp = (cidrBlock: string, fromPort: number, toPort = fromPort): Rule => ({ protocol: "udp", cidrBlock, fromPort, toPort });
const all = (cidrBlock: string): Rule => ({ protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 });
const allow = (rules: Rule[]) => rules.map((rule, index) => ({ ...rule, ruleNo: 100 + index * 10, action: "allow" }));

/**
 * Network ACLs per subnet tier that deny by default and allow what the tier
 * needs (seed 003). They are stateless, so return traffic on ephemeral ports
 * is allowed explicitly.
 *
 * - public: HTTP and HTTPS from anywhere (the load balancer), SSH from the
 *   bastions' /32s if any, anything from the VPC (traffic the NAT gateways or
 *   the NAT instance forward), return traffic from anywhere.
 * - private: anything from the VPC, return traffic from anywhere (via NAT).
 * - database: the database port from the private and database subnets only
 *   (and the public ones where an SSH bastion runs), and return traffic from
 *   the VPC (interface endpoints); nothing from or to the internet.
 */
export class NetworkAcls extends Construct {
  constructor(scope: Construct, id: string, props: NetworkAclsProps) {
    super(scope, id);
    new DefaultNetworkAcl(this, "default", { defaultNetworkAclId: props.defaultNetworkAclId });

    const vpc = props.vpcCidr;
    const returnTraffic = [tcp(ANYWHERE, EPHEMERAL.fromPort, EPHEMERAL.toPort), udp(ANYWHERE, EPHEMERAL.fromPort, EPHEMERAL.toPort)];
    // Rules for SSH bastions come last, so that adding one leaves the other rules' numbers alone.
    const sshCidrs = props.bastionSshCidrs ?? [];
    const ssh = sshCidrs.map((cidr) => tcp(cidr, SSH_PORT));
    this.acl("public", props, [tcp(ANYWHERE, 443), tcp(ANYWHERE, 80), all(vpc), ...returnTraffic, ...ssh], [all(ANYWHERE)]);
    this.acl("private", props, [all(vpc), ...returnTraffic], [all(ANYWHERE)]);

    const databaseClient = (subnet: PlannedSubnet) => tcp(subnet.cidr, props.databasePort);
    const bastionSubnets = sshCidrs.length > 0 ? props.subnets.public : [];
    this.acl(
      "database",
      props,
      [
        ...[...props.subnets.private, ...props.subnets.database].map(databaseClient),
        tcp(vpc, EPHEMERAL.fromPort, EPHEMERAL.toPort),
        ...bastionSubnets.map(databaseClient),
      ],
      [tcp(vpc, EPHEMERAL.fromPort, EPHEMERAL.toPort), tcp(vpc, 443), tcp(vpc, props.databasePort)],
    );
  }

  private acl(tier: SubnetTier, props: NetworkAclsProps, ingress: Rule[], egress: Rule[]): NetworkAcl {
    return new NetworkAcl(this, tier, {
      vpcId: props.vpcId,
      subnetIds: [...props.subnetIds[tier]],
      ingress: allow(ingress),
      egress: allow(egress),
    });
  }
}
