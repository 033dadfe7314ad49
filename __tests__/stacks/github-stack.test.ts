import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROLE_WORKFLOWS, SUBJECT_CLAIM_KEYS } from "../../src/config/delivery/oidc-subjects";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const root = join(__dirname, "..", "..");

describe("github-platform: the repository's Actions settings and the OIDC subject the roles trust", () => {
  const { platform } = buildPlatform();
  const github = new SynthesizedStack(platform.github);

  it("customizes the repository's OIDC subject to repo, context and job_workflow_ref", () => {
    expect(github.resources("github_actions_repository_oidc_subject_claim_customization_template")).toEqual([
      { __name: "oidc-subject", repository: "platform", use_default: false, include_claim_keys: ["repo", "context", "job_workflow_ref"] },
    ]);
  });

  it("customizes an app repository of the same owner too, whose image workflow its push role trusts; another owner's sets its own", () => {
    const config = defaultConfigCopy();
    config.apps!.web.repository = "acme/web-app";
    const templates = (repository: string) => {
      config.apps!.web.repository = repository;
      return new SynthesizedStack(buildPlatform(runOf(config)).platform.github).resources("github_actions_repository_oidc_subject_claim_customization_template").map((template) => template.repository);
    };
    expect(templates("acme/web-app")).toEqual(["platform", "web-app"]);
    expect(templates("other-org/web-app")).toEqual(["platform"]);
  });

  it("sets a push-role variable for each app whose image this repository builds, none for an app built in its own repository", () => {
    const config = defaultConfigCopy();
    config.apps!.api = { ...structuredClone(config.apps!.web), repository: "acme/api" };
    config.apps!.admin = { ...structuredClone(config.apps!.web), repository: "acme/platform" };
    const variables = new SynthesizedStack(buildPlatform(runOf(config)).platform.github).resources("github_actions_variable");
    expect(variables.filter((variable) => variable.value.includes(":role/acme-ci-push-")).map((variable) => [variable.variable_name, variable.value]).sort()).toEqual([
      ["AWS_PUSH_ROLE_ARN_ADMIN", "arn:aws:iam::111111111111:role/acme-ci-push-admin"],
      ["AWS_PUSH_ROLE_ARN_WEB", "arn:aws:iam::111111111111:role/acme-ci-push-web"],
    ]);
  });

  it("has every CI role trust only subjects this template issues: this repository, a context, one of the role workflows on its ref", () => {
    expect(SUBJECT_CLAIM_KEYS).toEqual(["repo", "context", "job_workflow_ref"]);
    const workflows = Object.values(ROLE_WORKFLOWS).map((path) => path.replace(/\./g, "\\."));
    // GitHub Docs, "OpenID Connect", "Customizing the subject claims": with these keys the subject is
    // `repo:<owner>/<repo>:<context>:job_workflow_ref:<owner>/<repo>/<workflow>@<ref>`.
    const shape = new RegExp(
      `^repo:acme/platform:(pull_request|ref:refs/heads/main|environment:[a-z0-9-]+):job_workflow_ref:acme/platform/(${workflows.join("|")})@(refs/heads/main|refs/pull/\\*/merge)$`,
    );
    const subjects = [...platform.accesses.values()].flatMap((stack) =>
      new SynthesizedStack(stack)
        .resources("aws_iam_role")
        .flatMap((role) => JSON.parse(role.assume_role_policy).Statement)
        .filter((statement: { Action: string }) => statement.Action === "sts:AssumeRoleWithWebIdentity")
        .flatMap((statement: { Condition: Record<string, Record<string, string | string[]>> }) =>
          Object.entries(statement.Condition).flatMap(([operator, condition]) => [condition["token.actions.githubusercontent.com:sub"] ?? []].flat().map((subject) => ({ operator, subject }))),
        ),
    );
    expect(subjects.length).toBeGreaterThanOrEqual(8);
    expect(subjects.filter(({ subject }) => !shape.test(subject))).toEqual([]);
    // IAM matches `*` only under StringLike: under StringEquals the pull requests' subject would match no token.
    expect(subjects.filter(({ operator, subject }) => subject.includes("*") && operator !== "StringLike")).toEqual([]);
    expect(subjects.filter(({ subject }) => subject.includes("*")).map(({ subject }) => subject)).toEqual([
      "repo:acme/platform:pull_request:job_workflow_ref:acme/platform/.github/workflows/pull-request.yml@refs/pull/*/merge",
      "repo:acme/platform:pull_request:job_workflow_ref:acme/platform/.github/workflows/pull-request.yml@refs/pull/*/merge",
    ]);
  });

  it("gives workflows a read-only token unless they ask, and lets no workflow approve a pull request", () => {
    expect(github.resources("github_workflow_repository_permissions")).toEqual([
      { __name: "workflow-permissions", repository: "platform", default_workflow_permissions: "read", can_approve_pull_request_reviews: false },
    ]);
  });

  it("protects main: the pull-request checks on an up-to-date branch, two approvals and the code owners', admins included", () => {
    expect(github.resource("github_branch_protection", "main")).toMatchObject({
      pattern: "main",
      enforce_admins: true,
      allows_force_pushes: false,
      allows_deletions: false,
      required_status_checks: [{ strict: true, contexts: ["checks", "plan"] }],
      required_pull_request_reviews: [{ required_approving_review_count: 2, require_code_owner_reviews: true, dismiss_stale_reviews: true, require_last_push_approval: true }],
    });
  });
});

describe(".github/CODEOWNERS: the review branch protection requires for the access model", () => {
  const entries = readFileSync(join(root, ".github", "CODEOWNERS"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.trim().split(/\s+/));

  it("owns the workflows, the access, audit and delivery code, what runs with deploy credentials, their stacks, tests and documents", () => {
    expect(Object.fromEntries(entries.map(([path, ...owners]) => [path, owners]))).toEqual(
      Object.fromEntries(
        [
          "/.github/",
          "/src/constructs/access/",
          "/src/constructs/audit/",
          "/src/config/delivery/",
          "/stacks/access-stack.ts",
          "/stacks/audit-stack.ts",
          "/stacks/github-stack.ts",
          "/stacks/backup-stack.ts",
          "/stacks/platform-stack.ts",
          "/stacks/backend-stack.ts",
          "/stacks/files-stack.ts",
          "/stacks/dr-storage-stack.ts",
          "/stacks/registry-stack.ts",
          "/stacks/build-repository-stack.ts",
          "/stacks/organization-stack.ts",
          "/src/constructs/storage/",
          "/src/constructs/registry/",
          "/src/aspects/",
          "/src/constructs/security/",
          "/src/config/dr/backup.ts",
          "/src/config/app/files-access.ts",
          "/src/config/project/tags.ts",
          "/main.ts",
          "/package.json",
          "/package-lock.json",
          "/cdktf.json",
          "/scripts/",
          "/lambda/",
          "/src/platform.ts",
          "/src/config/platform/default-config.ts",
          "/stacks/database-stack.ts",
          "/stacks/dr-database-stack.ts",
          "/src/constructs/database/",
          "/__tests__/access/",
          "/__tests__/support/iam-contract.ts",
          "/__tests__/stacks/access-guards.test.ts",
          "/__tests__/stacks/access-audit-github.test.ts",
          "/__tests__/scripts/workflows.test.ts",
          "/.ci/",
          "/docs/access-contract.md",
          "/docs/decisions/0006-access-model.md",
        ].map((path) => [path, ["@acme/platform-admins"]]),
      ),
    );
  });

  it("names paths that exist, so a rename cannot quietly drop their owners", () => {
    expect(entries.map(([path]) => path).filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});
