import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";
import type { PlatformConfigInput } from "../../src/config/platform/schema";
import { Testing } from "cdktf";
// CDKTF's jest matchers (toHaveResourceWithProperties): their types, then the matchers.
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();

const ref = SynthesizedStack.ref;

function databaseStacks(config?: PlatformConfigInput): Map<string, SynthesizedStack> {
  const { platform } = buildPlatform(config ? runOf(config) : undefined);
  return new Map([...platform.deployments].map(([name, stacks]) => [name, new SynthesizedStack(stacks.database)]));
}

describe("<app>-<env>-database stacks (RDS PostgreSQL, the default engine)", () => {
  const stacks = databaseStacks();
  const db = (env: string) => stacks.get(`web-${env}`)!;
  const primary = (env: string) => db(env).resource("aws_db_instance", "rds/primary");

  it.each([
    // env, class, storage GB, multi-AZ, backup days, monitoring interval, deletion protection, final snapshot
    ["dev", "db.t3.micro", 20, false, 7, 0, false, false],
    ["staging", "db.t3.small", 30, false, 14, 0, false, true],
    ["uat", "db.t3.small", 50, false, 14, 0, true, true],
    ["prod", "db.r6g.large", 100, true, 30, 60, true, true],
  ])("sizes %s as seed 004's table says: %s, %i GB, multi-AZ %s, %i days of backups", (env, instanceClass, storage, multiAz, backupDays, interval, protection, finalSnapshot) => {
    expect(primary(env)).toMatchObject({
      identifier: `acme-web-${env}`,
      engine: "postgres",
      engine_version: "16.11",
      instance_class: instanceClass,
      allocated_storage: storage,
      multi_az: multiAz,
      backup_retention_period: backupDays,
      monitoring_interval: interval,
      deletion_protection: protection,
      skip_final_snapshot: !finalSnapshot,
    });
    expect(primary(env).final_snapshot_identifier).toBe(finalSnapshot ? `acme-web-${env}-final` : undefined);
    expect(primary(env).max_allocated_storage).toBeGreaterThan(storage);
  });

  it("gives enhanced monitoring a role only where it is on (prod)", () => {
    const role = db("prod").resource("aws_iam_role", "monitoring-role/role");
    expect(primary("prod").monitoring_role_arn).toBe(ref("aws_iam_role", role, "arn"));
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
    expect(db("dev").resources("aws_iam_role").map((r) => r.name)).toEqual(["acme-web-dev-db-role-manager"]);
  });

  it("encrypts storage, the master secret and Performance Insights with the stack's rotating key", () => {
    for (const env of ["dev", "staging", "uat", "prod"]) {
      const key = db(env).resource("aws_kms_key", "key/key");
      const keyArn = ref("aws_kms_key", key, "arn");
      expect(key.enable_key_rotation).toBe(true);
      expect(primary(env)).toMatchObject({
        storage_encrypted: true,
        kms_key_id: keyArn,
        performance_insights_enabled: true,
        performance_insights_kms_key_id: keyArn,
        performance_insights_retention_period: 7,
      });
      expect(db(env).resource("aws_secretsmanager_secret", "master/secret")).toMatchObject({ name: `acme/web/${env}/database/master`, kms_key_id: keyArn });
    }
  });

  it("leaves storage unencrypted only where config turns encryption off, with the guardrail waived for that stack", () => {
    const config = defaultConfigCopy();
    config.environments.staging.overrides = { encryption: false };
    const staging = databaseStacks(config).get("web-staging")!.resource("aws_db_instance", "rds/primary");
    expect(staging).toMatchObject({ storage_encrypted: false });
    expect(staging.kms_key_id).toBeUndefined();
  });

  it("generates the master password at apply time and hands it to the database and the secret through write-only arguments only", () => {
    for (const env of ["dev", "prod"]) {
      const generator = db(env).ephemeral("aws_secretsmanager_random_password", "master/password/generator");
      const password = `\${ephemeral.aws_secretsmanager_random_password.${generator.__name}.random_password}`;
      expect(generator).toMatchObject({ password_length: 40, exclude_punctuation: true, include_space: false });
      expect(primary(env)).toMatchObject({ username: "dbadmin", password_wo: password, password_wo_version: 1 });
      expect(primary(env).password).toBeUndefined();
      expect(primary(env).manage_master_user_password).toBeUndefined();

      const version = db(env).resource("aws_secretsmanager_secret_version", "master/version");
      expect(version.secret_string).toBeUndefined();
      expect(version.secret_string_wo_version).toBe(1);
      expect(version.secret_string_wo).toBe(
        `\${jsonencode({"engine" = "postgres", "host" = aws_db_instance.${primary(env).__name}.address, "port" = 5432, "dbname" = "app", "username" = "dbadmin", "password" = ephemeral.aws_secretsmanager_random_password.${generator.__name}.random_password})}`,
      );
      // The secret is written after the database took the password, so a failed database leaves no secret for a password it never had.
      expect(version.depends_on).toEqual([`aws_db_instance.${primary(env).__name}`]);
    }
  });

  it("reads as a reviewer would with CDKTF's matchers: the prod replica exists and the master secret is ours", () => {
    expect(db("prod").text).toHaveResourceWithProperties(DbInstance, { identifier: "acme-web-prod-replica", replicate_source_db: ref("aws_db_instance", primary("prod"), "identifier") });
    expect(db("prod").text).toHaveResourceWithProperties(SecretsmanagerSecret, { name: "acme/web/prod/database/master" });
    expect(db("prod").text).not.toHaveResourceWithProperties(DbInstance, { manage_master_user_password: true });
  });

  it("rotates the master password when config raises its version: the database and the secret get the new value", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.prod.database = { masterPasswordVersion: 2 };
    const prod = databaseStacks(config).get("web-prod")!;
    expect(prod.resource("aws_db_instance", "rds/primary").password_wo_version).toBe(2);
    expect(prod.resource("aws_secretsmanager_secret_version", "master/version").secret_string_wo_version).toBe(2);
    expect(databaseStacks(config).get("web-dev")!.resource("aws_db_instance", "rds/primary").password_wo_version).toBe(1);
  });

  it("turns on IAM authentication, pins the version and makes upgrades explicit", () => {
    expect(primary("prod")).toMatchObject({
      iam_database_authentication_enabled: true,
      auto_minor_version_upgrade: false,
      allow_major_version_upgrade: false,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
    });
  });

  it("forces TLS and logs connections, DDL and slow statements through its parameter group", () => {
    const group = db("dev").resource("aws_db_parameter_group", "rds/parameters");
    expect(group.family).toBe("postgres16");
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: "rds.force_ssl", value: "1" },
        { name: "log_connections", value: "1" },
        { name: "log_statement", value: "ddl" },
        { name: "log_min_duration_statement", value: "1000" },
      ]),
    );
    expect(primary("dev").parameter_group_name).toBe(ref("aws_db_parameter_group", group, "name"));
  });

  it("names parameter groups by prefix, so a replacement (a major upgrade's new family) can be created before the old one goes", () => {
    const group = db("prod").resource("aws_db_parameter_group", "rds/parameters");
    expect(group).toMatchObject({ name_prefix: "acme-web-prod-postgres16-", lifecycle: { create_before_destroy: true } });
    expect(group.name).toBeUndefined();
    const config = defaultConfigCopy();
    config.apps!.web.database = { engineVersion: "17.7" };
    expect(databaseStacks(config).get("web-prod")!.resource("aws_db_parameter_group", "rds/parameters")).toMatchObject({ family: "postgres17", name_prefix: "acme-web-prod-postgres17-" });
  });

  it("exports the postgresql log to an encrypted log group with the tier's retention", () => {
    for (const [env, days] of [["dev", 7], ["staging", 14], ["uat", 14], ["prod", 30]] as const) {
      const logs = db(env).resource("aws_cloudwatch_log_group", "rds/primary-logs");
      expect(logs).toMatchObject({ name: `/aws/rds/instance/acme-web-${env}/postgresql`, retention_in_days: days });
      expect(logs.kms_key_id).toBe(ref("aws_kms_key", db(env).resource("aws_kms_key", "key/key"), "arn"));
      expect(primary(env).enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
      expect(primary(env).depends_on).toContain(`aws_cloudwatch_log_group.${logs.__name}`);
    }
  });

  it("lets CloudWatch Logs use the key for the database's and role manager's log groups only", () => {
    const statement = JSON.parse(db("dev").resource("aws_kms_key", "key/key").policy).Statement[1];
    expect(statement.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(statement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toEqual([
      "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/acme-web-dev-db-role-manager",
      "arn:aws:logs:us-east-1:111111111111:log-group:/aws/rds/instance/acme-web-dev/postgresql",
    ]);
  });

  it("places the database in the network's database subnets, never publicly accessible", () => {
    const dev = primary("dev");
    expect(dev.publicly_accessible).toBe(false);
    // Within one test synth, cross-stack references show the other stack's resource; `cdktf synth` turns them into remote state.
    expect(dev.db_subnet_group_name).toMatch(/^\$\{aws_db_subnet_group\.network_database-subnet-group_\w+\.name\}$/);
  });

  it("admits PostgreSQL only from the app's client group and the role manager, with no other rules", () => {
    const stack = db("dev");
    const database = stack.resource("aws_security_group", "security-groups/database");
    const clients = stack.resource("aws_security_group", "security-groups/clients");
    const roleManager = stack.resource("aws_security_group", "role-manager/security-group");
    expect(primary("dev").vpc_security_group_ids).toEqual([ref("aws_security_group", database)]);
    const ingress = stack.resources("aws_vpc_security_group_ingress_rule");
    expect(ingress.map((rule) => [rule.security_group_id, rule.ip_protocol, rule.from_port, rule.to_port, rule.referenced_security_group_id, rule.cidr_ipv4])).toEqual([
      [ref("aws_security_group", database), "tcp", 5432, 5432, ref("aws_security_group", clients), undefined],
      [ref("aws_security_group", database), "tcp", 5432, 5432, ref("aws_security_group", roleManager), undefined],
    ]);
    const egress = stack.resources("aws_vpc_security_group_egress_rule");
    expect(egress.filter((rule) => rule.security_group_id === ref("aws_security_group", database))).toEqual([]);
    expect(egress.filter((rule) => rule.security_group_id === ref("aws_security_group", clients)).map((r) => [r.from_port, r.referenced_security_group_id])).toEqual([
      [5432, ref("aws_security_group", database)],
    ]);
    for (const group of [database, clients, roleManager]) {
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
    }
  });

  it("adds an in-region read replica in prod, encrypted, private and protected like its source", () => {
    const replica = db("prod").resource("aws_db_instance", "rds/replica");
    expect(replica).toMatchObject({
      identifier: "acme-web-prod-replica",
      replicate_source_db: ref("aws_db_instance", primary("prod"), "identifier"),
      instance_class: "db.r6g.large",
      storage_encrypted: true,
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      deletion_protection: true,
    });
    // RDS refuses a replica of a source that manages its master password; the source's password is ours, and a replica takes none.
    expect(primary("prod").manage_master_user_password).toBeUndefined();
    for (const argument of ["username", "password", "password_wo", "manage_master_user_password"]) expect(replica[argument]).toBeUndefined();
    expect(db("dev").resources("aws_db_instance").map((r) => r.identifier)).toEqual(["acme-web-dev"]);
  });

  it("raises the seed's alarms to the environment's alarm topic with the tier's thresholds", () => {
    const stack = db("prod");
    const alarms = stack.resources("aws_cloudwatch_metric_alarm");
    const byMetric = Object.fromEntries(alarms.map((alarm) => [alarm.metric_name, alarm]));
    expect(Object.keys(byMetric).sort()).toEqual(["CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory", "ReplicaLag"]);
    expect(byMetric.CPUUtilization).toMatchObject({ alarm_name: "acme-web-prod-database-cpu", comparison_operator: "GreaterThanThreshold", threshold: 80, dimensions: { DBInstanceIdentifier: ref("aws_db_instance", primary("prod"), "identifier") } });
    expect(byMetric.FreeStorageSpace).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 10 * 1024 ** 3 });
    expect(byMetric.FreeableMemory).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 1024 * 1024 ** 2 });
    expect(byMetric.ReplicaLag).toMatchObject({ threshold: 60, dimensions: { DBInstanceIdentifier: ref("aws_db_instance", stack.resource("aws_db_instance", "rds/replica"), "identifier") } });
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/)]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    }
    expect(db("dev").resources("aws_cloudwatch_metric_alarm").map((a) => a.metric_name)).not.toContain("ReplicaLag");
    expect(db("dev").resource("aws_cloudwatch_metric_alarm", "alarms/free-storage").threshold).toBe(2 * 1024 ** 3);
  });

  it("subscribes the alarm topic to the database's failover and failure events", () => {
    const subscription = db("prod").resource("aws_db_event_subscription", "alarms/events");
    expect(subscription).toMatchObject({ source_type: "db-instance", event_categories: ["failover", "failure"] });
    expect(subscription.source_ids).toEqual([ref("aws_db_instance", db("prod").resource("aws_db_instance", "rds/primary"), "identifier"), ref("aws_db_instance", db("prod").resource("aws_db_instance", "rds/replica"), "identifier")]);
    // RDS instances' own subscription covers both: no second one.
    expect(db("prod").resources("aws_db_event_subscription")).toHaveLength(1);
    expect(subscription.sns_topic).toMatch(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/);
  });
});

