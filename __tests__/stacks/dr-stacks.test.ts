import { bucketPolicyStatements, conditionOperators, denialsOf } from "../support/bucket-policy";
import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;

describe("the DR region's stacks of an environment with a DR network (seed 004: prod in us-east-1, DR in eu-west-1)", () => {
  const { platform } = buildPlatform();
  const dr = platform.deployments.get("web-prod")!.dr!;
  const database = new SynthesizedStack(dr.database);
  const monitoring = new SynthesizedStack(dr.monitoring);
  const replica = database.resource("aws_db_instance", "replica/replica");
  const key = database.resource("aws_kms_key", "key/key");

  it("exist for prod only, in the order replication needs: DR backend, network and monitoring, and the source database, first", () => {
    expect([...platform.deployments].filter(([, stacks]) => stacks.dr).map(([name]) => name)).toEqual(["web-prod"]);
    expect(dr.monitoring.dependencies.map((stack) => stack.node.id)).toEqual(["backend-prod-eu-west-1"]);
    expect(dr.database.dependencies.map((stack) => stack.node.id)).toEqual(["network-prod-dr", "web-prod-dr-monitoring", "web-prod-database"]);
  });

  it("have no provider, backend or remote state in us-east-1, so they plan and apply while it is down", () => {
    const stacks = writtenStacks();
    for (const id of ["web-prod-dr-monitoring", "web-prod-dr-database", "web-prod-dr-service"]) {
      const json = stacks.get(id)!;
      expect(json.provider.aws.map((provider: { region: string }) => provider.region)).toEqual(["eu-west-1"]);
      expect(json.terraform.backend.s3).toMatchObject({ bucket: "acme-222222222222-eu-west-1-tfstate", region: "eu-west-1" });
      const remote = Object.values<any>(json.data?.terraform_remote_state ?? {}).map((state) => [state.config.bucket, state.config.region, state.config.key]);
      expect(remote.every(([bucket, region]) => bucket === "acme-222222222222-eu-west-1-tfstate" && region === "eu-west-1")).toBe(true);
      expect(JSON.stringify(json)).not.toContain("us-east-1.amazonaws.com");
    }
    // The replica's subnet group comes from the DR network's state, in the DR backend.
    const remote = Object.values<any>(stacks.get("web-prod-dr-database")!.data.terraform_remote_state).map((state) => state.config.key);
    expect(remote.sort()).toEqual(["acme/network-prod-dr.tfstate", "acme/web-prod-dr-monitoring.tfstate"]);
    // The pilot light reads the DR network, monitoring, database and cache, all in the DR backend.
    const serviceRemote = Object.values<any>(stacks.get("web-prod-dr-service")!.data.terraform_remote_state).map((state) => state.config.key);
    expect(serviceRemote.sort()).toEqual(["acme/network-prod-dr.tfstate", "acme/web-prod-dr-cache.tfstate", "acme/web-prod-dr-database.tfstate", "acme/web-prod-dr-monitoring.tfstate"]);
  });

  it("replicate the prod database by ARN into eu-west-1: its class, encrypted with a DR key, private, TLS, IAM auth, protected, its own parameter group", () => {
    expect(replica).toMatchObject({
      identifier: "acme-web-prod-dr",
      replicate_source_db: "arn:aws:rds:us-east-1:222222222222:db:acme-web-prod",
      instance_class: "db.r6g.large",
      storage_encrypted: true,
      kms_key_id: ref("aws_kms_key", key, "arn"),
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      deletion_protection: true,
      backup_retention_period: 0,
      skip_final_snapshot: true,
      performance_insights_kms_key_id: ref("aws_kms_key", key, "arn"),
      monitoring_role_arn: "arn:aws:iam::222222222222:role/acme-web-prod-rds-monitoring",
      vpc_security_group_ids: [ref("aws_security_group", database.resource("aws_security_group", "security-groups/database"))],
      parameter_group_name: ref("aws_db_parameter_group", database.resource("aws_db_parameter_group", "replica/parameters"), "name"),
    });
    expect(replica.engine).toBeUndefined();
    expect(replica.password_wo).toBeUndefined();
    expect(database.resource("aws_db_parameter_group", "replica/parameters")).toMatchObject({ family: "postgres16", name_prefix: "acme-web-prod-dr-postgres16-" });
    expect(key.enable_key_rotation).toBe(true);
    expect(database.resource("aws_kms_alias", "key/alias").name).toBe("alias/acme-web-prod-dr-database");
    expect(database.resources("aws_iam_role")).toEqual([]);
  });

  it("replicate the source's automated backups into eu-west-1 with the DR key and prod's 30 days, for a point-in-time restore there", () => {
    expect(database.resource("aws_db_instance_automated_backups_replication", "replica/backups")).toMatchObject({
      source_db_instance_arn: "arn:aws:rds:us-east-1:222222222222:db:acme-web-prod",
      kms_key_id: ref("aws_kms_key", key, "arn"),
      retention_period: 30,
    });
  });

  it("alarm to the DR region's topic when the replica is more than the RPO (5 minutes) behind, or reports nothing", () => {
    const alarm = database.resource("aws_cloudwatch_metric_alarm", "replica/lag");
    expect(alarm).toMatchObject({
      alarm_name: "acme-web-prod-dr-database-replica-lag",
      namespace: "AWS/RDS",
      metric_name: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: ref("aws_db_instance", replica, "identifier") },
      statistic: "Maximum",
      threshold: 300,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "breaching",
    });
    const topic = monitoring.resources("aws_sns_topic")[0];
    expect(topic.name).toBe("acme-web-prod-dr-alarms");
    expect(monitoring.json.provider.aws[0].region).toBe("eu-west-1");
    expect(monitoring.resources("aws_sns_topic_subscription").map((s) => s.protocol).sort()).toEqual(["email", "https"]);
  });

  it("turn into the failover when config says activeRegion: \"dr\": the replica is promoted with prod's multi-AZ and backups, and its lag alarm goes", () => {
    const config = defaultConfigCopy();
    config.environments.prod.activeRegion = "dr";
    const failover = new SynthesizedStack(buildPlatform(runOf(config)).platform.deployments.get("web-prod")!.dr!.database);
    const promoted = failover.resource("aws_db_instance", "replica/replica");
    // What a reviewer of the failover plan sees change on the instance, and nothing else on it.
    const changed = Object.keys({ ...replica, ...promoted }).filter((field) => JSON.stringify(replica[field]) !== JSON.stringify(promoted[field]));
    expect(changed.sort()).toEqual([
      // The source's, now declared as the primary declares them: no change in the plan (npm run cost reads them once no source names them).
      "allocated_storage",
      "apply_immediately",
      "backup_retention_period",
      "backup_window",
      "engine",
      "final_snapshot_identifier",
      // The fail-back marker's replace_triggered_by goes (and the marker with it): the promotion replaces nothing.
      "lifecycle",
      "maintenance_window",
      "multi_az",
      "replicate_source_db",
      "skip_final_snapshot",
      "tags",
    ]);
    expect(promoted.lifecycle).toBeUndefined();
    expect(failover.resources("terraform_data")).toEqual([]);
    expect(promoted).toMatchObject({
      backup_retention_period: 30,
      multi_az: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "acme-web-prod-dr-final",
      deletion_protection: true,
      identifier: "acme-web-prod-dr",
      engine: "postgres",
      // The source's, which the primary stack declares.
      allocated_storage: new SynthesizedStack(platform.deployments.get("web-prod")!.database).resource("aws_db_instance", "rds/primary").allocated_storage,
      // Multi-AZ and the class now, not in the maintenance window (RDS User Guide, "Modifying an Amazon RDS DB instance": ApplyImmediately).
      apply_immediately: true,
      // The DR region's backup plan selects the new writer.
      tags: expect.objectContaining({ BackupPlan: "acme-web-prod-dr" }),
    });
    expect(promoted.replicate_source_db).toBeUndefined();
    // The lag alarm goes; the new writer is watched as the primary was, to the DR topic, beside the unchanged gates.
    expect(failover.resources("aws_cloudwatch_metric_alarm").map((alarm) => alarm.alarm_name).sort()).toEqual(
      [
        ...DATABASE_ALARM_SUFFIXES.map((suffix) => `acme-web-prod-dr-database-${suffix}`),
        "acme-web-prod-dr-database-not-writer",
        "acme-web-prod-dr-database-took-over",
        "acme-web-prod-dr-writer-probe-silent",
      ].sort(),
    );
    expect(new Set(failover.resources("aws_cloudwatch_metric_alarm").filter((alarm) => !alarm.__name.startsWith("failover-gates")).flatMap((alarm) => alarm.alarm_actions))).toEqual(
      new Set(database.resource("aws_cloudwatch_metric_alarm", "replica/lag").alarm_actions),
    );
    // The replicated backups stay: a point-in-time restore in the DR region remains possible.
    expect(failover.resources("aws_db_instance_automated_backups_replication")).toHaveLength(1);
  });

});

