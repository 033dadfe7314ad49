import { Tier } from "../shared/tiers";
import { ResolvedDisasterRecovery } from "./resolve";

/** How often AWS Backup backs an environment's data up, by tier (seed 004: hourly in prod, daily in uat, weekly in dev and staging). */
export const BACKUP_SCHEDULES: Readonly<Record<Tier, { readonly frequency: string; readonly expression: string }>> = {
  dev: { frequency: "weekly", expression: "cron(0 3 ? * SUN *)" },
  staging: { frequency: "weekly", expression: "cron(0 3 ? * SUN *)" },
  uat: { frequency: "daily", expression: "cron(0 3 * * ? *)" },
  prod: { frequency: "hourly", expression: "cron(0 * * * ? *)" },
};

/**
 * AWS Backup Vault Lock of an environment's vaults. In compliance mode the lock can be changed or
 * removed only during its grace time (`changeableForDays`, at least 3); after that no one, the root
 * user and AWS included, can change or remove it, nor delete a recovery point before its retention
 * ends (AWS Backup Developer Guide, "AWS Backup Vault Lock"). Governance mode stops everyone but
 * principals allowed `backup:DeleteBackupVaultLockConfiguration`, which the vault policy keeps to
 * the administrators.
 */
export interface VaultLockSettings {
  /** "compliance" (immutable after the grace time) or "governance" (removable by an administrator). */
  readonly mode: "compliance" | "governance";
  /** Days the compliance lock can still be changed or removed after it is applied. @default none: governance */
  readonly changeableForDays?: number;
  /** The shortest retention a recovery point may have in the vault: a backup or copy kept shorter fails, and no one shortens one below it. */
  readonly minRetentionDays: number;
  /** The longest retention a recovery point may have in the vault. */
  readonly maxRetentionDays: number;
}

/**
 * Vault Lock by tier: compliance in prod with the shortest grace AWS allows (3 days, to undo a
 * wrong first apply), governance elsewhere. The minimum is the tier's recovery point retention
 * (seed 004's backup retention: 7, 14, 14, 30 days), lowered to an environment's shorter retention
 * where a waiver allows one; the maximum the longest that retention may be set to (35 days, RDS's
 * limit, which the configuration's schema enforces), so raising it needs no change of the lock.
 */
export const BACKUP_VAULT_LOCKS: Readonly<Record<Tier, VaultLockSettings>> = {
  dev: { mode: "governance", minRetentionDays: 7, maxRetentionDays: 35 },
  staging: { mode: "governance", minRetentionDays: 14, maxRetentionDays: 35 },
  uat: { mode: "governance", minRetentionDays: 14, maxRetentionDays: 35 },
  prod: { mode: "compliance", changeableForDays: 3, minRetentionDays: 30, maxRetentionDays: 35 },
};

/** The tag whose value names the backup plan that selects a resource: a data resource carries its app and environment's plan name. */
export const BACKUP_PLAN_TAG = "BackupPlan";

/** An app's backups in one environment. */
export interface ResolvedBackup {
  /** The plan, vault and role name, and the value of the data resources' `BackupPlan` tag: `<project>-<app>-<env>`. */
  readonly name: string;
  /** The tier's schedule. */
  readonly schedule: { readonly frequency: string; readonly expression: string };
  /** Days each recovery point is kept: the environment's database backup retention. */
  readonly retentionDays: number;
  /** The tier's Vault Lock, on the primary vault and the DR vault; its minimum never above `retentionDays`. */
  readonly vaultLock: VaultLockSettings;
  /** The vault in the DR region that prod's recovery points are copied to, by ARN (known from config); the backup stack keeps it. @default no copy */
  readonly drVaultArn?: string;
  /**
   * The DR region's own plan, and the value of the `BackupPlan` tag that its selection matches:
   * `<project>-<app>-<env>-dr` ({@link drBackupPlanName}). It backs up into the DR vault what
   * lives in the DR region: the DR app files bucket always, and the promoted DR database once
   * failover tags it. @default none: the environment has no DR network
   */
  readonly drPlanName?: string;
}

/** The AWS Backup service role of a plan: it reads and restores the data, so a bucket that admits only its app's role admits this one too. */
export const backupRoleName = (name: string) => `${name}-backup`;

/** The DR vault's name, `<project>-<app>-<env>-dr`, in the DR region. */
export const drVaultName = (name: string) => `${name}-dr`;

/**
 * The DR region's backup plan of an app in an environment, `<project>-<app>-<env>-dr`: also the
 * value of the `BackupPlan` tag by which it selects its data there. The DR storage stack tags the
 * DR app files bucket with it; the DR database stack tags the promoted DR database with it when
 * failover is declared, and the environment's deploy role may set that value (and no other plan's).
 */
export const drBackupPlanName = (name: string) => `${name}-dr`;

/** An app's backups in an environment of a tier; with DR, a copy of every recovery point goes to the DR region's vault, and a plan of the DR region backs up into that vault what lives there. */
export function resolveBackup(name: string, tier: Tier, retentionDays: number, dr: ResolvedDisasterRecovery | undefined): ResolvedBackup {
  const drVaultArn = dr ? `arn:aws:backup:${dr.network.region}:${dr.network.account.id}:backup-vault:${drVaultName(name)}` : undefined;
  const lock = BACKUP_VAULT_LOCKS[tier];
  const vaultLock = { ...lock, minRetentionDays: Math.min(lock.minRetentionDays, retentionDays) };
  return { name, schedule: BACKUP_SCHEDULES[tier], retentionDays, vaultLock, ...(drVaultArn ? { drVaultArn, drPlanName: drBackupPlanName(name) } : {}) };
}
