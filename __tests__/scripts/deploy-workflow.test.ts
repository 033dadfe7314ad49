import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { deployOrder } from "../../scripts/deploy-order";
import { DEPLOY_WORKFLOW_PATH, deploySequence, deployWorkflow, deployWorkflowOf } from "../../scripts/deploy-workflow";
import { configuredPlatform } from "../../scripts/workflows";
import { defaultConfigCopy } from "../support/config";

const ROOT = join(__dirname, "..", "..");

describe("the deploy workflow, generated from the configured environments", () => {
  it("is committed as the configuration makes it (npm run workflows): a change of environments without it fails here", () => {
    expect(readFileSync(join(ROOT, DEPLOY_WORKFLOW_PATH), "utf8")).toBe(deployWorkflowOf(configuredPlatform({}, ROOT)));
  });

  it("deploys dev, qa and prod in tier order, each after the one before, each in its own GitHub environment", () => {
    const config = defaultConfigCopy();
    const { dev, prod } = config.environments;
    config.environments = { prod, qa: { ...config.environments.staging }, dev };
    config.delivery!.github!.reviewers = { qa: { teams: [1000001] }, prod: { teams: [1000002] } };
    delete config.apps!.web.environments!.staging;
    delete config.apps!.web.environments!.uat;
    config.apps!.web.environments!.qa = {};
    delete config.networks.uat;
    const file = join(mkdtempSync(join(tmpdir(), "deploy-workflow-")), "platform.json");
    writeFileSync(file, JSON.stringify(config));
    const env = { PLATFORM_CONFIG: file };
    {
      const workflow = parse(deployWorkflowOf(configuredPlatform(env, ROOT)));
      expect(Object.keys(workflow.jobs)).toEqual(["dev", "qa", "prod"]);
      expect(Object.values<{ needs?: string; with: { environment: string } }>(workflow.jobs).map((job) => [job.needs, job.with.environment])).toEqual([
        [undefined, "dev"],
        ["dev", "qa"],
        ["qa", "prod"],
      ]);
      // The deploy jobs' stack lists come from the same configuration: qa's exist, and prod's.
      expect(deployOrder("qa", env, ROOT)).toContain("web-qa-service");
      expect(deployOrder("prod", env, ROOT)).toContain("web-prod-service");
    }
  });

  it("orders by tier, then as configured within a tier", () => {
    expect(deploySequence([{ name: "prod", tier: "prod" }, { name: "demo", tier: "dev" }, { name: "dev", tier: "dev" }, { name: "qa", tier: "staging" }])).toEqual(["demo", "dev", "qa", "prod"]);
    const reviewersLine = "# has required reviewers (delivery.github.reviewers) waits for their approval, the others go straight on.";
    expect(deployWorkflow(["dev"]).split("\n").slice(0, 2)).toEqual(["# Merge to main: dev deploys at once, each after the one before; a job whose GitHub environment", reviewersLine]);
    expect(deployWorkflow(["dev", "qa", "prod"]).split("\n").slice(0, 2)).toEqual([
      "# Merge to main: dev deploys at once, then qa and prod, each after the one before; a job whose GitHub environment",
      reviewersLine,
    ]);
  });
});
