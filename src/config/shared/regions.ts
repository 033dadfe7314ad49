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

/**
 * The Elastic Load Balancing account of each region opened before August
 * 2022: load balancer access log buckets there grant `s3:PutObject` to
 * `arn:aws:iam::<account>:root`. Regions opened since have no such account
 * and grant it to the service principal `logdelivery.elasticloadbalancing.amazonaws.com`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "ca-central-1": "985666609251",
  "sa-east-1": "507241528517",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "eu-south-1": "635631232127",
  "me-south-1": "076674570225",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-south-1": "718504428378",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-southeast-3": "589379963580",
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
