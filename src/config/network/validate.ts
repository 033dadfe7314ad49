import { PlatformConfig } from "../platform/schema";
import { cidrsOverlap, parseCidr } from "../shared/cidr";
import { ConfigIssue } from "../shared/errors";
import { networkZones, REGION_ZONE_LETTERS } from "../shared/regions";
import { networkNatMode } from "./resolve";

/** A network's zones: in its region, not repeated, at least 2, matching azCount, within the region's zones; its endpoint zones within them. */
export function zoneIssues(config: PlatformConfig): ConfigIssue[] {
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

/** Networks of one account whose CIDR blocks overlap (peering and routing need them apart). */
export function overlapIssues(config: PlatformConfig): ConfigIssue[] {
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

/** A network that no environment uses needs a tier of its own; a NAT instance type needs NAT mode "instance". */
export function networkTierIssues(config: PlatformConfig): ConfigIssue[] {
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