/** The database alarms of an RDS writer with no replica (DatabaseAlarms). */
const DATABASE_ALARM_SUFFIXES = ["cpu", "freeable-memory", "connections", "free-storage"];

describe("an Aurora database with a DR network: a global database (seed 001's pilot light, Aurora's way)", () => {
  const auroraStacks = (failedOver: boolean) => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.prod.database = { engine: "aurora-postgresql-serverless" };
    if (failedOver) config.environments.prod.activeRegion = "dr";
    const stacks = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
    return { primary: new SynthesizedStack(stacks.database), dr: new SynthesizedStack(stacks.dr!.database), drService: new SynthesizedStack(stacks.dr!.service) };
  };
  const { primary, dr, drService } = auroraStacks(false);
  const secondary = dr.resource("aws_rds_cluster", "secondary/cluster");

  it("makes the primary cluster the primary of a global database, which Terraform leaves it in", () => {
    const cluster = primary.resource("aws_rds_cluster", "aurora/cluster");
    expect(primary.resource("aws_rds_global_cluster", "aurora/global")).toMatchObject({
      global_cluster_identifier: "acme-web-prod-global",
      source_db_cluster_identifier: ref("aws_rds_cluster", cluster, "arn"),
      force_destroy: true,
      deletion_protection: true,
    });
    expect(cluster.lifecycle).toEqual({ ignore_changes: ["global_cluster_identifier"] });
    expect(cluster.manage_master_user_password).toBeUndefined();
  });

  it("joins a secondary cluster in eu-west-1: the DR key, the DR network, the primary's version and range, no credentials of its own, one Serverless v2 instance", () => {
    const key = dr.resource("aws_kms_key", "key/key");
    expect(dr.json.provider.aws[0].region).toBe("eu-west-1");
    expect(secondary).toMatchObject({
      cluster_identifier: "acme-web-prod-dr",
      global_cluster_identifier: "acme-web-prod-global",
      engine: "aurora-postgresql",
      engine_version: "16.10",
      storage_encrypted: true,
      kms_key_id: ref("aws_kms_key", key, "arn"),
      iam_database_authentication_enabled: true,
      deletion_protection: true,
      serverlessv2_scaling_configuration: { min_capacity: 2, max_capacity: 16 },
      lifecycle: { ignore_changes: ["replication_source_identifier"] },
    });
    expect(secondary.master_username).toBeUndefined();
    expect(secondary.master_password_wo).toBeUndefined();
    expect(secondary.database_name).toBeUndefined();
    expect(dr.resources("aws_rds_cluster_instance").map((instance) => [instance.identifier, instance.instance_class, instance.publicly_accessible])).toEqual([
      ["acme-web-prod-dr-instance", "db.serverless", false],
    ]);
    expect(dr.resources("aws_db_instance_automated_backups_replication")).toEqual([]);
    expect(dr.resources("aws_iam_role")).toEqual([]);
  });

  it("alarms when the secondary is more than the RPO behind (AuroraGlobalDBReplicationLag, in milliseconds), and gates DNS on whether its cluster endpoint takes writes", () => {
    const alarm = (path: string) => dr.resource("aws_cloudwatch_metric_alarm", path);
    expect(alarm("secondary/lag")).toMatchObject({
      alarm_name: "acme-web-prod-dr-database-replica-lag",
      metric_name: "AuroraGlobalDBReplicationLag",
      dimensions: { DBClusterIdentifier: ref("aws_rds_cluster", secondary, "cluster_identifier") },
      threshold: 300000,
      treat_missing_data: "breaching",
    });
    // The gates watch the writer probe, which logs in to the cluster endpoint: the writer once detached.
    for (const gate of ["failover-gates/not-writer", "failover-gates/took-over"]) expect(alarm(gate)).toMatchObject({ namespace: "Platform/Failover", metric_name: "Writer" });
    const probe = dr.resource("aws_lambda_function", "writer-probe/function");
    expect(probe.environment.variables.DB_HOST).toBe(ref("aws_rds_cluster", secondary, "endpoint"));
    // The pilot light reads through the reader endpoint: a secondary has no writer.
    const app = JSON.parse(drService.resource("aws_ecs_task_definition", "task/task").container_definitions)[0];
    expect(app.environment.find((variable: { name: string }) => variable.name === "DB_HOST").value).toBe(ref("aws_rds_cluster", secondary, "reader_endpoint"));
  });

  it("detaches the secondary when config says activeRegion: \"dr\": a standalone writable cluster with prod's second instance, its lag alarm gone", () => {
    const failover = auroraStacks(true);
    const detached = failover.dr.resource("aws_rds_cluster", "secondary/cluster");
    const changed = Object.keys({ ...secondary, ...detached }).filter((field) => JSON.stringify(secondary[field]) !== JSON.stringify(detached[field]));
    expect(changed.sort()).toEqual(["global_cluster_identifier", "tags"]);
    expect(detached.tags).toMatchObject({ BackupPlan: "acme-web-prod-dr" });
    expect(failover.dr.resources("aws_rds_cluster_instance").map((instance) => instance.identifier)).toEqual(["acme-web-prod-dr-instance", "acme-web-prod-dr-reader"]);
    expect(failover.dr.resources("aws_cloudwatch_metric_alarm").map((alarm) => alarm.alarm_name)).not.toContain("acme-web-prod-dr-database-replica-lag");
    expect(failover.dr.resources("aws_cloudwatch_metric_alarm").map((alarm) => alarm.alarm_name)).toEqual(expect.arrayContaining(["acme-web-prod-dr-database-cpu", "acme-web-prod-dr-database-not-writer"]));
    const app = JSON.parse(failover.drService.resource("aws_ecs_task_definition", "task/task").container_definitions)[0];
    expect(app.environment.find((variable: { name: string }) => variable.name === "DB_HOST").value).toBe(ref("aws_rds_cluster", detached, "endpoint"));
  });
});

