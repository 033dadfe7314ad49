import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import { GITHUB_OIDC } from "../../config/delivery/resolve";
import { policyDocument } from "../security/policy-document";

/**
 * GitHub Actions' OIDC identity provider in an account: tokens of
 * `token.actions.githubusercontent.com` for the audience `sts.amazonaws.com`.
 * AWS verifies GitHub's tokens against its own trusted CAs, so no thumbprint
 * is pinned (IAM User Guide, *Create an OpenID Connect identity provider*).
 */
export class GithubOidcProvider extends Construct {
  /** The provider's ARN, the Federated principal of the CI roles. */
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.arn = new IamOpenidConnectProvider(this, "provider", { url: GITHUB_OIDC.url, clientIdList: [GITHUB_OIDC.audience] }).arn;
  }

  /**
   * A trust policy for workflows whose token's subject is one of these (such as
   * `repo:acme/platform:environment:prod:job_workflow_ref:acme/platform/.github/workflows/deploy-environment.yml@refs/heads/main`),
   * for STS's audience only: `StringEquals`, or `StringLike` where a subject holds a `*` (only a
   * pull request's number, `refs/pull/*​/merge`, is ever left open).
   */
  trustPolicy(subjects: readonly string[]): string {
    const subject = { [`${GITHUB_OIDC.host}:sub`]: [...subjects] };
    const audience = { [`${GITHUB_OIDC.host}:aud`]: GITHUB_OIDC.audience };
    const open = subjects.some((candidate) => candidate.includes("*"));
    return policyDocument([
      {
        Effect: "Allow",
        Principal: { Federated: this.arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: open ? { StringEquals: audience, StringLike: subject } : { StringEquals: { ...audience, ...subject } },
      },
    ]);
  }
}
