import { bucketPolicyStatements, denialsOf } from "../support/bucket-policy";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;
const DR_BUCKET = "arn:aws:s3:::acme-web-prod-222222222222-eu-west-1-files";
const REPLICATION_ROLE = "arn:aws:iam::222222222222:role/acme-web-prod-files-replication";
const REPLICA_WRITES = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"];

/** prod's files, DR storage and backup stacks, standing by or failed over (`activeRegion: "dr"`). */
function prodStacks(failedOver: boolean) {
  const config = defaultConfigCopy();
  if (failedOver) config.environments.prod.activeRegion = "dr";
  const prod = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
  return { files: new SynthesizedStack(prod.files), storage: new SynthesizedStack(prod.dr!.storage), backup: new SynthesizedStack(prod.backup), monitoring: new SynthesizedStack(prod.monitoring) };
}

const standby = prodStacks(false);
const failedOver = prodStacks(true);

describe("app files replication watched (issue 20, item 5): RPO 15 minutes under Replication Time Control, alarmed", () => {
  // S3 User Guide, "Using S3 Replication metrics" and "Metrics and dimensions": AWS/S3, per SourceBucket, DestinationBucket and RuleId.
  const alarms = standby.files.resources("aws_cloudwatch_metric_alarm");
  const dimensions = { SourceBucket: "acme-web-prod-222222222222-files", DestinationBucket: "acme-web-prod-222222222222-eu-west-1-files", RuleId: "to-eu-west-1" };

  it("alarms when the DR bucket is more than RTC's 15 minutes behind, or any operation fails, in us-east-1 where S3 publishes the metrics, to prod's topic", () => {
    const source = standby.files.resource("aws_s3_bucket", "app-files/bucket").bucket;
    expect(source).toBe(dimensions.SourceBucket);
    const topic = "arn:aws:sns:us-east-1:222222222222:acme-web-prod-alarms";
    expect(standby.monitoring.resource("aws_sns_topic", "alarm-topic/topic").name).toBe("acme-web-prod-alarms");
    expect(standby.files.json.provider.aws.map((provider: { region: string }) => provider.region)).toEqual(["us-east-1"]);
    const common = { namespace: "AWS/S3", dimensions, period: 300, evaluation_periods: 1, comparison_operator: "GreaterThanThreshold", treat_missing_data: "notBreaching", alarm_actions: [topic], ok_actions: [topic] };
    expect(alarms.map((alarm) => alarm.alarm_name).sort()).toEqual(["acme-web-prod-files-replication-to-eu-west-1-failures", "acme-web-prod-files-replication-to-eu-west-1-latency"]);
    expect(alarms.find((alarm) => alarm.metric_name === "ReplicationLatency")).toMatchObject({ ...common, statistic: "Maximum", threshold: 900 });
    expect(alarms.find((alarm) => alarm.metric_name === "OperationsFailedReplication")).toMatchObject({ ...common, statistic: "Sum", threshold: 0 });
    // The rule id is the dimension's: the metrics exist only per rule.
    expect(standby.files.resources("aws_s3_bucket_replication_configuration")[0].rule.map((rule: { id: string }) => rule.id)).toEqual([dimensions.RuleId]);
  });

  it("names every alarm uniquely in its account and region, across every app stack (CloudWatch silently replaces an alarm of the same name)", () => {
    const { platform } = buildPlatform();
    const seen = new Map<string, string>();
    for (const [, stacks] of platform.deployments) {
      const all = [stacks.monitoring, stacks.database, stacks.files, stacks.service, stacks.backup, ...(stacks.dr ? [stacks.dr.database, stacks.dr.storage, stacks.dr.service, stacks.dr.monitoring, ...(stacks.dr.dns ? [stacks.dr.dns] : [])] : [])];
      for (const stack of all) {
        const synthesized = new SynthesizedStack(stack);
        const defaultRegion = synthesized.json.provider.aws.find((provider: { alias?: string }) => provider.alias === undefined)?.region;
        const account = synthesized.json.provider.aws[0].allowed_account_ids[0];
        for (const alarm of synthesized.resources("aws_cloudwatch_metric_alarm")) {
          const key = `${account}/${alarm.provider ? String(alarm.provider).replace("aws.", "") : defaultRegion}/${alarm.alarm_name}`;
          expect(seen.get(key) ?? stack.node.id).toBe(stack.node.id);
          seen.set(key, stack.node.id);
        }
      }
    }
    expect([...seen.keys()].filter((key) => key.includes("files-replication"))).toHaveLength(2);
  });

  it("has no replication alarms where the environment has no DR network", () => {
    const { platform } = buildPlatform();
    expect(new SynthesizedStack(platform.deployments.get("web-uat")!.files).resources("aws_cloudwatch_metric_alarm")).toEqual([]);
  });
});

