import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedAccess } from "../src/config/delivery/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { CiRoles } from "../src/constructs/access/ci-roles";
import { GithubOidcProvider } from "../src/constructs/access/github-oidc";
import { HumanRoles } from "../src/constructs/access/human-roles";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of an {@link AccessStack}. */
export interface AccessStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The account's access settings. */
  readonly access: ResolvedAccess;
}

/**
 * `access-<account>`: who may change the account. GitHub Actions' OIDC
 * provider and the CI roles (plan, deploy per environment, image push per
 * build repository), the workload permissions boundary, and seed 004's human
 * roles, and IAM Access Analyzer's external-access analyzer, which reports
 * any role, key, bucket or secret that another account can reach (no IAM
 * condition key limits the trust policy a deploy role writes when it creates
 * a role, so the analyzer is how such a role is seen). An administrator
 * applies it after the backend, and the pipeline cannot change it: no deploy
 * role may touch these roles or the boundaries.
 */
export class AccessStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: AccessStackProps) {
    const { project, access } = props;
    super(scope, id, { ...sharedStackProps(project, access.account, access.account.region, access.account.name), deployedBy: "administrator" });
    const oidc = new GithubOidcProvider(this, "github-oidc");
    new CiRoles(this, "ci", { access, backends: [access.account.backend, ...access.account.regionalBackends], oidc, project: project.name });
    new AccessanalyzerAnalyzer(this, "external-access", { analyzerName: `${project.name}-external-access`, type: "ACCOUNT" });
    new HumanRoles(this, "humans", {
      access,
      project: project.name,
      protectedBuckets: [access.audit.bucket, access.account.backend.bucket, ...access.account.regionalBackends.map((backend) => backend.bucket)],
    });
    new TerraformOutput(this, "plan_role_arn", { value: `arn:aws:iam::${access.account.id}:role/${access.planRoleName}`, description: "Pull requests and main plan with it" });
    new TerraformOutput(this, "deploy_role_arns", {
      value: Object.fromEntries(access.deploy.map((deploy) => [deploy.environment, `arn:aws:iam::${access.account.id}:role/${deploy.roleName}`])),
      description: "Each GitHub environment's deploy role",
    });
  }
}
