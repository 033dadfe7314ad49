import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { keyMustNameMessage, mustNameMessage } from "../shared/references";
import { DEFAULT_AUDIT_RETENTION_DAYS } from "./resolve";
import { BACKUP_VAULT_ARN } from "./schema";

/**
 * Rules of what no pipeline may touch: the log archive is a configured account, no log file is
 * locked longer than it is kept, and a backup copy goes to a vault of another account in the
 * environment's region.
 */
export function protectionIssues(config: PlatformConfig): ConfigIssue[] {
  const { audit, backupCopyVaults } = config.delivery;
  const issues: ConfigIssue[] = [];
  if (audit?.archiveAccount !== undefined && !config.accounts[audit.archiveAccount]) {
    issues.push({ path: "delivery.audit.archiveAccount", value: audit.archiveAccount, message: mustNameMessage("an account", audit.archiveAccount, Object.keys(config.accounts)) });
  }
  const retentionDays = config.delivery.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  if (audit?.objectLockDays !== undefined && audit.objectLockDays > retentionDays) {
    issues.push({
      path: "delivery.audit.objectLockDays",
      value: audit.objectLockDays,
      message: `must be at most the audit retention of ${retentionDays} days (delivery.auditRetentionDays): the lifecycle cannot expire a log file that is still locked`,
    });
  }
  for (const [env, vaultArn] of Object.entries(backupCopyVaults ?? {})) {
    const path = `delivery.backupCopyVaults.${env}`;
    const environment = config.environments[env];
    if (!environment) {
      issues.push({ path, value: vaultArn, message: keyMustNameMessage("an environment", env, Object.keys(config.environments)) });
      continue;
    }
    const network = config.networks[environment.network];
    const account = network && config.accounts[network.account];
    const [, region, accountId] = BACKUP_VAULT_ARN.exec(vaultArn) ?? [];
    if (account && accountId === account.id) {
      issues.push({ path, value: vaultArn, message: `must be a vault of another account than the environment's (${network.account}, ${account.id}): a copy in the same account falls with it` });
    }
    if (network && region !== network.region) {
      issues.push({
        path,
        value: vaultArn,
        message: `must be in the environment's region ${network.region}: AWS Backup cannot copy an RDS or Aurora snapshot across accounts and regions in one copy action`,
      });
    }
  }
  return issues;
}
