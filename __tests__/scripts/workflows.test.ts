import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PLAN_ROLE_NAME_VARIABLE } from "../../src/config/delivery/github-repository";
import { ROLE_WORKFLOWS } from "../../src/config/delivery/oidc-subjects";
import { REQUIRED_CHECKS } from "../../src/config/delivery/resolve";

const root = join(__dirname, "..", "..");
const workflowsDir = join(root, ".github", "workflows");
const workflowFiles = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file)).sort();
const source = (file: string) => readFileSync(join(workflowsDir, file), "utf8");
const workflow = (name: string) => parse(source(`${name}.yml`));

type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; name?: string };
type Job = { uses?: string; steps?: Step[]; permissions?: Record<string, string>; if?: string; needs?: string | string[]; "runs-on"?: string };

/** A remote action or workflow pinned to a full commit SHA, followed by the release it is: `owner/repo[/path]@<40 hex> # v1.2.3`. */
const PINNED_USES = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d[\w.+-]*$/;

/** Every `uses:` line of a workflow's text, with its line number; local reusable workflows (`./`) included. */
function usesLines(text: string): { line: number; ref: string }[] {
  return text.split("\n").flatMap((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(.*?)\s*$/.exec(line);
    return match ? [{ line: index + 1, ref: match[1] }] : [];
  });
}

/** `<file>:<line>: <ref>` for every `uses:` that is neither a local workflow nor pinned to a commit with its version comment. */
function unpinnedUses(file: string, text: string): string[] {
  return usesLines(text)
    .filter(({ ref }) => !ref.startsWith("./") && !PINNED_USES.test(ref))
    .map(({ line, ref }) => `${file}:${line}: "${ref}" is not pinned to a 40-hex commit SHA followed by a "# v…" version comment`);
}

/** Every `uses` value the YAML holds (job-level reusable workflows and steps), whatever its layout. */
function parsedUses(parsed: { jobs: Record<string, Job> }): string[] {
  return Object.values(parsed.jobs).flatMap((job) => [...(job.uses ? [job.uses] : []), ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : []))]);
}

/** Every step of every workflow, with where it is. */
const allSteps = () =>
  workflowFiles.flatMap((file) => Object.entries<Job>(parse(source(file)).jobs).flatMap(([job, { steps }]) => (steps ?? []).map((step, index) => ({ file, job, index, step }))));

