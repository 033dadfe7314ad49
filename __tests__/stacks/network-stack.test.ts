import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;
const { platform } = buildPlatform();
const synthesized = new Map([...platform.networks].map(([name, stack]) => [name, new SynthesizedStack(stack)]));
const network = (name: string) => synthesized.get(name)!;

describe("network-<network> stacks (seed 004 layer 1)", () => {
  it.each([
    ["dev", "10.10"],
    ["staging", "10.20"],
    ["uat", "10.30"],
    ["prod", "10.40"],
    ["prod-dr", "10.50"],
  ])("%s: a %s.0.0/16 VPC with DNS and /24 subnets at +1..+3, +11..+13, +21..+23", (name, prefix) => {
    const stack = network(name);
    const vpc = stack.resource("aws_vpc", "network/vpc");
    expect(vpc).toMatchObject({ cidr_block: `${prefix}.0.0/16`, enable_dns_support: true, enable_dns_hostnames: true });
    const region = name === "prod-dr" ? "eu-west-1" : "us-east-1";
    const subnets = stack.resources("aws_subnet").map((s) => [s.cidr_block, s.availability_zone, s.map_public_ip_on_launch, s.vpc_id]);
    const expected = [1, 2, 3, 11, 12, 13, 21, 22, 23].map((third, index) => [
      `${prefix}.${third}.0/24`,
      `${region}${"abc"[index % 3]}`,
      false,
      ref("aws_vpc", vpc),
    ]);
    expect(subnets).toHaveLength(9);
    expect(subnets).toEqual(expect.arrayContaining(expected));
  });

  it.each([
    ["dev", 0],
    ["staging", 1],
    ["uat", 1],
    ["prod", 3],
    ["prod-dr", 1],
  ])("%s: %d NAT gateway(s) with elastic IPs in the public subnets", (name, count) => {
    const stack = network(name);
    const nats = stack.resources("aws_nat_gateway");
    expect(nats).toHaveLength(count);
    expect(stack.resources("aws_eip")).toHaveLength(count);
    expect(stack.resources("aws_eip").every((eip) => eip.domain === "vpc")).toBe(true);
    const region = name === "prod-dr" ? "eu-west-1" : "us-east-1";
    const publicSubnets = ["a", "b", "c"].map((zone) => ref("aws_subnet", stack.resource("aws_subnet", `network/public-${region}${zone}`)));
    expect(nats.map((nat) => nat.subnet_id)).toEqual(publicSubnets.slice(0, count));
  });

  it("routes the public subnets to the internet gateway and nothing else out of the VPC", () => {
    const stack = network("prod");
    const igw = stack.resource("aws_internet_gateway", "network/internet-gateway");
    const routes = stack.resources("aws_route");
    expect(routes.filter((r) => r.gateway_id)).toEqual([
      expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", gateway_id: ref("aws_internet_gateway", igw), route_table_id: ref("aws_route_table", stack.resource("aws_route_table", "network/public-routes")) }),
    ]);
  });

  it("routes each private zone through its own NAT in prod, through the single NAT in staging, and through the NAT instance in dev", () => {
    const natTargets = (name: string) =>
      network(name)
        .resources("aws_route")
        .filter((r) => r.nat_gateway_id)
        .map((r) => r.nat_gateway_id);
    const prod = network("prod");
    expect(natTargets("prod")).toEqual(["a", "b", "c"].map((z) => ref("aws_nat_gateway", prod.resource("aws_nat_gateway", `network/nat-us-east-1${z}`))));
    const staging = network("staging");
    expect(natTargets("staging")).toEqual(Array(3).fill(ref("aws_nat_gateway", staging.resource("aws_nat_gateway", "network/nat-us-east-1a"))));
    expect(natTargets("dev")).toEqual([]);
    const dev = network("dev");
    const instance = dev.resource("aws_instance", "network/nat-instance/instance");
    expect(dev.resources("aws_route").filter((r) => r.network_interface_id).map((r) => [r.route_table_id, r.network_interface_id])).toEqual(
      ["a", "b", "c"].map((z) => [
        ref("aws_route_table", dev.resource("aws_route_table", `network/private-routes-us-east-1${z}`)),
        ref("aws_instance", instance, "primary_network_interface_id"),
      ]),
    );
  });

  it("gives dev a NAT instance: the smallest Graviton type, in the first public subnet, forwarding only for the private subnets, IMDSv2, encrypted, no role or key", () => {
    const dev = network("dev");
    const instance = dev.resource("aws_instance", "network/nat-instance/instance");
    const group = dev.resource("aws_security_group", "network/nat-instance/security-group");
    expect(instance).toMatchObject({
      instance_type: "t4g.nano",
      subnet_id: ref("aws_subnet", dev.resource("aws_subnet", "network/public-us-east-1a")),
      associate_public_ip_address: true,
      source_dest_check: false,
      vpc_security_group_ids: [ref("aws_security_group", group)],
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
      root_block_device: { encrypted: true },
      maintenance_options: { auto_recovery: "default" },
      user_data_replace_on_change: true,
      depends_on: [`aws_internet_gateway.${dev.resource("aws_internet_gateway", "network/internet-gateway").__name}`],
    });
    expect(instance.iam_instance_profile).toBeUndefined();
    expect(instance.key_name).toBeUndefined();
    expect(instance.user_data).toContain("ip saddr { 10.10.11.0/24, 10.10.12.0/24, 10.10.13.0/24 }");
    expect(instance.user_data).toContain("masquerade");
    const ingress = dev.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === ref("aws_security_group", group));
    expect(ingress.map((rule) => [rule.ip_protocol, rule.cidr_ipv4])).toEqual([
      ["-1", "10.10.11.0/24"],
      ["-1", "10.10.12.0/24"],
      ["-1", "10.10.13.0/24"],
    ]);
    for (const name of ["staging", "uat", "prod", "prod-dr"]) expect(network(name).resources("aws_instance")).toEqual([]);
  });

  it("gives the database subnets a route table with no route out, and a subnet group over them", () => {
    const stack = network("uat");
    const databaseRoutes = ref("aws_route_table", stack.resource("aws_route_table", "network/database-routes"));
    expect(stack.resources("aws_route").filter((r) => r.route_table_id === databaseRoutes)).toEqual([]);
    const databaseSubnets = ["a", "b", "c"].map((z) => ref("aws_subnet", stack.resource("aws_subnet", `network/database-us-east-1${z}`)));
    expect(stack.resources("aws_route_table_association").filter((a) => a.route_table_id === databaseRoutes).map((a) => a.subnet_id)).toEqual(databaseSubnets);
    expect(stack.resources("aws_db_subnet_group")).toEqual([expect.objectContaining({ name: "acme-uat-database", subnet_ids: databaseSubnets })]);
  });

  it("strips every rule from the default security group and the default network ACL", () => {
    for (const stack of synthesized.values()) {
      expect(stack.resources("aws_default_security_group")).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
      const [defaultAcl] = stack.resources("aws_default_network_acl");
      expect(defaultAcl.ingress).toBeUndefined();
      expect(defaultAcl.egress).toBeUndefined();
    }
  });

  describe("network ACLs (seed 003: default deny, explicit allow)", () => {
    const stack = network("prod");
    const rules = (tier: string, direction: "ingress" | "egress") =>
      stack.resource("aws_network_acl", `network-acls/${tier}`)[direction].map(
        (r: Record<string, unknown>) => `${r.rule_no} ${r.protocol} ${r.from_port}-${r.to_port} ${r.cidr_block}`,
      );

    it("public: HTTPS and HTTP from anywhere, the VPC, and return traffic", () => {
      expect(rules("public", "ingress")).toEqual([
        "100 tcp 443-443 0.0.0.0/0",
        "110 tcp 80-80 0.0.0.0/0",
        "120 -1 0-0 10.40.0.0/16",
        "130 tcp 1024-65535 0.0.0.0/0",
        "140 udp 1024-65535 0.0.0.0/0",
      ]);
    });

    it("private: the VPC and return traffic only", () => {
      expect(rules("private", "ingress")).toEqual(["100 -1 0-0 10.40.0.0/16", "110 tcp 1024-65535 0.0.0.0/0", "120 udp 1024-65535 0.0.0.0/0"]);
    });

    it("database: PostgreSQL from the private and database subnets only, nothing to or from the internet", () => {
      expect(rules("database", "ingress")).toEqual([
        "100 tcp 5432-5432 10.40.11.0/24",
        "110 tcp 5432-5432 10.40.12.0/24",
        "120 tcp 5432-5432 10.40.13.0/24",
        "130 tcp 5432-5432 10.40.21.0/24",
        "140 tcp 5432-5432 10.40.22.0/24",
        "150 tcp 5432-5432 10.40.23.0/24",
        "160 tcp 1024-65535 10.40.0.0/16",
      ]);
      expect(rules("database", "egress")).toEqual(["100 tcp 1024-65535 10.40.0.0/16", "110 tcp 443-443 10.40.0.0/16", "120 tcp 5432-5432 10.40.0.0/16"]);
    });

    it("admits SSH from a bastion's /32 in the public subnets, and PostgreSQL from there in the database subnets, only where an app puts an SSH bastion", () => {
      const config = defaultConfigCopy();
      config.apps!.web.environments!.uat.bastion = { enabled: true, sshCidr: "203.0.113.7/32" };
      const { platform: withBastion } = buildPlatform(runOf(config));
      const acl = (name: string, tier: string) => new SynthesizedStack(withBastion.networks.get(name)!).resource("aws_network_acl", `network-acls/${tier}`).ingress;
      // The new rules come last: the numbers of the others stay, so the plan changes only what is new.
      expect(acl("uat", "public").slice(-1)).toEqual([expect.objectContaining({ rule_no: 150, protocol: "tcp", from_port: 22, to_port: 22, cidr_block: "203.0.113.7/32" })]);
      expect(acl("uat", "database").slice(-3).map((r: Record<string, unknown>) => `${r.rule_no} ${r.from_port} ${r.cidr_block}`)).toEqual([
        "170 5432 10.30.1.0/24",
        "180 5432 10.30.2.0/24",
        "190 5432 10.30.3.0/24",
      ]);
      expect(acl("uat", "public")).toHaveLength(6);
      expect(acl("staging", "public").some((r: Record<string, unknown>) => r.from_port === 22)).toBe(false);
      expect(rules("public", "ingress").some((rule: string) => rule.includes(" 22-22 "))).toBe(false);
    });

    it("attaches each ACL to its tier's subnets", () => {
      for (const tier of ["public", "private", "database"]) {
        const subnets = ["a", "b", "c"].map((z) => ref("aws_subnet", stack.resource("aws_subnet", `network/${tier}-us-east-1${z}`)));
        expect(stack.resource("aws_network_acl", `network-acls/${tier}`).subnet_ids).toEqual(subnets);
      }
    });
  });

  it("adds S3 and DynamoDB gateway endpoints to the private route tables, and a Secrets Manager endpoint in NAT networks", () => {
    const stack = network("staging");
    const privateTables = ["a", "b", "c"].map((z) => ref("aws_route_table", stack.resource("aws_route_table", `network/private-routes-us-east-1${z}`)));
    expect(stack.resources("aws_vpc_endpoint").map((e) => [e.service_name, e.vpc_endpoint_type, e.route_table_ids]).sort()).toEqual([
      ["com.amazonaws.us-east-1.dynamodb", "Gateway", privateTables],
      ["com.amazonaws.us-east-1.s3", "Gateway", privateTables],
      ["com.amazonaws.us-east-1.secretsmanager", "Interface", undefined],
    ]);
  });

  it("lets a no-NAT network reach ECR, logs, Secrets Manager, SSM, ECS Exec, KMS, STS and AppConfig Data through interface endpoints in one zone", () => {
    const config = defaultConfigCopy();
    config.networks.dev.natMode = "none";
    const stack = new SynthesizedStack(buildPlatform(runOf(config)).platform.networks.get("dev")!);
    const endpointGroup = ref("aws_security_group", stack.resource("aws_security_group", "endpoints/security-group"));
    const firstPrivate = ref("aws_subnet", stack.resource("aws_subnet", "network/private-us-east-1a"));
    const interfaces = stack.resources("aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(
      ["appconfigdata", "ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "ssm", "ssmmessages", "sts"].map((s) => `com.amazonaws.us-east-1.${s}`),
    );
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({ private_dns_enabled: true, subnet_ids: [firstPrivate], security_group_ids: [endpointGroup] });
    }
    expect(stack.resources("aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({ security_group_id: endpointGroup, ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.10.0.0/16" }),
    ]);
  });

  it("puts the prod network's Secrets Manager endpoint in every zone's private subnet, so a zone's failure leaves the others their endpoint", () => {
    const stack = network("prod");
    const [endpoint] = stack.resources("aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface");
    expect(endpoint.service_name).toBe("com.amazonaws.us-east-1.secretsmanager");
    expect(endpoint.subnet_ids).toEqual(["a", "b", "c"].map((zone) => ref("aws_subnet", stack.resource("aws_subnet", `network/private-us-east-1${zone}`))));
  });

  it("turns on flow logs in prod only, to a KMS-encrypted log group kept 30 days", () => {
    for (const name of ["dev", "staging", "uat"]) expect(network(name).resources("aws_flow_log")).toEqual([]);
    const stack = network("prod");
    const logGroup = stack.resource("aws_cloudwatch_log_group", "flow-logs/log-group");
    const key = stack.resource("aws_kms_key", "flow-logs/key/key");
    expect(logGroup).toMatchObject({ name: "/acme/vpc-flow-logs/prod", retention_in_days: 30, kms_key_id: ref("aws_kms_key", key, "arn") });
    expect(key.enable_key_rotation).toBe(true);
    const logsStatement = JSON.parse(key.policy).Statement[1];
    expect(logsStatement).toMatchObject({
      Principal: { Service: "logs.us-east-1.amazonaws.com" },
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:us-east-1:222222222222:log-group:/acme/vpc-flow-logs/prod"] } },
    });
    const role = stack.resource("aws_iam_role", "flow-logs/delivery-role");
    expect(stack.resource("aws_flow_log", "flow-logs/flow-log")).toMatchObject({
      vpc_id: ref("aws_vpc", stack.resource("aws_vpc", "network/vpc")),
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: ref("aws_cloudwatch_log_group", logGroup, "arn"),
      iam_role_arn: ref("aws_iam_role", role, "arn"),
    });
  });

  it("lets only VPC flow logs of this account assume the delivery role, which writes to its log group only", () => {
    const stack = network("prod");
    expect(JSON.parse(stack.resource("aws_iam_role", "flow-logs/delivery-role").assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
      },
    ]);
    const resources = JSON.parse(stack.resource("aws_iam_role_policy", "flow-logs/delivery-policy").policy).Statement.flatMap(
      (s: { Resource: string | string[] }) => s.Resource,
    );
    expect(resources).toEqual([
      "arn:aws:logs:us-east-1:222222222222:log-group:/acme/vpc-flow-logs/prod",
      "arn:aws:logs:us-east-1:222222222222:log-group:/acme/vpc-flow-logs/prod:*",
      "arn:aws:logs:us-east-1:222222222222:log-group:*",
    ]);
  });

  it("creates no IAM in the DR network prod-dr, which a failover applies: its flow logs use a role network-prod creates, by ARN, under prod-dr's boundary", () => {
    const dr = network("prod-dr");
    expect(Object.keys(dr.json.resource).filter((type) => type.startsWith("aws_iam_"))).toEqual([]);
    expect(dr.resource("aws_flow_log", "flow-logs/flow-log")).toMatchObject({
      iam_role_arn: "arn:aws:iam::222222222222:role/acme-prod-dr-flow-logs",
      log_destination: ref("aws_cloudwatch_log_group", dr.resource("aws_cloudwatch_log_group", "flow-logs/log-group"), "arn"),
    });
    const primary = network("prod");
    const role = primary.resource("aws_iam_role", "flow-log-roles-prod-dr/delivery-role");
    expect(role).toMatchObject({ name: "acme-prod-dr-flow-logs", permissions_boundary: "arn:aws:iam::222222222222:policy/acme-workload-boundary-prod-dr" });
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } },
    ]);
    const policy = primary.resource("aws_iam_role_policy", "flow-log-roles-prod-dr/delivery-policy");
    expect(policy.role).toBe(ref("aws_iam_role", role));
    expect(JSON.parse(policy.policy).Statement.flatMap((statement: { Resource: string | string[] }) => statement.Resource)).toEqual([
      "arn:aws:logs:eu-west-1:222222222222:log-group:/acme/vpc-flow-logs/prod-dr",
      "arn:aws:logs:eu-west-1:222222222222:log-group:/acme/vpc-flow-logs/prod-dr:*",
      "arn:aws:logs:eu-west-1:222222222222:log-group:*",
    ]);
    // Existing deployments: the DR network's state forgets its old role without destroying it (network-prod imports it, docs/runbooks/break-glass.md).
    const own = primary.resource("aws_iam_role", "flow-logs/delivery-role");
    const ownPolicy = primary.resource("aws_iam_role_policy", "flow-logs/delivery-policy");
    expect(dr.json.removed).toEqual([
      { from: `aws_iam_role.${own.__name}`, lifecycle: { destroy: false } },
      { from: `aws_iam_role_policy.${ownPolicy.__name}`, lifecycle: { destroy: false } },
    ]);
    expect(primary.json.removed).toBeUndefined();
  });

  it("keeps a DR network's role in its own stack when it is no environment's DR network", () => {
    const config = defaultConfigCopy();
    delete config.environments.prod.drNetwork;
    config.networks["prod-dr"].tier = "prod";
    const stacks = buildPlatform(runOf(config)).platform.networks;
    const alone = new SynthesizedStack(stacks.get("prod-dr")!);
    expect(alone.resource("aws_iam_role", "flow-logs/delivery-role")).toMatchObject({ name: "acme-prod-dr-flow-logs", permissions_boundary: "arn:aws:iam::222222222222:policy/acme-workload-boundary-prod-dr" });
    expect(new SynthesizedStack(stacks.get("prod")!).resources("aws_iam_role").map((role) => role.name)).toEqual(["acme-prod-flow-logs"]);
  });

  it("deploys prod-dr in eu-west-1 of the prod account, with its state in the prod account's eu-west-1 backend", () => {
    const stack = network("prod-dr");
    expect(stack.json.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: ["222222222222"] });
    expect(stack.json.terraform.backend.s3).toMatchObject({ bucket: "acme-222222222222-eu-west-1-tfstate", region: "eu-west-1", key: "acme/network-prod-dr.tfstate" });
  });

  it("outputs what later stacks need, and exposes it as typed values", () => {
    expect(Object.keys(network("uat").json.output).sort()).toEqual([
      "database_subnet_group_name",
      "database_subnet_ids",
      "endpoint_security_group_id",
      "private_subnet_ids",
      "public_subnet_ids",
      "vpc_id",
    ]);
    const outputs = platform.networks.get("uat")!.outputs;
    expect(outputs.vpcCidr).toBe("10.30.0.0/16");
    expect(outputs.subnetIds.private).toHaveLength(3);
    expect(outputs.routeTableIds.private).toHaveLength(3);
  });
});
