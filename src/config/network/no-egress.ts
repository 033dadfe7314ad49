import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { NAT_MODES } from "../shared/tiers";
import { collectorEndpointsOn, PRIVATE_ACCESS_SERVICES } from "./resolve";

/**
 * What the reachability rules say about a network whose private subnets have no route to the
 * internet (natMode "none", or an existing VPC without the owner's NAT): the ways to give it one,
 * and the interface endpoints it lacks, named as the default set when the network lists none.
 */

/** How a network gets a route to the internet: a NAT mode of its own, or the NAT an existing VPC's owner runs. */
export function natWayOut(config: PlatformConfig, networkName: string): string {
  if (config.networks[networkName].existing) return `networks.${networkName}.existing.privateEgress "nat", where the VPC's owner runs a NAT`;
  const modes = NAT_MODES.filter((mode) => mode !== "none").map((mode) => `"${mode}"`);
  return `networks.${networkName}.natMode ${modes.slice(0, -1).join(", ")} or ${modes[modes.length - 1]}`;
}

/** The interface endpoints a network without NAT gets when it lists none (network/resolve.ts's default). */
function defaultEndpoints(config: PlatformConfig, networkName: string): string[] {
  return [...PRIVATE_ACCESS_SERVICES, ...collectorEndpointsOn(config, networkName)];
}

/** The endpoints of `needed` a network without NAT does not have: those its list leaves out, or the default set. */
export function missingEndpoints(config: PlatformConfig, networkName: string, needed: readonly string[]): string[] {
  const available = config.networks[networkName].interfaceEndpoints?.services ?? defaultEndpoints(config, networkName);
  return [...new Set(needed)].filter((endpoint) => !available.includes(endpoint));
}

/**
 * `networks.<network>.interfaceEndpoints.services` must include `missing`, because `why`. Where the network lists none, the
 * message says it is the default set, which lacks them, and that listing the set with them is the way out.
 */
export function missingEndpointsIssue(config: PlatformConfig, networkName: string, missing: readonly string[], why: string): ConfigIssue {
  const listed = config.networks[networkName].interfaceEndpoints?.services;
  const names = missing.map((endpoint) => `"${endpoint}"`).join(", ");
  return {
    path: `networks.${networkName}.interfaceEndpoints.services`,
    value: listed,
    message:
      listed === undefined
        ? `must include ${names}, which the default set of a network without NAT (${defaultEndpoints(config, networkName).join(", ")}) leaves out: ${why}; list that set with them, or give the network NAT (${natWayOut(config, networkName)})`
        : `must include ${names}: ${why}`,
  };
}
