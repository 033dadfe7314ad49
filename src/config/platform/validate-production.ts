import { appEnvironmentNames, mergedBlock, settingPath } from "../app/blocks";
import { AppConfig } from "../app/schema";
import { networkTierOrNone } from "../network/resolve";
import { imageChoice } from "../service/image";
import { ConfigIssue } from "../shared/errors";
import { closestName } from "../shared/suggest";
import { TIER_PRESETS } from "../shared/tiers";
import { PlatformConfig } from "./schema";

/**
 * Protections the prod tier gives that a prod-tier environment (or network)
 * may weaken only with a reason in its `waivers`, like a checkov skip:
 * deletion protection, multi-AZ, encryption, log retention, WAF, ECS Exec
 * off, backup retention, an alert subscriber, an image by digest, flow logs,
 * and a required reviewer of its deployments.
 */
export function productionIssues(config: PlatformConfig): ConfigIssue[] {
  return [...environmentIssues(config), ...appIssues(config), ...networkIssues(config)];
}

/** The environment-level protections a waiver may name. */
const ENVIRONMENT_PROTECTIONS = ["deletionProtection", "multiAz", "encryption"] as const;

const waiverNeeded = (owner: string, protection: string, what: string) =>
  `a prod-tier environment cannot ${what} without ${owner}.waivers.${protection} giving a reason`;

/**
 * Whether an environment's reviewers are under a misspelt key (`prd` for `prod`): that key's own
 * issue names the environment ("did you mean"), and fixing it gives the environment its reviewers.
 */
function reviewersMisspelt(config: PlatformConfig, envName: string): boolean {
  const environments = Object.keys(config.environments);
  return Object.keys(config.delivery.github?.reviewers ?? {}).some((key) => !config.environments[key] && closestName(key, environments) === envName);
}

function environmentIssues(config: PlatformConfig): ConfigIssue[] {
  return Object.entries(config.environments)
    .filter(([, environment]) => environment.tier === "prod")
    .flatMap(([name, environment]) => {
      const preset = TIER_PRESETS.prod.environment;
      const owner = `environments.${name}`;
      const issues: ConfigIssue[] = ENVIRONMENT_PROTECTIONS.filter(
        (protection) => preset[protection] && environment.overrides[protection] === false && environment.waivers[protection] === undefined,
      ).map((protection) => ({ path: `${owner}.overrides.${protection}`, value: false, message: waiverNeeded(owner, protection, `turn off ${protection}`) }));
      const reviewers = config.delivery.github?.reviewers?.[name];
      if ((reviewers?.teams?.length ?? 0) + (reviewers?.users?.length ?? 0) === 0 && environment.waivers.reviewers === undefined && !reviewersMisspelt(config, name)) {
        issues.push({
          path: `delivery.github.reviewers.${name}`,
          value: reviewers,
          message: `a prod-tier environment needs a required reviewer of its deploys, whom GitHub's environment protection makes approve each one: give a team or user id ({ "teams": [<id>] } or { "users": [<id>] }), or a reason in ${owner}.waivers.reviewers`,
        });
      }
      const retention = environment.overrides.logRetentionDays;
      if (retention !== undefined && retention < preset.logRetentionDays && environment.waivers.logRetention === undefined) {
        issues.push({
          path: `${owner}.overrides.logRetentionDays`,
          value: retention,
          message: waiverNeeded(owner, "logRetention", `keep logs for less than the tier's ${preset.logRetentionDays} days`),
        });
      }
      return issues;
    });
}

function appIssues(config: PlatformConfig): ConfigIssue[] {
  return Object.entries(config.apps).flatMap(([appName, app]) =>
    appEnvironmentNames(config, app)
      .filter((envName) => config.environments[envName]?.tier === "prod")
      .flatMap((envName) => appEnvironmentIssues(config, appName, app, envName)),
  );
}

function appEnvironmentIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const waivers = config.environments[envName].waivers;
  const owner = `environments.${envName}`;
  const service = mergedBlock(app, envName, "service");
  const database = mergedBlock(app, envName, "database");
  const alerts = mergedBlock(app, envName, "alerts");
  const preset = TIER_PRESETS.prod;
  const weakened = [
    { protection: "waf", block: "service", key: "waf", value: service.waf, weak: service.waf === false, what: "turn WAF off" },
    { protection: "execCommand", block: "service", key: "execCommand", value: service.execCommand, weak: service.execCommand === true, what: "turn ECS Exec on" },
    {
      protection: "backupRetention",
      block: "database",
      key: "backupRetentionDays",
      value: database.backupRetentionDays,
      weak: database.backupRetentionDays !== undefined && database.backupRetentionDays < preset.database.backupRetentionDays,
      what: `keep backups for less than the tier's ${preset.database.backupRetentionDays} days`,
    },
  ] as const;
  const issues: ConfigIssue[] = weakened
    .filter((rule) => rule.weak && waivers[rule.protection] === undefined)
    .map((rule) => ({ path: settingPath(app, appName, envName, rule.block, rule.key), value: rule.value, message: waiverNeeded(owner, rule.protection, rule.what) }));
  const image = imageChoice(app, appName, envName);
  if (image?.tag !== undefined && waivers.imageTag === undefined) {
    issues.push({
      path: `${image.path}.imageTag`,
      value: image.tag,
      message: `${waiverNeeded(owner, "imageTag", "run an image by tag")}: a tag can be deleted and pushed again as another image; set imageDigest to the digest that passed staging (docs/runbooks/promote-image.md)`,
    });
  }
  const subscribed = (alerts.emails?.length ?? 0) > 0 || Boolean(alerts.incidentManagement);
  if (!subscribed && waivers.alertSubscribers === undefined) {
    issues.push({
      path: `apps.${appName}.environments.${envName}.alerts`,
      value: alerts,
      message: `${waiverNeeded(owner, "alertSubscribers", "raise alarms that nobody receives")}: give alerts.emails or alerts.incidentManagement`,
    });
  }
  return issues;
}

function networkIssues(config: PlatformConfig): ConfigIssue[] {
  return Object.entries(config.networks)
    .filter(([name, network]) => network.flowLogs?.enabled === false && network.waivers?.flowLogs === undefined && networkTierOrNone(config, name) === "prod")
    .map(([name]) => ({
      path: `networks.${name}.flowLogs.enabled`,
      value: false,
      message: `a prod-tier network cannot turn flow logs off without networks.${name}.waivers.flowLogs giving a reason`,
    }));
}