describe("S3 fenced after a failover (issue 20, item 7): nothing of the old primary replicates over the DR bucket's new data", () => {
  const fences = (stack: SynthesizedStack) =>
    bucketPolicyStatements(stack, "app-files/policy").filter((statement) => statement.Effect === "Deny" && JSON.stringify(statement.Condition ?? {}).includes(REPLICATION_ROLE));

  it("standing by: the DR bucket admits replication, and the files stack replicates into it", () => {
    expect(fences(standby.storage)).toEqual([]);
    expect(standby.files.resources("aws_s3_bucket_replication_configuration")[0].rule[0].status).toBe("Enabled");
  });

  it("failed over: the DR bucket's policy (applied in eu-west-1 during the failover) denies the replication role every replica write", () => {
    expect(fences(failedOver.storage)).toEqual([
      { Sid: "FenceReplicationWhileFailedOver", Effect: "Deny", Principal: "*", Action: REPLICA_WRITES, Resource: `${DR_BUCKET}/*`, Condition: { ArnEquals: { "aws:PrincipalArn": REPLICATION_ROLE } } },
    ]);
    const statements = bucketPolicyStatements(failedOver.storage, "app-files/policy");
    for (const action of REPLICA_WRITES) expect(denialsOf(statements, action, `${DR_BUCKET}/*`).some((statement) => statement.Sid === "FenceReplicationWhileFailedOver")).toBe(true);
    // The role's own policy still allows these actions: a Deny in the bucket policy wins over it (same account).
    const allowed = JSON.parse(failedOver.files.resource("aws_iam_role_policy", "app-files-replication/policy").policy).Statement.find((s: { Sid: string }) => s.Sid === "WriteReplicas");
    expect(allowed.Action).toEqual(REPLICA_WRITES);
    // Nothing else of the DR bucket changes: its guard, lifecycle and tags stay.
    const without = (stack: SynthesizedStack) => bucketPolicyStatements(stack, "app-files/policy").filter((statement) => statement.Sid !== "FenceReplicationWhileFailedOver");
    expect(without(failedOver.storage)).toEqual(without(standby.storage));
    expect(failedOver.storage.resource("aws_s3_bucket", "app-files/bucket")).toEqual(standby.storage.resource("aws_s3_bucket", "app-files/bucket"));
  });

  it("failed over: the files stack (applied in us-east-1 when it returns) disables the rule and drops its alarms, changing nothing else of the replication", () => {
    const [before] = standby.files.resources("aws_s3_bucket_replication_configuration");
    const [after] = failedOver.files.resources("aws_s3_bucket_replication_configuration");
    expect(after.rule[0].status).toBe("Disabled");
    expect({ ...after, rule: [{ ...after.rule[0], status: "Enabled" }] }).toEqual(before);
    expect(failedOver.files.resources("aws_cloudwatch_metric_alarm")).toEqual([]);
    expect(failedOver.files.resources("aws_iam_role")).toEqual(standby.files.resources("aws_iam_role"));
  });

  it("keeps the DR storage stack free of IAM, Route 53 and us-east-1 in both states, so the failover can apply it with us-east-1 down", () => {
    for (const storage of [standby.storage, failedOver.storage]) {
      expect(storage.json.provider.aws.map((provider: { region: string }) => provider.region)).toEqual(["eu-west-1"]);
      expect(Object.keys(storage.json.resource).filter((type) => type.startsWith("aws_iam_") || type.startsWith("aws_route53"))).toEqual([]);
      expect(storage.json.data?.terraform_remote_state).toBeUndefined();
      expect(storage.json.terraform.backend.s3.region).toBe("eu-west-1");
      expect(storage.text).not.toContain("us-east-1");
    }
  });
});

describe("the DR region backed up (issue 20, item 6): a plan of eu-west-1 into the DR vault", () => {
  it("backs up what is tagged BackupPlan = acme-web-prod-dr there, on prod's schedule and retention, into the DR vault, with the backup role, copying nowhere", () => {
    for (const { backup } of [standby, failedOver]) {
      const drVault = backup.resource("aws_backup_vault", "backup/dr-vault");
      const plan = backup.resource("aws_backup_plan", "backup/dr-plan");
      expect(plan).toMatchObject({
        name: "acme-web-prod-dr",
        provider: "aws.eu-west-1",
        rule: [{ rule_name: "hourly", schedule: "cron(0 * * * ? *)", target_vault_name: ref("aws_backup_vault", drVault, "name"), lifecycle: { delete_after: 30 } }],
      });
      // AWS Backup Developer Guide ("Creating backup copies across AWS Regions"): an RDS plan copies across Regions or accounts, not both; the only other vault would need both.
      expect(plan.rule[0].copy_action).toBeUndefined();
      expect(backup.resource("aws_backup_selection", "backup/dr-selection")).toMatchObject({
        name: "acme-web-prod-dr",
        provider: "aws.eu-west-1",
        plan_id: ref("aws_backup_plan", plan),
        iam_role_arn: ref("aws_iam_role", backup.resource("aws_iam_role", "backup/role"), "arn"),
        resources: ["*"],
        condition: [{ string_equals: [{ key: "aws:ResourceTag/BackupPlan", value: "acme-web-prod-dr" }] }],
      });
      expect(backup.resources("aws_iam_role")).toHaveLength(1);
    }
  });

  it("selects the DR app files bucket, whose guard still admits AWS Backup's role to its objects and protection", () => {
    const bucket = standby.storage.resource("aws_s3_bucket", "app-files/bucket");
    expect(bucket.tags).toMatchObject({ BackupPlan: "acme-web-prod-dr", DataClass: "app-data" });
    const guard = Object.fromEntries(bucketPolicyStatements(standby.storage, "app-files/policy").map((statement) => [statement.Sid, statement]));
    const backupRole = "arn:aws:iam::222222222222:role/acme-web-prod-backup";
    expect(standby.backup.resource("aws_iam_role", "backup/role").name).toBe("acme-web-prod-backup");
    for (const sid of ["DenyObjectAccessButNamedRoles", "DenyProtectionChangesButNamedRoles"]) {
      expect((guard[sid].Condition!.ArnNotEquals as Record<string, string[]>)["aws:PrincipalArn"]).toContain(backupRole);
    }
  });

  it("exists only where the environment has a DR network", () => {
    const { platform } = buildPlatform();
    const uat = new SynthesizedStack(platform.deployments.get("web-uat")!.backup);
    expect(uat.resources("aws_backup_plan").map((plan) => plan.name)).toEqual(["acme-web-uat"]);
    expect(uat.resources("aws_backup_selection")).toHaveLength(1);
  });
});
