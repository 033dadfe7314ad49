import { DEFAULT_CONFIG } from "../src/config/platform/default-config";
import { PlatformConfigInput } from "../src/config/platform/schema";
import { TIERS } from "../src/config/shared/tiers";

/** Tiers that serve HTTPS only, and so need a domain (seed 004). */
const HTTPS_TIERS: readonly string[] = ["uat", "prod"];

/**
 * The bench's large configuration: `count` environments, each with its own
 * network, spread over the built-in two accounts and cycling through the
 * tiers, and the built-in app in all of them (with a domain where the tier
 * serves HTTPS only, and the built-in prod's digest in prod-tier ones). A test keeps it valid.
 */
export function generatedConfig(count: number): PlatformConfigInput {
  const names = Array.from({ length: count }, (_, index) => `env${String(index + 1).padStart(2, "0")}`);
  const tierOf = (index: number) => TIERS[index % TIERS.length];
  const web = DEFAULT_CONFIG.apps!.web;
  // Prod-tier environments run by digest, like the built-in prod.
  const prodImage = (tier: string) => (tier === "prod" ? { imageDigest: web.environments!.prod.service!.imageDigest } : {});
  return {
    ...DEFAULT_CONFIG,
    networks: Object.fromEntries(
      names.map((name, index) => [name, { account: index % 2 ? "prod" : "nonprod", region: "us-east-1", cidr: `10.${10 + index}.0.0/16` }]),
    ),
    environments: Object.fromEntries(names.map((name, index) => [name, { network: name, tier: tierOf(index) }])),
    // The built-in human access, and the built-in reviewers' team for every environment.
    delivery: {
      ...DEFAULT_CONFIG.delivery,
      github: { reviewers: Object.fromEntries(names.map((name) => [name, DEFAULT_CONFIG.delivery!.github!.reviewers!.staging])) },
    },
    apps: {
      web: {
        alerts: web.alerts,
        service: web.service,
        featureFlags: web.featureFlags,
        environments: Object.fromEntries(
          names.map((name, index) => [
            name,
            HTTPS_TIERS.includes(tierOf(index)) ? { service: { domainName: `${name}.web.example.com`, hostedZoneId: "Z0000000000000000BENCH", ...prodImage(tierOf(index)) } } : {},
          ]),
        ),
      },
    },
  };
}
