import { parseConfig } from "../../src/config/platform/load";
import { releaseWarnings } from "../../src/config/release/warnings";
import { deploymentOf, issuesOf, Mutation } from "../support/config-issues";
import { defaultConfigCopy } from "../support/config";

const web = (c: Parameters<Mutation>[0]) => c.apps!.web;
const env = (c: Parameters<Mutation>[0], name: string) => web(c).environments![name];

describe("blue/green releases and migrations: off by default, the tier's settings, then the app's and the environment's", () => {
  it.each(["dev", "staging", "uat", "prod"])("neither is on in %s with the built-in configuration", (name) => {
    const deployment = deploymentOf(name);
    expect(deployment.blueGreen).toBeUndefined();
    expect(deployment.migrations).toBeUndefined();
  });

  it("staging turned on: all traffic at once (CodeDeploy's predefined configuration), old tasks kept 15 minutes (the rollback alarms' window and margin), an HTTP test listener on 8080 that nobody reaches", () => {
    expect(deploymentOf("staging", (c) => (env(c, "staging").blueGreen = { enabled: true })).blueGreen).toEqual({
      applicationName: "acme-web-staging",
      deploymentGroupName: "acme-web-staging",
      roleName: "acme-web-staging-codedeploy",
      alternateTargetGroupName: "acme-web-staging-alt",
      traffic: "all-at-once",
      trafficPercent: 10,
      trafficIntervalMinutes: 5,
      deploymentConfig: { name: "CodeDeployDefault.ECSAllAtOnce" },
      terminationWaitMinutes: 15,
      releaseMinutes: 15,
      testListener: { port: 8080, protocol: "HTTP", cidrs: [] },
    });
  });

  it("uat turned on by the app's block: a 10% canary for 5 minutes, an HTTPS test listener on 8443 (uat has a domain)", () => {
    const blueGreen = deploymentOf("uat", (c) => {
      web(c).blueGreen = { enabled: true, testListenerCidrs: ["203.0.113.0/24"] };
      // Prod, behind its CDN, keeps rolling updates.
      env(c, "prod").blueGreen = { enabled: false };
    }).blueGreen;
    expect(blueGreen).toMatchObject({
      traffic: "canary",
      deploymentConfig: { name: "CodeDeployDefault.ECSCanary10Percent5Minutes" },
      terminationWaitMinutes: 15,
      releaseMinutes: 20,
      testListener: { port: 8443, protocol: "HTTPS", cidrs: ["203.0.113.0/24"] },
    });
  });

  it("a shift no predefined configuration has gets a deployment configuration of the service's own", () => {
    const blueGreen = deploymentOf("dev", (c) => (env(c, "dev").blueGreen = { enabled: true, traffic: "linear", trafficPercent: 25, trafficIntervalMinutes: 2, testListenerPort: 9443 })).blueGreen!;
    expect(blueGreen.deploymentConfig).toEqual({ name: "acme-web-dev-linear-25-2m", custom: { type: "TimeBasedLinear", percent: 25, intervalMinutes: 2 } });
    // 25% every 2 minutes: three intervals after the first step, then dev's 15-minute wait.
    expect(blueGreen.releaseMinutes).toBe(6 + 15);
    expect(blueGreen.testListener.port).toBe(9443);
  });

  it("migrations: the app's command in every environment, with its family, role and stream prefix; an environment turns them off", () => {
    const mutate: Mutation = (c) => {
      web(c).migrations = { command: ["bin/rails", "db:migrate"] };
      env(c, "dev").migrations = { enabled: false };
    };
    expect(deploymentOf("dev", mutate).migrations).toBeUndefined();
    expect(deploymentOf("staging", mutate).migrations).toEqual({
      family: "acme-web-staging-migrate",
      roleName: "acme-web-staging-migrate-task",
      command: ["bin/rails", "db:migrate"],
      streamPrefix: "migrate",
      timeoutMinutes: 30,
    });
  });
});

