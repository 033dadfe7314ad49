import { TAG_CONTROLLED_SERVICES } from "../../src/constructs/access/deploy-role-policy";
import { PlatformStack } from "../../stacks/platform-stack";
import { buildPlatform, writtenStacks } from "../support/synth";
import { defaultRun } from "../support/config";

/**
 * Classes of mistakes in the access stacks that a new stack, service or environment could bring
 * back, caught over the synthesized output of the built-in configuration.
 */

type Statement = { Sid?: string; Effect: string; Action?: string | string[]; NotAction?: string | string[]; Resource?: string | string[]; NotResource?: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const stacks = writtenStacks();
const { platform } = defaultRun();
const accessStacks = [...stacks].filter(([id]) => id.startsWith("access-"));
/** Each CI role's inline policy statements, by role name. */
const ciPolicies = accessStacks.flatMap(([, json]) =>
  Object.values<Record<string, string>>(json.resource.aws_iam_role_policy)
    .map((policy) => ({ role: json.resource.aws_iam_role[/aws_iam_role\.([^.]+)\./.exec(policy.role)![1]].name as string, policy }))
    .filter(({ role }) => role.includes("-ci-"))
    .map(({ role, policy }) => ({ role, statements: JSON.parse(policy.policy).Statement as Statement[] })),
);

/** Actions that AWS scopes to no resource, or only at creation by a request tag: the only writes a CI role may hold on `*`. */
const NO_RESOURCE_SCOPE = new Set([
  "ecr:GetAuthorizationToken",
  "sts:GetCallerIdentity",
  "s3:ListAllMyBuckets",
  "s3:GetBucketLocation",
  "kms:CreateKey",
  "kms:ListKeys",
  "kms:ListAliases",
  "secretsmanager:GetRandomPassword",
  "route53:GetChange",
  "route53:ListHostedZones",
  "route53:ListHostedZonesByName",
  "route53:CreateHealthCheck",
  "route53:UpdateHealthCheck",
  "route53:DeleteHealthCheck",
  "route53:GetHealthCheck",
  "route53:ChangeTagsForResource",
  "route53:ListTagsForResource",
  "route53:ListHealthChecks",
]);

describe("access guards: what keeps each class of access mistake caught", () => {
  it("finds the CI roles' policies it checks", () => {
    expect(ciPolicies.map((policy) => policy.role).sort()).toEqual(
      ["acme-ci-deploy-dev", "acme-ci-deploy-prod", "acme-ci-deploy-staging", "acme-ci-deploy-uat", "acme-ci-plan", "acme-ci-plan", "acme-ci-push-web"].sort(),
    );
  });

  it("gives a CI role no write action on every resource, but in a service the tag deny confines or one that has no resource scope", () => {
    const offenders = ciPolicies.flatMap(({ role, statements }) =>
      statements
        .filter((statement) => statement.Effect === "Allow" && list(statement.Resource).includes("*"))
        .flatMap((statement) => list(statement.Action).map((action) => ({ role, sid: statement.Sid, action })))
        .filter(({ action }) => {
          const [service, name] = action.split(":");
          if ((TAG_CONTROLLED_SERVICES as readonly string[]).includes(service)) return false;
          return !/^(Describe|List|Get)/.test(name) && !NO_RESOURCE_SCOPE.has(action);
        }),
    );
    expect(offenders).toEqual([]);
  });

  it("exempts no account-wide tag value from a deploy role's tag deny: only its environment and its networks", () => {
    const accountNames = new Set(platform.accounts.map((account) => account.name));
    for (const { role, statements } of ciPolicies.filter((policy) => policy.role.includes("-ci-deploy-"))) {
      const environment = platform.environments.find((candidate) => role === `acme-ci-deploy-${candidate.name}`)!;
      const own = new Set([environment.name, environment.network.name, ...(environment.drNetwork ? [environment.drNetwork.name] : [])]);
      const deny = statements.find((statement) => statement.Sid === "NothingTaggedForAnotherEnvironment")!;
      const exempt = list(deny.Condition!.StringNotEquals["aws:ResourceTag/Environment"] as string[]);
      expect({ role, exempt: exempt.filter((value) => !own.has(value)) }).toEqual({ role, exempt: [] });
      // An account's name is exempt only where it is also the environment's or a network's own (prod here): the DeployedBy deny then keeps the account's stacks out.
      for (const value of exempt.filter((candidate) => accountNames.has(candidate))) expect(own.has(value)).toBe(true);
      expect(statements.find((statement) => statement.Sid === "NothingAnAdministratorDeploys")!.Condition!.StringEquals).toEqual({ "aws:ResourceTag/DeployedBy": "administrator" });
    }
  });

  it("tags every resource DeployedBy as its stack says: administrator for the account-wide, files, backup and edge stacks, pipeline for the rest", () => {
    const { app } = buildPlatform();
    const deployedBy = new Map(app.node.children.filter((child): child is PlatformStack => child instanceof PlatformStack).map((stack) => [stack.node.id, stack.deployedBy]));
    const administrator = [...deployedBy].filter(([, by]) => by === "administrator").map(([id]) => id.replace(/^(backend|access|audit|registry)-.*$/, "$1-<account>").replace(/^web-\w+-(backup|files|dr-storage|edge)$/, "web-<env>-$1"));
    expect(new Set(administrator)).toEqual(
      new Set(["backend-<account>", "access-<account>", "audit-<account>", "github-platform", "registry-<account>", "web-build-repository", "web-<env>-backup", "web-<env>-files", "web-<env>-dr-storage", "web-<env>-edge"]),
    );
    for (const [id, json] of stacks) {
      if (id.startsWith("github-")) continue;
      const tags = new Set(json.provider.aws.map((provider: { default_tags: { tags: Record<string, string> }[] }) => provider.default_tags[0].tags.DeployedBy));
      expect({ id, tags: [...tags] }).toEqual({ id, tags: [deployedBy.get(id)] });
    }
  });

  it("denies the plan role every state that holds a secret: data read from a secret parameter or secret, sensitive variables, plain secret arguments", () => {
    const planDenied = new Set(
      ciPolicies
        .filter((policy) => policy.role === "acme-ci-plan")
        .flatMap(({ statements }) => list(statements.find((statement) => statement.Sid === "NoStateHoldingASecret")?.Resource))
        .map((arn) => arn.replace(/^arn:aws:s3:::[^/]+\//, "")),
    );
    const SECRET_DATA = ["aws_secretsmanager_secret_version", "aws_kms_secrets", "aws_kms_plaintext"];
    // AWS's public parameters (such as the NAT instance's AMI id under /aws/service/) hold no secret.
    const readsAParameter = (json: Record<string, any>) => Object.values<{ name: string }>(json.data?.aws_ssm_parameter ?? {}).some((parameter) => !parameter.name.startsWith("/aws/service/"));
    const SECRET_ARGUMENTS = /^(password|master_password|secret_string|secret_binary|token|auth_token)$/;
    const holdsASecret = (json: Record<string, any>) =>
      readsAParameter(json) ||
      SECRET_DATA.some((type) => json.data?.[type] !== undefined) ||
      Object.values<{ sensitive?: boolean }>(json.variable ?? {}).some((variable) => variable.sensitive === true) ||
      Object.values<Record<string, Record<string, unknown>>>(json.resource ?? {}).some((resources) => Object.values(resources).some((resource) => Object.keys(resource).some((key) => SECRET_ARGUMENTS.test(key))));
    const secretBearing = [...stacks].filter(([, json]) => holdsASecret(json)).map(([id]) => `acme/${id}.tfstate`);
    // Prod's monitoring stacks read the incident-management URL's SecureString parameter; nothing else keeps a secret in state.
    expect(secretBearing.sort()).toEqual(["acme/web-prod-dr-monitoring.tfstate", "acme/web-prod-monitoring.tfstate"]);
    for (const key of secretBearing) expect({ key, denied: planDenied.has(key) }).toEqual({ key, denied: true });
  });
});
