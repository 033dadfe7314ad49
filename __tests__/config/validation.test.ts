import { parseConfig } from "../../src/config/platform/load";
import { issuesOf, Mutation } from "../support/config-issues";
import { defaultConfigCopy } from "../support/config";


describe("configuration validation: one message per rule, naming field, value and what is allowed", () => {
  it("accepts the built-in configuration", () => {
    expect(issuesOf(() => undefined)).toEqual([]);
  });

  it.each<[string, Mutation, string]>([
    ["project name", (c) => (c.project.name = "Acme_Corp"), `project.name = "Acme_Corp": must be 2-16 characters: lowercase letters, digits and hyphens`],
    ["project repository", (c) => (c.project.repository = "platform"), `project.repository = "platform": must be a GitHub repository as owner/name`],
    ["project owner", (c) => (c.project.owner = ""), `project.owner = "": must name the owning team`],
    ["account id", (c) => (c.accounts.prod.id = "12345"), `accounts.prod.id = "12345": must be a 12-digit AWS account id`],
    ["no accounts", (c) => (c.accounts = {}), `accounts = {}: must define at least one account`],
    ["region code", (c) => (c.networks.dev.region = "us-east-9"), `networks.dev.region = "us-east-9": must be an AWS commercial region code`],
    [
      "resource name",
      (c) => (c.networks.Dev_Net = c.networks.dev),
      `networks.Dev_Net = "Dev_Net": is not an allowed key: must be 2-20 characters: lowercase letters, digits and hyphens, starting with a letter`,
    ],
    ["CIDR syntax", (c) => (c.networks.dev.cidr = "10.10.0.0"), `networks.dev.cidr = "10.10.0.0": must be an IPv4 CIDR block such as 10.10.0.0/16`],
    ["CIDR host bits", (c) => (c.networks.dev.cidr = "10.10.0.1/16"), `networks.dev.cidr = "10.10.0.1/16": must be a network address: its host bits must be zero`],
    ["CIDR size", (c) => (c.networks.dev.cidr = "10.10.0.0/24"), `networks.dev.cidr = "10.10.0.0/24": must have a prefix from /16 to /20, so that the subnet plan's /+8 subnets fit`],
    ["too few zones", (c) => (c.networks.dev.azCount = 1), `networks.dev.azCount = 1: must be at least 2: load balancers and database subnet groups need two zones`],
    ["more zones than the plan", (c) => (c.networks.dev.azCount = 11), `networks.dev.azCount = 11: must be at most 10, the zones the subnet plan leaves room for`],
    ["more zones than the region", (c) => (c.networks["prod-dr"].azCount = 4), `networks.prod-dr.azCount = 4: must be at most 3, the zones of eu-west-1`],
    [
      "zones of another region",
      (c) => (c.networks.dev.availabilityZones = ["us-east-1a", "us-west-2b"]),
      `networks.dev.availabilityZones = ["us-east-1a","us-west-2b"]: every zone must be in the network's region us-east-1`,
    ],
    [
      "a zone twice",
      (c) => (c.networks.dev.availabilityZones = ["us-east-1a", "us-east-1a"]),
      `networks.dev.availabilityZones = ["us-east-1a","us-east-1a"]: must not list a zone twice`,
    ],
    [
      "zone count disagreeing with the zone list",
      (c) => Object.assign(c.networks.dev, { availabilityZones: ["us-east-1a", "us-east-1b"], azCount: 3 }),
      `networks.dev.azCount = 3: must equal the number of availabilityZones (2) or be left out`,
    ],
    [
      "endpoint zones beyond the network's",
      (c) => (c.networks.dev.interfaceEndpoints = { azCount: 4 }),
      `networks.dev.interfaceEndpoints.azCount = 4: must be at most the network's 3 zones`,
    ],
    [
      "unknown endpoint service",
      (c) => (c.networks.dev.interfaceEndpoints = { services: ["ec2"] as never }),
      `networks.dev.interfaceEndpoints.services[0] = "ec2": must be one of ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts, monitoring, ecs, ecs-agent, ecs-telemetry, appconfig, appconfigdata, sns`,
    ],
    ["NAT mode", (c) => (c.networks.dev.natMode = "two" as never), `networks.dev.natMode = "two": must be one of none, instance, single, per-az`],
    [
      "a NAT instance type without a NAT instance",
      (c) => (c.networks.staging.natInstanceType = "t4g.micro"),
      `networks.staging.natInstanceType = "t4g.micro": needs natMode "instance"; network staging has natMode "single"`,
    ],
    [
      "flow log retention",
      (c) => (c.networks.dev.flowLogs = { retentionDays: 10 }),
      `networks.dev.flowLogs.retentionDays = 10: must be one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30`,
    ],
    ["tier", (c) => (c.environments.dev.tier = "qa" as never), `environments.dev.tier = "qa": must be one of dev, staging, uat, prod`],
    ["unknown field", (c) => Object.assign(c.environments.dev, { netwrk: "dev" }), `environments.dev.netwrk = "dev": is not a known field: did you mean "network"?`],
    ["platform tag redefined", (c) => (c.project.tags = { Project: "x" }), `project.tags.Project = "Project": is not an allowed key: may not redefine a platform tag (Project, Environment, ManagedBy`],
    ["AWS tag prefix", (c) => (c.project.tags = { "aws:foo": "x" }), `project.tags.aws:foo = "aws:foo": is not an allowed key: the aws: prefix is reserved by AWS`],
    [
      "waiver without a real reason",
      (c) => (c.environments.prod.waivers = { multiAz: "cost" }),
      `environments.prod.waivers.multiAz = "cost": a waiver needs a reason of at least 10 characters`,
    ],
    ["network's account", (c) => (c.networks.dev.account = "shared"), `networks.dev.account = "shared": must name an account, one of: nonprod, prod`],
    [
      "environment's network",
      (c) => (c.environments.dev.network = "lowers"),
      `environments.dev.network = "lowers": must name a network, one of: dev, staging, uat, prod, prod-dr`,
    ],
    ["disaster-recovery network", (c) => (c.environments.prod.drNetwork = "dr"), `environments.prod.drNetwork = "dr": must name a network, one of: dev, staging`],
    [
      "disaster recovery in the same region",
      (c) => (c.environments.prod.drNetwork = "uat"),
      `environments.prod.drNetwork = "uat": must be in another region than the primary network "prod" (us-east-1)`,
    ],
    ["app's environment", (c) => (c.apps = { web: { environments: { qa: {} } } }), `apps.web.environments.qa = {}: the key must name an environment, one of: dev, staging, uat, prod`],
    [
      "overlap within an account",
      (c) => (c.networks.staging.cidr = "10.10.0.0/16"),
      `networks.staging.cidr = "10.10.0.0/16": overlaps networks.dev.cidr (10.10.0.0/16); both are in account "nonprod" and region us-east-1, so their blocks must not overlap`,
    ],
    [
      "one AWS account under two names",
      (c) => (c.accounts.prod.id = c.accounts.nonprod.id),
      `accounts.prod.id = "111111111111": is also the id of accounts.nonprod: each account name must be its own AWS account`,
    ],
    ["an account id that is a number", (c) => ((c.accounts.prod as { id: unknown }).id = 222222222222), `accounts.prod.id = 222222222222: must be a 12-digit AWS account id as a string, in quotes (a number would lose leading zeros)`],
    ["a number where a list belongs", (c) => ((c.apps!.web.alerts as { emails: unknown }).emails = 3), `apps.web.alerts.emails = 3: must be an array, not a number`],
    [
      "an app that lists no environment",
      (c) => (c.apps!.web.environments = {}),
      `apps.web.environments = {}: must list at least one environment, or be left out for the app to run in every environment`,
    ],
    [
      "two app and environment names that make one stack id",
      (c) => {
        c.environments["a-dev"] = { network: "dev", tier: "dev" };
        c.apps!["web-a"] = { service: { imageTag: "1.0.0" }, environments: { dev: {} } };
        c.apps!.web.environments!["a-dev"] = {};
      },
      `apps.web-a.environments.dev = "web-a-dev-monitoring": makes the stack id "web-a-dev-monitoring", which apps.web.environments.a-dev makes too; stacks and their physical names would collide: rename one`,
    ],
    [
      "a DR environment's domain without a hosted zone",
      (c) => (c.apps!.web.environments!.prod.service = { domainName: "web.example.com", certificateArn: "arn:aws:acm:us-east-1:222222222222:certificate/0a1b2c3d-0000-0000-0000-000000000000", imageDigest: `sha256:${"0".repeat(64)}` }),
      `apps.web.service.hostedZoneId = (missing): is required with domainName web.example.com in environment prod, which has a drNetwork: the DR load balancer's certificate is validated in the zone and the failover records go there (a certificateArn serves one region only)`,
    ],
    [
      "a DR service name too long for a load balancer",
      (c) => {
        c.environments["production"] = { network: "prod", drNetwork: "prod-dr", tier: "prod" };
        c.apps!.web.environments!["production"] = { service: { domainName: "web.example.com", hostedZoneId: "Z000000000000000PROD", imageDigest: `sha256:${"0".repeat(64)}` } };
        c.project.name = "acme-corpus";
      },
      `environments.production.drNetwork = "prod-dr": makes the DR service name acme-corpus-web-production-dr (29 characters) longer than 28`,
    ],
    [
      "a build repository that does not replicate to a DR region",
      (c) => (c.apps!.web.buildRepository = { replicaRegions: ["us-west-2"] }),
      `apps.web.buildRepository.replicaRegions = ["us-west-2"]: must include eu-west-1, the DR region of environment prod: its pilot-light service pulls the image from the replica there`,
    ],
    ["a pilot light of two tasks", (c) => ((c.environments.prod as { drStandbyTasks?: unknown }).drStandbyTasks = 2), `environments.prod.drStandbyTasks = 2: must be 0 or 1: the pilot light's size while standing by`],
    [
      "a failover without a DR network",
      (c) => (c.environments.uat.activeRegion = "dr"),
      `environments.uat.activeRegion = "dr": needs a drNetwork to fail over to`,
    ],
    [
      "the immutable subject form without the ids",
      (c) => (c.delivery = { ...c.delivery, github: { subjects: "id" } }),
      `delivery.github.ids = (missing): is required with subjects "id": the immutable subject form names the owner's and the repository's numeric ids`,
    ],
    [
      "an environment whose name prefix begins another's in the same account",
      (c) => {
        c.environments["dev-2"] = { ...c.environments.dev };
        c.apps!.web.environments = { ...c.apps!.web.environments, "dev-2": {} };
      },
      `environments.dev-2 = "dev-2": makes the name prefix "acme-web-dev-2", which begins with "acme-web-dev" (app web in dev) in the same account: dev's deploy role would reach dev-2's buckets by name; rename one so that neither begins the other`,
    ],
    ["a subject form that is not one", (c) => (c.delivery = { github: { subjects: "sha" as never } }), `delivery.github.subjects = "sha": must be one of name, id, both`],
    [
      "reviewers of an unknown environment",
      (c) => (c.delivery = { github: { reviewers: { qa: { teams: [1] } } } }),
      `delivery.github.reviewers.qa = {"teams":[1]}: the key must name an environment, one of: dev, staging, uat, prod`,
    ],
    [
      "human roles trusting two principals",
      (c) => (c.delivery = { humans: { trustedAccountId: "333333333333", samlProviderName: "okta" } }),
      `delivery.humans.samlProviderName = "okta": and delivery.humans.trustedAccountId (333333333333) are both set: the human roles trust one principal`,
    ],
    [
      "human roles trusting a workload account",
      (c) => (c.delivery = { humans: { trustedAccountId: "222222222222" } }),
      `delivery.humans.trustedAccountId = "222222222222": is one of the platform's own accounts: trust an identity account that holds people, not workloads`,
    ],
    ["an admin MFA age beyond STS's", (c) => (c.delivery = { humans: { trustedAccountId: "333333333333", adminMfaMaxAgeSeconds: 86400 } }), `delivery.humans.adminMfaMaxAgeSeconds = 86400: must be at most 43200`],
    ["an audit kept less than 90 days", (c) => (c.delivery = { auditRetentionDays: 30 }), `delivery.auditRetentionDays = 30: must be at least 90`],
    ["an active region that is not one", (c) => (c.environments.prod.activeRegion = "eu" as never), `environments.prod.activeRegion = "eu": must be one of primary, dr`],
    [
      "a DR network in another account",
      (c) => (c.networks["prod-dr"].account = "nonprod"),
      `environments.prod.drNetwork = "prod-dr": must be in the primary network's account "prod", not "nonprod": the database replicates within one account, with a key of the DR region`,
    ],
    [
      "an account named like another account's regional backend",
      (c) => (c.accounts["prod-eu-west-1"] = { id: "333333333333", region: "eu-west-1" }),
      `networks.prod-dr.region = "backend-prod-eu-west-1": makes the stack id "backend-prod-eu-west-1", which accounts.prod-eu-west-1 makes too`,
    ],
    [
      "a network named like another stack",
      (c) => {
        c.networks["dev-service"] = { account: "nonprod", region: "us-west-2", cidr: "10.60.0.0/16", tier: "dev" };
        c.apps!.network = { service: { imageTag: "1.0.0" }, environments: { dev: {} } };
      },
      `apps.network.environments.dev = "network-dev-service": makes the stack id "network-dev-service", which networks.dev-service makes too`,
    ],
    [
      "overlap between peered networks",
      (c) => Object.assign(c.networks["prod-dr"], { account: "nonprod", cidr: "10.40.0.0/17" }),
      `networks.prod-dr.cidr = "10.40.0.0/17": overlaps networks.prod.cidr (10.40.0.0/16); they are peered for disaster recovery, so their blocks must not overlap`,
    ],
    [
      "a network no environment uses, without a tier",
      (c) => delete c.environments.prod.drNetwork,
      `networks.prod-dr.tier = (missing): is required for a network that no environment uses (its presets come from the tier)`,
    ],
    [
      "prod turning off deletion protection",
      (c) => (c.environments.prod.overrides = { deletionProtection: false }),
      `environments.prod.overrides.deletionProtection = false: a prod-tier environment cannot turn off deletionProtection without environments.prod.waivers.deletionProtection giving a reason`,
    ],
    [
      "prod turning off multi-AZ",
      (c) => (c.environments.prod.overrides = { multiAz: false }),
      `environments.prod.overrides.multiAz = false: a prod-tier environment cannot turn off multiAz without environments.prod.waivers.multiAz giving a reason`,
    ],
    [
      "prod turning off encryption",
      (c) => (c.environments.prod.overrides = { encryption: false }),
      `environments.prod.overrides.encryption = false: a prod-tier environment cannot turn off encryption without environments.prod.waivers.encryption giving a reason`,
    ],
  ])("%s", (_rule, mutate, expected) => {
    expect(issuesOf(mutate)).toContainEqual(expect.stringContaining(`  - ${expected}`));
  });

  it("allows overlapping blocks in different accounts that are not peered", () => {
    expect(issuesOf((c) => (c.networks.dev.cidr = "10.40.0.0/16"))).toEqual([]);
  });

  it("allows overlapping blocks of one account in unrelated regions", () => {
    expect(issuesOf((c) => Object.assign(c.networks.staging, { region: "us-west-2", cidr: "10.10.0.0/16" }))).toEqual([]);
  });

  it.each<[string, Mutation, string]>([
    [
      "prod keeping logs shorter than its tier",
      (c) => (c.environments.prod.overrides = { logRetentionDays: 14 }),
      `environments.prod.overrides.logRetentionDays = 14: a prod-tier environment cannot keep logs for less than the tier's 30 days without environments.prod.waivers.logRetention giving a reason`,
    ],
    [
      "prod without WAF",
      (c) => (c.apps!.web.environments!.prod.service = { ...c.apps!.web.environments!.prod.service, waf: false }),
      `apps.web.environments.prod.service.waf = false: a prod-tier environment cannot turn WAF off without environments.prod.waivers.waf giving a reason`,
    ],
    [
      "prod with ECS Exec",
      (c) => (c.apps!.web.service = { ...c.apps!.web.service, execCommand: true }),
      `apps.web.service.execCommand = true: a prod-tier environment cannot turn ECS Exec on without environments.prod.waivers.execCommand giving a reason`,
    ],
    [
      "prod keeping backups shorter than its tier",
      (c) => (c.apps!.web.environments!.prod.database = { backupRetentionDays: 7 }),
      `apps.web.environments.prod.database.backupRetentionDays = 7: a prod-tier environment cannot keep backups for less than the tier's 30 days without environments.prod.waivers.backupRetention giving a reason`,
    ],
    [
      "prod alarms that nobody receives",
      (c) => {
        c.apps!.web.alerts = { emails: [] };
        c.apps!.web.environments!.prod.alerts = { incidentManagement: null };
      },
      `apps.web.environments.prod.alerts = {"emails":[],"incidentManagement":null}: a prod-tier environment cannot raise alarms that nobody receives without environments.prod.waivers.alertSubscribers giving a reason: give alerts.emails or alerts.incidentManagement`,
    ],
    [
      "prod deploying with no required reviewer",
      (c) => delete c.delivery!.github!.reviewers!.prod,
      `delivery.github.reviewers.prod = (missing): a prod-tier environment needs a required reviewer of its deploys, whom GitHub's environment protection makes approve each one: give a team or user id ({ "teams": [<id>] } or { "users": [<id>] }), or a reason in environments.prod.waivers.reviewers`,
    ],
    [
      "prod with an empty reviewer list",
      (c) => (c.delivery!.github!.reviewers!.prod = { teams: [], users: [] }),
      `delivery.github.reviewers.prod = {"teams":[],"users":[]}: a prod-tier environment needs a required reviewer`,
    ],
    [
      "a prod network without flow logs",
      (c) => (c.networks.prod.flowLogs = { enabled: false }),
      `networks.prod.flowLogs.enabled = false: a prod-tier network cannot turn flow logs off without networks.prod.waivers.flowLogs giving a reason`,
    ],
  ])("%s needs a waiver", (_rule, mutate, expected) => {
    expect(issuesOf(mutate)).toContainEqual(expect.stringContaining(`  - ${expected}`));
  });

  it("accepts weakened prod protections each with a reasoned waiver", () => {
    expect(
      issuesOf((c) => {
        c.environments.prod.overrides = { logRetentionDays: 14 };
        c.environments.prod.waivers = { logRetention: "14 days: the log archive keeps a year in S3", execCommand: "incident INC-42, removed after the fix" };
        c.apps!.web.service = { ...c.apps!.web.service, execCommand: true };
        c.networks.prod.flowLogs = { enabled: false };
        c.networks.prod.waivers = { flowLogs: "the transit account's firewall logs every flow" };
        delete c.delivery!.github!.reviewers!.prod;
        c.environments.prod.waivers.reviewers = "a team of one until the hire in May: the branch protection's two approvals review every change";
      }),
    ).toEqual([]);
  });

  it("accepts a prod protection turned off with a reasoned waiver", () => {
    expect(
      issuesOf((c) => {
        c.environments.prod.overrides = { multiAz: false };
        c.environments.prod.waivers = { multiAz: "single-AZ until the launch in March, agreed with the data owner" };
      }),
    ).toEqual([]);
  });

  it("reports every issue at once", () => {
    const issues = issuesOf((c) => {
      c.accounts.prod.id = "1";
      c.networks.dev.cidr = "10.10.0.0/8";
      c.environments.uat.tier = "test" as never;
    });
    expect(issues.map((line) => line.split(" = ")[0].trim())).toEqual([
      "- accounts.prod.id",
      "- networks.dev.cidr",
      "- environments.uat.tier",
    ]);
  });

  it("names the source and counts the issues in the first line", () => {
    const config = defaultConfigCopy();
    config.networks.uat.cidr = "10.20.0.0/16";
    expect(() => parseConfig(config, "platform.json")).toThrow(/^Invalid platform configuration \(platform\.json\), 1 issue\(s\):\n/);
  });
});
