import { appEnvironmentNames } from "../app/blocks";
import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { keyMustNameMessage, mustNameMessage } from "../shared/references";

/**
 * Deploy roles and workload boundaries reach an environment's buckets, key aliases, log groups and
 * roles by the name prefix `<project>-<app>-<env>` (S3 evaluates no bucket tag): no such prefix in
 * an account may begin another, or one environment's role would match the other's resources.
 */
function namePrefixIssues(config: PlatformConfig): ConfigIssue[] {
  const accountOf = (env: string) => config.networks[config.environments[env]?.network]?.account;
  const prefixes = Object.entries(config.apps).flatMap(([app, settings]) =>
    appEnvironmentNames(config, settings).map((env) => ({ app, env, prefix: `${app}-${env}`, account: accountOf(env) })),
  );
  return prefixes.flatMap((one) =>
    prefixes
      .filter((other) => other !== one && other.account === one.account && other.prefix.startsWith(one.prefix))
      .map((other) => ({
        path: `environments.${other.env}`,
        value: other.env,
        message: `makes the name prefix "${config.project.name}-${other.prefix}", which begins with "${config.project.name}-${one.prefix}" (app ${one.app} in ${one.env}) in the same account: ${one.env}'s deploy role would reach ${other.env}'s buckets by name; rename one so that neither begins the other`,
      })),
  );
}

/**
 * Delivery settings that relate to each other or to the rest: the "id" subject form needs the
 * ids it names, reviewers name environments, the human roles trust exactly one principal, and
 * no environment's name prefix begins another's in its account.
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
  for (const [env, reviewers] of Object.entries(github?.reviewers ?? {})) {
    if (!config.environments[env]) {
      issues.push({ path: `delivery.github.reviewers.${env}`, value: reviewers, message: keyMustNameMessage("an environment", env, Object.keys(config.environments)) });
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
  const management = config.delivery.organization?.managementAccount;
  if (management !== undefined && !config.accounts[management]) {
    issues.push({
      path: "delivery.organization.managementAccount",
      value: management,
      message: mustNameMessage("a configured account", management, Object.keys(config.accounts), " (add the management account to accounts: its backend keeps the organization stack's state)"),
    });
  }
  return [...issues, ...namePrefixIssues(config)];
}
