import { Tier } from "../shared/tiers";
import { ResolvedDisasterRecovery } from "./resolve";

/** How often AWS Backup backs an environment's data up, by tier (seed 004: hourly in prod, daily in uat, weekly in dev and staging). */
export const BACKUP_SCHEDULES: Readonly<Record<Tier, { readonly frequency: string; readonly expression: string }>> = {
  dev: { frequency: "weekly", expression: "cron(0 3 ? * SUN *)" },
  staging: { frequency: "weekly", expression: "cron(0 3 ? * SUN *)" },
  uat: { frequency: "daily", expression: "cron(0 3 * * ? *)" },
  prod: { frequency: "hourly", expression: "cron(0 * * * ? *)" },
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
  /** The vault in the DR region that prod's recovery points are copied to, by ARN (known from config). @default no copy */
  readonly drVaultArn?: string;
}

/** The AWS Backup service role of a plan: it reads and restores the data, so a bucket that admits only its app's role admits this one too. */
export const backupRoleName = (name: string) => `${name}-backup`;

/** The DR vault's name, `<project>-<app>-<env>-dr`, in the DR region. */
export const drVaultName = (name: string) => `${name}-dr`;

/** An app's backups in an environment of a tier; with DR, a copy of every recovery point goes to the DR region's vault. */
export function resolveBackup(name: string, tier: Tier, retentionDays: number, dr: ResolvedDisasterRecovery | undefined): ResolvedBackup {
  const drVaultArn = dr ? `arn:aws:backup:${dr.network.region}:${dr.network.account.id}:backup-vault:${drVaultName(name)}` : undefined;
  return { name, schedule: BACKUP_SCHEDULES[tier], retentionDays, ...(drVaultArn ? { drVaultArn } : {}) };
}
