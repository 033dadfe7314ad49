import { cidrSubnet, formatCidr, Ipv4Cidr } from "../shared/cidr";

/**
 * The subnet plan of seed 004: each tier of subnets takes a block of
 * `cidrsubnet(vpc_cidr, 8, offset + az_index)` ranges, so a /16 gets /24s at
 * +1..+3 (public), +11..+13 (private) and +21..+23 (database).
 */
export const SUBNET_TIERS = ["public", "private", "database"] as const;

/** A tier of subnets. */
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Bits added to the VPC prefix for each subnet (a /16 VPC gets /24 subnets). */
export const SUBNET_NEW_BITS = 8;

/** The first `cidrsubnet` net number of each subnet tier. */
export const SUBNET_OFFSETS: Readonly<Record<SubnetTier, number>> = { public: 1, private: 11, database: 21 };

/** The most availability zones the plan leaves room for (ten net numbers per tier). */
export const MAX_PLAN_AZS = 10;

/** The VPC prefix lengths the plan fits: /16 (256 /24s) down to /20 (subnets of /28, AWS's smallest). */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;

/** One subnet of the plan. */
export interface PlannedSubnet {
  /** The availability zone name, such as `us-east-1a`. */
  readonly availabilityZone: string;
  /** The subnet's CIDR block. */
  readonly cidr: string;
}

/** The subnets of every tier for a VPC block and its zones. */
export function planSubnets(vpc: Ipv4Cidr, zones: readonly string[]): Record<SubnetTier, PlannedSubnet[]> {
  const tier = (offset: number): PlannedSubnet[] =>
    zones.map((availabilityZone, index) => ({
      availabilityZone,
      cidr: formatCidr(cidrSubnet(vpc, SUBNET_NEW_BITS, offset + index)),
    }));
  return { public: tier(SUBNET_OFFSETS.public), private: tier(SUBNET_OFFSETS.private), database: tier(SUBNET_OFFSETS.database) };
}
