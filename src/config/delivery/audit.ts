import { ResolvedAccount } from "../account/resolve";
import type { ResolvedDeployment } from "../app/resolve";
import { PlatformConfig } from "../platform/schema";

/** Days each audit log file is locked (S3 Object Lock, compliance mode) unless `delivery.audit.objectLockDays` says: seed 004's year, or the audit retention where shorter. */
export const DEFAULT_AUDIT_OBJECT_LOCK_DAYS = 365;

/**
 * The principals (as `aws:PrincipalArn` matches them) that alone administer an account's audit
 * trail key and bucket and its backup vaults and their keys: `delivery.administratorRoles` in the
 * account, else its admin role (`adminRole`) where humans are configured, else its root user.
 */
export function administratorArns(config: PlatformConfig, adminRole: string, accountId: string): string[] {
  const humans = config.delivery.humans?.trustedAccountId !== undefined || config.delivery.humans?.samlProviderName !== undefined;
  const roles = config.delivery.administratorRoles ?? (humans ? [adminRole] : undefined);
  return roles ? roles.map((role) => `arn:aws:iam::${accountId}:role/${role}`) : [`arn:aws:iam::${accountId}:root`];
}

/** The trail of an account: its name, ARN (home region: the account's), and where its log files go. */
export interface ResolvedAudit {
  /** The trail's name, `<project>-audit`, also its key's alias and log role's prefix. */
  readonly trailName: string;
  /** The bucket the trail delivers to: the account's own, or the log-archive account's. */
  readonly bucket: string;
  /** The CloudWatch log group the events also go to, in the account. */
  readonly logGroupName: string;
  /** Days the bucket and the log group keep the logs. */
  readonly retentionDays: number;
  /**
   * Where the log files go: a bucket of this account, locked in compliance mode for `objectLockDays`,
   * receiving `trails` (its own, and in a log-archive account every account's); or the bucket of
   * the log-archive account, whose key (`keyArn`, an alias ARN) encrypts them.
   */
  readonly destination:
    | { readonly kind: "bucket-here"; readonly objectLockDays: number; readonly trails: readonly { readonly accountId: string; readonly trailArn: string }[] }
    | { readonly kind: "archive"; readonly keyArn: string };
  /** S3 object ARN prefixes (`arn:aws:s3:::<bucket>/`) whose reads and writes are recorded: the account's state buckets and app files buckets. */
  readonly dataEventObjectPrefixes: readonly string[];
  /** The audit bucket's object ARN prefix, whose reads alone are recorded: a trail recording writes to its own bucket would record its own deliveries without end. */
  readonly auditObjectPrefix: string;
}

/** The app files buckets in an account: each deployment's primary bucket there, and its DR replica there. */
export function appFilesBucketsIn(accountName: string, deployments: readonly ResolvedDeployment[]): string[] {
  return deployments.flatMap((deployment) => [
    ...(deployment.environment.network.account.name === accountName ? [deployment.service.appFiles.bucket] : []),
    ...(deployment.dr && deployment.dr.network.account.name === accountName ? [deployment.dr.appFiles.bucket] : []),
  ]);
}

/** The bucket an account's trail would keep: `<project>-<account id>-<region>-audit`. */
const auditBucket = (project: string, account: ResolvedAccount) => `${project}-${account.id}-${account.region}-audit`;

/** A trail's ARN in its account's primary region. */
const trailArn = (account: ResolvedAccount, trailName: string) => `arn:aws:cloudtrail:${account.region}:${account.id}:trail/${trailName}`;

/**
 * The audit trail of each account: with `delivery.audit.archiveAccount`, every trail delivers to
 * that account's bucket (which admits each of them), else each account keeps its own.
 */
export function resolveAudit(
  config: PlatformConfig,
  project: string,
  account: ResolvedAccount,
  accounts: readonly ResolvedAccount[],
  retentionDays: number,
  dataBuckets: readonly string[],
): ResolvedAudit {
  const trailName = `${project}-audit`;
  const archive = accounts.find((candidate) => candidate.name === config.delivery.audit?.archiveAccount);
  const home = archive ?? account;
  const bucket = auditBucket(project, home);
  const trails = (archive ? accounts : [account]).map((source) => ({ accountId: source.id, trailArn: trailArn(source, trailName) }));
  const objectLockDays = config.delivery.audit?.objectLockDays ?? Math.min(DEFAULT_AUDIT_OBJECT_LOCK_DAYS, retentionDays);
  const stateBuckets = [account.backend, ...account.regionalBackends].map((backend) => backend.bucket);
  return {
    trailName,
    bucket,
    logGroupName: `/aws/cloudtrail/${project}`,
    retentionDays,
    destination: home === account ? { kind: "bucket-here", objectLockDays, trails } : { kind: "archive", keyArn: `arn:aws:kms:${home.region}:${home.id}:alias/${trailName}` },
    dataEventObjectPrefixes: [...stateBuckets, ...dataBuckets].map((name) => `arn:aws:s3:::${name}/`),
    auditObjectPrefix: `arn:aws:s3:::${bucket}/`,
  };
}
