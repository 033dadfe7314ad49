import { buildPlatform, SynthesizedResource, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const policy = (resource: SynthesizedResource) => JSON.parse(resource.policy ?? resource.assume_role_policy);
const statements = (resource: SynthesizedResource) => Object.fromEntries(policy(resource).Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));
const trust = (role: SynthesizedResource) => JSON.parse(role.assume_role_policy).Statement[0];

describe("access-<account>: GitHub Actions' roles, trusted by exact subjects of the configured repository", () => {
  const { platform } = buildPlatform();
  const nonprod = new SynthesizedStack(platform.accesses.get("nonprod")!);
  const prod = new SynthesizedStack(platform.accesses.get("prod")!);
  const role = (stack: SynthesizedStack, path: string) => stack.resource("aws_iam_role", path);

  it("trusts GitHub's OIDC issuer for STS's audience, with no thumbprint pinned", () => {
    expect(prod.resource("aws_iam_openid_connect_provider", "github-oidc/provider")).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    expect(prod.resource("aws_iam_openid_connect_provider", "github-oidc/provider").thumbprint_list).toBeUndefined();
  });

  it("lets pull requests and main plan, read-only, with state read, no lock writes, and no data reads", () => {
    const plan = role(prod, "ci/plan");
    expect(plan.name).toBe("acme-ci-plan");
    expect(trust(plan)).toMatchObject({
      Action: "sts:AssumeRoleWithWebIdentity",
      // The pull-request workflow on any pull request's merge ref (StringLike for its number only), the drift workflow on main.
      Condition: {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: {
          "token.actions.githubusercontent.com:sub": [
            "repo:acme/platform:pull_request:job_workflow_ref:acme/platform/.github/workflows/pull-request.yml@refs/pull/*/merge",
            "repo:acme/platform:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/drift.yml@refs/heads/main",
          ],
        },
      },
    });
    expect(prod.resource("aws_iam_role_policy_attachment", "ci/plan-read-only").policy_arn).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    const plans = statements(prod.resource("aws_iam_role_policy", "ci/plan-policy"));
    expect(plans.NoDataReads).toMatchObject({ Effect: "Deny", Resource: "*" });
    expect(plans.NoDataReads.Action).toEqual(expect.arrayContaining(["secretsmanager:GetSecretValue", "logs:GetLogEvents", "ecr:BatchGetImage", "sns:ListSubscriptionsByTopic", "sns:GetSubscriptionAttributes"]));
    expect(plans.NoObjectsButState).toEqual({
      Sid: "NoObjectsButState",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      NotResource: ["arn:aws:s3:::acme-222222222222-us-east-1-tfstate/*", "arn:aws:s3:::acme-222222222222-eu-west-1-tfstate/*"],
    });
    expect(plans.NoParametersButPublicOnes.NotResource).toBe("arn:aws:ssm:*::parameter/aws/service/*");
    // Prod's monitoring states, primary and DR, hold the PagerDuty URL (its subscription's endpoint): the plan role cannot read them.
    expect(plans.NoStateHoldingASecret.Resource).toEqual([
      "arn:aws:s3:::acme-222222222222-us-east-1-tfstate/acme/web-prod-monitoring.tfstate",
      "arn:aws:s3:::acme-222222222222-us-east-1-tfstate/acme/web-prod-dr-monitoring.tfstate",
      "arn:aws:s3:::acme-222222222222-eu-west-1-tfstate/acme/web-prod-monitoring.tfstate",
      "arn:aws:s3:::acme-222222222222-eu-west-1-tfstate/acme/web-prod-dr-monitoring.tfstate",
    ]);
    // Plans run with -lock=false: the digest items only, no lock taken or broken.
    expect(plans.ReadStateDigests).toMatchObject({ Action: "dynamodb:GetItem", Resource: ["arn:aws:dynamodb:us-east-1:222222222222:table/acme-tfstate-locks", "arn:aws:dynamodb:eu-west-1:222222222222:table/acme-tfstate-locks"] });
    expect(Object.values(plans).filter((statement) => statement.Effect === "Allow").flatMap((statement) => [statement.Action].flat())).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(dynamodb:(PutItem|DeleteItem)|s3:(PutObject|DeleteObject))$/)]),
    );
    expect(plans.UseStateKey0.Condition).toEqual({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/acme-tfstate"] } });
    expect(statements(nonprod.resource("aws_iam_role_policy", "ci/plan-policy")).NoStateHoldingASecret).toBeUndefined();
  });

  it("gives each environment a deploy role trusted by the deploy workflow in its GitHub environment on main only, confined by tag and by name", () => {
    const dev = role(nonprod, "ci/deploy-dev");
    expect(dev.name).toBe("acme-ci-deploy-dev");
    expect(trust(dev).Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual([
      "repo:acme/platform:environment:dev:job_workflow_ref:acme/platform/.github/workflows/deploy-environment.yml@refs/heads/main",
    ]);
    expect(nonprod.resources("aws_iam_role").filter((r) => r.name.startsWith("acme-ci-deploy-")).map((r) => r.name)).toEqual(["acme-ci-deploy-dev", "acme-ci-deploy-staging", "acme-ci-deploy-uat"]);
    const deploy = statements(nonprod.resource("aws_iam_role_policy", "ci/deploy-dev-policy"));
    expect(deploy.TagControlledServicesInTheRegions.Condition).toEqual({ StringEquals: { "aws:RequestedRegion": ["us-east-1"] } });
    // Its own tag only: not the account's ("nonprod"), which the backend, audit and registry stacks carry.
    expect(deploy.NothingTaggedForAnotherEnvironment).toMatchObject({
      Effect: "Deny",
      Action: "*",
      NotResource: ["arn:aws:dynamodb:us-east-1:111111111111:table/acme-tfstate-locks"],
      Condition: {
        StringNotEquals: { "aws:ResourceTag/Environment": ["dev"] },
        Null: { "aws:ResourceTag/Environment": "false" },
        "ForAllValues:StringNotEquals": { "kms:ResourceAliases": "alias/acme-tfstate" },
      },
    });
    expect(deploy.NothingAnAdministratorDeploys.Condition.StringEquals).toEqual({ "aws:ResourceTag/DeployedBy": "administrator" });
    expect(deploy.NothingOfAnotherProject.Condition.StringNotEquals).toEqual({ "aws:ResourceTag/Project": "acme" });
    expect(deploy.TheEnvironmentsBuckets.Resource).toEqual(["arn:aws:s3:::acme-web-dev-*", "arn:aws:s3:::acme-web-dev-*/*"]);
    expect(deploy.NoBucketsOfAnotherEnvironment.Resource).toEqual(["arn:aws:s3:::acme-web-staging-*", "arn:aws:s3:::acme-web-staging-*/*", "arn:aws:s3:::acme-web-uat-*", "arn:aws:s3:::acme-web-uat-*/*"]);
    expect(deploy.NoChangesToTheStateOrAuditBuckets.Resource).toEqual([
      "arn:aws:s3:::acme-111111111111-us-east-1-tfstate",
      "arn:aws:s3:::acme-111111111111-us-east-1-audit",
      "arn:aws:s3:::acme-111111111111-us-east-1-audit/*",
    ]);
    expect(deploy.RolesOnlyUnderTheBoundary).toMatchObject({
      Resource: ["arn:aws:iam::111111111111:role/acme-web-dev-*", "arn:aws:iam::111111111111:role/acme-dev-flow-logs"],
      Condition: { StringEquals: { "iam:PermissionsBoundary": [SynthesizedStack.ref("aws_iam_policy", nonprod.resource("aws_iam_policy", "ci/workload-boundary/dev"), "arn")] } },
    });
    expect(deploy.ManageTheEnvironmentsRoles.Action).not.toContain("iam:UpdateAssumeRolePolicy");
    expect(deploy.NoTrustPolicyChanges).toEqual({ Sid: "NoTrustPolicyChanges", Effect: "Deny", Action: "iam:UpdateAssumeRolePolicy", Resource: "*" });
    expect(deploy.KeepTheBoundary.Action).toContain("iam:DeleteRolePermissionsBoundary");
    expect(deploy.NoBackups).toMatchObject({ Effect: "Deny", Action: ["backup:*", "backup-storage:*"] });
    expect(deploy.NoKeyDisablingOrDeletion.Action).toEqual(expect.arrayContaining(["kms:ScheduleKeyDeletion", "kms:DisableKey"]));
    expect(deploy.NoAdministrationOfThePlatformsKeys.Condition["ForAnyValue:StringLike"]["kms:ResourceAliases"]).toEqual(expect.arrayContaining(["alias/acme-tfstate", "alias/acme-audit"]));
    expect(deploy.NoDatabaseDeletion).toBeUndefined();
    expect(deploy.RecordsInItsHostedZones).toBeUndefined();
    // Prod's deploy role reaches its DR region too, keeps its database, and writes records in its zone only.
    const prodDeploy = statements(prod.resource("aws_iam_role_policy", "ci/deploy-prod-policy"));
    expect(prodDeploy.TagControlledServicesInTheRegions.Condition.StringEquals["aws:RequestedRegion"]).toEqual(["us-east-1", "eu-west-1"]);
    expect(prodDeploy.NothingTaggedForAnotherEnvironment.Condition.StringNotEquals["aws:ResourceTag/Environment"]).toEqual(["prod", "prod-dr"]);
    expect(prodDeploy.NoDatabaseDeletion.Action).toContain("rds:DeleteDBInstance");
    expect(prodDeploy.RecordsInItsHostedZones.Resource).toEqual(["arn:aws:route53:::hostedzone/Z000000000000000PROD"]);
    expect(prodDeploy.FailoverHealthChecks).toBeDefined();
  });

  it("lets a deploy role read and write the state of exactly the stacks the pipeline applies for its environment", () => {
    const stateKeys = (stack: SynthesizedStack, environment: string) =>
      statements(stack.resource("aws_iam_role_policy", `ci/deploy-${environment}-policy`))
        .StateOfTheEnvironmentsStacks.Resource.filter((arn: string) => arn.includes("us-east-1"))
        .map((arn: string) => arn.replace(/^.*-tfstate\//, "").replace(/\*$/, ""));
    const { dr, ...primary } = platform.deployments.get("web-prod")!;
    const prodStacks = [...Object.values(primary), ...Object.values(dr!), platform.networks.get("prod")!, platform.networks.get("prod-dr")!, platform.peerings.get("peering-prod-prod-dr")!];
    const pipeline = prodStacks.filter((stack) => stack.deployedBy === "pipeline").map((stack) => `acme/${stack.node.id}.tfstate`);
    expect(new Set(stateKeys(prod, "prod"))).toEqual(new Set(pipeline));
    // The backup stack, which an administrator applies, is not among them; nor is any other environment's.
    expect(stateKeys(prod, "prod")).not.toContain("acme/web-prod-backup.tfstate");
    expect(stateKeys(nonprod, "dev")).toEqual(["acme/web-dev-monitoring.tfstate", "acme/web-dev-secrets.tfstate", "acme/web-dev-database.tfstate", "acme/web-dev-service.tfstate", "acme/network-dev.tfstate"]);
  });

  it("caps every role a pipeline stack creates with its environment's workload boundary, which allows no IAM but passing a role to ECS tasks; the administrator's stacks carry none", () => {
    const boundary = nonprod.resource("aws_iam_policy", "ci/workload-boundary/dev");
    expect(boundary.name).toBe("acme-workload-boundary-dev");
    expect(nonprod.resources("aws_iam_policy").map((policy) => policy.name)).toEqual(["acme-workload-boundary-dev", "acme-workload-boundary-staging", "acme-workload-boundary-uat"]);
    expect(prod.resources("aws_iam_policy").map((policy) => policy.name).sort()).toEqual(["acme-workload-boundary-prod", "acme-workload-boundary-prod-dr"]);
    expect(statements(boundary).NoIdentityChanges).toMatchObject({ Effect: "Deny", Action: ["sts:AssumeRole", "organizations:*", "account:*"] });
    // Of IAM, passing a role to ECS tasks only (a scheduled job's RunTask, decision 0014): every other IAM action lacks iam:PassedToService.
    expect(statements(boundary).NoIamButPassingRolesToEcsTasks).toMatchObject({ Effect: "Deny", Action: "iam:*", Condition: { StringNotEqualsIfExists: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } });
    // A role a merge mints under it keeps off what an administrator applies (prod's account-wide stacks carry Environment=prod too), and off key deletion, snapshots, account-wide log policies and the registry.
    expect(statements(boundary).NothingAnAdministratorAppliesButUsingItsKeys.Condition).toEqual({ StringEquals: { "aws:ResourceTag/DeployedBy": "administrator" } });
    expect(statements(boundary).NoKeyAdministration.Action).toEqual(expect.arrayContaining(["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DeleteAlias", "kms:UntagResource"]));
    expect(statements(boundary).NoBucketsOfAnotherAccount.Condition).toEqual({ StringNotEquals: { "aws:ResourceAccount": "111111111111" } });
    expect(statements(boundary).NoAccountWideLogPolicies.Action).toContain("logs:PutAccountPolicy");
    expect(statements(boundary).NothingTaggedForAnotherScope.Condition.StringNotEquals).toEqual({ "aws:ResourceTag/Environment": ["dev"] });
    expect(statements(boundary).OnlyTheScopesBuckets.NotResource).toEqual(["arn:aws:s3:::acme-web-dev-*", "arn:aws:s3:::acme-web-dev-*/*"]);
    const boundariesOf = (stack: ConstructorParameters<typeof SynthesizedStack>[0]) => new Set(new SynthesizedStack(stack).resources("aws_iam_role").map((r) => r.permissions_boundary));
    // The DR network's flow-log role is created by the primary network's stack (no IAM in a stack the failover applies), under prod-dr's boundary still.
    expect(boundariesOf(platform.networks.get("prod-dr")!)).toEqual(new Set());
    expect(boundariesOf(platform.networks.get("prod")!)).toEqual(new Set(["arn:aws:iam::222222222222:policy/acme-workload-boundary-prod", "arn:aws:iam::222222222222:policy/acme-workload-boundary-prod-dr"]));
    expect(boundariesOf(platform.deployments.get("web-prod")!.service)).toEqual(new Set(["arn:aws:iam::222222222222:policy/acme-workload-boundary-prod"]));
    expect(boundariesOf(platform.deployments.get("web-dev")!.database)).toEqual(new Set(["arn:aws:iam::111111111111:policy/acme-workload-boundary-dev"]));
    for (const stack of [nonprod, new SynthesizedStack(platform.backends.get("prod")!)]) for (const own of stack.resources("aws_iam_role")) expect(own.permissions_boundary).toBeUndefined();
  });

  it("lets the image workflow on main of the app's repository push to its build repository, and nothing else", () => {
    const push = role(nonprod, "ci/push-web");
    expect(trust(push).Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual([
      "repo:acme/platform:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/image.yml@refs/heads/main",
    ]);
    const pushes = statements(nonprod.resource("aws_iam_role_policy", "ci/push-web-policy"));
    expect(pushes.PushToTheBuildRepository.Resource).toBe("arn:aws:ecr:us-east-1:111111111111:repository/acme/web");
    expect(prod.resources("aws_iam_role").map((r) => r.name)).not.toContain("acme-ci-push-web");
  });

  it("gives an account with a DR network a break-glass role: administrator in the DR region only, with MFA at most 15 minutes old (issue 20)", () => {
    const breakGlass = role(prod, "humans/break-glass");
    expect(breakGlass.name).toBe("acme-break-glass");
    expect(trust(breakGlass)).toEqual({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": true }, NumericLessThan: { "aws:MultiFactorAuthAge": 900 } },
    });
    expect(prod.resource("aws_iam_role_policy_attachment", "humans/break-glass-managed").policy_arn).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(statements(prod.resource("aws_iam_role_policy", "humans/break-glass-policy")).OnlyTheDrRegions).toEqual({
      Sid: "OnlyTheDrRegions",
      Effect: "Deny",
      NotAction: ["sts:*", "iam:Get*", "iam:List*", "organizations:Describe*", "organizations:List*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } },
    });
    // Through a SAML provider, also signed in at the DR region's sign-in endpoint.
    const config = defaultConfigCopy();
    config.delivery = { ...config.delivery, humans: { samlProviderName: "corp" } };
    const saml = new SynthesizedStack(buildPlatform(runOf(config)).platform.accesses.get("prod")!);
    expect(trust(role(saml, "humans/break-glass")).Condition).toEqual({
      StringEquals: { "SAML:aud": ["https://signin.aws.amazon.com/saml", "https://eu-west-1.signin.aws.amazon.com/saml"] },
    });
    expect(trust(role(saml, "humans/admin")).Condition).toEqual({ StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } });
  });

  it("trusts the immutable subject form, or both during a migration, as config says", () => {
    const config = defaultConfigCopy();
    config.delivery = { ...config.delivery, github: { ...config.delivery!.github, subjects: "both", ids: { owner: 1234, repository: 5678 } } };
    const stack = new SynthesizedStack(buildPlatform(runOf(config)).platform.accesses.get("prod")!);
    const workflow = "job_workflow_ref:acme/platform/.github/workflows/deploy-environment.yml@refs/heads/main";
    expect(trust(stack.resource("aws_iam_role", "ci/deploy-prod")).Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual([
      `repo:acme/platform:environment:prod:${workflow}`,
      `repo:acme@1234/platform@5678:environment:prod:${workflow}`,
    ]);
  });

  it("gives people seed 004's roles: developer in dev and staging only, devops read-only in prod and kept off the guards elsewhere, admin everywhere with MFA", () => {
    const names = (stack: SynthesizedStack) => stack.resources("aws_iam_role").map((r) => r.name).filter((name) => !name.startsWith("acme-ci-"));
    expect(names(nonprod)).toEqual(["acme-admin", "acme-developer", "acme-devops"]);
    const devops = statements(nonprod.resource("aws_iam_role_policy", "humans/devops-policy"));
    expect(devops.NoAuditTrailChanges.Action).toContain("cloudtrail:StopLogging");
    expect(devops.NoChangesToTheAuditAndStateBuckets.Resource).toContain("arn:aws:s3:::acme-111111111111-us-east-1-audit/*");
    expect(prod.resources("aws_iam_role_policy").map((policy) => policy.name)).not.toContain("not-the-guards");
    // prod's account holds the DR network prod-dr: it has the break-glass role too.
    expect(names(prod)).toEqual(["acme-admin", "acme-break-glass", "acme-devops"]);
    const developer = statements(nonprod.resource("aws_iam_role_policy", "humans/developer-policy"));
    expect(developer.OperateTheirEnvironments.Condition).toEqual({ StringEquals: { "aws:ResourceTag/Environment": ["dev", "staging"] } });
    expect(developer.NothingOfAnotherEnvironment.Condition.StringNotEquals).toEqual({ "aws:ResourceTag/Environment": ["dev", "staging"] });
    expect(nonprod.resource("aws_iam_role_policy_attachment", "humans/devops-managed").policy_arn).toBe("arn:aws:iam::aws:policy/PowerUserAccess");
    expect(prod.resource("aws_iam_role_policy_attachment", "humans/devops-managed").policy_arn).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    expect(trust(role(prod, "humans/admin"))).toEqual({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": true }, NumericLessThan: { "aws:MultiFactorAuthAge": 3600 } },
    });
    const saml = defaultConfigCopy();
    saml.delivery = { ...saml.delivery, humans: { samlProviderName: "okta" } };
    const samlAdmin = new SynthesizedStack(buildPlatform(runOf(saml)).platform.accesses.get("prod")!).resource("aws_iam_role", "humans/admin");
    expect(trust(samlAdmin)).toMatchObject({ Principal: { Federated: "arn:aws:iam::222222222222:saml-provider/okta" }, Action: "sts:AssumeRoleWithSAML" });
  });
});

describe("github-platform: the repository's delivery settings (github provider, token from GITHUB_TOKEN)", () => {
  const github = new SynthesizedStack(buildPlatform().platform.github);

  it("has a GitHub environment per environment, from main only, with config's reviewers and no self-review", () => {
    expect(github.resources("github_repository_environment").map((environment) => environment.environment).sort()).toEqual(["dev", "prod", "staging", "uat"]);
    expect(github.resource("github_repository_environment", "environment-prod")).toMatchObject({
      repository: "platform",
      prevent_self_review: true,
      can_admins_bypass: false,
      reviewers: [{ teams: [1000002, 1000003], users: [] }],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(github.resource("github_repository_environment", "environment-dev").reviewers).toBeUndefined();
    expect(github.resource("github_repository_environment_deployment_policy", "environment-prod-main-only").branch_pattern).toBe("main");
    expect(github.json.provider.github).toEqual([{ owner: "acme" }]);
  });

  it("names each environment's deploy role, account and region in variables (role ARNs, never secrets)", () => {
    const variables = Object.fromEntries(
      github.resources("github_actions_environment_variable").filter((v) => v.__name.startsWith("environment-prod-")).map((v) => [v.variable_name, v.value]),
    );
    expect(variables).toEqual({ AWS_ACCOUNT_ID: "222222222222", AWS_REGION: "us-east-1", AWS_DEPLOY_ROLE_ARN: "arn:aws:iam::222222222222:role/acme-ci-deploy-prod", AWS_DR_REGION: "eu-west-1" });
    expect(Object.fromEntries(github.resources("github_actions_variable").map((v) => [v.variable_name, v.value]))).toEqual({
      PLAN_ROLE_NAME: "acme-ci-plan",
      AWS_PLAN_ROLE_ARN_NONPROD: "arn:aws:iam::111111111111:role/acme-ci-plan",
      AWS_PUSH_ROLE_ARN_WEB: "arn:aws:iam::111111111111:role/acme-ci-push-web",
      AWS_PLAN_ROLE_ARN_PROD: "arn:aws:iam::222222222222:role/acme-ci-plan",
    });
    expect(github.resources("github_actions_secret")).toEqual([]);
  });
});
