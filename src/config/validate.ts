import { cidrsOverlap, parseCidr } from "./cidr";
import { ConfigIssue } from "./errors";
import { networkZones, REGION_ZONE_LETTERS } from "./regions";
import { networkNatMode } from "./resolve";
import { PlatformConfig } from "./schema";
import { appIssues } from "./validate-app";
import { deliveryIssues } from "./validate-delivery";
import { identityIssues } from "./validate-identity";
import { productionIssues } from "./validate-prod";
import { registryLifecycleIssues } from "./validate-service";

/**
 * Rules that relate fields to each other. They run on a configuration that
 * passed the schema and return every issue at once.
 */
export function crossFieldIssues(config: PlatformConfig): ConfigIssue[] {
  return [
    ...referenceIssues(config),
    ...zoneIssues(config),
    ...overlapIssues(config),
    ...networkTierIssues(config),
    ...productionIssues(config),
    ...appIssues(config),
    ...identityIssues(config),
    ...registryLifecycleIssues(config),
    ...deliveryIssues(config),
  ];
}

const known = (record: Record<string, unknown>) => `one of: ${Object.keys(record).join(", ")}`;

function referenceIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, network] of Object.entries(config.networks)) {
    if (!config.accounts[network.account]) {
      issues.push({ path: `networks.${name}.account`, value: network.account, message: `must name an account, ${known(config.accounts)}` });
    }
  }
  for (const [name, environment] of Object.entries(config.environments)) {
    if (!config.networks[environment.network]) {
      issues.push({ path: `environments.${name}.network`, value: environment.network, message: `must name a network, ${known(config.networks)}` });
    }
    if (environment.activeRegion === "dr" && environment.drNetwork === undefined) {
      issues.push({ path: `environments.${name}.activeRegion`, value: "dr", message: "needs a drNetwork to fail over to" });
    }
    if (environment.drNetwork === undefined) continue;
    const dr = config.networks[environment.drNetwork];
    const primary = config.networks[environment.network];
    if (!dr) {
      issues.push({ path: `environments.${name}.drNetwork`, value: environment.drNetwork, message: `must name a network, ${known(config.networks)}` });
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
    for (const envName of Object.keys(app.environments ?? {})) {
      if (!config.environments[envName]) {
        issues.push({ path: `apps.${appName}.environments.${envName}`, value: envName, message: `must name an environment, ${known(config.environments)}` });
      }
    }
  }
  return issues;
}

function zoneIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, network] of Object.entries(config.networks)) {
    const path = `networks.${name}`;
    const regionZones = REGION_ZONE_LETTERS[network.region]?.length ?? 0;
    if (network.availabilityZones) {
      const zones = network.availabilityZones;
      const foreign = zones.filter((zone) => zone.slice(0, -1) !== network.region);
      if (foreign.length > 0) {
        issues.push({ path: `${path}.availabilityZones`, value: zones, message: `every zone must be in the network's region ${network.region}` });
      }
      if (new Set(zones).size !== zones.length) {
        issues.push({ path: `${path}.availabilityZones`, value: zones, message: "must not list a zone twice" });
      }
      if (zones.length < 2) {
        issues.push({ path: `${path}.availabilityZones`, value: zones, message: "must list at least 2 zones" });
      }
      if (network.azCount !== undefined && network.azCount !== zones.length) {
        issues.push({ path: `${path}.azCount`, value: network.azCount, message: `must equal the number of availabilityZones (${zones.length}) or be left out` });
      }
    } else if (network.azCount !== undefined && network.azCount > regionZones) {
      issues.push({ path: `${path}.azCount`, value: network.azCount, message: `must be at most ${regionZones}, the zones of ${network.region}` });
    }
    const zoneCount = networkZones(network).length;
    const endpointZones = network.interfaceEndpoints?.azCount;
    if (endpointZones !== undefined && endpointZones > zoneCount) {
      issues.push({ path: `${path}.interfaceEndpoints.azCount`, value: endpointZones, message: `must be at most the network's ${zoneCount} zones` });
    }
  }
  return issues;
}

function overlapIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = Object.keys(config.networks);
  const peered = new Set(
    Object.values(config.environments).flatMap((env) => (env.drNetwork ? [pairKey(env.network, env.drNetwork)] : [])),
  );
  names.forEach((first, index) => {
    for (const second of names.slice(index + 1)) {
      const a = config.networks[first];
      const b = config.networks[second];
      const sameAccountAndRegion = a.account === b.account && a.region === b.region;
      const isPeered = peered.has(pairKey(first, second));
      const blockA = parseCidr(a.cidr);
      const blockB = parseCidr(b.cidr);
      if (!(sameAccountAndRegion || isPeered) || !blockA || !blockB || !cidrsOverlap(blockA, blockB)) continue;
      const why = isPeered ? "they are peered for disaster recovery" : `both are in account "${a.account}" and region ${a.region}`;
      issues.push({ path: `networks.${second}.cidr`, value: b.cidr, message: `overlaps networks.${first}.cidr (${a.cidr}); ${why}, so their blocks must not overlap` });
    }
  });
  return issues;
}

const pairKey = (a: string, b: string) => [a, b].sort().join("\u0000");

function networkTierIssues(config: PlatformConfig): ConfigIssue[] {
  const used = new Set(Object.values(config.environments).flatMap((env) => [env.network, env.drNetwork]));
  const untiered = Object.entries(config.networks)
    .filter(([name, network]) => network.tier === undefined && !used.has(name))
    .map(([name]) => ({
      path: `networks.${name}.tier`,
      value: undefined,
      message: "is required for a network that no environment uses (its presets come from the tier)",
    }));
  if (untiered.length > 0) return untiered;
  return Object.entries(config.networks)
    .filter(([name, network]) => network.natInstanceType !== undefined && networkNatMode(config, name) !== "instance")
    .map(([name, network]) => ({
      path: `networks.${name}.natInstanceType`,
      value: network.natInstanceType,
      message: `needs natMode "instance"; network ${name} has natMode "${networkNatMode(config, name)}"`,
    }));
}
