import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { defaultConfigCopy, defaultRun } from "../support/config";

const { platform } = defaultRun();
const network = (name: string) => platform.networks.find((n) => n.name === name)!;
const environment = (name: string) => platform.environments.find((e) => e.name === name)!;

describe("the built-in configuration (seed 004's tables)", () => {
  it("has two accounts with placeholder ids and their state backends", () => {
    expect(platform.accounts.map((a) => [a.name, a.id, a.region])).toEqual([
      ["nonprod", "111111111111", "us-east-1"],
      ["prod", "222222222222", "us-east-1"],
    ]);
    expect(platform.accounts[0].backend).toMatchObject({
      bucket: "acme-111111111111-us-east-1-tfstate",
      lockTable: "acme-tfstate-locks",
      kmsAliasArn: "arn:aws:kms:us-east-1:111111111111:alias/acme-tfstate",
      noncurrentVersionExpirationDays: 30,
    });
  });

  it.each([
    ["dev", "nonprod", "us-east-1", "10.10.0.0/16", "instance", false],
    ["staging", "nonprod", "us-east-1", "10.20.0.0/16", "single", false],
    ["uat", "nonprod", "us-east-1", "10.30.0.0/16", "single", false],
    ["prod", "prod", "us-east-1", "10.40.0.0/16", "per-az", true],
    // Standby: one NAT gateway until a failover is declared (decision 0005).
    ["prod-dr", "prod", "eu-west-1", "10.50.0.0/16", "single", true],
  ])("network %s: account %s, %s, %s, NAT %s, flow logs %s", (name, account, region, cidr, natMode, flowLogs) => {
    const n = network(name);
    expect([n.account.name, n.region, n.cidr, n.natMode, n.flowLogs.enabled]).toEqual([account, region, cidr, natMode, flowLogs]);
    expect(n.zones).toHaveLength(3);
  });

  it("plans /24 subnets at cidrsubnet offsets +1..+3, +11..+13 and +21..+23", () => {
    const prod = network("prod");
    expect(prod.subnets.public.map((s) => [s.availabilityZone, s.cidr])).toEqual([
      ["us-east-1a", "10.40.1.0/24"],
      ["us-east-1b", "10.40.2.0/24"],
      ["us-east-1c", "10.40.3.0/24"],
    ]);
    expect(prod.subnets.private.map((s) => s.cidr)).toEqual(["10.40.11.0/24", "10.40.12.0/24", "10.40.13.0/24"]);
    expect(prod.subnets.database.map((s) => s.cidr)).toEqual(["10.40.21.0/24", "10.40.22.0/24", "10.40.23.0/24"]);
    expect(network("prod-dr").subnets.database.map((s) => s.availabilityZone)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  });

  it("keeps flow logs 30 days in prod", () => {
    expect(network("prod").flowLogs.retentionDays).toBe(30);
  });

  it("gives dev a t4g.nano NAT instance (seed 004's budget) and no other network one", () => {
    expect(network("dev").natInstance).toEqual({ instanceType: "t4g.nano" });
    for (const name of ["staging", "uat", "prod", "prod-dr"]) expect(network(name).natInstance).toBeUndefined();
  });

  it("gives a no-NAT network interface endpoints for ECR, logs, secrets, SSM, ECS Exec, KMS, STS and AppConfig Data in one zone", () => {
    const config = defaultConfigCopy();
    config.networks.dev.natMode = "none";
    expect(resolvePlatform(parseConfig(config, "test")).networks.find((n) => n.name === "dev")!.interfaceEndpoints).toEqual({
      services: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages", "kms", "sts", "appconfigdata"],
      azCount: 1,
    });
  });

  it("puts prod-tier networks' interface endpoints in every zone, so that a zone's failure cuts no task off from Secrets Manager, and the others' (and a standby DR network's) in one", () => {
    expect(["dev", "staging", "uat", "prod", "prod-dr"].map((name) => [name, network(name).interfaceEndpoints.azCount])).toEqual([
      ["dev", 1],
      ["staging", 1],
      ["uat", 1],
      ["prod", 3],
      ["prod-dr", 1],
    ]);
  });

  it("runs the DR network at pilot-light cost while standing by, and at prod's layout once failover is declared", () => {
    expect([network("prod-dr").natMode, network("prod-dr").interfaceEndpoints.azCount]).toEqual(["single", 1]);
    const config = defaultConfigCopy();
    config.environments.prod.activeRegion = "dr";
    const active = resolvePlatform(parseConfig(config, "test")).networks.find((n) => n.name === "prod-dr")!;
    expect([active.natMode, active.interfaceEndpoints.azCount]).toEqual(["per-az", 3]);
    config.networks["prod-dr"].natMode = "per-az";
    config.environments.prod.activeRegion = "primary";
    expect(resolvePlatform(parseConfig(config, "test")).networks.find((n) => n.name === "prod-dr")!.natMode).toBe("per-az");
  });

  it("gives NAT networks a Secrets Manager endpoint only, for the role manager in the database subnets", () => {
    for (const name of ["dev", "staging", "uat", "prod", "prod-dr"]) {
      expect(network(name).interfaceEndpoints.services).toEqual(["secretsmanager"]);
    }
  });

  it.each([
    ["dev", false, false, 7],
    ["staging", false, false, 14],
    ["uat", true, false, 14],
    ["prod", true, true, 30],
  ])("environment %s: deletion protection %s, multi-AZ %s, log retention %d days, encrypted", (name, deletionProtection, multiAz, days) => {
    expect(environment(name).settings).toEqual({ deletionProtection, multiAz, encryption: true, logRetentionDays: days });
  });

  it("puts prod's disaster recovery in prod-dr and one app, web, in every environment", () => {
    expect(environment("prod").drNetwork?.name).toBe("prod-dr");
    expect(platform.apps.map((app) => [app.name, app.deployments.map((d) => d.environment.name)])).toEqual([
      ["web", ["dev", "staging", "uat", "prod"]],
    ]);
  });
});
