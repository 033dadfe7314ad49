import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedBackup, VaultLockSettings } from "../../config/dr/backup";
import { BACKUP_PLAN_TAG, backupRoleName, drVaultName } from "../../config/dr/backup";
import { EncryptionKey, KEY_METADATA_ACTIONS } from "../security/kms-key";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";

/** Properties of a {@link DataBackup}. */
export interface DataBackupProps {
  /** The account. */
  readonly accountId: string;
  /** The plan's settings. */
  readonly backup: ResolvedBackup;
  /** The principals (matched as `aws:PrincipalArn`) that alone may delete or loosen a vault, its recovery points and its key. */
  readonly administratorArns: readonly string[];
  /**
   * The DR region's vault (`<name>-dr`) that each recovery point is copied to: the provider of that
   * region and the key it is encrypted with (the DR database's key, which it was created with).
   * The stack gives it where `backup.drVaultArn` is set; with `backup.drPlanName`, a plan of that
   * region backs up into it too. @default no DR vault
   */
  readonly drVault?: { readonly provider: TerraformProvider; readonly kmsKeyArn: string };
  /** A vault of a separate backup account (its ARN) that each recovery point is also copied to. @default no such copy */
  readonly copyVaultArn?: string;
}

/** AWS's policies for the AWS Backup service role: back up and restore RDS, and S3 (which needs its own pair). */
const BACKUP_ROLE_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
];

/** What the account's IAM policies may do with a vault key (AWS Backup's role encrypts and decrypts through them): use it and read its metadata, never administer it. */
const VAULT_KEY_USE = [...KEY_METADATA_ACTIONS, "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:RetireGrant"];

/**
 * What only an administrator may do to a vault: delete or shorten a recovery point, let it go,
 * change or remove the vault's access policy or lock, or delete the vault. (A vault access policy
 * takes no wildcard in an action, AWS Backup Developer Guide, "Vault access policies".)
 */
export const VAULT_ADMINISTRATION_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DisassociateRecoveryPoint",
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:PutBackupVaultLockConfiguration",
  "backup:DeleteBackupVaultLockConfiguration",
  "backup:DeleteBackupVault",
] as const;

/** A vault's access policy: no one but the administrators deletes or loosens (AWS Config's backup-recovery-point-manual-deletion-disabled shape: Principal and Resource wildcards). */
export function vaultPolicyStatements(administratorArns: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: "OnlyAdministratorsDeleteOrLoosen",
      Effect: "Deny",
      Principal: "*",
      Action: [...VAULT_ADMINISTRATION_ACTIONS],
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [...administratorArns] } },
    },
  ];
}

/** A vault with its access policy and its lock (compliance: `changeable_for_days` set; governance: not). */
function lockedVault(scope: Construct, id: string, name: string, kmsKeyArn: string, lock: VaultLockSettings, administratorArns: readonly string[], provider?: TerraformProvider): BackupVault {
  const vault = new BackupVault(scope, id, { name, kmsKeyArn, forceDestroy: false, provider });
  new BackupVaultPolicy(scope, `${id}-policy`, { backupVaultName: vault.name, policy: policyDocument(vaultPolicyStatements(administratorArns)), provider });
  new BackupVaultLockConfiguration(scope, `${id}-lock`, {
    backupVaultName: vault.name,
    minRetentionDays: lock.minRetentionDays,
    maxRetentionDays: lock.maxRetentionDays,
    changeableForDays: lock.mode === "compliance" ? lock.changeableForDays : undefined,
    provider,
  });
  return vault;
}

/** A plan's selection of every resource tagged `BackupPlan = <name>`, backed up by AWS Backup's role (IAM: one role serves every region). */
function selectionByTag(scope: Construct, id: string, name: string, plan: BackupPlan, role: IamRole, provider?: TerraformProvider): BackupSelection {
  return new BackupSelection(scope, id, {
    name,
    planId: plan.id,
    iamRoleArn: role.arn,
    resources: ["*"],
    condition: [{ stringEquals: [{ key: `aws:ResourceTag/${BACKUP_PLAN_TAG}`, value: name }] }],
    provider,
  });
}

