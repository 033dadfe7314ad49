import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, defaultRun, runOf } from "../support/config";

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
              DeployedBy: "administrator",
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

describe("backend-<account>-<region> stacks: state where the account fails over to", () => {
  const { platform } = buildPlatform();
  const regional = new SynthesizedStack(platform.regionalBackends.get("prod-eu-west-1")!);
  const primary = new SynthesizedStack(platform.backends.get("prod")!);

  it("exist for each other region an account's networks are in, and the primary backend deploys after them", () => {
    expect([...platform.regionalBackends.keys()]).toEqual(["prod-eu-west-1"]);
    expect(platform.backends.get("prod")!.dependencies.map((stack) => stack.node.id)).toEqual(["backend-prod-eu-west-1"]);
    expect(platform.backends.get("nonprod")!.dependencies).toEqual([]);
  });

  it("are one per account and region, however many of the account's networks are in that region", () => {
    const config = defaultConfigCopy();
    config.networks["prod-lab"] = { account: "prod", region: "eu-west-1", cidr: "10.60.0.0/16", tier: "dev" };
    const { platform: twoNetworks } = buildPlatform(runOf(config));
    expect([...twoNetworks.regionalBackends.keys()]).toEqual(["prod-eu-west-1"]);
    expect(twoNetworks.networks.get("prod-lab")).toBeDefined();
  });

  it("hold a bucket, lock table and key of their own region, and keep their own state there: nothing in us-east-1", () => {
    expect(regional.json.provider.aws).toEqual([expect.objectContaining({ region: "eu-west-1", allowed_account_ids: ["222222222222"] })]);
    expect(regional.resource("aws_s3_bucket", "state-bucket/bucket").bucket).toBe("acme-222222222222-eu-west-1-tfstate");
    expect(regional.resource("aws_dynamodb_table", "lock-table/table").name).toBe("acme-tfstate-locks");
    expect(regional.json.terraform.backend.s3).toMatchObject({
      bucket: "acme-222222222222-eu-west-1-tfstate",
      key: "acme/backend-prod-eu-west-1.tfstate",
      region: "eu-west-1",
      kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/acme-tfstate",
    });
    expect(regional.resources("aws_s3_bucket_replication_configuration")).toEqual([]);
  });

  it("receive the primary state bucket's objects and delete markers, re-encrypted with the regional key", () => {
    const [replication] = primary.resources("aws_s3_bucket_replication_configuration");
    const role = primary.resource("aws_iam_role", "state-replication/role");
    expect(replication).toMatchObject({
      bucket: ref("aws_s3_bucket", primary.resource("aws_s3_bucket", "state-bucket/bucket")),
      role: ref("aws_iam_role", role, "arn"),
      rule: [
        {
          id: "to-eu-west-1",
          priority: 1,
          status: "Enabled",
          filter: { prefix: "" },
          delete_marker_replication: { status: "Enabled" },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
          destination: {
            bucket: "arn:aws:s3:::acme-222222222222-eu-west-1-tfstate",
            encryption_configuration: { replica_kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/acme-tfstate" },
          },
        },
      ],
    });
    expect(replication.depends_on).toContain(`aws_s3_bucket_versioning.${primary.resource("aws_s3_bucket_versioning", "state-bucket/versioning").__name}`);
    expect(role.name).toBe("acme-tfstate-replication");
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({ Principal: { Service: "s3.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } });
  });

  it("lets S3's role decrypt only through S3 in us-east-1, and encrypt only with the regional alias's key through S3 in eu-west-1", () => {
    const statements = JSON.parse(primary.resource("aws_iam_role_policy", "state-replication/policy").policy).Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === "DecryptSource")).toEqual({
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: ref("aws_kms_key", primary.resource("aws_kms_key", "state-key/key"), "arn"),
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
    expect(statements.find((s: { Sid: string }) => s.Sid === "EncryptReplicasIneuwest1")).toEqual({
      Sid: "EncryptReplicasIneuwest1",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: "arn:aws:kms:eu-west-1:222222222222:key/*",
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/acme-tfstate"] } },
    });
    expect(statements.find((s: { Sid: string }) => s.Sid === "WriteReplicas").Resource).toEqual(["arn:aws:s3:::acme-222222222222-eu-west-1-tfstate/*"]);
  });

  it("keep the DR network's state in the DR region", () => {
    const network = new SynthesizedStack(platform.networks.get("prod-dr")!);
    expect(network.json.terraform.backend.s3).toMatchObject({ bucket: "acme-222222222222-eu-west-1-tfstate", region: "eu-west-1", key: "acme/network-prod-dr.tfstate" });
    // And after network-prod, whose stack creates its flow-log role (a failover applies no IAM).
    expect(platform.networks.get("prod-dr")!.dependencies.map((stack) => stack.node.id)).toEqual(["backend-prod-eu-west-1", "access-prod", "network-prod"]);
  });
});
