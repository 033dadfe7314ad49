import { PlatformConfigInput } from "../../src/config/platform/schema";
import { COLLECTOR_IMAGE } from "../../src/config/telemetry/defaults";
import { issuesOf, Mutation } from "../support/config-issues";

type Network = PlatformConfigInput["networks"][string];
type Existing = NonNullable<Network["existing"]>;

/** An existing VPC for network `dev` (us-east-1), two zones per tier. */
const existing = (): Existing => ({
  vpcId: "vpc-0123456789abcdef0",
  cidr: "10.60.0.0/16",
  subnets: {
    public: [
      { id: "subnet-00000000000000001", zone: "us-east-1a" },
      { id: "subnet-00000000000000002", zone: "us-east-1b" },
    ],
    private: [
      { id: "subnet-00000000000000011", zone: "us-east-1a" },
      { id: "subnet-00000000000000012", zone: "us-east-1b" },
    ],
    database: [
      { id: "subnet-00000000000000021", zone: "us-east-1a" },
      { id: "subnet-00000000000000022", zone: "us-east-1b" },
    ],
  },
  privateEgress: "nat",
});

/** Network `dev` adopting an existing VPC, changed by `change`. */
const adopt =
  (change: (existing: Existing, network: Network) => void = () => undefined): Mutation =>
  (config) => {
    const network: Network = { ...config.networks.dev, existing: existing() };
    delete network.cidr;
    change(network.existing!, network);
    config.networks.dev = network;
  };