/**
 * AWS Backup of an app's data in one environment (seed 004's schedule per
 * tier), out of any pipeline's reach: a vault encrypted with its own rotating
 * key (administered by the named administrators only), whose access policy
 * lets no one else delete a recovery point, shorten it, or loosen the vault,
 * and whose Vault Lock (compliance in prod, governance elsewhere) holds each
 * recovery point for the tier's minimum; a plan that backs up on the tier's
 * schedule and keeps each recovery point for the environment's retention and,
 * with DR, copies it to the DR region's vault (locked alike) and, where
 * configured, to a vault of a separate backup account; and a selection of
 * every resource tagged `BackupPlan = <name>`: the database and the app files
 * bucket carry that tag. With the DR vault, a plan of the DR region too
 * (`backup.drPlanName`, same schedule and retention, into the DR vault) that
 * selects what is tagged with its name there: the DR app files bucket, and
 * the DR database once promoted.
 */
export class DataBackup extends Construct {
  constructor(scope: Construct, id: string, props: DataBackupProps) {
    super(scope, id);
    const { backup, administratorArns } = props;
    const copyAccountId = props.copyVaultArn?.split(":")[4];
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${backup.name}-backup`,
      description: `Encrypts the backup vault ${backup.name}`,
      accountId: props.accountId,
      administrators: { principalArns: administratorArns, iamMayUse: VAULT_KEY_USE },
      // A cross-account copy needs the source's key shared with the destination account (AWS Backup Developer Guide, "Creating backup copies across AWS accounts").
      serviceStatements: copyAccountId
        ? [
            { Sid: "BackupAccountReadsRecoveryPoints", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${copyAccountId}:root` }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
            {
              Sid: "BackupAccountGrantsAwsBackup",
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${copyAccountId}:root` },
              Action: "kms:CreateGrant",
              Resource: "*",
              Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
          ]
        : [],
    });
    const vault = lockedVault(this, "vault", backup.name, key.arn, backup.vaultLock, administratorArns);
    const drVault = props.drVault ? lockedVault(this, "dr-vault", drVaultName(backup.name), props.drVault.kmsKeyArn, backup.vaultLock, administratorArns, props.drVault.provider) : undefined;
    const role = new IamRole(this, "role", {
      name: backupRoleName(backup.name),
      description: `AWS Backup backs up and restores the data of ${backup.name}`,
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com", props.accountId),
    });
    BACKUP_ROLE_POLICIES.forEach((policyArn, index) => new IamRolePolicyAttachment(this, `policy-${index}`, { role: role.name, policyArn }));

    const lifecycle = { deleteAfter: backup.retentionDays };
    const copies = [...(drVault ? [drVault.arn] : []), ...(props.copyVaultArn ? [props.copyVaultArn] : [])];
    const plan = new BackupPlan(this, "plan", {
      name: backup.name,
      rule: [
        {
          ruleName: backup.schedule.frequency,
          targetVaultName: vault.name,
          schedule: backup.schedule.expression,
          lifecycle,
          ...(copies.length > 0 ? { copyAction: copies.map((destinationVaultArn) => ({ destinationVaultArn, lifecycle })) } : {}),
        },
      ],
    });
    selectionByTag(this, "selection", backup.name, plan, role);
    if (drVault && props.drVault && backup.drPlanName) {
      // The DR region's own plan, into the DR vault: the DR files bucket, and the promoted DR database once tagged. It copies
      // nowhere: the only other vault, the backup account's (in the primary region), would be a copy across Regions and
      // accounts at once, which AWS Backup does not make for RDS (Developer Guide, "Creating backup copies across AWS Regions").
      const provider = props.drVault.provider;
      const drPlan = new BackupPlan(this, "dr-plan", {
        name: backup.drPlanName,
        rule: [{ ruleName: backup.schedule.frequency, targetVaultName: drVault.name, schedule: backup.schedule.expression, lifecycle }],
        provider,
      });
      selectionByTag(this, "dr-selection", backup.drPlanName, drPlan, role, provider);
    }
  }
}
