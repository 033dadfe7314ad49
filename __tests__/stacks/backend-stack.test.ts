import { buildPlatform, defaultRun, SynthesizedStack } from "../support/synth";

const ref = SynthesizedStack.ref;

function synthBackend(bootstrap: boolean): SynthesizedStack {
  const { platform } = buildPlatform({ ...defaultRun(), bootstrap });
  return new SynthesizedStack(platform.backends.get("prod")!);
}

describe("backend-<account> stacks", () => {
  const stack = synthBackend(false);
  const key = stack.resource("aws_kms_key", "state-key/key");
  const stateBucket = stack.resource("aws_s3_bucket", "state-bucket/bucket");
  const logBucket = stack.resource("aws_s3_bucket", "access-log-bucket/bucket");
  const forBucket = (type: string, bucket: typeof stateBucket) =>
    stack.resources(type).filter((resource) => resource.bucket === ref("aws_s3_bucket", bucket));

  it("pins the provider to the account and region with the platform's default tags", () => {
    expect(stack.json.provider.aws).toEqual([
      {
        region: "us-east-1",
        allowed_account_ids: ["222222222222"],
        default_tags: [
          {
            tags: {
              Project: "acme",
              Environment: "prod",
              ManagedBy: "cdktf",
              CostAllocation: "acme-prod",
              Owner: "platform-team",
              Repository: "acme/platform",
            },
          },
        ],
      },
    ]);
  });

  it("keeps its own state in the account's S3 backend, encrypted and locked", () => {
    expect(stack.json.terraform.backend).toEqual({
      s3: {
        bucket: "acme-222222222222-us-east-1-tfstate",
        key: "acme/backend-prod.tfstate",
        region: "us-east-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:us-east-1:222222222222:alias/acme-tfstate",
        dynamodb_table: "acme-tfstate-locks",
        use_lockfile: true,
      },
    });
  });

  it("bootstraps on a local backend with PLATFORM_BOOTSTRAP", () => {
    const backend = synthBackend(true).json.terraform.backend;
    expect(Object.keys(backend)).toEqual(["local"]);
    expect(backend.local.path).toMatch(/terraform\.backend-prod\.tfstate$/);
  });

  it("encrypts with a customer-managed key that rotates and cannot be destroyed by Terraform", () => {
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(JSON.parse(key.policy).Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*" }),
    ]);
    expect(stack.resources("aws_kms_alias")).toEqual([
      expect.objectContaining({ name: "alias/acme-tfstate", target_key_id: ref("aws_kms_key", key, "key_id") }),
    ]);
  });

  it("creates a versioned, SSE-KMS, private, owner-enforced state bucket that cannot be destroyed", () => {
    expect(stateBucket).toMatchObject({ bucket: "acme-222222222222-us-east-1-tfstate", lifecycle: { prevent_destroy: true } });
    expect(forBucket("aws_s3_bucket_versioning", stateBucket)[0].versioning_configuration).toEqual({ status: "Enabled" });
    expect(forBucket("aws_s3_bucket_server_side_encryption_configuration", stateBucket)[0].rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key", key, "arn") },
        bucket_key_enabled: true,
      },
    ]);
    expect(forBucket("aws_s3_bucket_public_access_block", stateBucket)[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(forBucket("aws_s3_bucket_ownership_controls", stateBucket)[0].rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  it("denies any request to the state bucket that is not over TLS 1.2 or later", () => {
    const policy = forBucket("aws_s3_bucket_policy", stateBucket)[0];
    const statements = JSON.parse(policy.policy).Statement;
    const resources = ["arn:aws:s3:::acme-222222222222-us-east-1-tfstate", "arn:aws:s3:::acme-222222222222-us-east-1-tfstate/*"];
    expect(statements).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { Bool: { "aws:SecureTransport": false } } },
      { Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } },
    ]);
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  it("expires noncurrent state versions after 30 days (seed 004)", () => {
    expect(forBucket("aws_s3_bucket_lifecycle_configuration", stateBucket)[0].rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
  });

  it("logs state bucket access to a log bucket hardened the same way (SSE-S3, which log delivery requires)", () => {
    const logging = forBucket("aws_s3_bucket_logging", stateBucket)[0];
    // References, not the literal name: a first apply creates the log bucket and the policy admitting S3's log delivery first.
    expect(logging).toMatchObject({ target_bucket: ref("aws_s3_bucket", logBucket, "bucket"), target_prefix: "acme-222222222222-us-east-1-tfstate/" });
    expect(logging.depends_on).toEqual([`aws_s3_bucket_policy.${forBucket("aws_s3_bucket_policy", logBucket)[0].__name}`]);
    expect(logBucket.bucket).toBe("acme-222222222222-us-east-1-tfstate-logs");
    expect(forBucket("aws_s3_bucket_server_side_encryption_configuration", logBucket)[0].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    for (const type of ["aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls"]) {
      expect(forBucket(type, logBucket)).toHaveLength(1);
    }
    const statements = JSON.parse(forBucket("aws_s3_bucket_policy", logBucket)[0].policy).Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "S3ServerAccessLogDelivery"]);
    expect(statements[2]).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Condition: {
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::acme-222222222222-us-east-1-tfstate" },
        StringEquals: { "aws:SourceAccount": "222222222222" },
      },
    });
    expect(forBucket("aws_s3_bucket_lifecycle_configuration", logBucket)[0].rule[0].expiration).toEqual([{ days: 365 }]);
  });

  it("locks state in an on-demand, recoverable, encrypted, deletion-protected table keyed by LockID", () => {
    expect(stack.resources("aws_dynamodb_table")).toEqual([
      expect.objectContaining({
        name: "acme-tfstate-locks",
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true, kms_key_arn: ref("aws_kms_key", key, "arn") },
        deletion_protection_enabled: true,
      }),
    ]);
  });
});