describe("networks.<network>.existing: an existing VPC and subnets, validated", () => {
  it("accepts an existing VPC in place of cidr", () => {
    expect(issuesOf(adopt())).toEqual([]);
  });

  it.each<[string, Mutation, string]>([
    ["a VPC id", adopt((e) => (e.vpcId = "vpc-123")), `networks.dev.existing.vpcId = "vpc-123": must be a VPC id: vpc- and 8 or 17 hex digits, such as vpc-0123456789abcdef0`],
    [
      "a subnet id",
      adopt((e) => (e.subnets.private[0].id = "subnet_0123")),
      `networks.dev.existing.subnets.private[0].id = "subnet_0123": must be a subnet id: subnet- and 8 or 17 hex digits, such as subnet-0123456789abcdef0`,
    ],
    [
      "a route table id",
      adopt((e) => (e.privateRouteTableIds = ["rtb-xyz"])),
      `networks.dev.existing.privateRouteTableIds[0] = "rtb-xyz": must be a route table id: rtb- and 8 or 17 hex digits, such as rtb-0123456789abcdef0`,
    ],
    ["a zone name", adopt((e) => (e.subnets.public[1].zone = "b")), `networks.dev.existing.subnets.public[1].zone = "b": must be a zone name such as us-east-1a`],
    ["the VPC's block", adopt((e) => (e.cidr = "10.60.0.1/16")), `networks.dev.existing.cidr = "10.60.0.1/16": must be a network address: its host bits must be zero`],
    ["the VPC's prefix", adopt((e) => (e.cidr = "10.0.0.0/8")), `networks.dev.existing.cidr = "10.0.0.0/8": must have a prefix from /16 to /28, as AWS allows for a VPC`],
    ["a CIDR syntax", adopt((e) => (e.cidr = "ten")), `networks.dev.existing.cidr = "ten": must be an IPv4 CIDR block such as 10.60.0.0/16`],
    [
      "the private egress",
      adopt((e) => (e.privateEgress = "igw" as never)),
      `networks.dev.existing.privateEgress = "igw": must be "nat" (the private subnets route to the internet through a NAT you run) or "none"`,
    ],
    [
      "a cidr beside existing",
      adopt((_, n) => (n.cidr = "10.10.0.0/16")),
      `networks.dev.cidr = "10.10.0.0/16": must be left out with existing (the platform creates no VPC): the existing VPC's block is existing.cidr`,
    ],
    ["azCount beside existing", adopt((_, n) => (n.azCount = 2)), `networks.dev.azCount = 2: must be left out with existing (the platform creates no VPC): the zones are those of existing.subnets`],
    [
      "zones beside existing",
      adopt((_, n) => (n.availabilityZones = ["us-east-1a", "us-east-1b"])),
      `networks.dev.availabilityZones = ["us-east-1a","us-east-1b"]: must be left out with existing (the platform creates no VPC): the zones are those of existing.subnets`,
    ],
    [
      "natMode beside existing",
      adopt((_, n) => (n.natMode = "single")),
      `networks.dev.natMode = "single": must be left out with existing (the platform creates no VPC): the VPC's owner runs its NAT; say whether the private subnets reach the internet with existing.privateEgress`,
    ],
    [
      "natInstanceType beside existing",
      adopt((_, n) => (n.natInstanceType = "t4g.micro")),
      `networks.dev.natInstanceType = "t4g.micro": must be left out with existing (the platform creates no VPC): the VPC's owner runs its NAT; say whether the private subnets reach the internet with existing.privateEgress`,
    ],
    [
      "neither cidr nor existing",
      (c) => delete (c.networks.dev as { cidr?: string }).cidr,
      `networks.dev.cidr = (missing): is required unless the network adopts an existing VPC with existing`,
    ],
    [
      "one zone of private subnets",
      adopt((e) => (e.subnets.private = [e.subnets.private[0]])),
      `networks.dev.existing.subnets.private = ["us-east-1a"]: must name subnets in at least 2 zones: load balancers and database subnet groups need two zones`,
    ],
    [
      "two database subnets in one zone",
      adopt((e) => (e.subnets.database[1].zone = "us-east-1a")),
      `networks.dev.existing.subnets.database = ["us-east-1a","us-east-1a"]: must name one subnet per zone (us-east-1a more than once)`,
    ],
    [
      "a subnet in another region",
      adopt((e) => (e.subnets.public[1].zone = "us-west-2b")),
      `networks.dev.existing.subnets.public = ["us-east-1a","us-west-2b"]: every subnet's zone must be in the network's region us-east-1 (not us-west-2b)`,
    ],
    [
      "endpoint zones beyond the existing private subnets'",
      adopt((_, n) => (n.interfaceEndpoints = { azCount: 3 })),
      `networks.dev.interfaceEndpoints.azCount = 3: must be at most the network's 2 zones`,
    ],
  ])("%s", (_, mutate, message) => {
    expect(issuesOf(mutate)).toContain(`  - ${message}`);
  });

  it("names the private route tables of a network peered for disaster recovery", () => {
    const adoptProd: Mutation = (config) => {
      config.networks.prod = { ...config.networks.prod, existing: existing() };
      delete config.networks.prod.cidr;
    };
    expect(issuesOf(adoptProd)).toContain(
      `  - networks.prod.existing.privateRouteTableIds = (missing): must name the private subnets' route tables: the network is peered for disaster recovery, and the peering routes go into them`,
    );
  });

  it("refuses an existing VPC whose block overlaps another network's in the same account and region", () => {
    expect(issuesOf(adopt((e) => (e.cidr = "10.20.0.0/16")))).toContain(
      `  - networks.staging.cidr = "10.20.0.0/16": overlaps networks.dev.existing.cidr (10.20.0.0/16); both are in account "nonprod" and region us-east-1, so their blocks must not overlap`,
    );
  });

  it('applies the reachability rules of a network with no NAT where privateEgress is "none", and not where it is "nat"', () => {
    const proxy: Mutation = (config) => (config.apps!.web.environments!.dev.service = { proxy: { image: "docker.io/library/nginx:1.27" } });
    const issues = issuesOf((config) => {
      adopt((e) => (e.privateEgress = "none"))(config);
      proxy(config);
    });
    expect(issues).toEqual([
      `  - apps.web.environments.dev.service.proxy = "docker.io/library/nginx:1.27": needs NAT or an ECR repository: environment dev runs in network dev, which has no NAT and so no route to the internet`,
    ]);
    expect(
      issuesOf((config) => {
        adopt()(config);
        proxy(config);
      }),
    ).toEqual([]);
    // Its way to NAT is the VPC owner's, not a natMode.
    expect(
      issuesOf((config) => {
        adopt((e) => (e.privateEgress = "none"))(config);
        config.apps!.web.environments!.dev.telemetry = { enabled: true };
      }),
    ).toEqual([
      `  - apps.web.telemetry.image = "${COLLECTOR_IMAGE}": is the collector's default image, on public ECR, which environment dev cannot pull: it runs in network dev, which has no NAT and so no route to the internet; ` +
        `name a copy in an ECR repository of us-east-1 here, turn the collector off there (apps.web.environments.dev.telemetry.enabled false), or give the network NAT (networks.dev.existing.privateEgress "nat", where the VPC's owner runs a NAT)`,
    ]);
  });
});
