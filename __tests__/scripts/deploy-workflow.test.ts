import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { deployOrder } from "../../scripts/deploy-order";
import { configuredDeployWorkflow, DEPLOY_WORKFLOW_PATH, deploySequence, deployWorkflow, runWorkflows } from "../../scripts/deploy-workflow";
import { defaultConfigCopy } from "../support/config";
import { printedBy } from "../support/printed";

const ROOT = join(__dirname, "..", "..");

describe("the deploy workflow, generated from the configured environments", () => {
  it("is committed as the configuration makes it (npm run workflows): a change of environments without it fails here", () => {
    expect(readFileSync(join(ROOT, DEPLOY_WORKFLOW_PATH), "utf8")).toBe(configuredDeployWorkflow({}, ROOT));
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
      const workflow = parse(configuredDeployWorkflow(env, ROOT));
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

  describe("npm run workflows", () => {
    /** A working directory with a .github/workflows directory, as a repository root has. */
    function repositoryRoot(): string {
      const root = mkdtempSync(join(tmpdir(), "deploy-workflow-root-"));
      mkdirSync(join(root, ".github", "workflows"), { recursive: true });
      return root;
    }

    it("writes the workflow the configuration makes, then --check finds it current (0) and a stale one stale (1)", () => {
      const root = repositoryRoot();
      const written = printedBy(() => runWorkflows([], {}, root));
      expect(written).toEqual({ result: 0, stdout: "", stderr: `wrote ${DEPLOY_WORKFLOW_PATH}\n` });
      expect(readFileSync(join(root, DEPLOY_WORKFLOW_PATH), "utf8")).toBe(configuredDeployWorkflow({}, root));
      expect(printedBy(() => runWorkflows(["--check"], {}, root))).toEqual({ result: 0, stdout: "", stderr: "" });
      writeFileSync(join(root, DEPLOY_WORKFLOW_PATH), "name: deploy\n");
      expect(printedBy(() => runWorkflows(["--check"], {}, root))).toEqual({
        result: 1,
        stdout: "",
        stderr: `${DEPLOY_WORKFLOW_PATH} is not what the configured environments make: run npm run workflows and commit it\n`,
      });
    });

    it("refuses a configuration error with its message alone and exit code 1, writing nothing", () => {
      const root = repositoryRoot();
      writeFileSync(join(root, "platform.json"), JSON.stringify({ ...defaultConfigCopy(), environmnets: {} }));
      const { result, stdout, stderr } = printedBy(() => runWorkflows([], {}, root));
      expect({ result, stdout }).toEqual({ result: 1, stdout: "" });
      expect(stderr).toBe(`Invalid platform configuration (${join(root, "platform.json")}), 1 issue(s):\n  - environmnets = {}: is not a known field: did you mean "environments"?\n`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(root, DEPLOY_WORKFLOW_PATH))).toBe(false);
    });
  });
});
