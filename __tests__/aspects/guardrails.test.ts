import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import { Guardrails } from "../../src/aspects/guardrails";
import { markLoadBalancerScope } from "../../src/aspects/load-balancer-scope";
import { GUARDRAIL_RULES } from "../../src/aspects/rules";
import { waiveGuardrail } from "../../src/aspects/waivers";
import { SecureBucket } from "../../src/constructs/storage/secure-bucket";
import { buildPlatform } from "../support/synth";

/** A stack with the guardrails, and what a test puts in it. */
function guardedStack(build: (scope: Construct) => void, requireDeletionProtection = true): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection }));
  build(stack);
  return stack;
}

const synth = (build: (scope: Construct) => void, requireDeletionProtection = true) => () =>
  Testing.synth(guardedStack(build, requireDeletionProtection));

const hardenedInstance = { instanceClass: "db.t3.micro", engine: "postgres", storageEncrypted: true, publiclyAccessible: false, iamDatabaseAuthenticationEnabled: true };
const kmsKey = (scope: Construct) => new KmsKey(scope, "key", { enableKeyRotation: true });
const openIngress = (scope: Construct, port: number) =>
  new VpcSecurityGroupIngressRule(scope, `open-${port}`, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0" });

describe("guardrails", () => {
  it("documents every rule with a rationale and its checkov counterpart", () => {
    for (const rule of GUARDRAIL_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.checkov).toMatch(/CKV2?_AWS_\d+/);
    }
    expect(new Set(GUARDRAIL_RULES.map((rule) => rule.id)).size).toBe(GUARDRAIL_RULES.length);
  });

  it("passes a hardened bucket", () => {
    expect(synth((scope) => new SecureBucket(scope, "files", { bucketName: "files", encryption: "s3-managed", lifecycle: { noncurrentVersionExpirationDays: 30 } }))).not.toThrow();
  });

  it.each([
    ["s3-public-access-block", "has no aws_s3_bucket_public_access_block that sets all four block/ignore/restrict flags to true"],
    ["s3-encryption", "has no aws_s3_bucket_server_side_encryption_configuration that sets a default encryption algorithm"],
    ["s3-versioning", "has no aws_s3_bucket_versioning that enables versioning"],
  ])("fails a bare bucket: [%s]", (ruleId, message) => {
    expect(synth((scope) => new S3Bucket(scope, "bare", { bucket: "bare" }))).toThrow(`[${ruleId}] guarded/bare (aws_s3_bucket.bare): ${message}`);
  });

  it.each([
    ["a security group's inline rule", (scope: Construct) => new SecurityGroup(scope, "sg", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }), "guarded/sg (aws_security_group.sg): admits tcp 22-22 from 0.0.0.0/0"],
    ["a security group rule", (scope: Construct) => new SecurityGroupRule(scope, "rule", { type: "ingress", securityGroupId: "sg-1", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }), "guarded/rule (aws_security_group_rule.rule): admits all traffic from ::/0"],
    ["an ingress rule resource", (scope: Construct) => openIngress(scope, 443), "guarded/open-443 (aws_vpc_security_group_ingress_rule.open-443): admits tcp 443-443 from 0.0.0.0/0"],
  ])("fails ingress from anywhere outside a load balancer: %s", (_shape, build, message) => {
    expect(synth(build)).toThrow(`[sg-open-ingress] ${message}`);
  });

  it("allows 80 and 443 from anywhere on a load balancer's security group, and nothing else there", () => {
    const loadBalancer = (ports: number[]) => (scope: Construct) => {
      const lb = new Construct(scope, "load-balancer");
      markLoadBalancerScope(lb);
      ports.forEach((port) => openIngress(lb, port));
    };
    expect(synth(loadBalancer([80, 443]))).not.toThrow();
    expect(synth(loadBalancer([22]))).toThrow("[sg-open-ingress] guarded/load-balancer/open-22");
  });

  it("allows ingress from inside the VPC", () => {
    expect(synth((scope) => new VpcSecurityGroupIngressRule(scope, "vpc", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/16" }))).not.toThrow();
  });

  it.each([
    ["aws_db_instance", (scope: Construct) => new DbInstance(scope, "db", { ...hardenedInstance }), "deletion_protection"],
    ["aws_lb", (scope: Construct) => new Lb(scope, "lb", {}), "enable_deletion_protection"],
  ])("requires deletion protection where the stack holds data: %s", (type, build, argument) => {
    expect(synth(build)).toThrow(`[deletion-protection] guarded/${type === "aws_lb" ? "lb" : "db"} (${type}.${type === "aws_lb" ? "lb" : "db"}): does not set ${argument} = true`);
    expect(synth(build, false)).not.toThrow();
  });

  it("requires databases to be encrypted, private and open to IAM authentication", () => {
    const run = synth((scope) => new DbInstance(scope, "db", { instanceClass: "db.t3.micro", engine: "postgres", deletionProtection: true }));
    expect(run).toThrow("[rds-encryption] guarded/db (aws_db_instance.db): does not set storage_encrypted = true");
    expect(run).toThrow("[rds-private] guarded/db (aws_db_instance.db): does not set publicly_accessible = false");
    expect(run).toThrow("[rds-iam-auth] guarded/db (aws_db_instance.db): does not set iam_database_authentication_enabled = true");
    expect(synth((scope) => new RdsClusterInstance(scope, "reader", { clusterIdentifier: "c", instanceClass: "db.serverless", engine: "aurora-postgresql", publiclyAccessible: true }))).toThrow(
      "[rds-private] guarded/reader (aws_rds_cluster_instance.reader): does not set publicly_accessible = false",
    );
    const cluster = synth((scope) => new RdsCluster(scope, "cluster", { engine: "aurora-postgresql", deletionProtection: true }));
    expect(cluster).toThrow("[rds-encryption] guarded/cluster (aws_rds_cluster.cluster): does not set storage_encrypted = true");
    expect(cluster).toThrow("[rds-iam-auth] guarded/cluster (aws_rds_cluster.cluster): does not set iam_database_authentication_enabled = true");
    expect(synth((scope) => new DbInstance(scope, "db", { ...hardenedInstance, deletionProtection: true }))).not.toThrow();
  });

  it("requires a customer-managed key on SNS topics and Secrets Manager secrets", () => {
    expect(synth((scope) => new SnsTopic(scope, "topic", { name: "alarms" }))).toThrow("[sns-encryption] guarded/topic (aws_sns_topic.topic): does not set kms_master_key_id");
    expect(synth((scope) => new SecretsmanagerSecret(scope, "secret", { name: "s" }))).toThrow("[secret-encryption] guarded/secret (aws_secretsmanager_secret.secret): does not set kms_key_id");
    expect(
      synth((scope) => {
        const key = kmsKey(scope);
        new SnsTopic(scope, "topic", { name: "alarms", kmsMasterKeyId: key.arn });
        new SecretsmanagerSecret(scope, "secret", { name: "s", kmsKeyId: key.arn });
      }),
    ).not.toThrow();
  });

  it("requires yearly rotation of symmetric KMS keys only", () => {
    expect(synth((scope) => new KmsKey(scope, "key", {}))).toThrow("[kms-rotation] guarded/key (aws_kms_key.key): does not set enable_key_rotation = true");
    expect(synth((scope) => new KmsKey(scope, "signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }))).not.toThrow();
  });

  it("requires retention and a customer-managed key on log groups", () => {
    const run = synth((scope) => new CloudwatchLogGroup(scope, "logs", { name: "app" }));
    expect(run).toThrow("[log-group-retention] guarded/logs (aws_cloudwatch_log_group.logs): does not set retention_in_days");
    expect(run).toThrow("[log-group-encryption] guarded/logs (aws_cloudwatch_log_group.logs): does not set kms_key_id");
    expect(synth((scope) => new CloudwatchLogGroup(scope, "logs", { name: "app", retentionInDays: 7, kmsKeyId: kmsKey(scope).arn }))).not.toThrow();
  });

  it("requires point-in-time recovery and a customer-managed key on DynamoDB tables", () => {
    const run = synth((scope) => new DynamodbTable(scope, "table", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], deletionProtectionEnabled: true }));
    expect(run).toThrow("[dynamodb-recovery] guarded/table (aws_dynamodb_table.table): does not enable point_in_time_recovery");
    expect(run).toThrow("[dynamodb-encryption] guarded/table (aws_dynamodb_table.table): does not set server_side_encryption with a kms_key_arn");
  });

  it("requires every VPC's default security group to be stripped of rules", () => {
    expect(synth((scope) => new Vpc(scope, "vpc", { cidrBlock: "10.0.0.0/16" }))).toThrow(
      "[default-security-group-closed] guarded/vpc (aws_vpc.vpc): has no aws_default_security_group that strips its ingress and egress rules",
    );
    expect(
      synth((scope) => {
        const vpc = new Vpc(scope, "vpc", { cidrBlock: "10.0.0.0/16" });
        new DefaultSecurityGroup(scope, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
      }),
    ).not.toThrow();
  });

  it("lists every violation of a stack in one error", () => {
    expect(synth((scope) => new S3Bucket(scope, "bare", { bucket: "bare" }))).toThrow(/^Guardrails failed in stack "guarded", 3 violation\(s\):/);
  });

  it("honours a waiver with a reason, for the construct and everything beneath it", () => {
    expect(
      synth((scope) => {
        const group = new Construct(scope, "legacy");
        waiveGuardrail(group, "kms-rotation", "imported key, rotation is managed by the HSM team");
        new KmsKey(group, "key", {});
      }),
    ).not.toThrow();
  });

  it("refuses a waiver without a reason", () => {
    expect(() => waiveGuardrail(new Construct(Testing.app(), "scope"), "kms-rotation", " ")).toThrow(
      `Waiver of kms-rotation on scope: a waiver needs a reason of at least 10 characters, got " "`,
    );
  });

  it("runs on every stack of the platform", () => {
    const { platform } = buildPlatform();
    const network = platform.networks.get("dev")!;
    new S3Bucket(network, "stray-bucket", { bucket: "stray" });
    expect(() => Testing.synth(network)).toThrow("[s3-public-access-block] network-dev/stray-bucket");
  });
});

describe("the guardrail documentation", () => {
  it("lists every rule", () => {
    const doc = readFileSync(join(__dirname, "../../docs/guardrails.md"), "utf8");
    expect(GUARDRAIL_RULES.filter((rule) => !doc.includes(`| \`${rule.id}\` |`)).map((rule) => rule.id)).toEqual([]);
  });
});
