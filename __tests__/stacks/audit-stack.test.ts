import { parseConfig } from "../../src/config/platform/load";
import { configWarnings } from "../../src/config/platform/warnings";
import { issuesOf } from "../support/config-issues";
import { buildPlatform, SynthesizedResource, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const policy = (resource: SynthesizedResource) => JSON.parse(resource.policy);
const statements = (resource: SynthesizedResource): Record<string, any> => Object.fromEntries(policy(resource).Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));
const PROD_ADMIN = "arn:aws:iam::222222222222:role/acme-admin";
const BUCKET = "arn:aws:s3:::acme-222222222222-us-east-1-audit";
const TRAIL = "arn:aws:cloudtrail:us-east-1:222222222222:trail/acme-audit";

describe("audit-<account>: a trail no pipeline can blind or erase (issue 19, finding 1)", () => {
  const { platform } = buildPlatform();
  const stack = platform.audits.get("prod")!;
  const audit = new SynthesizedStack(stack);
  const key = audit.resource("aws_kms_key", "trail/key/key");
  const bucketPolicy = statements(audit.resource("aws_s3_bucket_policy", "trail/bucket/policy"));

  it("is applied by an administrator: no workload boundary on its role, and the lockout safety check left on", () => {
    expect(stack.deployedBy).toBe("administrator");
    expect(audit.resource("aws_iam_role", "trail/logs-role").permissions_boundary).toBeUndefined();
    expect(key.bypass_policy_lockout_safety_check).toBeUndefined();
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("names the admin role as the key's only administrator: the account's IAM policies may only read its metadata, not decrypt", () => {
    const key_ = statements(key);
    expect(key_.NamedAdministratorsAdministerTheKey).toEqual({
      Sid: "NamedAdministratorsAdministerTheKey",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::222222222222:root" },
      Action: "kms:*",
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": [PROD_ADMIN] } },
    });
    expect(key_.NoOneElseAdministersTheKey).toMatchObject({ Effect: "Deny", Principal: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": [PROD_ADMIN] } } });
    expect(key_.NoOneElseAdministersTheKey.Action).toEqual(expect.arrayContaining(["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation"]));
    expect(key_.AccountUsesTheKeyThroughIam.Action).toEqual(["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"]);
    // No statement gives the account, or anyone, kms:* without naming who.
    const unconditionalAll = policy(key).Statement.filter((statement: any) => statement.Effect === "Allow" && statement.Action === "kms:*" && statement.Condition === undefined);
    expect(unconditionalAll).toEqual([]);
  });

  it("lets only the trail write objects, and only the administrators delete, re-policy, unlock or drop the bucket", () => {
    expect(bucketPolicy.OnlyTheTrailsWriteObjects).toEqual({
      Sid: "OnlyTheTrailsWriteObjects",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${BUCKET}/*`,
      Condition: { ArnNotEquals: { "aws:SourceArn": [TRAIL] } },
    });
    expect(bucketPolicy.OnlyAdministratorsDeleteOrLoosen).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [PROD_ADMIN] } },
    });
    expect(bucketPolicy.OnlyAdministratorsDeleteOrLoosen.Action).toEqual(
      expect.arrayContaining([
        "s3:DeleteObject*",
        "s3:PutLifecycleConfiguration",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:PutBucketVersioning",
        "s3:PutBucketObjectLockConfiguration",
        "s3:PutObjectRetention",
        "s3:PutObjectLegalHold",
        "s3:BypassGovernanceRetention",
        "s3:DeleteBucket",
      ]),
    );
    expect(bucketPolicy.CloudTrailWritesTheLogsOf222222222222).toMatchObject({
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Resource: `${BUCKET}/AWSLogs/222222222222/*`,
      Condition: { StringEquals: { "aws:SourceArn": TRAIL, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
  });

  it("locks every log file a year in compliance mode, on the existing bucket (no replacement), within the retention", () => {
    const lock = audit.resource("aws_s3_bucket_object_lock_configuration", "trail/object-lock");
    expect(lock).toMatchObject({ object_lock_enabled: "Enabled", rule: { default_retention: { mode: "COMPLIANCE", days: 365 } } });
    expect(lock.depends_on).toEqual([expect.stringContaining("aws_s3_bucket_versioning.trail_bucket_versioning")]);
    // object_lock_enabled on aws_s3_bucket forces a new bucket: it stays unset.
    expect(audit.resource("aws_s3_bucket", "trail/bucket/bucket").object_lock_enabled).toBeUndefined();
    expect(JSON.stringify(audit.resource("aws_s3_bucket_lifecycle_configuration", "trail/bucket/lifecycle"))).toContain('"days":365');
  });

  it("records management events, the state and app files objects, reads of its own bucket, and Lambda invocations", () => {
    const trail = audit.resource("aws_cloudtrail", "trail/trail");
    expect(trail.event_selector).toBeUndefined();
    const selectors = Object.fromEntries(trail.advanced_event_selector.map((selector: any) => [selector.name, selector.field_selector]));
    expect(Object.keys(selectors)).toEqual(["Management events", "State and app files objects", "Audit bucket reads", "Lambda invocations"]);
    expect(selectors["Management events"]).toEqual([{ field: "eventCategory", equals: ["Management"] }]);
    expect(selectors["State and app files objects"]).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      {
        field: "resources.ARN",
        starts_with: [
          "arn:aws:s3:::acme-222222222222-us-east-1-tfstate/",
          "arn:aws:s3:::acme-222222222222-eu-west-1-tfstate/",
          "arn:aws:s3:::acme-web-prod-222222222222-files/",
          "arn:aws:s3:::acme-web-prod-222222222222-eu-west-1-files/",
        ],
      },
    ]);
    // Writes to the bucket the trail delivers to would record each delivery, without end: reads only.
    expect(selectors["Audit bucket reads"]).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "readOnly", equals: ["true"] },
      { field: "resources.ARN", starts_with: [`${BUCKET}/`] },
    ]);
    expect(selectors["Lambda invocations"]).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::Lambda::Function"] },
    ]);
    const nonprod = new SynthesizedStack(platform.audits.get("nonprod")!).resource("aws_cloudtrail", "trail/trail");
    expect(nonprod.advanced_event_selector[1].field_selector[2].starts_with).toEqual([
      "arn:aws:s3:::acme-111111111111-us-east-1-tfstate/",
      "arn:aws:s3:::acme-web-dev-111111111111-files/",
      "arn:aws:s3:::acme-web-staging-111111111111-files/",
      "arn:aws:s3:::acme-web-uat-111111111111-files/",
    ]);
  });

  it("names configured administrator roles instead, and the root user alone (with a warning) when no one is configured", () => {
    const named = defaultConfigCopy();
    named.delivery = { ...named.delivery, administratorRoles: ["break-glass", "security-admin"] };
    const namedKey = statements(new SynthesizedStack(buildPlatform(runOf(named)).platform.audits.get("nonprod")!).resource("aws_kms_key", "trail/key/key"));
    expect(namedKey.NamedAdministratorsAdministerTheKey.Condition).toEqual({
      ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/break-glass", "arn:aws:iam::111111111111:role/security-admin"] },
    });
    const nobody = defaultConfigCopy();
    delete nobody.delivery!.humans;
    const rootAudit = new SynthesizedStack(buildPlatform(runOf(nobody)).platform.audits.get("prod")!);
    expect(statements(rootAudit.resource("aws_s3_bucket_policy", "trail/bucket/policy")).OnlyAdministratorsDeleteOrLoosen.Condition).toEqual({
      ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:root"] },
    });
    expect(configWarnings(parseConfig(nobody, "test"))).toEqual([
      "delivery.humans: not configured, nor delivery.administratorRoles: each account's root user alone administers the audit trail's key and bucket and the backup vaults",
    ]);
  });

  it("takes the lock's days from config, never longer than the logs are kept", () => {
    const config = defaultConfigCopy();
    config.delivery = { ...config.delivery, auditRetentionDays: 400, audit: { objectLockDays: 400 } };
    const lock = new SynthesizedStack(buildPlatform(runOf(config)).platform.audits.get("prod")!).resource("aws_s3_bucket_object_lock_configuration", "trail/object-lock");
    expect(lock.rule.default_retention.days).toBe(400);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, audit: { objectLockDays: 366 } }))).toEqual([
      '  - delivery.audit.objectLockDays = 366: must be at most the audit retention of 365 days (delivery.auditRetentionDays): the lifecycle cannot expire a log file that is still locked',
    ]);
    // A shorter retention shortens the default lock with it.
    config.delivery = { ...config.delivery, auditRetentionDays: 180, audit: {} };
    const shorter = new SynthesizedStack(buildPlatform(runOf(config)).platform.audits.get("prod")!).resource("aws_s3_bucket_object_lock_configuration", "trail/object-lock");
    expect(shorter.rule.default_retention.days).toBe(180);
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, administratorRoles: ["role/with/path"] }))).toEqual([
      '  - delivery.administratorRoles[0] = "role/with/path": must be an IAM role name (1-64 of letters, digits and +=,.@_-)',
    ]);
  });
});

describe("audit-<account> with a log-archive account: every trail delivers to the archive's locked bucket", () => {
  const config = defaultConfigCopy();
  config.accounts.logs = { id: "444444444444", region: "us-east-1" };
  config.delivery = { ...config.delivery, audit: { archiveAccount: "logs" } };
  const { platform } = buildPlatform(runOf(config));
  const archive = new SynthesizedStack(platform.audits.get("logs")!);
  const prod = new SynthesizedStack(platform.audits.get("prod")!);

  it("keeps the bucket in the archive, admitting each account's trail by its ARN into its own prefix", () => {
    const archiveBucket = "arn:aws:s3:::acme-444444444444-us-east-1-audit";
    const bucketPolicy = statements(archive.resource("aws_s3_bucket_policy", "trail/bucket/policy"));
    const trails = ["111111111111", "222222222222", "444444444444"].map((id) => `arn:aws:cloudtrail:us-east-1:${id}:trail/acme-audit`);
    expect(bucketPolicy.CloudTrailChecksTheAcl.Condition).toEqual({ StringEquals: { "aws:SourceArn": trails } });
    expect(bucketPolicy.CloudTrailWritesTheLogsOf111111111111).toMatchObject({
      Resource: `${archiveBucket}/AWSLogs/111111111111/*`,
      Condition: { StringEquals: { "aws:SourceArn": trails[0] } },
    });
    expect(bucketPolicy.OnlyTheTrailsWriteObjects.Condition).toEqual({ ArnNotEquals: { "aws:SourceArn": trails } });
    expect(bucketPolicy.OnlyAdministratorsDeleteOrLoosen.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::444444444444:role/acme-admin"] } });
    expect(statements(archive.resource("aws_kms_key", "trail/key/key")).CloudTrailEncryptsTheTrailsLogs.Condition.StringEquals).toEqual({ "aws:SourceArn": trails });
    expect(archive.resource("aws_s3_bucket_object_lock_configuration", "trail/object-lock").rule.default_retention).toEqual({ mode: "COMPLIANCE", days: 365 });
  });

  it("points the other accounts' trails at it, with its key by alias, keeping no bucket of their own, after the archive", () => {
    expect(prod.resource("aws_cloudtrail", "trail/trail")).toMatchObject({
      s3_bucket_name: "acme-444444444444-us-east-1-audit",
      kms_key_id: "arn:aws:kms:us-east-1:444444444444:alias/acme-audit",
    });
    expect(prod.resources("aws_s3_bucket")).toEqual([]);
    expect(prod.resource("aws_cloudtrail", "trail/trail").advanced_event_selector[2].field_selector[3].starts_with).toEqual(["arn:aws:s3:::acme-444444444444-us-east-1-audit/"]);
    expect(platform.audits.get("prod")!.dependencies.map((stack) => stack.node.id)).toContain("audit-logs");
    expect(issuesOf((c) => (c.delivery = { ...c.delivery, audit: { archiveAccount: "archive" } }))).toEqual([
      '  - delivery.audit.archiveAccount = "archive": must name an account, one of: nonprod, prod',
    ]);
  });
});
