import { buildPlatform, SynthesizedStack } from "../support/synth";

const ref = SynthesizedStack.ref;
const { platform } = buildPlatform();
const stack = new SynthesizedStack(platform.peerings.get("peering-prod-prod-dr")!);

describe("peering-<network>-<peer> stacks: an environment's network and its DR network", () => {
  const connection = stack.resource("aws_vpc_peering_connection", "peering/connection");
  const accepter = stack.resource("aws_vpc_peering_connection_accepter", "peering/accepter");

  it("exist once per pair, after both networks, with state in the primary region's backend", () => {
    expect([...platform.peerings.keys()]).toEqual(["peering-prod-prod-dr"]);
    expect(platform.peerings.get("peering-prod-prod-dr")!.dependencies.map((s) => s.node.id)).toEqual(["network-prod", "network-prod-dr"]);
    expect(stack.json.terraform.backend.s3).toMatchObject({ bucket: "acme-222222222222-us-east-1-tfstate", key: "acme/peering-prod-prod-dr.tfstate" });
  });

  it("request the peering from us-east-1 and accept it with the eu-west-1 provider, within the prod account", () => {
    expect(connection).toMatchObject({ peer_region: "eu-west-1", peer_owner_id: "222222222222", auto_accept: false });
    expect(connection.provider).toBeUndefined();
    expect(accepter).toMatchObject({ provider: "aws.eu-west-1", vpc_peering_connection_id: ref("aws_vpc_peering_connection", connection), auto_accept: true });
    expect(stack.json.provider.aws.map((provider: { alias?: string; region: string }) => [provider.alias, provider.region])).toEqual([
      [undefined, "us-east-1"],
      ["eu-west-1", "eu-west-1"],
    ]);
  });

  it("route each side's private subnets, in every zone, to the other side's CIDR, once the peering is accepted; nothing else", () => {
    const routes = stack.resources("aws_route").map((route) => [route.provider ?? "aws", route.destination_cidr_block, route.vpc_peering_connection_id, route.depends_on]);
    const accepted = [`aws_vpc_peering_connection_accepter.${accepter.__name}`];
    const viaPeering = ref("aws_vpc_peering_connection", connection);
    // Synthesized JSON lists resources by logical name: the accepter's routes first.
    expect(routes).toEqual([
      ...[0, 1, 2].map(() => ["aws.eu-west-1", "10.40.0.0/16", viaPeering, accepted]),
      ...[0, 1, 2].map(() => ["aws", "10.50.0.0/16", viaPeering, accepted]),
    ]);
    expect(stack.resources("aws_route").map((route) => route.route_table_id)).toEqual([
      ...[0, 1, 2].map((index) => expect.stringMatching(new RegExp(`private-routes-eu-west-1.*, ${index}\\)\\}$`))),
      ...[0, 1, 2].map((index) => expect.stringMatching(new RegExp(`private-routes-us-east-1.*, ${index}\\)\\}$`))),
    ]);
  });

  it("let nothing cross yet: the network ACLs admit their own VPC only, and no security group names the peer", () => {
    for (const [name, peerCidr] of [["prod", "10.50.0.0/16"], ["prod-dr", "10.40.0.0/16"]]) {
      const network = new SynthesizedStack(platform.networks.get(name)!);
      for (const acl of network.resources("aws_network_acl")) {
        expect([...acl.ingress, ...acl.egress].some((rule: { cidr_block: string }) => rule.cidr_block === peerCidr)).toBe(false);
      }
    }
    expect(stack.resources("aws_security_group")).toEqual([]);
  });
});
