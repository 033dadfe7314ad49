import { PlatformConfig } from "../platform/schema";
import { cidrsOverlap, parseCidr } from "../shared/cidr";
import { ConfigIssue } from "../shared/errors";
import { REGION_ZONE_LETTERS } from "../shared/regions";
import { networkCidr, networkNatMode, networkZonesOf } from "./resolve";
import { SUBNET_TIERS } from "./subnet-plan";

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
    const zoneCount = networkZonesOf(network).length;
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
      const cidrA = networkCidr(a);
      const cidrB = networkCidr(b);
      const blockA = cidrA ? parseCidr(cidrA) : undefined;
      const blockB = cidrB ? parseCidr(cidrB) : undefined;
      if (!(sameAccountAndRegion || isPeered) || !blockA || !blockB || !cidrsOverlap(blockA, blockB)) continue;
      const why = isPeered ? "they are peered for disaster recovery" : `both are in account "${a.account}" and region ${a.region}`;
      const field = (name: string) => `networks.${name}.${config.networks[name].existing ? "existing.cidr" : "cidr"}`;
      issues.push({ path: field(second), value: cidrB, message: `overlaps ${field(first)} (${cidrA}); ${why}, so their blocks must not overlap` });
    }
  });
  return issues;
}

const pairKey = (a: string, b: string) => [a, b].sort().join("\u0000");

/**
 * A network that no environment uses needs a tier of its own; a NAT instance type needs NAT mode
 * "instance". Neither is checked while an environment names a network that does not exist: that
 * reference is the error (the network it meant would look unused, and tiers come from it).
 */
export function networkTierIssues(config: PlatformConfig): ConfigIssue[] {
  const references = Object.values(config.environments).flatMap((env) => [env.network, env.drNetwork]);
  if (references.some((name) => name !== undefined && !config.networks[name])) return [];
  const used = new Set(references);
  const untiered = Object.entries(config.networks)
    .filter(([name, network]) => network.tier === undefined && !used.has(name))
    .map(([name]) => ({
      path: `networks.${name}.tier`,
      value: undefined,
      message: "is required for a network that no environment uses (its presets come from the tier)",
    }));
  if (untiered.length > 0) return untiered;
  return Object.entries(config.networks)
    .filter(([name, network]) => network.natInstanceType !== undefined && !network.existing && networkNatMode(config, name) !== "instance")
    .map(([name, network]) => ({
      path: `networks.${name}.natInstanceType`,
      value: network.natInstanceType,
      message: `needs natMode "instance"; network ${name} has natMode "${networkNatMode(config, name)}"`,
    }));
}

/** Fields that describe a VPC the platform creates, refused beside `existing`. */
const CREATED_VPC_FIELDS = ["cidr", "azCount", "availabilityZones", "natMode", "natInstanceType"] as const;

/**
 * A network has a CIDR block or an existing VPC, not both; an existing VPC's subnets lie in its
 * region, one per zone and in at least 2 zones per tier (load balancers and database subnet groups
 * need two); a network peered for disaster recovery names its private route tables.
 */
export function existingVpcIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const peered = new Set(Object.values(config.environments).flatMap((env) => (env.drNetwork ? [env.network, env.drNetwork] : [])));
  for (const [name, network] of Object.entries(config.networks)) {
    const path = `networks.${name}`;
    const existing = network.existing;
    if (!existing) {
      if (network.cidr === undefined) {
        issues.push({ path: `${path}.cidr`, value: undefined, message: "is required unless the network adopts an existing VPC with existing" });
      }
      continue;
    }
    for (const field of CREATED_VPC_FIELDS) {
      if (network[field] === undefined) continue;
      const instead = field === "cidr" ? ": the existing VPC's block is existing.cidr" : field === "natMode" || field === "natInstanceType" ? ": the VPC's owner runs its NAT; say whether the private subnets reach the internet with existing.privateEgress" : ": the zones are those of existing.subnets";
      issues.push({ path: `${path}.${field}`, value: network[field], message: `must be left out with existing (the platform creates no VPC)${instead}` });
    }
    for (const tier of SUBNET_TIERS) {
      const subnets = existing.subnets[tier];
      const tierPath = `${path}.existing.subnets.${tier}`;
      const zones = subnets.map((subnet) => subnet.zone);
      const foreign = zones.filter((zone) => zone.slice(0, -1) !== network.region);
      const repeated = zones.filter((zone, index) => zones.indexOf(zone) !== index);
      if (foreign.length > 0) {
        issues.push({ path: tierPath, value: zones, message: `every subnet's zone must be in the network's region ${network.region} (not ${[...new Set(foreign)].join(", ")})` });
      }
      if (repeated.length > 0) {
        issues.push({ path: tierPath, value: zones, message: `must name one subnet per zone (${[...new Set(repeated)].join(", ")} more than once)` });
      }
      if (new Set(zones).size < 2) {
        issues.push({ path: tierPath, value: zones, message: "must name subnets in at least 2 zones: load balancers and database subnet groups need two zones" });
      }
    }
    if (peered.has(name) && (existing.privateRouteTableIds ?? []).length === 0) {
      issues.push({
        path: `${path}.existing.privateRouteTableIds`,
        value: existing.privateRouteTableIds,
        message: "must name the private subnets' route tables: the network is peered for disaster recovery, and the peering routes go into them",
      });
    }
  }
  return issues;
}
