import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";

/**
 * Delivery settings that relate to each other or to the rest: the "id" subject form needs the
 * ids it names, reviewers name environments, and the human roles trust exactly one principal.
 */
export function deliveryIssues(config: PlatformConfig): ConfigIssue[] {
  const { github, humans } = config.delivery;
  const issues: ConfigIssue[] = [];
  if ((github?.subjects === "id" || github?.subjects === "both") && github.ids === undefined) {
    issues.push({
      path: "delivery.github.ids",
      value: undefined,
      message: `is required with subjects "${github.subjects}": the immutable subject form names the owner's and the repository's numeric ids (gh api repos/${config.project.repository} --jq '.owner.id, .id')`,
    });
  }
  for (const env of Object.keys(github?.reviewers ?? {})) {
    if (!config.environments[env]) {
      issues.push({ path: `delivery.github.reviewers.${env}`, value: env, message: `must name an environment, one of: ${Object.keys(config.environments).join(", ")}` });
    }
  }
  if (humans?.trustedAccountId !== undefined && humans.samlProviderName !== undefined) {
    issues.push({
      path: "delivery.humans.samlProviderName",
      value: humans.samlProviderName,
      message: `and delivery.humans.trustedAccountId (${humans.trustedAccountId}) are both set: the human roles trust one principal, an identity account or a SAML provider`,
    });
  }
  if (humans?.trustedAccountId !== undefined && Object.values(config.accounts).some((account) => account.id === humans.trustedAccountId)) {
    issues.push({
      path: "delivery.humans.trustedAccountId",
      value: humans.trustedAccountId,
      message: "is one of the platform's own accounts: trust an identity account that holds people, not workloads",
    });
  }
  return issues;
}