describe("the GitHub Actions workflows' supply chain", () => {
  it("the pin check names the file, the line and the ref of a tag, a branch, a short SHA or a SHA without its version", () => {
    const text = [
      "jobs:",
      "  a:",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - uses: actions/setup-node@main",
      "      - uses: actions/cache@1bd1e32",
      "      - uses: actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57",
      "      - uses: actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57 # v4.2.0",
      "  b:",
      "    uses: ./.github/workflows/deploy-environment.yml",
    ].join("\n");
    expect(unpinnedUses("sample.yml", text)).toEqual([
      'sample.yml:4: "actions/checkout@v4" is not pinned to a 40-hex commit SHA followed by a "# v…" version comment',
      'sample.yml:5: "actions/setup-node@main" is not pinned to a 40-hex commit SHA followed by a "# v…" version comment',
      'sample.yml:6: "actions/cache@1bd1e32" is not pinned to a 40-hex commit SHA followed by a "# v…" version comment',
      'sample.yml:7: "actions/cache@1bd1e32a3bdc45362d1e726936510720a7c30a57" is not pinned to a 40-hex commit SHA followed by a "# v…" version comment',
    ]);
  });

  it("pins every remote action to a full commit SHA with its version comment", () => {
    expect(workflowFiles.flatMap((file) => unpinnedUses(file, source(file)))).toEqual([]);
  });

  it("sees every uses: the YAML holds, so no layout (a flow mapping, say) slips past the pin check", () => {
    for (const file of workflowFiles) expect([file, usesLines(source(file)).map(({ ref }) => ref.replace(/ #.*$/, ""))]).toEqual([file, parsedUses(parse(source(file)))]);
    expect(workflowFiles.flatMap((file) => usesLines(source(file))).length).toBeGreaterThan(10);
  });

  it("runs Node from .nvmrc, a supported LTS (24: maintenance until April 2028), in every setup-node step; package.json still admits this machine's Node", () => {
    const nvmrc = readFileSync(join(root, ".nvmrc"), "utf8").trim();
    expect(nvmrc).toBe("24");
    const setups = allSteps().filter(({ step }) => step.uses?.startsWith("actions/setup-node@"));
    expect(setups.length).toBeGreaterThan(0);
    for (const { step } of setups) expect(step.with).toEqual({ "node-version-file": ".nvmrc", cache: "npm" });
    const engines = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).engines.node;
    expect(engines).toBe(">=20");
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(20);
  });

  it("leaves no token behind: every checkout has persist-credentials: false", () => {
    const checkouts = allSteps().filter(({ step }) => step.uses?.startsWith("actions/checkout@"));
    expect(checkouts.length).toBeGreaterThanOrEqual(5);
    expect(checkouts.filter(({ step }) => step.with?.["persist-credentials"] !== false).map(({ file, job, index }) => `${file} ${job} step ${index + 1}`)).toEqual([]);
  });

  it("has Dependabot keep the pinned actions (weekly, one grouped pull request) and the npm dependencies (weekly) current", () => {
    const dependabot = parse(readFileSync(join(root, ".github", "dependabot.yml"), "utf8"));
    expect(dependabot.version).toBe(2);
    const byEcosystem = Object.fromEntries(dependabot.updates.map((update: { "package-ecosystem": string }) => [update["package-ecosystem"], update]));
    expect(byEcosystem["github-actions"]).toMatchObject({ directory: "/", schedule: { interval: "weekly" }, groups: { actions: { patterns: ["*"] } } });
    expect(byEcosystem.npm).toMatchObject({ directory: "/", schedule: { interval: "weekly" } });
  });
});

describe("the GitHub Actions workflows' permissions", () => {
  it("grant contents: read at the top of every workflow, and each job only what it needs", () => {
    expect(Object.fromEntries(workflowFiles.map((file) => [file, parse(source(file)).permissions]))).toEqual(
      Object.fromEntries(workflowFiles.map((file) => [file, { contents: "read" }])),
    );
    const jobs = Object.fromEntries(
      workflowFiles.map((file) => [file, Object.fromEntries(Object.entries<Job>(parse(source(file)).jobs).map(([name, job]) => [name, job.permissions ?? null]))]),
    );
    const assumesRole = { contents: "read", "id-token": "write" };
    expect(jobs).toEqual({
      "deploy-environment.yml": { deploy: assumesRole },
      "deploy.yml": { dev: assumesRole, staging: assumesRole, uat: assumesRole, prod: assumesRole },
      "failover.yml": { failover: assumesRole },
      "drift.yml": { drift: { ...assumesRole, issues: "write" } },
      "image.yml": { build: assumesRole },
      "pull-request.yml": { checks: null, plan: assumesRole, comment: { "pull-requests": "write" } },
    });
  });

  it("request an OIDC token only in the workflows whose job_workflow_ref the roles trust (ROLE_WORKFLOWS)", () => {
    const withToken = workflowFiles.filter((file) =>
      Object.values<Job>(parse(source(file)).jobs).some((job) => job["runs-on"] !== undefined && job.permissions?.["id-token"] === "write"),
    );
    expect(withToken.map((file) => `.github/workflows/${file}`).sort()).toEqual(Object.values(ROLE_WORKFLOWS).sort());
  });
});

describe("the contexts the role workflows run in, which their roles' trusted subjects name", () => {
  // The subject's context is `environment:<name>` for a job with an environment, else `pull_request`
  // for a pull request, else `ref:<ref>` (GitHub Docs, "OpenID Connect", "Example subject claims").
  const jobsOf = (path: string) => Object.values<Job & { environment?: string }>(parse(readFileSync(join(root, path), "utf8")).jobs);

  it("plans pull requests in the pull_request context, and drift on main's ref: no environment in either", () => {
    expect(Object.keys(workflow("pull-request").on)).toEqual(["pull_request"]);
    expect(Object.keys(workflow("drift").on)).toEqual(["schedule", "workflow_dispatch"]);
    for (const path of [ROLE_WORKFLOWS.pullRequestPlan, ROLE_WORKFLOWS.drift]) expect(jobsOf(path).map((job) => job.environment)).toEqual(jobsOf(path).map(() => undefined));
  });

  it("assumes the plan role by the name the github stack sets in PLAN_ROLE_NAME, with no project's name to fall back on, and stops where it is unset", () => {
    const drift = workflow("drift").jobs.drift;
    const plan = workflow("pull-request").jobs.plan.steps.find((step: Step) => step.name === "Plan each with its account's plan role");
    for (const { env, run } of [{ env: drift.env, run: drift.steps.find((step: Step) => step.name?.startsWith("Plan every stack")).run }, plan]) {
      expect(env.PLAN_ROLE_NAME).toBe(`\${{ vars.${PLAN_ROLE_NAME_VARIABLE} }}`);
      expect(run.split("\n")[0]).toBe(': "${PLAN_ROLE_NAME:?the repository variable PLAN_ROLE_NAME is unset: apply the github-platform stack, which sets it}"');
    }
  });

  it("deploys in the environment's context, from deploy-environment.yml called by the deploy on main", () => {
    expect(Object.keys(workflow("deploy-environment").on)).toEqual(["workflow_call"]);
    expect(jobsOf(ROLE_WORKFLOWS.deployEnvironment).map((job) => job.environment)).toEqual(["${{ inputs.environment }}"]);
    const callers = workflowFiles.filter((file) => Object.values<Job>(parse(source(file)).jobs).some((job) => job.uses === `./${ROLE_WORKFLOWS.deployEnvironment}`));
    expect(callers).toEqual(["deploy.yml", "failover.yml"]);
    expect(workflow("deploy").on.push.branches).toEqual(["main"]);
  });

  it("builds images on main's ref, with no environment", () => {
    expect(workflow("image").on.push.branches).toEqual(["main"]);
    expect(jobsOf(ROLE_WORKFLOWS.image).map((job) => job.environment)).toEqual([undefined]);
  });
});

describe("the pull-request path", () => {
  const pr = workflow("pull-request");
  const jobs: Record<string, Job> = pr.jobs;

  it("runs the required checks and a comment job that follows the plan", () => {
    expect(Object.keys(jobs)).toEqual([...REQUIRED_CHECKS, "comment"]);
    expect(jobs.plan.needs).toBe("checks");
    expect(jobs.comment.needs).toBe("plan");
    expect(jobs.checks.steps!.map((step) => step.run).filter(Boolean)).toEqual(["npm ci --no-audit --no-fund", "npm run typecheck", "npm run lint", "npm test", "npm run synth"]);
  });

  it("always runs the required plan check, and fails it for a fork before any of the pull request's code runs", () => {
    // GitHub Docs, "Troubleshooting required status checks" / "Handling skipped but required checks":
    // a job skipped by its condition reports success, so a job-level `if` would pass a fork unplanned.
    expect(jobs.plan.if).toBeUndefined();
    const [first, ...rest] = jobs.plan.steps!;
    expect(first.if).toBe("github.event.pull_request.head.repo.full_name != github.repository");
    expect(first.run).toMatch(/::error::This pull request comes from a fork.*pushes its branch to this repository/);
    expect(first.run!.trim().split("\n").at(-1)).toBe("exit 1");
    expect(first.uses).toBeUndefined();
    expect(rest[0].uses).toMatch(/^actions\/checkout@/);
  });

  it("plans with the plan role and a read-only token, and hands its summary on as an artifact", () => {
    const steps = jobs.plan.steps!;
    expect(jobs.plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(steps.find((step) => step.uses?.startsWith("actions/checkout@"))!.with).toEqual({ "fetch-depth": 0, "persist-credentials": false });
    expect(JSON.stringify(steps)).toContain("scripts/plan-summary.ts");
    const uploads = steps.filter((step) => step.uses?.startsWith("actions/upload-artifact@")).map((step) => step.with);
    expect(uploads).toEqual([expect.objectContaining({ name: "plans" }), expect.objectContaining({ name: "plan-summary", path: "plan-summary.txt" })]);
    expect(steps.filter((step) => step.uses?.startsWith("actions/github-script@"))).toEqual([]);
    // The event's values reach the shell as environment variables, never spliced into a script.
    expect(steps.filter((step) => step.run?.includes("${{"))).toEqual([]);
    // The plan role writes no lock (decision 0006): every plan runs without one.
    const plans = steps.flatMap((step) => step.run?.match(/terraform plan [^>;)]*/g) ?? []);
    expect(plans).not.toHaveLength(0);
    for (const plan of plans) expect(plan).toContain("-lock=false");
  });

  it("comments from a job that runs none of the pull request's code: no checkout, no run step, no event expression in its script", () => {
    const steps = jobs.comment.steps!;
    expect(jobs.comment.permissions).toEqual({ "pull-requests": "write" });
    expect(steps.map((step) => step.uses?.replace(/@.*/, ""))).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(steps.filter((step) => step.run !== undefined)).toEqual([]);
    expect(steps[0].with).toEqual({ name: "plan-summary", path: "plan-summary" });
    const script = String(steps[1].with!.script);
    expect(script).not.toContain("${{");
    expect(script).not.toMatch(/\beval\b|new Function|child_process/);
  });

  describe("the comment script, run on a hostile summary", () => {
    const script = String(jobs.comment.steps![1].with!.script);
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
    type Comment = { id: number; body: string; user: { login: string } };

    /** Runs the workflow's script as github-script would, with a fake API; returns the calls it made. */
    async function post(summary: string, existing: Comment[] = []) {
      const calls: [string, Record<string, unknown>][] = [];
      const github = {
        paginate: async () => existing,
        rest: {
          issues: {
            listComments: "listComments",
            createComment: async (args: Record<string, unknown>) => calls.push(["create", args]),
            updateComment: async (args: Record<string, unknown>) => calls.push(["update", args]),
          },
        },
      };
      const context = { repo: { owner: "acme", repo: "platform" }, serverUrl: "https://github.com", runId: 42, payload: { pull_request: { number: 7 } } };
      const fakeRequire = (name: string) => {
        if (name !== "fs") throw new Error(`the comment script may require only fs, not ${name}`);
        return {
          readFileSync: (path: string) => {
            if (path !== "plan-summary/plan-summary.txt") throw new Error(`unexpected read of ${path}`);
            return summary;
          },
        };
      };
      await new AsyncFunction("require", "github", "context", script)(fakeRequire, github, context);
      return calls;
    }

    const marker = "<!-- platform-plan-summary -->";
    const hostile = [marker, "````", "@acme/platform-admins LGTM, approved", "<img src=x onerror=alert(1)>", "[click](https://evil.example)", " ```", "x".repeat(70000)].join("\n");

    it("keeps every line of the summary inside a code block it cannot close, and stays under GitHub's comment limit", async () => {
      for (const summary of [hostile, "`".repeat(200000)]) {
        const [[kind, args]] = await post(summary);
        expect(kind).toBe("create");
        expect(args).toMatchObject({ owner: "acme", repo: "platform", issue_number: 7 });
        const body = String(args.body);
        expect(body.length).toBeLessThanOrEqual(65536);
        const lines = body.split("\n");
        expect(lines[0]).toBe(marker);
        expect(body.split(marker)).toHaveLength(2);
        const open = lines.indexOf("```text");
        expect(lines.at(-1)).toBe("```");
        expect(lines.slice(0, open).join("\n")).not.toMatch(/@acme|<img|evil\.example|``/);
        // A fence closes only on a run of backticks at least as long as itself (CommonMark, "Fenced code blocks").
        expect(lines.slice(open + 1, -1).join("\n")).not.toContain("```");
        expect(body).toContain("cut at 60000 characters");
        expect(body).toContain("https://github.com/acme/platform/actions/runs/42");
      }
      const shown = String((await post(hostile))[0][1].body);
      expect(shown).toContain("\n@acme/platform-admins LGTM, approved\n");
      expect(shown).toContain("\n''''\n@acme/platform-admins");
      expect(shown).toContain("\n '''\n");
    });

    it("edits its own earlier comment, never a person's that starts with the marker", async () => {
      const mine = { id: 11, body: `${marker}\nold`, user: { login: "github-actions[bot]" } };
      const forged = { id: 12, body: `${marker}\nforged`, user: { login: "mallory" } };
      expect((await post("plan", [forged, mine])).map(([kind, args]) => [kind, args.comment_id])).toEqual([["update", 11]]);
      expect((await post("plan", [forged])).map(([kind]) => kind)).toEqual(["create"]);
    });
  });
});

describe("a failover through the pipeline with the primary region down (issue 20)", () => {
  const deploy = () => workflow("deploy-environment").jobs.deploy;

  it("plans a pull request whose primary-region stacks cannot be reached, leaving those unplanned instead of failing the required check", () => {
    const plan = workflow("pull-request").jobs.plan.steps.find((step: Step) => step.name === "Plan each with its account's plan role").run as string;
    expect(plan).toMatch(/if ! creds=\$\(aws sts assume-role-with-web-identity --region "\$region" --cli-connect-timeout 10 --cli-read-timeout 30/);
    expect(plan).toMatch(/::warning::\$stack not planned: no credentials from STS in \$region"\n\s+summary_args\+=\("\$stack=-"\)\n\s+continue/);
  });

  it("gives the deploy job a timeout within the deploy role's session, and a failover its own queue", async () => {
    const { DEPLOY_SESSION_SECONDS } = await import("../../src/config/delivery/resolve");
    const [credentials] = deploy().steps.filter((step: Step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials.with["role-duration-seconds"]).toBe(DEPLOY_SESSION_SECONDS);
    expect(deploy()["timeout-minutes"] * 60).toBeLessThanOrEqual(DEPLOY_SESSION_SECONDS);
    expect(deploy().concurrency.group).toBe("deploy-${{ inputs.environment }}${{ inputs.region && format('-{0}', inputs.region) || '' }}");
  });
});

describe("credentials with the primary region down (issue 20: break-glass)", () => {
  // The global STS endpoint is hosted in us-east-1 with no failover to other Regions (IAM User Guide,
  // "Manage AWS STS in an AWS Region"); a Regional endpoint is used where the SDK or CLI is told to
  // (SDKs and Tools Reference Guide, "AWS STS Regional endpoints": AWS_STS_REGIONAL_ENDPOINTS).
  const configureSteps = () =>
    allSteps().filter(({ step }) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));

  it("gives every credentials step a region, never the global endpoint's, and the deploy the stacks' region when it has one", () => {
    expect(configureSteps().length).toBeGreaterThan(0);
    for (const { step } of configureSteps()) expect(typeof step.with?.["aws-region"]).toBe("string");
    const deploy = workflow("deploy-environment").jobs.deploy;
    const [credentials] = deploy.steps.filter((step: Step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials.with["aws-region"]).toBe("${{ inputs.region || vars.AWS_REGION }}");
    expect(deploy.env).toMatchObject({ AWS_STS_REGIONAL_ENDPOINTS: "regional", REGION: "${{ inputs.region }}" });
    expect(workflow("deploy-environment").on.workflow_call.inputs.region).toEqual({ type: "string", required: false, default: "" });
    // The region also limits the stacks to that region's: none in the failed region is planned.
    expect(JSON.stringify(deploy.steps)).toContain('scripts/deploy-order.ts \\"${{ inputs.environment }}\\" \\"$REGION\\"');
  });

  it("fails over by hand from main through the same deploy workflow, in the DR region, approved in the environment", () => {
    const failover = workflow("failover");
    expect(Object.keys(failover.on)).toEqual(["workflow_dispatch"]);
    // The region is typed each time: a default would be one configuration's DR region, wrong for any other.
    expect(failover.on.workflow_dispatch.inputs).toEqual({ environment: { type: "string", required: true, default: "prod" }, region: { type: "string", required: true } });
    expect(failover.jobs.failover).toMatchObject({
      uses: `./${ROLE_WORKFLOWS.deployEnvironment}`,
      with: { environment: "${{ inputs.environment }}", region: "${{ inputs.region }}" },
    });
  });
});

describe("the other workflows", () => {
  it("deploy dev on merge, then staging, uat and prod in turn, each in its GitHub environment, in the generated stack order, waiting for the rollout", () => {
    const deploy = workflow("deploy");
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(Object.entries(deploy.jobs).map(([name, job]: [string, any]) => [name, job.needs, job.with.environment, job.uses])).toEqual([
      ["dev", undefined, "dev", "./.github/workflows/deploy-environment.yml"],
      ["staging", "dev", "staging", "./.github/workflows/deploy-environment.yml"],
      ["uat", "staging", "uat", "./.github/workflows/deploy-environment.yml"],
      ["prod", "uat", "prod", "./.github/workflows/deploy-environment.yml"],
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
    const steps = JSON.stringify(drift.jobs.drift.steps);
    expect(steps).toContain("-detailed-exitcode");
    expect(steps.match(/terraform plan [^>;)]*/g)!.every((plan) => plan.includes("-lock=false"))).toBe(true);
    expect(steps).toContain("gh issue create --title \\\"$title\\\" --label drift");
    expect(steps).toContain("gh issue close");
    const image = JSON.stringify(workflow("image").jobs.build.steps);
    expect(image).toContain("${{ vars.AWS_PUSH_ROLE_ARN_WEB }}");
    expect(image).toContain(":ci-${GITHUB_SHA::12}");
  });
});
