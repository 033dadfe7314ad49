import { appIssues } from "../app/validate";
import { deliveryIssues } from "../delivery/validate";
import { failBackIssues } from "../dr/validate-fail-back";
import { protectionIssues } from "../delivery/validate-protection";
import { pipelineIssues } from "../pipeline/validate";
import { existingVpcIssues, networkTierIssues, overlapIssues, zoneIssues } from "../network/validate";
import { registryLifecycleIssues } from "../service/validate";
import { ConfigIssue } from "../shared/errors";
import { keyMustNameMessage, mustNameMessage } from "../shared/references";
import { PlatformConfig } from "./schema";
import { identityIssues } from "./validate-identity";
import { productionIssues } from "./validate-production";

/**
 * Rules that relate fields to each other. They run on a configuration that
 * passed the schema and return every issue at once.
 */
export function crossFieldIssues(config: PlatformConfig): ConfigIssue[] {
  return [
    ...referenceIssues(config),
    ...existingVpcIssues(config),
    ...zoneIssues(config),
    ...overlapIssues(config),
    ...networkTierIssues(config),
    ...productionIssues(config),
    ...appIssues(config),
    ...identityIssues(config),
    ...registryLifecycleIssues(config),
    ...deliveryIssues(config),
    ...pipelineIssues(config),
    ...protectionIssues(config),
    ...failBackIssues(config),
  ];
}

function referenceIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const accounts = Object.keys(config.accounts);
  const networks = Object.keys(config.networks);
  const environments = Object.keys(config.environments);
  for (const [name, network] of Object.entries(config.networks)) {
    if (!config.accounts[network.account]) {
      issues.push({ path: `networks.${name}.account`, value: network.account, message: mustNameMessage("an account", network.account, accounts) });
    }
  }
  for (const [name, environment] of Object.entries(config.environments)) {
    if (!config.networks[environment.network]) {
      issues.push({ path: `environments.${name}.network`, value: environment.network, message: mustNameMessage("a network", environment.network, networks) });
    }
    if (environment.activeRegion === "dr" && environment.drNetwork === undefined) {
      issues.push({ path: `environments.${name}.activeRegion`, value: "dr", message: "needs a drNetwork to fail over to" });
    }
    if (environment.drNetwork === undefined) continue;
    const dr = config.networks[environment.drNetwork];
    const primary = config.networks[environment.network];
    if (!dr) {
      issues.push({ path: `environments.${name}.drNetwork`, value: environment.drNetwork, message: mustNameMessage("a network", environment.drNetwork, networks) });
    } else if (primary && dr.region === primary.region) {
      issues.push({
        path: `environments.${name}.drNetwork`,
        value: environment.drNetwork,
        message: `must be in another region than the primary network "${environment.network}" (${primary.region})`,
      });
    } else if (primary && dr.account !== primary.account) {
      issues.push({
        path: `environments.${name}.drNetwork`,
        value: environment.drNetwork,
        message: `must be in the primary network's account "${primary.account}", not "${dr.account}": the database replicates within one account, with a key of the DR region`,
      });
    }
  }
  for (const [appName, app] of Object.entries(config.apps)) {
    if (app.environments && Object.keys(app.environments).length === 0) {
      issues.push({
        path: `apps.${appName}.environments`,
        value: {},
        message: "must list at least one environment, or be left out for the app to run in every environment",
      });
    }
    for (const [envName, settings] of Object.entries(app.environments ?? {})) {
      if (!config.environments[envName]) {
        issues.push({ path: `apps.${appName}.environments.${envName}`, value: settings, message: keyMustNameMessage("an environment", envName, environments) });
      }
    }
  }
  return issues;
}
