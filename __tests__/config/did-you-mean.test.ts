import { issuesOf } from "../support/config-issues";
import { ConfigError, formatIssue } from "../../src/config/shared/errors";
import { loadPlatformRun } from "../../src/config/platform/load";
import { closestName, editDistance, withSuggestion } from "../../src/config/shared/suggest";
import { unknownStackMessage } from "../../src/config/shared/stack-ids";
import { UnknownEnvironmentError } from "../../src/explain/explanation";

describe("did you mean", () => {
  it("measures edits ignoring case, a swap of two neighbours counting one", () => {
    expect(editDistance("imagetag", "imageTag")).toBe(0);
    expect(editDistance("prdo", "prod")).toBe(1);
    expect(editDistance("contanerPort", "containerPort")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests a name within a third of the word's length, never a different short word", () => {
    expect(closestName("netwrk", ["network", "drNetwork", "tier"])).toBe("network");
    expect(closestName("qa", ["dev", "staging", "uat", "prod"])).toBeUndefined();
    expect(closestName("cpus", ["cpu", "memory"])).toBe("cpu");
    expect(closestName("replicas", ["readReplica", "minTasks"])).toBeUndefined();
  });

  it("names the closest known field of the object that has the unknown one, at any depth", () => {
    expect(issuesOf((c) => Object.assign(c.environments.dev, { netwrk: "dev" }))).toEqual([`  - environments.dev.netwrk = "dev": is not a known field: did you mean "network"?`]);
    expect(issuesOf((c) => Object.assign(c.apps!.web.service!, { contanerPort: 80 }))).toEqual([`  - apps.web.service.contanerPort = 80: is not a known field: did you mean "containerPort"?`]);
    expect(issuesOf((c) => Object.assign(c.apps!.web.environments!.prod!.service!, { imagetag: "1.0" }))).toEqual([
      `  - apps.web.environments.prod.service.imagetag = "1.0": is not a known field: did you mean "imageTag"?`,
    ]);
    expect(issuesOf((c) => Object.assign(c.networks.dev, { flowLogs: { enabeld: true } }))).toEqual([`  - networks.dev.flowLogs.enabeld = true: is not a known field: did you mean "enabled"?`]);
    expect(issuesOf((c) => Object.assign(c, { apss: {} }))).toEqual([`  - apss = {}: is not a known field: did you mean "apps"?`]);
  });

  it("lists the known fields when none is close", () => {
    expect(issuesOf((c) => Object.assign(c.accounts.prod, { owner: "x" }))).toEqual([`  - accounts.prod.owner = "x": is not a known field; the fields here are id, region`]);
  });

  it("names the closest environment where a key must name one, showing the key's own value", () => {
    expect(
      issuesOf((c) => {
        c.apps!.web.environments!.prd = c.apps!.web.environments!.prod;
        delete c.apps!.web.environments!.prod;
      }),
    ).toEqual([`  - apps.web.environments.prd = {"alerts":{…},"service":{…},"telemetry":{…},"logForwarding":{…}}: the key must name an environment, one of: dev, staging, uat, prod; did you mean "prod"?`]);
    expect(
      issuesOf((c) => {
        c.delivery!.github!.reviewers!.prd = c.delivery!.github!.reviewers!.prod;
        delete c.delivery!.github!.reviewers!.prod;
      }),
    ).toEqual([
      // Alone: prod's missing reviewers are this key's, and the fix it suggests gives them back.
      `  - delivery.github.reviewers.prd = {"teams":[1000002,1000003]}: the key must name an environment, one of: dev, staging, uat, prod; did you mean "prod"?`,
    ]);
    // A key close to no environment leaves prod without reviewers, and that is said too.
    expect(
      issuesOf((c) => {
        c.delivery!.github!.reviewers!.production = c.delivery!.github!.reviewers!.prod;
        delete c.delivery!.github!.reviewers!.prod;
      }),
    ).toEqual([
      `  - delivery.github.reviewers.prod = (missing): a prod-tier environment needs a required reviewer of its deploys, whom GitHub's environment protection makes approve each one: give a team or user id ({ "teams": [<id>] } or { "users": [<id>] }), or a reason in environments.prod.waivers.reviewers`,
      `  - delivery.github.reviewers.production = {"teams":[1000002,1000003]}: the key must name an environment, one of: dev, staging, uat, prod`,
    ]);
    // A network without NAT has its endpoints checked for every app environment on it: an unknown key among them was looked up and crashed.
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.apps!.web.environments!.deb = {};
      }),
    ).toEqual([`  - apps.web.environments.deb = {}: the key must name an environment, one of: dev, staging, uat, prod; did you mean "dev"?`]);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, backupCopyVaults: { prdo: "arn:aws:backup:us-east-1:555555555555:backup-vault:copies" } }))).toEqual([
      `  - delivery.backupCopyVaults.prdo = "arn:aws:backup:us-east-1:555555555555:backup-vault:copies": the key must name an environment, one of: dev, staging, uat, prod; did you mean "prod"?`,
    ]);
    expect(issuesOf((c) => (c.apps!.web.environments!.uat.featureFlags = { "new-chekout": true }))).toEqual([
      `  - apps.web.environments.uat.featureFlags.new-chekout = true: overrides a flag that apps.web.featureFlags does not declare (declared: new-checkout); did you mean "new-checkout"?`,
    ]);
  });

  it("names the closest network or account where a value must name one", () => {
    expect(issuesOf((c) => (c.environments.dev.network = "stagin"))).toContainEqual(`  - environments.dev.network = "stagin": must name a network, one of: dev, staging, uat, prod, prod-dr; did you mean "staging"?`);
    expect(issuesOf((c) => (c.networks.dev.account = "nonprd"))).toEqual([`  - networks.dev.account = "nonprd": must name an account, one of: nonprod, prod; did you mean "nonprod"?`]);
    expect(issuesOf((c) => (c.apps!.web.buildRepository = { account: "prdo" }))).toEqual([`  - apps.web.buildRepository.account = "prdo": must name an account, one of: nonprod, prod; did you mean "prod"?`]);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, audit: { archiveAccount: "nonprd" } }))).toEqual([
      `  - delivery.audit.archiveAccount = "nonprd": must name an account, one of: nonprod, prod; did you mean "nonprod"?`,
    ]);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, organization: { managementAccount: "prd", id: "o-a1b2c3d4e5", targets: ["r-ab12"] } }))).toContainEqual(
      `  - delivery.organization.managementAccount = "prd": must name a configured account, one of: nonprod, prod (add the management account to accounts: its backend keeps the organization stack's state); did you mean "prod"?`,
    );
    expect(issuesOf((c) => (c.apps!.web.pipeline = { enabled: true, environments: ["stagin"] }))).toContainEqual(
      `  - apps.web.pipeline.environments = "stagin": must name an environment app web runs in, one of: dev, staging, uat, prod; did you mean "staging"?`,
    );
    expect(() => loadPlatformRun({ PLATFORM_ENV: "prod" })).toThrow(/PLATFORM_ENV = "prod": is not a variable the platform reads; the known ones are .*; did you mean "PLATFORM_ENVS"\?$/);
  });

  it("reports a misspelt network reference alone: the network it meant is not called unused", () => {
    expect(issuesOf((c) => (c.environments.prod.drNetwork = "prod-drr"))).toEqual([
      `  - environments.prod.drNetwork = "prod-drr": must name a network, one of: dev, staging, uat, prod, prod-dr; did you mean "prod-dr"?`,
    ]);
    expect(issuesOf((c) => (c.environments.prod.network = "prdo"))).toEqual([`  - environments.prod.network = "prdo": must name a network, one of: dev, staging, uat, prod, prod-dr; did you mean "prod"?`]);
    expect(issuesOf((c) => (c.environments.prod.network = "lowers"))).toEqual([`  - environments.prod.network = "lowers": must name a network, one of: dev, staging, uat, prod, prod-dr`]);
  });

  it("names the closest option of an enum after the options, in the project's words rather than zod's", () => {
    expect(issuesOf((c) => (c.environments.staging.tier = "stagging" as never))).toEqual([`  - environments.staging.tier = "stagging": must be one of dev, staging, uat, prod; did you mean "staging"?`]);
    expect(issuesOf((c) => (c.networks.dev.tier = "prdo" as never))).toEqual([`  - networks.dev.tier = "prdo": must be one of dev, staging, uat, prod; did you mean "prod"?`]);
    expect(issuesOf((c) => (c.networks.dev.natMode = "singel" as never))).toEqual([`  - networks.dev.natMode = "singel": must be one of none, instance, single, per-az; did you mean "single"?`]);
    expect(issuesOf((c) => (c.networks.dev.region = "us-east-9"))).toEqual([
      `  - networks.dev.region = "us-east-9": must be an AWS commercial region code such as us-east-1 or eu-west-1; did you mean "us-east-1"?`,
    ]);
    expect(issuesOf((c) => (c.networks.dev.interfaceEndpoints = { services: ["secretmanager" as never] }))).toEqual([
      `  - networks.dev.interfaceEndpoints.services[0] = "secretmanager": must be one of ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts, monitoring, ecs, ecs-agent, ecs-telemetry, appconfig, appconfigdata, sns; did you mean "secretsmanager"?`,
    ]);
    expect(issuesOf((c) => (c.environments.dev.tier = "qa" as never))).toEqual([`  - environments.dev.tier = "qa": must be one of dev, staging, uat, prod`]);
  });

  it("adds a suggestion only for a string close to a known name", () => {
    expect(withSuggestion("must be one of a, b", "stagin", ["staging"])).toBe(`must be one of a, b; did you mean "staging"?`);
    expect(withSuggestion("must be one of a, b", 3, ["3"])).toBe("must be one of a, b");
    expect(withSuggestion("must be one of a, b", "billing", ["staging"])).toBe("must be one of a, b");
  });

  it("shows a long object with its nested values elided, a short one whole", () => {
    const issue = (value: unknown) => formatIssue({ path: "x", value, message: "m" });
    expect(issue({ a: { b: 1 } })).toBe(`  - x = {"a":{"b":1}}: m`);
    expect(issue({ name: "x".repeat(90), nested: { b: 1 }, list: [1, 2], none: null })).toBe(`  - x = {"name":"${"x".repeat(90)}","nested":{…},"list":[…],"none":null}: m`);
    expect(issue(Array.from({ length: 30 }, (_, i) => `s${i}`))).toContain(`"s29"]`);
    expect(new ConfigError("t", [{ path: "x", value: undefined, message: "m" }]).message).toContain("  - x = (missing): m");
  });

  it("names the closest stack id for npm run plan, and the closest environment for explain", () => {
    const stacks = ["network-dev", "web-dev-service", "web-prod-service"];
    expect(unknownStackMessage("web-dev-servce", stacks)).toBe(`no stack web-dev-servce; did you mean "web-dev-service"? the stacks are: network-dev, web-dev-service, web-prod-service`);
    expect(unknownStackMessage("billing", stacks)).toBe("no stack billing; the stacks are: network-dev, web-dev-service, web-prod-service");
    expect(new UnknownEnvironmentError("stagin", ["dev", "staging"]).message).toBe(`environment "stagin" is not in this configuration; did you mean "staging"? its environments are dev, staging`);
  });
});