describe("secrets in the DR region", () => {
  const { platform } = buildPlatform();
  const prod = platform.deployments.get("web-prod")!;

  it("replicate every generated secret of prod to eu-west-1 with a key the secrets stack creates there", () => {
    const secrets = new SynthesizedStack(prod.secrets);
    const key = secrets.resource("aws_kms_key", "dr-key/key/key");
    expect(key).toMatchObject({ provider: "aws.eu-west-1", enable_key_rotation: true });
    expect(secrets.resource("aws_kms_alias", "dr-key/key/alias")).toMatchObject({ provider: "aws.eu-west-1", name: "alias/acme-web-prod-secrets-dr" });
    expect(secrets.resource("aws_secretsmanager_secret", "secret-key/secret").replica).toEqual([{ region: "eu-west-1", kms_key_id: SynthesizedStack.ref("aws_kms_key", key, "arn") }]);
  });

  it("replicate prod's master secret to eu-west-1 with a key the database stack creates there", () => {
    const database = new SynthesizedStack(prod.database);
    const key = database.resource("aws_kms_key", "dr-secret-key/key/key");
    expect(key.provider).toBe("aws.eu-west-1");
    expect(database.resource("aws_secretsmanager_secret", "master/secret").replica).toEqual([{ region: "eu-west-1", kms_key_id: SynthesizedStack.ref("aws_kms_key", key, "arn") }]);
    expect(database.json.provider.aws.map((provider: { alias?: string }) => provider.alias)).toEqual([undefined, "eu-west-1"]);
  });

  it("stay in their region where the environment has no DR network", () => {
    const dev = platform.deployments.get("web-dev")!;
    expect(new SynthesizedStack(dev.secrets).resource("aws_secretsmanager_secret", "secret-key/secret").replica).toBeUndefined();
    expect(new SynthesizedStack(dev.database).resource("aws_secretsmanager_secret", "master/secret").replica).toBeUndefined();
    expect(new SynthesizedStack(dev.secrets).json.provider.aws).toHaveLength(1);
  });
});

