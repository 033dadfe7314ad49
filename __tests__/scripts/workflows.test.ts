import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REQUIRED_CHECKS } from "../../src/config/delivery/resolve";

const workflow = (name: string) => parse(readFileSync(join(__dirname, "..", "..", ".github", "workflows", `${name}.yml`), "utf8"));

describe("the GitHub Actions workflows", () => {
  it("check every pull request, and plan only those from this repository, with an OIDC token and a sticky comment", () => {
    const pr = workflow("pull-request");
    expect(Object.keys(pr.jobs)).toEqual([...REQUIRED_CHECKS]);
    expect(pr.permissions).toEqual({ contents: "read" });
    expect(pr.jobs.checks.permissions).toBeUndefined();
    expect(pr.jobs.checks.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual([
      "npm ci --no-audit --no-fund",
      "npm run typecheck",
      "npm run lint",
      "npm test",
      "npm run synth",
    ]);
    expect(pr.jobs.plan.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(pr.jobs.plan.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    const script = JSON.stringify(pr.jobs.plan.steps);
    expect(script).toContain("scripts/plan-summary.ts");
    expect(script).toContain("<!-- platform-plan-summary -->");
  });

  it("deploy dev on merge, then staging, uat and prod in turn, each in its GitHub environment, in the generated stack order, waiting for the rollout", () => {
    const deploy = workflow("deploy");
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(Object.entries(deploy.jobs).map(([name, job]: [string, any]) => [name, job.needs, job.with.environment])).toEqual([
      ["dev", undefined, "dev"],
      ["staging", "dev", "staging"],
      ["uat", "staging", "uat"],
      ["prod", "uat", "prod"],
    ]);
    const environment = workflow("deploy-environment").jobs.deploy;
    expect(environment.environment).toBe("${{ inputs.environment }}");
    const steps = JSON.stringify(environment.steps);
    expect(steps).toContain("scripts/deploy-order.ts");
    expect(steps).toContain("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    expect(steps).toContain("aws ecs wait services-stable");
    expect(steps).toContain("rolled back");
  });

  it("detect drift nightly with -detailed-exitcode under the plan role, one issue per stack, and push images with the app's push role", () => {
    const drift = workflow("drift");
    expect(drift.on.schedule).toHaveLength(1);
    expect(drift.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
    const steps = JSON.stringify(drift.jobs.drift.steps);
    expect(steps).toContain("-detailed-exitcode");
    expect(steps).toContain("gh issue create --title \\\"$title\\\" --label drift");
    expect(steps).toContain("gh issue close");
    const image = JSON.stringify(workflow("image").jobs.build.steps);
    expect(image).toContain("${{ vars.AWS_PUSH_ROLE_ARN_WEB }}");
    expect(image).toContain(":ci-${GITHUB_SHA::12}");
  });
});
