import { buildPlatform, SynthesizedStack } from "../support/synth";

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

  it("copies prod's recovery points to the DR region's vault, kept as long, and nothing else's", () => {
    const [rule] = backup("prod").resource("aws_backup_plan", "backup/plan").rule;
    expect(rule.copy_action).toEqual([{ destination_vault_arn: "arn:aws:backup:eu-west-1:222222222222:backup-vault:acme-web-prod-dr", lifecycle: { delete_after: 30 } }]);
    expect(backup("uat").resource("aws_backup_plan", "backup/plan").rule[0].copy_action).toBeUndefined();
    const drDatabase = new SynthesizedStack(platform.deployments.get("web-prod")!.dr!.database);
    expect(drDatabase.resource("aws_backup_vault", "backup-vault")).toMatchObject({
      name: "acme-web-prod-dr",
      kms_key_arn: ref("aws_kms_key", drDatabase.resource("aws_kms_key", "key/key"), "arn"),
    });
    expect(platform.deployments.get("web-prod")!.backup.dependencies.map((stack) => stack.node.id)).toEqual(["web-prod-database", "web-prod-service", "web-prod-dr-database"]);
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
    const service = new SynthesizedStack(platform.deployments.get("web-prod")!.service);
    expect(service.resource("aws_s3_bucket", "app-files/bucket").tags).toMatchObject({ BackupPlan: "acme-web-prod" });
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
