/**
 * The AWS commercial regions and the letters of their availability zones.
 *
 * The platform never asks AWS for zone names at plan time (no data source):
 * a network's zones are `<region><letter>` for the first `azCount` letters
 * below. Zone letters are mapped per account by AWS in a few older regions,
 * so a network can list its zones explicitly with `availabilityZones`.
 */
export const REGION_ZONE_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "ac",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "il-central-1": "abc",
  "me-central-1": "abc",
  "me-south-1": "abc",
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-7": "abc",
};

/** The region codes the configuration accepts. */
export const KNOWN_REGIONS: readonly string[] = Object.keys(REGION_ZONE_LETTERS);

/** The default zone names of a region, in order. */
export function defaultZoneNames(region: string): string[] {
  return [...(REGION_ZONE_LETTERS[region] ?? "")].map((letter) => `${region}${letter}`);
}

/** Availability zones a network spans when it names neither `azCount` nor `availabilityZones` (seed 004: 3). */
export const DEFAULT_AZ_COUNT = 3;

/** The zones a network spans: its explicit list, or the first `azCount` zones of its region. */
export function networkZones(network: { region: string; azCount?: number; availabilityZones?: string[] }): string[] {
  return network.availabilityZones ?? defaultZoneNames(network.region).slice(0, network.azCount ?? DEFAULT_AZ_COUNT);
}