describe("release validation: each message names the field, the value and what is allowed", () => {
  it("refuses blue/green behind the CDN, naming both fields (prod's CDN is on by default)", () => {
    expect(issuesOf((c) => (env(c, "prod").blueGreen = { enabled: true }))).toEqual([
      "  - apps.web.environments.prod.blueGreen.enabled = true: cannot be on with the CDN of environment prod (apps.web.cdn.enabled (on by default in the prod tier)): CodeDeploy moves traffic by rewriting the production listener's forward actions, while behind CloudFront that listener answers 403 and the origin-secret function forwards to the first target group only (decision 0013); set cdn.enabled false there, or release without blue/green",
    ]);
  });

  it("takes blue/green in prod once the CDN is off there", () => {
    expect(issuesOf((c) => (env(c, "prod").blueGreen = { enabled: true }) && (env(c, "prod").cdn = { enabled: false }))).toEqual([]);
  });

  it("refuses blue/green with request-count autoscaling", () => {
    expect(
      issuesOf((c) => {
        env(c, "staging").blueGreen = { enabled: true };
        env(c, "staging").service = { requestsPerTarget: 500 };
      }),
    ).toEqual([
      "  - apps.web.environments.staging.blueGreen.enabled = true: cannot be on with apps.web.environments.staging.service.requestsPerTarget (500): request-count autoscaling tracks one target group, which every other blue/green release empties; scale on CPU and memory (the default)",
    ]);
  });

  it("refuses a termination wait shorter than the rollback alarms' window (2 periods of 300 s) plus CloudWatch's delay, naming the field, the value and the minimum", () => {
    expect(issuesOf((c) => (env(c, "staging").blueGreen = { enabled: true, terminationWaitMinutes: 5 }))).toEqual([
      "  - apps.web.environments.staging.blueGreen.terminationWaitMinutes = 5: must be at least 15 minutes: the rollback alarms fire after 2 periods of 300 s, plus up to 5 minutes of CloudWatch's delay; a shorter wait stops the old tasks before an alarm on the new ones can roll the release back",
    ]);
    expect(issuesOf((c) => (env(c, "staging").blueGreen = { enabled: true, terminationWaitMinutes: 15 }))).toEqual([]);
    // Every tier's default passes (dev and staging keep the old tasks exactly the minimum).
    for (const name of ["dev", "staging", "uat"]) expect(issuesOf((c) => (env(c, name).blueGreen = { enabled: true }))).toEqual([]);
  });

  it("refuses a release longer than the deploy job waits", () => {
    expect(issuesOf((c) => (env(c, "staging").blueGreen = { enabled: true, traffic: "linear", trafficPercent: 10, trafficIntervalMinutes: 10, terminationWaitMinutes: 60 }))).toEqual([
      "  - apps.web.environments.staging.blueGreen.terminationWaitMinutes = 60: makes a release take 150 minutes (linear shift, then 60 minutes before the old tasks stop): at most 120, which the deploy job waits for beside its applies",
    ]);
  });

  it("refuses a test listener open to the internet, or on a production port", () => {
    expect(issuesOf((c) => (env(c, "staging").blueGreen = { enabled: true, testListenerPort: 443, testListenerCidrs: ["0.0.0.0/0"] }))).toEqual([
      "  - apps.web.environments.staging.blueGreen.testListenerPort = 443: must be a port from 1024 to 65535 (80 and 443 are the production listeners')",
      '  - apps.web.environments.staging.blueGreen.testListenerCidrs[0] = "0.0.0.0/0": must be an IPv4 CIDR block without host bits, no wider than a /16 (such as 203.0.113.0/24): the test listener is never open to the internet',
    ]);
  });

  it("refuses migrations turned on without a command, and an empty command", () => {
    expect(issuesOf((c) => (env(c, "dev").migrations = { enabled: true }))).toEqual([
      '  - apps.web.environments.dev.migrations.enabled = true: needs apps.web.migrations.command (or the environment\'s) in environment dev: the command the migration task runs, such as ["bin/rails", "db:migrate"]',
    ]);
    expect(issuesOf((c) => (web(c).migrations = { command: [] }))).toEqual(['  - apps.web.migrations.command = []: must have at least one element, such as ["bin/rails", "db:migrate"]']);
  });

  it("warns that turning blue/green on replaces a service that runs with rolling updates", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.blueGreen = { enabled: true };
    expect(releaseWarnings(parseConfig(config, "test"))).toEqual([expect.stringMatching(/^apps\.web in environment staging: blueGreen\.enabled puts the ECS service under CodeDeploy; if it already runs with rolling updates, the next apply replaces it/)]);
    expect(releaseWarnings(parseConfig(defaultConfigCopy(), "test"))).toEqual([]);
  });
});
