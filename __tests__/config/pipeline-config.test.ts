import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { issuesOf as issuesIn } from "../support/config-issues";
import { defaultRun } from "../support/config";

/** examples/codepipeline.json: one account, web's pipeline releasing dev, staging and prod with blue/green. */
const example = () => JSON.parse(readFileSync(join(__dirname, "../../examples/codepipeline.json"), "utf8"));
type Example = ReturnType<typeof example>;

const pipelineOf = (mutate: (config: Example) => void = () => undefined) => {
  const config = example();
  mutate(config);
  return resolvePlatform(parseConfig(config, "test")).apps[0].pipeline;
};

const issuesOf = (mutate: (config: Example) => void): string[] => issuesIn(mutate, example);

describe("an app's CodePipeline (decision 0015)", () => {
  it("is off by default: the built-in configuration has no pipeline", () => {
    expect(defaultRun().platform.apps.map((app) => app.pipeline)).toEqual([undefined]);
  });

  it("on in the example: in the build repository's account and region, every environment in deploy order, approvals before all but the first", () => {
    const pipeline = pipelineOf()!;
    expect(pipeline).toMatchObject({
      name: "acme-web-pipeline",
      account: { name: "shared", id: "333333333333" },
      region: "us-east-1",
      connectionName: "acme-web",
      repository: "acme/web",
      branch: "main",
      platformRepository: "acme/platform",
      artifactBucket: "acme-web-pipeline-artifacts-333333333333",
      artifactExpiryDays: 30,
      keyAlias: "alias/acme-web-pipeline-artifacts",
      build: { projectName: "acme-web-pipeline-image", computeType: "BUILD_GENERAL1_SMALL", timeoutMinutes: 30, context: ".", failingSeverities: ["CRITICAL", "HIGH"] },
      roleName: "acme-web-pipeline-role",
      approvalTimeoutMinutes: 10080,
    });
    expect(pipeline.releases.map((release) => [release.environment, release.approval, release.projectName])).toEqual([
      ["dev", false, "acme-web-pipeline-dev-release"],
      ["staging", true, "acme-web-pipeline-staging-release"],
      ["prod", true, "acme-web-pipeline-prod-release"],
    ]);
    expect(pipeline.releases[0]).toMatchObject({
      serviceName: "acme-web-dev",
      taskRoleNames: ["acme-web-dev-task-execution", "acme-web-dev-task"],
      blueGreen: { applicationName: "acme-web-dev", deploymentGroupName: "acme-web-dev" },
      migrations: { family: "acme-web-dev-migrate", command: ["bin/rails", "db:migrate"] },
      serviceState: { bucket: "acme-333333333333-us-east-1-tfstate", key: "acme/web-dev-service.tfstate", region: "us-east-1", keyAlias: "alias/acme-tfstate" },
    });
  });

  it("releases only the environments it lists, in deploy order whatever the list's; a lower gate adds the lower severities", () => {
    const pipeline = pipelineOf((c) => (c.apps.web.pipeline = { enabled: true, environments: ["prod", "staging"], failOnSeverity: "MEDIUM", branch: "release" }))!;
    expect(pipeline.releases.map((release) => [release.environment, release.approval])).toEqual([
      ["staging", false],
      ["prod", true],
    ]);
    expect(pipeline.build.failingSeverities).toEqual(["CRITICAL", "HIGH", "MEDIUM"]);
    expect(pipeline.branch).toBe("release");
  });

  it("refuses an environment the app does not run in", () => {
    expect(issuesOf((c) => (c.apps.web.pipeline.environments = ["dev", "qa"]))).toEqual([
      '  - apps.web.pipeline.environments = "qa": must name an environment app web runs in, one of: dev, staging, prod',
    ]);
  });

  it("refuses an environment without blue/green: a rolling service's revision is Terraform's", () => {
    expect(issuesOf((c) => (c.apps.web.environments.staging.blueGreen = { enabled: false }))).toEqual([
      "  - apps.web.environments.staging.blueGreen.enabled = false: must be true in environment staging, which apps.web.pipeline releases to: the pipeline releases through CodeDeploy's blue/green deployment, which owns the service's task definition; a rolling service's revision is Terraform's, which the next apply would put back (decision 0015); turn blueGreen on there, or leave staging out of apps.web.pipeline.environments",
    ]);
  });

  it("refuses a cross-account pipeline, naming the environment's network and the build repository's account", () => {
    const issues = issuesOf((c) => {
      c.accounts.prod = { id: "444444444444", region: "us-east-1" };
      c.networks.prod.account = "prod";
    });
    expect(issues).toContain(
      '  - apps.web.pipeline.enabled = true: releases to environment prod, in account prod and us-east-1 (environments.prod.network "prod"), while the pipeline lives with the build repository in account shared and us-east-1 (apps.web.buildRepository.account): a cross-account or cross-region pipeline is not supported (decision 0015); list in apps.web.pipeline.environments only environments of that account and region, and release the others with the deploy workflow',
    );
    // Leaving prod out of the pipeline is the way.
    expect(
      issuesOf((c) => {
        c.accounts.prod = { id: "444444444444", region: "us-east-1" };
        c.networks.prod.account = "prod";
        c.apps.web.pipeline.environments = ["dev", "staging"];
      }).filter((issue) => issue.includes("pipeline")),
    ).toEqual([]);
  });

  it("refuses a cross-region pipeline, at the list where there is one", () => {
    const issues = issuesOf((c) => {
      c.networks.prod.region = "us-west-2";
      c.apps.web.pipeline.environments = ["dev", "prod"];
    });
    expect(issues.filter((issue) => issue.includes("pipeline lives"))).toEqual([
      '  - apps.web.pipeline.environments = ["dev","prod"]: releases to environment prod, in account shared and us-west-2 (environments.prod.network "prod"), while the pipeline lives with the build repository in account shared and us-east-1 (apps.web.buildRepository.account): a cross-account or cross-region pipeline is not supported (decision 0015); list in apps.web.pipeline.environments only environments of that account and region, and release the others with the deploy workflow',
    ]);
  });

  it("refuses a scheduled job where it releases (a schedule runs Terraform's revision, the configured image), at the level that declares it, and a disabled one passes", () => {
    const withJobs = (c: Example) => {
      c.apps.web.scheduledJobs = { cleanup: { schedule: "cron(0 3 * * ? *)", command: ["bin/rails", "cleanup"] } };
      c.apps.web.environments.prod.scheduledJobs = { cleanup: { enabled: false }, report: { schedule: "rate(1 hour)", command: ["bin/report"] } };
    };
    const message = (env: string) =>
      `runs in environment ${env}, which apps.web.pipeline releases to: a schedule runs the task definition revision Terraform registered, with the configured image, not the image the pipeline released (decision 0015); set enabled to false there, or leave ${env} out of apps.web.pipeline.environments`;
    expect(issuesOf(withJobs)).toEqual([
      `  - apps.web.scheduledJobs.cleanup = "cron(0 3 * * ? *)": ${message("dev")}`,
      `  - apps.web.scheduledJobs.cleanup = "cron(0 3 * * ? *)": ${message("staging")}`,
      `  - apps.web.environments.prod.scheduledJobs.report = "rate(1 hour)": ${message("prod")}`,
    ]);
    expect(
      issuesOf((c) => {
        withJobs(c);
        c.apps.web.pipeline.environments = ["prod"];
        c.apps.web.environments.prod.scheduledJobs.report.enabled = false;
      }),
    ).toEqual([]);
  });

  it("refuses a connection name CodeConnections would refuse (over 32 characters)", () => {
    const issues = issuesOf((c) => {
      c.project.name = "acme-engineering";
      c.apps["storefront-checkout"] = c.apps.web;
      delete c.apps.web;
    });
    expect(issues).toContain(
      '  - apps.storefront-checkout.pipeline.enabled = true: names the CodeConnections connection "acme-engineering-storefront-checkout" (36 characters, <project>-<app>): CodeConnections allows at most 32; shorten project.name or the app\'s name',
    );
  });

  it("refuses an environment whose name prefix is the pipeline's", () => {
    const issues = issuesOf((c) => {
      c.environments["pipeline-test"] = { network: "lowers", tier: "dev" };
      c.apps.web.environments["pipeline-test"] = { blueGreen: { enabled: true } };
      c.apps.web.pipeline.environments = ["dev"];
    });
    expect(issues).toContain(
      '  - environments.pipeline-test = "pipeline-test": makes the name prefix "acme-web-pipeline-test", which the deploy role of pipeline-test reaches by name and which begins with the prefix of app web\'s pipeline, "acme-web-pipeline": rename the environment, or turn apps.web.pipeline off',
    );
  });

  it("refuses settings outside CodeBuild's and CodePipeline's bounds", () => {
    expect(issuesOf((c) => Object.assign(c.apps.web.pipeline, { failOnSeverity: "SEVERE", buildTimeoutMinutes: 3000, approvalTimeoutMinutes: 1, computeType: "HUGE" }))).toEqual([
      "  - apps.web.pipeline.failOnSeverity = \"SEVERE\": must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL",
      "  - apps.web.pipeline.computeType = \"HUGE\": must be one of BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE",
      "  - apps.web.pipeline.buildTimeoutMinutes = 3000: must be at most 2160 minutes (CodeBuild's limit)",
      "  - apps.web.pipeline.approvalTimeoutMinutes = 1: must be at least 5 minutes",
    ]);
  });
});