describe("the database role manager's infrastructure", () => {
  const { platform } = buildPlatform();
  const stack = new SynthesizedStack(platform.deployments.get("web-dev")!.database);
  const fn = stack.resource("aws_lambda_function", "role-manager/function");
  const role = stack.resource("aws_iam_role", "role-manager/role");
  const key = stack.resource("aws_kms_key", "key/key");

  it("runs a current Node.js runtime in the database subnets with its own group and a timeout, without reserved concurrency", () => {
    expect(fn).toMatchObject({
      function_name: "acme-web-dev-db-role-manager",
      runtime: "nodejs22.x",
      handler: "index.handler",
      timeout: 60,
      kms_key_arn: ref("aws_kms_key", key, "arn"),
    });
    expect(fn.vpc_config.subnet_ids).toEqual(["a", "b", "c"].map((zone) => expect.stringMatching(new RegExp(`^\\$\\{aws_subnet\\.network_database-us-east-1${zone}_\\w+\\.id\\}$`))));
    expect(fn.vpc_config.security_group_ids).toEqual([ref("aws_security_group", stack.resource("aws_security_group", "role-manager/security-group"))]);
    expect(fn.environment.variables).toMatchObject({ DB_NAME: "app", DB_PORT: "5432", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" });
    expect(fn.environment.variables.DB_SECRET_ARN).toBe(ref("aws_secretsmanager_secret", stack.resource("aws_secretsmanager_secret", "master/secret"), "arn"));
    expect(fn.filename).toMatch(/^assets\/.*\.zip$/);
    // Runs are serialized by an advisory lock in PostgreSQL: reserving concurrency fails in accounts with a small quota.
    expect(fn.reserved_concurrent_executions).toBeUndefined();
  });

  it("reaches only the database and the Secrets Manager endpoint", () => {
    const group = ref("aws_security_group", stack.resource("aws_security_group", "role-manager/security-group"));
    const egress = stack.resources("aws_vpc_security_group_egress_rule").filter((rule) => rule.security_group_id === group);
    expect(egress.map((rule) => [rule.from_port, rule.referenced_security_group_id])).toEqual([
      [5432, ref("aws_security_group", stack.resource("aws_security_group", "security-groups/database"))],
      [443, expect.stringMatching(/^\$\{aws_security_group\.endpoints_security-group_\w+\.id\}$/)],
    ]);
  });

  it("holds a least-privilege role: one secret, one key, its own log group, its own network interfaces", () => {
    const policy = JSON.parse(stack.resource("aws_iam_role_policy", "role-manager/policy").policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.ReadMasterSecret).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: fn.environment.variables.DB_SECRET_ARN });
    expect(bySid.DecryptSecretAndEnvironment).toMatchObject({ Action: "kms:Decrypt", Resource: ref("aws_kms_key", key, "arn") });
    expect(bySid.WriteOwnLogs.Resource).toBe(`${ref("aws_cloudwatch_log_group", stack.resource("aws_cloudwatch_log_group", "role-manager/log-group"), "arn")}:*`);
    expect(bySid.ConnectAsManagedRolesForCheck.Resource).toEqual([
      expect.stringMatching(/^arn:aws:rds-db:us-east-1:111111111111:dbuser:\$\{aws_db_instance\..*\.resource_id\}\/migrator$/),
      expect.stringMatching(/\/app$/),
    ]);
    const wildcards = policy.Statement.filter((s: any) => s.Resource === "*");
    expect(wildcards.map((s: any) => s.Action)).toEqual([["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]]);
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: "lambda.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
    });
  });

  it("keeps its logs in an encrypted log group with the tier's retention", () => {
    expect(stack.resource("aws_cloudwatch_log_group", "role-manager/log-group")).toMatchObject({
      name: "/aws/lambda/acme-web-dev-db-role-manager",
      retention_in_days: 7,
      kms_key_id: ref("aws_kms_key", key, "arn"),
    });
  });

  it("is invoked on apply with the role configuration, after the database and its master secret, again when its code changes", () => {
    const invocation = stack.resource("aws_lambda_invocation", "role-manager/manage");
    expect(JSON.parse(invocation.input)).toEqual({ action: "manage", roles: { migrator: "migrator", app: "app" }, schema: "app", extensions: [] });
    expect(invocation.depends_on).toEqual([
      `aws_db_instance.${stack.resource("aws_db_instance", "rds/primary").__name}`,
      `aws_secretsmanager_secret_version.${stack.resource("aws_secretsmanager_secret_version", "master/version").__name}`,
    ]);
    expect(invocation.triggers.code).toMatch(/^[0-9A-F]{32,}$/i);
  });
});

describe("<app>-<env>-database stacks on Aurora PostgreSQL Serverless v2", () => {
  const config = defaultConfigCopy();
  config.apps!.web.database = { engine: "aurora-postgresql-serverless", extensions: ["pgcrypto"] };
  const stacks = databaseStacks(config);
  const db = (env: string) => stacks.get(`web-${env}`)!;

  it("builds a serverless v2 cluster with the tier's capacity, encrypted, IAM auth on, the generated password write-only", () => {
    const cluster = db("prod").resource("aws_rds_cluster", "aurora/cluster");
    const keyArn = ref("aws_kms_key", db("prod").resource("aws_kms_key", "key/key"), "arn");
    expect(cluster).toMatchObject({
      cluster_identifier: "acme-web-prod",
      engine: "aurora-postgresql",
      engine_mode: "provisioned",
      engine_version: "16.10",
      serverlessv2_scaling_configuration: { min_capacity: 2, max_capacity: 16 },
      storage_encrypted: true,
      kms_key_id: keyArn,
      master_username: "dbadmin",
      master_password_wo: `\${ephemeral.aws_secretsmanager_random_password.${db("prod").ephemeral("aws_secretsmanager_random_password", "master/password/generator").__name}.random_password}`,
      master_password_wo_version: 1,
      iam_database_authentication_enabled: true,
      deletion_protection: true,
      backup_retention_period: 30,
      enabled_cloudwatch_logs_exports: ["postgresql"],
    });
    expect(cluster.master_password).toBeUndefined();
    expect(cluster.manage_master_user_password).toBeUndefined();
    expect(db("prod").resource("aws_secretsmanager_secret_version", "master/version").secret_string_wo).toContain(`"host" = aws_rds_cluster.${cluster.__name}.endpoint`);
    expect(db("prod").resource("aws_rds_cluster_parameter_group", "aurora/parameters")).toMatchObject({ family: "aurora-postgresql16", name_prefix: "acme-web-prod-aurora-postgresql16-" });
    expect(db("dev").resource("aws_rds_cluster", "aurora/cluster").serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 2 });
  });

  it("adds a reader in multi-AZ prod and none in dev, every instance private with Performance Insights", () => {
    const instances = db("prod").resources("aws_rds_cluster_instance").sort((a, b) => a.promotion_tier - b.promotion_tier);
    expect(instances.map((i) => [i.identifier, i.instance_class, i.promotion_tier, i.publicly_accessible, i.performance_insights_enabled])).toEqual([
      ["acme-web-prod-writer", "db.serverless", 0, false, true],
      ["acme-web-prod-reader", "db.serverless", 1, false, true],
    ]);
    expect(db("dev").resources("aws_rds_cluster_instance").map((i) => i.identifier)).toEqual(["acme-web-dev-writer"]);
  });

  it("watches ACU utilization and Aurora replica lag instead of free storage", () => {
    const metrics = db("prod").resources("aws_cloudwatch_metric_alarm").map((a) => a.metric_name).sort();
    expect(metrics).toEqual(["ACUUtilization", "AuroraReplicaLag", "CPUUtilization", "DatabaseConnections", "FreeableMemory"]);
    expect(db("prod").resource("aws_cloudwatch_metric_alarm", "alarms/replica-lag").threshold).toBe(60_000);
    expect(db("prod").resource("aws_db_event_subscription", "alarms/events")).toMatchObject({ source_type: "db-cluster", event_categories: ["failover", "failure"] });
    // Seed 004's RDS failover: a cluster subscription carries no event of its instances, so they have their own.
    const instances = db("prod").resource("aws_db_event_subscription", "alarms/instance-events");
    expect(instances).toMatchObject({ name: "acme-web-prod-database-instance-events", source_type: "db-instance", event_categories: ["failover", "failure"] });
    const writer = db("prod").resource("aws_rds_cluster_instance", "aurora/writer");
    const reader = db("prod").resource("aws_rds_cluster_instance", "aurora/reader");
    expect(instances.source_ids).toEqual([ref("aws_rds_cluster_instance", writer, "identifier"), ref("aws_rds_cluster_instance", reader, "identifier")]);
    expect(instances.sns_topic).toBe(db("prod").resource("aws_db_event_subscription", "alarms/events").sns_topic);
  });

  it("passes configured extensions to the role manager", () => {
    expect(JSON.parse(db("dev").resource("aws_lambda_invocation", "role-manager/manage").input).extensions).toEqual(["pgcrypto"]);
  });
});