describe("app files in the DR region (seed 004: application data, prod only)", () => {
  const { platform } = buildPlatform();
  const prod = platform.deployments.get("web-prod")!;
  const storage = new SynthesizedStack(prod.dr!.storage);
  const service = new SynthesizedStack(prod.service);
  const files = new SynthesizedStack(prod.files);

  it("land in a hardened, versioned bucket of eu-west-1 with a key of that region, the source's lifecycle, state in the DR backend, applied by an administrator", () => {
    const bucket = storage.resource("aws_s3_bucket", "app-files/bucket");
    expect(bucket.bucket).toBe("acme-web-prod-222222222222-eu-west-1-files");
    expect(storage.resource("aws_s3_bucket_versioning", "app-files/versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(storage.resource("aws_kms_alias", "key/alias").name).toBe("alias/acme-web-prod-files-dr");
    expect(storage.json.provider.aws.map((provider: { region: string }) => provider.region)).toEqual(["eu-west-1"]);
    expect(storage.json.terraform.backend.s3.bucket).toBe("acme-222222222222-eu-west-1-tfstate");
    expect(prod.files.dependencies.map((stack) => stack.node.id)).toContain("web-prod-dr-storage");
    expect(prod.dr!.storage.deployedBy).toBe("administrator");
  });

  it("replicate from the prod bucket with Replication Time Control (15 minutes) and its metrics, re-encrypted with the DR key", () => {
    const [replication] = files.resources("aws_s3_bucket_replication_configuration");
    expect(replication.bucket).toBe(SynthesizedStack.ref("aws_s3_bucket", files.resource("aws_s3_bucket", "app-files/bucket")));
    expect(replication.rule).toEqual([
      expect.objectContaining({
        destination: {
          bucket: "arn:aws:s3:::acme-web-prod-222222222222-eu-west-1-files",
          encryption_configuration: { replica_kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/acme-web-prod-files-dr" },
          replication_time: { status: "Enabled", time: { minutes: 15 } },
          metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
        },
        delete_marker_replication: { status: "Enabled" },
      }),
    ]);
    expect(files.resource("aws_iam_role", "app-files-replication/role").name).toBe("acme-web-prod-files-replication");
  });

  it("guard the replica like its source: every object action denied to all but the DR task, backup and admin roles, every protection change to all but the backup and admin roles", () => {
    const role = "arn:aws:iam::222222222222:role";
    const arn = "arn:aws:s3:::acme-web-prod-222222222222-eu-west-1-files";
    const statements = bucketPolicyStatements(storage, "app-files/policy");
    const guard = Object.fromEntries(statements.map((statement) => [statement.Sid, statement]));
    const source = Object.fromEntries(bucketPolicyStatements(files, "app-files/policy").map((statement) => [statement.Sid, statement]));
    const drTaskRole = `${role}/${service.resource("aws_iam_role", "dr-roles/roles/task").name}`;
    expect(guard.DenyObjectAccessButNamedRoles).toEqual({
      ...source.DenyObjectAccessButNamedRoles,
      Resource: `${arn}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [drTaskRole, `${role}/acme-web-prod-backup`, `${role}/acme-admin`] } },
    });
    expect(drTaskRole).toBe(`${role}/acme-web-prod-dr-task`);
    expect(guard.DenyProtectionChangesButNamedRoles).toEqual({ ...source.DenyProtectionChangesButNamedRoles, Resource: arn });
    expect(storage.resource("aws_s3_bucket", "app-files/bucket").tags).toMatchObject({ DataClass: "app-data" });
    // Replication writes replicas with these actions (S3 User Guide, Setting up permissions for live replication): only the TLS denials name them.
    for (const action of ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]) {
      expect(denialsOf(statements, action, `${arn}/*`).map(conditionOperators)).toEqual([["Bool"], ["NumericLessThan"]]);
    }
    // The DR task role's own reads and writes are exempt.
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
      const denial = denialsOf(statements, action, `${arn}/*`).find((statement) => statement.Condition?.ArnNotEquals);
      expect((denial!.Condition!.ArnNotEquals as Record<string, string[]>)["aws:PrincipalArn"]).toContain(drTaskRole);
    }
  });

  it("do not replicate where the environment has no DR network", () => {
    expect(new SynthesizedStack(platform.deployments.get("web-uat")!.files).resources("aws_s3_bucket_replication_configuration")).toEqual([]);
  });
});
