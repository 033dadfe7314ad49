import { PlatformConfig } from "../platform/schema";

/** Days noncurrent versions of state files are kept (seed 004: 30-day retention). */
export const STATE_NONCURRENT_VERSION_DAYS = 30;

/** Days the state bucket's server access logs are kept (seed 004: audit trails for a year). */
export const STATE_ACCESS_LOG_DAYS = 365;

/** Where an account's Terraform state lives. */
export interface StateBackendSettings {
  /** The region of the bucket and lock table. */
  readonly region: string;
  /** The state bucket. */
  readonly bucket: string;
  /** The bucket receiving the state bucket's server access logs. */
  readonly logBucket: string;
  /** The DynamoDB lock table. */
  readonly lockTable: string;
  /** The KMS alias of the key encrypting state, such as `alias/acme-tfstate`. */
  readonly kmsAlias: string;
  /** The ARN of that alias, usable before the key exists. */
  readonly kmsAliasArn: string;
  /** Days noncurrent state versions are kept (seed 004: 30). */
  readonly noncurrentVersionExpirationDays: number;
  /** Days the state bucket's access logs are kept (seed 004 keeps audit trails a year). */
  readonly accessLogExpirationDays: number;
}

/** An AWS account. */
export interface ResolvedAccount {
  /** The account's name in the configuration. */
  readonly name: string;
  /** The 12-digit account id. */
  readonly id: string;
  /** The account's primary region (its state backend's region). */
  readonly region: string;
  /** Its state backend's names and settings, in its primary region. */
  readonly backend: StateBackendSettings;
  /**
   * A state backend in each other region its networks are in (a disaster-recovery region): a
   * stack there keeps its state there, so it can be planned and applied while the primary region
   * is down. The primary backend's state bucket replicates to each.
   */
  readonly regionalBackends: readonly StateBackendSettings[];
}

/** The backend holding the state of a stack in an account and region: the account's backend in that region, else its primary one. */
export function stateBackendFor(account: ResolvedAccount, region: string): StateBackendSettings {
  return account.regionalBackends.find((backend) => backend.region === region) ?? account.backend;
}

/** The regions of an account's networks other than its primary region, in configuration order. */
export function otherNetworkRegions(config: PlatformConfig, accountName: string): string[] {
  const primary = config.accounts[accountName].region;
  const regions = Object.values(config.networks).flatMap((network) => (network.account === accountName ? [network.region] : []));
  return [...new Set(regions)].filter((region) => region !== primary);
}

/** The state backend's names and settings of an account in one region. */
export function backendNames(project: string, accountId: string, region: string): StateBackendSettings {
  const kmsAlias = `alias/${project}-tfstate`;
  return {
    region,
    bucket: `${project}-${accountId}-${region}-tfstate`,
    logBucket: `${project}-${accountId}-${region}-tfstate-logs`,
    lockTable: `${project}-tfstate-locks`,
    kmsAlias,
    kmsAliasArn: `arn:aws:kms:${region}:${accountId}:${kmsAlias}`,
    noncurrentVersionExpirationDays: STATE_NONCURRENT_VERSION_DAYS,
    accessLogExpirationDays: STATE_ACCESS_LOG_DAYS,
  };
}
