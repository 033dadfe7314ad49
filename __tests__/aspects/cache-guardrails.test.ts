import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Guardrails } from "../../src/aspects/guardrails";

/** A stack with the guardrails, and what a test puts in it. */
const synth = (build: (scope: Construct) => void) => () => {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: true, requireHttps: false }));
  build(stack);
  return Testing.synth(stack);
};

/** A replication group that passes every cache rule. */
const hardenedGroup = {
  replicationGroupId: "acme-web-prod-cache",
  description: "cache",
  engine: "valkey",
  nodeType: "cache.t4g.micro",
  atRestEncryptionEnabled: "true",
  kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/1",
  transitEncryptionEnabled: true,
  transitEncryptionMode: "required",
  userGroupIds: ["acme-web-prod-cache"],
};
const group = (overrides: Partial<ConstructorParameters<typeof ElasticacheReplicationGroup>[2]>) => (scope: Construct) =>
  new ElasticacheReplicationGroup(scope, "cache", { ...hardenedGroup, ...overrides });
const user = (overrides: Partial<ConstructorParameters<typeof ElasticacheUser>[2]>) => (scope: Construct) =>
  new ElasticacheUser(scope, "user", { userId: "app", userName: "app", engine: "valkey", accessString: "on ~* +@all", authenticationMode: { type: "iam" }, ...overrides });

describe("cache guardrails", () => {
  it("pass a replication group encrypted at rest with a key of the account, with TLS required and IAM users", () => {
    expect(synth(group({}))).not.toThrow();
    expect(synth(user({}))).not.toThrow();
  });

  it("require encryption at rest with a customer-managed key", () => {
    expect(synth(group({ atRestEncryptionEnabled: "false" }))).toThrow("[elasticache-encryption-at-rest] guarded/cache (aws_elasticache_replication_group.cache): does not set at_rest_encryption_enabled = true");
    expect(synth(group({ kmsKeyId: undefined }))).toThrow("[elasticache-encryption-at-rest] guarded/cache (aws_elasticache_replication_group.cache): does not set kms_key_id (a customer-managed key)");
  });

  it("require TLS, not merely preferred", () => {
    const message = '[elasticache-encryption-in-transit] guarded/cache (aws_elasticache_replication_group.cache): does not set transit_encryption_enabled = true with transit_encryption_mode = "required"';
    expect(synth(group({ transitEncryptionMode: "preferred" }))).toThrow(message);
    expect(synth(group({ transitEncryptionEnabled: false, transitEncryptionMode: undefined }))).toThrow(message);
  });

  it("refuse an AUTH token, a group without users, and users with passwords or neither IAM nor switched off", () => {
    expect(synth(group({ authToken: "x".repeat(16) }))).toThrow("[elasticache-iam-auth] guarded/cache (aws_elasticache_replication_group.cache): sets auth_token, which Terraform stores in state");
    expect(synth(group({ userGroupIds: undefined }))).toThrow("[elasticache-iam-auth] guarded/cache (aws_elasticache_replication_group.cache): sets no user_group_ids");
    expect(synth(user({ authenticationMode: undefined, passwords: ["x".repeat(16)] }))).toThrow("[elasticache-iam-auth] guarded/user (aws_elasticache_user.user): sets passwords, which Terraform stores in state");
    expect(synth(user({ authenticationMode: { type: "no-password-required" } }))).toThrow(
      "[elasticache-iam-auth] guarded/user (aws_elasticache_user.user): neither authenticates by IAM (authentication_mode type iam) nor is switched off",
    );
    expect(synth(user({ userName: "default", accessString: "off -@all", authenticationMode: { type: "no-password-required" } }))).not.toThrow();
  });
});
