import { ActionsEnvironmentVariable } from "@cdktf/provider-github/lib/actions-environment-variable";
import { ActionsRepositoryOidcSubjectClaimCustomizationTemplate } from "@cdktf/provider-github/lib/actions-repository-oidc-subject-claim-customization-template";
import { ActionsVariable } from "@cdktf/provider-github/lib/actions-variable";
import { BranchProtection } from "@cdktf/provider-github/lib/branch-protection";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { WorkflowRepositoryPermissions } from "@cdktf/provider-github/lib/workflow-repository-permissions";
import { Construct } from "constructs";
import { PLAN_ROLE_NAME_VARIABLE, planRoleVariable, pushedFromPlatformRepository, pushRoleVariable } from "../src/config/delivery/github-repository";
import { SUBJECT_CLAIM_KEYS } from "../src/config/delivery/oidc-subjects";
import { REQUIRED_CHECKS, ResolvedDelivery } from "../src/config/delivery/resolve";
import type { ResolvedAccount } from "../src/config/account/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of a {@link GithubStack}. */
export interface GithubStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** Delivery settings: the repository, reviewers, approvals, the accounts' roles. */
  readonly delivery: ResolvedDelivery;
  /** The account whose backend keeps this stack's state (the first configured). */
  readonly stateAccount: ResolvedAccount;
}

/**
 * `github-<repository>`: the platform repository's delivery settings, with the
 * github provider (its token comes from `GITHUB_TOKEN`, never from config):
 *
 * - a GitHub environment per environment, deploying from `main` only, with
 *   its required reviewers (no self-review, no admin bypass), and variables
 *   naming its deploy role, account and region (role ARNs, never secrets);
 * - repository variables naming the plan role (its name, `PLAN_ROLE_NAME`, and its ARN in each account) and the image-push
 *   role of each app whose image this repository builds (image.yml);
 * - the OIDC subject template `repo`, `context`, `job_workflow_ref`, which
 *   the roles' trust policies match: a role trusts one workflow file on one
 *   ref (apply this stack before the access stacks that expect it:
 *   docs/runbooks/delivery.md);
 * - the Actions settings: the token reads by default, and Actions may not
 *   approve pull requests;
 * - branch protection on `main`: the pull-request checks must pass, on an
 *   up-to-date branch, with the configured approvals and the code owners'
 *   (`.github/CODEOWNERS`), for admins too.
 */
export class GithubStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: GithubStackProps) {
    const { project, delivery } = props;
    const { github } = delivery;
    // Applied with a person's GITHUB_TOKEN, like the access stacks: the pipeline cannot loosen its own gates.
    super(scope, id, { ...sharedStackProps(project, props.stateAccount, props.stateAccount.region, "github"), deployedBy: "administrator" });
    new GithubProvider(this, "github", { owner: github.owner });
    const repository = github.repository;

    new ActionsRepositoryOidcSubjectClaimCustomizationTemplate(this, "oidc-subject", { repository, useDefault: false, includeClaimKeys: [...SUBJECT_CLAIM_KEYS] });
    // An app's own repository of the same owner gets the template its push role's trust matches; another owner's sets it itself (docs/runbooks/delivery.md).
    const appRepositories = new Set(delivery.accesses.flatMap((access) => access.imagePush.map((push) => push.repository)));
    for (const appRepository of [...appRepositories].filter((candidate) => candidate !== `${github.owner}/${repository}` && candidate.startsWith(`${github.owner}/`))) {
      const name = appRepository.slice(github.owner.length + 1);
      new ActionsRepositoryOidcSubjectClaimCustomizationTemplate(this, `oidc-subject-${name}`, { repository: name, useDefault: false, includeClaimKeys: [...SUBJECT_CLAIM_KEYS] });
    }
    // A workflow without a `permissions:` block gets a read-only token, and no workflow may approve a
    // pull request: a pull request's code cannot approve itself into main.
    new WorkflowRepositoryPermissions(this, "workflow-permissions", { repository, defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false });

    for (const environment of delivery.environments) {
      const access = delivery.accesses.find((candidate) => candidate.account.name === environment.network.account.name);
      const deploy = access?.deploy.find((candidate) => candidate.environment === environment.name);
      const reviewers = github.reviewers[environment.name];
      const githubEnvironment = new RepositoryEnvironment(this, `environment-${environment.name}`, {
        repository,
        environment: environment.name,
        preventSelfReview: true,
        canAdminsBypass: false,
        ...(reviewers && reviewers.teams.length + reviewers.users.length > 0 ? { reviewers: [{ teams: [...reviewers.teams], users: [...reviewers.users] }] } : {}),
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      });
      new RepositoryEnvironmentDeploymentPolicy(this, `environment-${environment.name}-main-only`, {
        repository,
        environment: githubEnvironment.environment,
        branchPattern: "main",
      });
      const variables: Record<string, string> = {
        AWS_ACCOUNT_ID: environment.network.account.id,
        AWS_REGION: environment.network.region,
        ...(deploy ? { AWS_DEPLOY_ROLE_ARN: `arn:aws:iam::${environment.network.account.id}:role/${deploy.roleName}` } : {}),
        ...(environment.drNetwork ? { AWS_DR_REGION: environment.drNetwork.region } : {}),
      };
      for (const [name, value] of Object.entries(variables)) {
        new ActionsEnvironmentVariable(this, `environment-${environment.name}-${name}`, { repository, environment: githubEnvironment.environment, variableName: name, value });
      }
    }
    // The plan role's name, the same in every account: the pull-request and drift workflows assume it in the account each stack names.
    const planRoleNames = [...new Set(delivery.accesses.map((access) => access.planRoleName))];
    if (planRoleNames.length === 1) new ActionsVariable(this, "plan-role-name", { repository, variableName: PLAN_ROLE_NAME_VARIABLE, value: planRoleNames[0] });
    for (const access of delivery.accesses) {
      new ActionsVariable(this, `plan-role-${access.account.name}`, {
        repository,
        variableName: planRoleVariable(access.account.name),
        value: `arn:aws:iam::${access.account.id}:role/${access.planRoleName}`,
      });
      // Only for the images this repository's image workflow pushes: another repository's workflow cannot read this repository's variables.
      for (const push of access.imagePush.filter((candidate) => pushedFromPlatformRepository(candidate, github))) {
        new ActionsVariable(this, `push-role-${push.app}`, {
          repository,
          variableName: pushRoleVariable(push.app),
          value: `arn:aws:iam::${access.account.id}:role/${push.roleName}`,
        });
      }
    }
    new BranchProtection(this, "main", {
      repositoryId: repository,
      pattern: "main",
      enforceAdmins: true,
      allowsDeletions: false,
      allowsForcePushes: false,
      requireConversationResolution: true,
      requiredStatusChecks: [{ strict: true, contexts: [...REQUIRED_CHECKS] }],
      requiredPullRequestReviews: [{ requiredApprovingReviewCount: github.requiredApprovals, requireCodeOwnerReviews: true, dismissStaleReviews: true, requireLastPushApproval: true }],
    });
  }
}
