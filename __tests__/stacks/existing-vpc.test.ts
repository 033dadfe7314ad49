import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { runOf } from "../support/config";

/** examples/existing-vpc.json: network lowers (dev, staging) adopts an existing VPC; prod creates its own. */
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/existing-vpc.json"), "utf8"));
const given = example.networks.lowers.existing;
const ids = (tier: "public" | "private" | "database"): string[] => given.subnets[tier].map((subnet: { id: string }) => subnet.id);
const { app, platform } = buildPlatform(runOf(example));
const network = new SynthesizedStack(platform.networks.get("lowers")!);
const dev = platform.deployments.get("web-dev")!;
const service = new SynthesizedStack(dev.service);
const database = new SynthesizedStack(dev.database);

const CREATED_VPC_TYPES = [
  "aws_vpc",
  "aws_subnet",
  "aws_internet_gateway",
  "aws_nat_gateway",
  "aws_eip",
  "aws_instance",
  "aws_route_table",
  "aws_route",
  "aws_route_table_association",
  "aws_network_acl",
  "aws_network_acl_association",
  "aws_default_network_acl",
  "aws_default_security_group",
];

describe("a network adopting an existing VPC (examples/existing-vpc.json)", () => {
  it("creates no VPC, subnets, gateways, NAT, routes or network ACLs in network-lowers", () => {
    expect(CREATED_VPC_TYPES.filter((type) => network.resources(type).length > 0)).toEqual([]);
    // The prod network of the same example still creates its own.
    const prod = new SynthesizedStack(platform.networks.get("prod")!);
    expect(["aws_vpc", "aws_subnet", "aws_nat_gateway", "aws_route_table", "aws_network_acl"].filter((type) => prod.resources(type).length === 0)).toEqual([]);
  });

  it("reads the VPC and every subnet with data sources whose postconditions fail the plan when AWS disagrees", () => {
    const [vpc] = Object.values(network.json.data.aws_vpc) as any[];
    expect(vpc.id).toBe(given.vpcId);
    expect(vpc.lifecycle.postcondition.map((c: any) => c.condition)).toEqual([
      `\${self.cidr_block == "${given.cidr}"}`,
      "${self.enable_dns_support && self.enable_dns_hostnames}",
    ]);
    const subnets = Object.values(network.json.data.aws_subnet) as any[];
    expect(subnets.map((s) => s.id).sort()).toEqual([...ids("public"), ...ids("private"), ...ids("database")].sort());
    const first = subnets.find((s) => s.id === ids("private")[0]);
    expect(first.lifecycle.postcondition.map((c: any) => c.condition)).toEqual([`\${self.vpc_id == "${given.vpcId}"}`, `\${self.availability_zone == "us-east-1a"}`]);
    expect(first.lifecycle.postcondition[1].error_message).toContain("networks.lowers.existing.subnets.private");
  });

  it("creates what the platform owns on top: the database subnet group, endpoints and their security group", () => {
    expect(network.resources("aws_db_subnet_group").map((g) => g.subnet_ids)).toEqual([ids("database")]);
    const endpoints = network.resources("aws_vpc_endpoint");
    expect(endpoints.every((e) => e.vpc_id === given.vpcId)).toBe(true);
    expect(endpoints.filter((e) => e.vpc_endpoint_type === "Gateway").map((e) => e.route_table_ids)).toEqual([given.privateRouteTableIds, given.privateRouteTableIds]);
    expect(endpoints.filter((e) => e.vpc_endpoint_type === "Interface").map((e) => [e.service_name, e.subnet_ids])).toEqual([["com.amazonaws.us-east-1.secretsmanager", [ids("private")[0]]]]);
    const rule = network.resources("aws_vpc_security_group_ingress_rule")[0];
    expect(rule.cidr_ipv4).toBe(given.cidr);
  });

  it("gives the service and database stacks the configured subnet ids", () => {
    const ecsService = service.resources("aws_ecs_service")[0];
    expect(ecsService.network_configuration.subnets).toEqual(ids("private"));
    expect(service.resources("aws_lb")[0].subnets).toEqual(ids("public"));
    const vpcScoped = [...service.resources("aws_security_group"), ...database.resources("aws_security_group")];
    expect(vpcScoped.length).toBeGreaterThan(0);
    expect(vpcScoped.every((group) => group.vpc_id === given.vpcId)).toBe(true);
    const roleManager = database.resources("aws_lambda_function").find((fn) => fn.vpc_config);
    expect(roleManager!.vpc_config.subnet_ids).toEqual(ids("database"));
  });

  it("synthesizes every stack of the example", () => {
    expect(() => app.synth()).not.toThrow();
  });
});
