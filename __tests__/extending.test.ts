/**
 * Extending the platform, written the way a user of it would write a test:
 * CDKTF's Testing helpers and jest matchers, everything imported from the
 * public entry point (src/index.ts).
 */
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Testing } from "cdktf";
// CDKTF's jest matchers, as a user's own test file sets them up: their types, then the matchers.
import "cdktf/lib/testing/adapters/jest";
import * as publicEntry from "../src";
import { loadPlatformRun, Platform, SecureBucket, waiveGuardrail } from "../src";

Testing.setupJest();

describe("extending the platform", () => {
  it("tests one of its constructs alone with Testing.synthScope", () => {
    const synthesized = Testing.synthScope((scope) => {
      new SecureBucket(scope, "reports", { bucketName: "acme-reports", encryption: { kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/1" }, lifecycle: { noncurrentVersionExpirationDays: 30 } });
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-east-1:111111111111:key/1" }, bucket_key_enabled: true }],
    });
  });

  it("adds a resource of one's own to a platform stack, which gets the stack's tags, and the guardrails check it", () => {
    const platform = new Platform(Testing.app(), loadPlatformRun({}));
    const service = platform.deployments.get("web-dev")!.service;
    // A customer managed key, as the guardrail sqs-encryption demands (SQS's own SSE would fail synth).
    new SqsQueue(service, "jobs", { name: "acme-web-dev-jobs", kmsMasterKeyId: "arn:aws:kms:us-east-1:111111111111:key/1" });
    const synthesized = Testing.synth(service);
    expect(synthesized).toHaveResourceWithProperties(SqsQueue, { name: "acme-web-dev-jobs", tags: { Name: "acme/web-dev-service/jobs" } });
    // The provider's default tags reach it like every other resource of the stack.
    expect(JSON.parse(synthesized).provider.aws[0].default_tags[0].tags).toMatchObject({ Project: "acme", Environment: "dev" });
  });

  it("refuses an added resource that breaks a guardrail, unless a waiver gives a reason", () => {
    const stackWithOpenSsh = (reason?: string) => {
      const platform = new Platform(new App({ outdir: Testing.app().outdir }), loadPlatformRun({}));
      const service = platform.deployments.get("web-dev")!.service;
      const rule = new VpcSecurityGroupIngressRule(service, "ssh-from-anywhere", { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" });
      if (reason) waiveGuardrail(rule, "sg-open-ingress", reason);
      return service;
    };
    expect(() => Testing.synth(stackWithOpenSsh())).toThrow(/sg-open-ingress/);
    expect(() => waiveGuardrail(stackWithOpenSsh(), "sg-open-ingress", "ok")).toThrow("a waiver needs a reason of at least 10 characters");
    expect(() => Testing.synth(stackWithOpenSsh("a one-day workshop host, torn down tonight"))).not.toThrow();
  });
});

describe("the public entry point", () => {
  it("exports every construct class and every stack class of the platform", () => {
    const entry: Record<string, unknown> = publicEntry;
    const classes = ["src/constructs", "stacks"].flatMap((folder) =>
      readdirSync(join(__dirname, "..", folder), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".ts"))
        .flatMap((file) => [...readFileSync(join(__dirname, "..", folder, file), "utf8").matchAll(/^export class (\w+)/gm)].map((match) => match[1])),
    );
    expect(classes.length).toBeGreaterThan(50);
    expect(classes.filter((name) => typeof entry[name] !== "function")).toEqual([]);
  });
});
