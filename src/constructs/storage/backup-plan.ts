import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { ResolvedBackup } from "../../config/dr/backup";
import { BACKUP_PLAN_TAG, backupRoleName } from "../../config/dr/backup";
import { EncryptionKey } from "../security/kms-key";
import { serviceTrustPolicy } from "../security/policy-document";

/** Properties of a {@link DataBackup}. */
export interface DataBackupProps {
  /** The account. */
  readonly accountId: string;
  /** The plan's settings. */
  readonly backup: ResolvedBackup;
}

/** AWS's policies for the AWS Backup service role: back up and restore RDS, and S3 (which needs its own pair). */
const BACKUP_ROLE_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
];

/**
 * AWS Backup of an app's data in one environment (seed 004's schedule per
 * tier): a vault encrypted with its own rotating key, a plan that backs up on
 * the tier's schedule and keeps each recovery point for the environment's
 * retention (and, with DR, copies it to the DR region's vault for as long),
 * and a selection of every resource tagged `BackupPlan = <name>`: the
 * database and the app files bucket carry that tag.
 */
export class DataBackup extends Construct {
  constructor(scope: Construct, id: string, props: DataBackupProps) {
    super(scope, id);
    const { backup } = props;
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${backup.name}-backup`,
      description: `Encrypts the backup vault ${backup.name}`,
      accountId: props.accountId,
    });
    const vault = new BackupVault(this, "vault", { name: backup.name, kmsKeyArn: key.arn, forceDestroy: false });
    const role = new IamRole(this, "role", {
      name: backupRoleName(backup.name),
      description: `AWS Backup backs up and restores the data of ${backup.name}`,
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com", props.accountId),
    });
    BACKUP_ROLE_POLICIES.forEach((policyArn, index) => new IamRolePolicyAttachment(this, `policy-${index}`, { role: role.name, policyArn }));

    const lifecycle = { deleteAfter: backup.retentionDays };
    const plan = new BackupPlan(this, "plan", {
      name: backup.name,
      rule: [
        {
          ruleName: backup.schedule.frequency,
          targetVaultName: vault.name,
          schedule: backup.schedule.expression,
          lifecycle,
          ...(backup.drVaultArn ? { copyAction: [{ destinationVaultArn: backup.drVaultArn, lifecycle }] } : {}),
        },
      ],
    });
    new BackupSelection(this, "selection", {
      name: backup.name,
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: ["*"],
      condition: [{ stringEquals: [{ key: `aws:ResourceTag/${BACKUP_PLAN_TAG}`, value: backup.name }] }],
    });
  }
}
