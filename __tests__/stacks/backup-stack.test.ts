import { issuesOf } from "../support/config-issues";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;
const { platform } = buildPlatform();
const backup = (env: string) => new SynthesizedStack(platform.deployments.get(`web-${env}`)!.backup);

describe("<app>-<env>-backup stacks: AWS Backup on seed 004's schedule", () => {
  it.each([
    ["dev", "weekly", "cron(0 3 ? * SUN *)", 7],
    ["staging", "weekly", "cron(0 3 ? * SUN *)", 14],
    ["uat", "daily", "cron(0 3 * * ? *)", 14],
    ["prod", "hourly", "cron(0 * * * ? *)", 30],
  ])("backs %s up %s (%s) and keeps each recovery point %i days", (env, frequency, schedule, days) => {
    const stack = backup(env);
    const vault = stack.resource("aws_backup_vault", "backup/vault");
    const [rule] = stack.resource("aws_backup_plan", "backup/plan").rule;
    expect(rule).toMatchObject({ rule_name: frequency, schedule, lifecycle: { delete_after: days }, target_vault_name: ref("aws_backup_vault", vault, "name") });
    expect(vault).toMatchObject({ name: `acme-web-${env}`, kms_key_arn: ref("aws_kms_key", stack.resource("aws_kms_key", "backup/key/key"), "arn"), force_destroy: false });
  });

  it("copies prod's recovery points to the DR region's vault, kept here with the DR database's key, and nothing else's", () => {
    const prod = backup("prod");
    const drVault = prod.resource("aws_backup_vault", "backup/dr-vault");
    // The physical name and key stay: the vault moved out of the pipeline's web-prod-dr-database stack, by import.
    expect(drVault).toMatchObject({ name: "acme-web-prod-dr", provider: "aws.eu-west-1", force_destroy: false });
    const drDatabaseStack = platform.deployments.get("web-prod")!.dr!.database;
    const drDatabase = new SynthesizedStack(drDatabaseStack);
    expect(drVault.kms_key_arn).toBe(ref("aws_kms_key", drDatabase.resource("aws_kms_key", "key/key"), "arn"));
    expect(drDatabase.resources("aws_backup_vault")).toEqual([]);
    const [rule] = prod.resource("aws_backup_plan", "backup/plan").rule;
    expect(rule.copy_action).toEqual([{ destination_vault_arn: ref("aws_backup_vault", drVault, "arn"), lifecycle: { delete_after: 30 } }]);
    expect(backup("uat").resource("aws_backup_plan", "backup/plan").rule[0].copy_action).toBeUndefined();
    expect(backup("uat").resources("aws_backup_vault")).toHaveLength(1);
    expect(platform.deployments.get("web-prod")!.backup.dependencies.map((stack) => stack.node.id)).toEqual(["web-prod-database", "web-prod-files", "web-prod-service", "web-prod-dr-database"]);
  });

  it("is applied by an administrator, so no deploy role needs backup:*: its role carries no workload boundary", () => {
    for (const env of ["dev", "prod"]) {
      const stack = platform.deployments.get(`web-${env}`)!.backup;
      expect(stack.deployedBy).toBe("administrator");
      expect(new SynthesizedStack(stack).resource("aws_iam_role", "backup/role").permissions_boundary).toBeUndefined();
    }
  });

  it.each([
    ["dev", "governance", 7, undefined],
    ["staging", "governance", 14, undefined],
    ["uat", "governance", 14, undefined],
    ["prod", "compliance (immutable after a 3-day grace)", 30, 3],
  ])("locks %s's vaults in %s mode, keeping each recovery point at least %i days", (env, _mode, minimum, grace) => {
    const stack = backup(env);
    const vaults = [stack.resource("aws_backup_vault", "backup/vault"), ...(env === "prod" ? [stack.resource("aws_backup_vault", "backup/dr-vault")] : [])];
    const locks = stack.resources("aws_backup_vault_lock_configuration");
    expect(locks.map((lock) => lock.backup_vault_name).sort()).toEqual(vaults.map((vault) => ref("aws_backup_vault", vault, "name")).sort());
    for (const lock of locks) {
      expect(lock).toMatchObject({ min_retention_days: minimum, max_retention_days: 35 });
      expect(lock.changeable_for_days).toBe(grace);
    }
  });

  it("denies every principal but the admin role deleting, shortening or releasing a recovery point, or loosening a vault", () => {
    const stack = backup("prod");
    const policies = stack.resources("aws_backup_vault_policy");
    expect(policies.map((policy) => policy.backup_vault_name).sort()).toEqual(
      [stack.resource("aws_backup_vault", "backup/vault"), stack.resource("aws_backup_vault", "backup/dr-vault")].map((vault) => ref("aws_backup_vault", vault, "name")).sort(),
    );
    for (const policy of policies) {
      expect(JSON.parse(policy.policy).Statement).toEqual([
        {
          Sid: "OnlyAdministratorsDeleteOrLoosen",
          Effect: "Deny",
          Principal: "*",
          Action: [
            "backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle",
            "backup:DisassociateRecoveryPoint",
            "backup:PutBackupVaultAccessPolicy",
            "backup:DeleteBackupVaultAccessPolicy",
            "backup:PutBackupVaultLockConfiguration",
            "backup:DeleteBackupVaultLockConfiguration",
            "backup:DeleteBackupVault",
          ],
          Resource: "*",
          Condition: { ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/acme-admin"] } },
        },
      ]);
    }
    const key = JSON.parse(stack.resource("aws_kms_key", "backup/key/key").policy).Statement;
    expect(key.find((statement: any) => statement.Sid === "NamedAdministratorsAdministerTheKey").Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/acme-admin"] } });
    expect(key.find((statement: any) => statement.Sid === "AccountUsesTheKeyThroughIam").Action).not.toContain("kms:ScheduleKeyDeletion");
  });

  it("also copies each recovery point to a separate backup account's vault where configured, sharing the vault key and the database's key with that account", () => {
    const vaultArn = "arn:aws:backup:us-east-1:555555555555:backup-vault:acme-copies";
    const config = defaultConfigCopy();
    config.delivery = { ...config.delivery, backupCopyVaults: { prod: vaultArn } };
    const prod = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
    const stack = new SynthesizedStack(prod.backup);
    const [rule] = stack.resource("aws_backup_plan", "backup/plan").rule;
    expect(rule.copy_action.map((copy: any) => copy.destination_vault_arn)).toEqual([ref("aws_backup_vault", stack.resource("aws_backup_vault", "backup/dr-vault"), "arn"), vaultArn]);
    const key = JSON.parse(stack.resource("aws_kms_key", "backup/key/key").policy).Statement;
    expect(key.find((statement: any) => statement.Sid === "BackupAccountGrantsAwsBackup")).toMatchObject({
      Principal: { AWS: "arn:aws:iam::555555555555:root" },
      Action: "kms:CreateGrant",
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    });
    // An RDS snapshot stays encrypted with the database's key: the backup account must use it to copy it (Amazon RDS User Guide, Sharing encrypted snapshots).
    const databaseKey = JSON.parse(new SynthesizedStack(prod.database).resource("aws_kms_key", "key/key").policy).Statement;
    expect(databaseKey.find((statement: any) => statement.Sid === "BackupAccountCopiesSnapshots")).toMatchObject({ Principal: { AWS: "arn:aws:iam::555555555555:root" }, Action: ["kms:Decrypt", "kms:DescribeKey"] });
    expect(databaseKey.find((statement: any) => statement.Sid === "BackupAccountGrantsToAwsServices").Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": true } });
    const devDatabaseKey = JSON.parse(new SynthesizedStack(buildPlatform(runOf(config)).platform.deployments.get("web-dev")!.database).resource("aws_kms_key", "key/key").policy).Statement;
    expect(devDatabaseKey.map((statement: any) => statement.Sid)).not.toContain("BackupAccountCopiesSnapshots");
    expect(backup("dev").resource("aws_backup_plan", "backup/plan").rule[0].copy_action).toBeUndefined();
  });

  it("refuses a copy vault in the environment's own account or another region, of an unknown environment, or not a vault", () => {
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, backupCopyVaults: { prod: "arn:aws:backup:eu-west-1:222222222222:backup-vault:copies" } }))).toEqual([
      '  - delivery.backupCopyVaults.prod = "arn:aws:backup:eu-west-1:222222222222:backup-vault:copies": must be a vault of another account than the environment\'s (prod, 222222222222): a copy in the same account falls with it',
      '  - delivery.backupCopyVaults.prod = "arn:aws:backup:eu-west-1:222222222222:backup-vault:copies": must be in the environment\'s region us-east-1: AWS Backup cannot copy an RDS or Aurora snapshot across accounts and regions in one copy action',
    ]);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, backupCopyVaults: { qa: "arn:aws:backup:us-east-1:555555555555:backup-vault:copies" } }))).toEqual([
      '  - delivery.backupCopyVaults.qa = "arn:aws:backup:us-east-1:555555555555:backup-vault:copies": the key must name an environment, one of: dev, staging, uat, prod',
    ]);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, backupCopyVaults: { prod: "arn:aws:s3:::copies" } }))).toEqual([
      '  - delivery.backupCopyVaults.prod = "arn:aws:s3:::copies": must be a backup vault ARN, arn:aws:backup:<region>:<account id>:backup-vault:<name>',
    ]);
  });

  it("lowers the lock's minimum to a waived shorter retention, so backups kept that long are not refused", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.prod.database = { backupRetentionDays: 14 };
    config.environments.prod.waivers = { backupRetention: "a two-week restore window is enough for this app" };
    const stack = new SynthesizedStack(buildPlatform(runOf(config)).platform.deployments.get("web-prod")!.backup);
    expect(stack.resource("aws_backup_vault_lock_configuration", "backup/vault-lock")).toMatchObject({ min_retention_days: 14, max_retention_days: 35, changeable_for_days: 3 });
    expect(stack.resource("aws_backup_plan", "backup/plan").rule[0].lifecycle).toEqual({ delete_after: 14 });
  });

  it("selects what carries its BackupPlan tag: the database and the app files bucket, and nothing of another app or environment", () => {
    const stack = backup("prod");
    const selection = stack.resource("aws_backup_selection", "backup/selection");
    expect(selection).toMatchObject({
      resources: ["*"],
      condition: [{ string_equals: [{ key: "aws:ResourceTag/BackupPlan", value: "acme-web-prod" }] }],
      iam_role_arn: ref("aws_iam_role", stack.resource("aws_iam_role", "backup/role"), "arn"),
    });
    const database = new SynthesizedStack(platform.deployments.get("web-prod")!.database);
    expect(database.resource("aws_db_instance", "rds/primary").tags).toMatchObject({ BackupPlan: "acme-web-prod" });
    expect(database.resource("aws_db_instance", "rds/replica").tags?.BackupPlan).toBeUndefined();
    const files = new SynthesizedStack(platform.deployments.get("web-prod")!.files);
    expect(files.resource("aws_s3_bucket", "app-files/bucket").tags).toMatchObject({ BackupPlan: "acme-web-prod" });
  });

  it("runs as a role only AWS Backup, for this account, may assume, with AWS's backup and restore policies for RDS and S3", () => {
    const stack = backup("prod");
    const role = stack.resource("aws_iam_role", "backup/role");
    expect(role.name).toBe("acme-web-prod-backup");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } },
    ]);
    expect(stack.resources("aws_iam_role_policy_attachment").map((attachment) => attachment.policy_arn)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
      "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
    ]);
  });
});
