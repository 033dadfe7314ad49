import { bucketPolicyStatements, conditionOperators, denialsOf } from "../support/bucket-policy";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, defaultRun, runOf } from "../support/config";
import type { PlatformConfigInput } from "../../src/config/platform/schema";

const ref = SynthesizedStack.ref;

function serviceStacks(config?: PlatformConfigInput, kind: "service" | "files" = "service"): Map<string, SynthesizedStack> {
  const { platform } = buildPlatform(config ? runOf(config) : undefined);
  return new Map([...platform.deployments].map(([name, stacks]) => [name, new SynthesizedStack(stacks[kind])]));
}

const containersOf = (stack: SynthesizedStack): Record<string, any>[] =>
  JSON.parse(stack.resource("aws_ecs_task_definition", "task/task").container_definitions);
const policyOf = (stack: SynthesizedStack, path: string) => JSON.parse(stack.resource("aws_iam_role_policy", path).policy);
const bySid = (policy: { Statement: { Sid: string }[] }): Record<string, any> => Object.fromEntries(policy.Statement.map((statement) => [statement.Sid, statement]));

describe("<app>-<env>-service stacks", () => {
  const stacks = serviceStacks();
  const svc = (env: string) => stacks.get(`web-${env}`)!;
  const filesStacks = serviceStacks(undefined, "files");
  /** `web-<env>-files`, which an administrator applies: the app files bucket, its key and its replication. */
  const fls = (env: string) => filesStacks.get(`web-${env}`)!;

  it.each([
    // env, cpu, memory, container insights, spot, exec
    ["dev", "256", "512", "disabled", true, true],
    ["staging", "512", "1024", "disabled", true, true],
    ["uat", "512", "1024", "disabled", true, true],
    ["prod", "1024", "2048", "enabled", false, false],
  ])("sizes %s's Fargate task at %s CPU and %s MiB, Container Insights %s, Spot %s, ECS Exec %s", (env, cpu, memory, insights, spot, exec) => {
    expect(svc(env).resource("aws_ecs_task_definition", "task/task")).toMatchObject({
      family: `acme-web-${env}`,
      cpu,
      memory,
      network_mode: "awsvpc",
      requires_compatibilities: ["FARGATE"],
    });
    expect(svc(env).resource("aws_ecs_cluster", "service/cluster").setting).toEqual([{ name: "containerInsights", value: insights }]);
    const service = svc(env).resource("aws_ecs_service", "service/service");
    expect(service.enable_execute_command).toBe(exec);
    const onDemandBase = env === "dev" ? [] : [{ capacity_provider: "FARGATE", base: 1, weight: 0 }];
    expect(service.capacity_provider_strategy).toEqual(spot ? [...onDemandBase, { capacity_provider: "FARGATE_SPOT", weight: 1 }] : [{ capacity_provider: "FARGATE", weight: 1 }]);
  });

  it("runs every dev task on Spot (its budget), and keeps one on on-demand Fargate in staging and uat so a Spot reclaim leaves one up", () => {
    const strategy = (env: string) => svc(env).resource("aws_ecs_service", "service/service").capacity_provider_strategy;
    expect(strategy("dev")).toEqual([{ capacity_provider: "FARGATE_SPOT", weight: 1 }]);
    expect(strategy("uat")[0]).toEqual({ capacity_provider: "FARGATE", base: 1, weight: 0 });
    const config = defaultConfigCopy();
    config.apps!.web.environments!.dev.service = { onDemandBaseTasks: 1 };
    expect(serviceStacks(config).get("web-dev")!.resource("aws_ecs_service", "service/service").capacity_provider_strategy[0]).toEqual({ capacity_provider: "FARGATE", base: 1, weight: 0 });
  });

  it("runs the service in private subnets with no public IPs, a rolling deployment and a circuit breaker that rolls back", () => {
    const service = svc("prod").resource("aws_ecs_service", "service/service");
    expect(service).toMatchObject({
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      health_check_grace_period_seconds: 60,
      desired_count: 3,
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(service.network_configuration.assign_public_ip).toBe(false);
    // Testing.synth shows cross-stack references as the producer's addresses (remote state after app.synth).
    expect(service.network_configuration.subnets).toEqual([expect.stringMatching(/^\$\{aws_subnet\.network_private-us-east-1a_/), expect.any(String), expect.any(String)]);
    expect(service.load_balancer).toEqual([
      { target_group_arn: expect.stringContaining("aws_lb_target_group"), container_name: "app", container_port: 3000 },
    ]);
  });

  it.each([
    ["dev", 1, 3],
    ["staging", 2, 4],
    ["uat", 2, 6],
    ["prod", 3, 10],
  ])("scales %s between %i and %i tasks on CPU (70%%) and memory (75%%), out after 5 minutes and in after 15", (env, min, max) => {
    const target = svc(env).resource("aws_appautoscaling_target", "autoscaling/target");
    expect(target).toMatchObject({ min_capacity: min, max_capacity: max, scalable_dimension: "ecs:service:DesiredCount", service_namespace: "ecs" });
    const policies = svc(env).resources("aws_appautoscaling_policy").map((policy) => policy.target_tracking_scaling_policy_configuration);
    expect(policies).toEqual([
      expect.objectContaining({ target_value: 70, scale_out_cooldown: 300, scale_in_cooldown: 900, predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" } }),
      expect.objectContaining({ target_value: 75, predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageMemoryUtilization" } }),
    ]);
  });

  it("tracks requests per target when configured", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.service = { requestsPerTarget: 800 };
    const staging = serviceStacks(config).get("web-staging")!;
    const requests = staging.resource("aws_appautoscaling_policy", "autoscaling/requests").target_tracking_scaling_policy_configuration;
    expect(requests.target_value).toBe(800);
    expect(requests.predefined_metric_specification.predefined_metric_type).toBe("ALBRequestCountPerTarget");
    expect(requests.predefined_metric_specification.resource_label).toMatch(/aws_lb\..*arn_suffix.*\/.*aws_lb_target_group\..*arn_suffix/);
  });

  it("hardens every container: read-only root, all capabilities dropped, an init process, a health check, logs to the service's log group", () => {
    for (const env of ["dev", "prod"]) {
      const [app] = containersOf(svc(env));
      expect(app).toMatchObject({
        name: "app",
        essential: true,
        readonlyRootFilesystem: true,
        linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
        portMappings: [{ containerPort: 3000, protocol: "tcp" }],
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/acme-web-${env}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" } },
      });
      expect(app.privileged).toBeUndefined();
      expect(app.healthCheck.command).toEqual(["CMD-SHELL", "curl -fsS http://127.0.0.1:3000/health > /dev/null || exit 1"]);
      expect(app.mountPoints).toContainEqual({ sourceVolume: "rw-tmp", containerPath: "/tmp", readOnly: false });
    }
  });

  it("runs the release tag outside prod, and in prod the digest staging tested, from the build repository", () => {
    const repository = "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/web";
    expect(containersOf(svc("dev"))[0].image).toBe(`${repository}:0.1.0`);
    expect(containersOf(svc("prod"))[0].image).toBe(`${repository}@sha256:${"0".repeat(64)}`);
  });

  it("runs the app as an unprivileged user, 1000:1000 unless config names another", () => {
    expect(containersOf(svc("prod"))[0].user).toBe("1000:1000");
    const config = defaultConfigCopy();
    config.apps!.web.service = { ...config.apps!.web.service, user: "app:app" };
    expect(containersOf(serviceStacks(config).get("web-dev")!)[0].user).toBe("app:app");
  });

  it("gives ECS Exec's agent writable paths only where exec is on", () => {
    const mounts = (env: string) => containersOf(svc(env))[0].mountPoints.map((mount: { containerPath: string }) => mount.containerPath);
    expect(mounts("dev")).toEqual(["/tmp", "/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"]);
    expect(mounts("prod")).toEqual(["/tmp"]);
  });

  it("keeps logs in a KMS-encrypted log group with the tier's retention", () => {
    for (const [env, days] of [["dev", 7], ["staging", 14], ["uat", 14], ["prod", 30]] as const) {
      const logs = svc(env).resource("aws_cloudwatch_log_group", "log-group");
      expect(logs).toMatchObject({ name: `/ecs/acme-web-${env}`, retention_in_days: days, kms_key_id: ref("aws_kms_key", svc(env).resource("aws_kms_key", "key/key"), "arn") });
    }
  });

  it("passes secrets only by ARN, and lets the execution role read exactly those", () => {
    const [app] = containersOf(svc("dev"));
    expect(app.secrets).toEqual([{ name: "SECRET_KEY", valueFrom: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.secret-key_secret_[^.]+\.arn\}$/) }]);
    expect(JSON.stringify(app.environment)).not.toMatch(/secret_arns|password/i);
    const execution = bySid(policyOf(svc("dev"), "roles/execution-policy"));
    expect(execution.InjectSecrets).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: [app.secrets[0].valueFrom] });
    expect(execution.DecryptSecrets.Resource).toHaveLength(1);
    expect(execution.PullImages).toMatchObject({ Resource: ["arn:aws:ecr:us-east-1:111111111111:repository/acme/web"] });
    expect(execution.WriteLogs.Resource).toMatch(/aws_cloudwatch_log_group\..*\.arn\}:\*$/);
  });

  it("connects to the database as the app role with IAM tokens, not a password", () => {
    const [app] = containersOf(svc("dev"));
    const environment = Object.fromEntries(app.environment.map((pair: { name: string; value: string }) => [pair.name, pair.value]));
    expect(environment).toMatchObject({ DB_USER: "app", DB_NAME: "app", DB_PORT: "5432", DB_AUTH: "iam", APP_FILES_BUCKET: "acme-web-dev-111111111111-files" });
    expect(bySid(policyOf(svc("dev"), "roles/task-policy")).ConnectToDatabaseAsAppRole.Resource).toMatch(/^arn:aws:rds-db:us-east-1:111111111111:dbuser:\$\{.*\}\/app$/);
  });

  it("injects the master password by ARN when the app asks for the master secret, readable with the database's key", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.service = { databaseCredentials: "master-secret" };
    const staging = serviceStacks(config).get("web-staging")!;
    const [app] = containersOf(staging);
    expect(app.secrets).toContainEqual({ name: "DB_PASSWORD", valueFrom: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.master_secret_[^.]+\.arn\}:password::$/) });
    const execution = bySid(policyOf(staging, "roles/execution-policy"));
    expect(execution.DecryptSecrets.Resource).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.key_/), expect.stringMatching(/^\$\{aws_kms_key\.key_/)]);
    expect(bySid(policyOf(staging, "roles/task-policy")).ConnectToDatabaseAsAppRole).toBeUndefined();
  });

  it("replaces the tasks when a secret they read is rotated: the versions are part of the task definition", () => {
    const versionsOf = (stack: SynthesizedStack) => {
      const [app] = containersOf(stack);
      return app.environment.find((pair: { name: string }) => pair.name === "SECRET_VERSIONS").value;
    };
    expect(versionsOf(svc("prod"))).toBe("secret-key:1");
    const config = defaultConfigCopy();
    config.apps!.web.environments!.prod.secrets = { "secret-key": { version: 3 } };
    config.apps!.web.environments!.prod.database = { masterPasswordVersion: 2 };
    config.apps!.web.environments!.prod.service = { ...config.apps!.web.environments!.prod.service, databaseCredentials: "master-secret" };
    expect(versionsOf(serviceStacks(config).get("web-prod")!)).toBe("secret-key:3,database/master:2");
  });

  it("limits the task role to its files bucket, its key, its feature flags and its cache", () => {
    const policy = bySid(policyOf(svc("prod"), "roles/task-policy"));
    // Prod's collector adds X-Ray and its workspace's remote write (observability.test.ts).
    expect(Object.keys(policy).sort()).toEqual([
      "ConnectToCacheAsAppUser",
      "ConnectToDatabaseAsAppRole",
      "ListAppFiles",
      "ReadFeatureFlags",
      "ReadWriteAppFiles",
      "RemoteWriteToTheWorkspace",
      "UseAppFilesKey",
      "XRayTracesWhichHaveNoResourceScope",
    ]);
    expect(policy.ReadWriteAppFiles.Resource).toBe("arn:aws:s3:::acme-web-prod-222222222222-files/*");
    // The files stack's key, by its alias: the service stack reads no state of the administrator's stack.
    expect(policy.UseAppFilesKey).toMatchObject({
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "arn:aws:kms:us-east-1:222222222222:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/acme-web-prod-files"] } },
    });
    expect(fls("prod").resource("aws_kms_alias", "key/alias").name).toBe("alias/acme-web-prod-files");
    // Beside the load balancer's logs, prod's log forwarding keeps its failed events (observability.test.ts).
    expect(svc("prod").resources("aws_s3_bucket").map((bucket) => bucket.bucket)).toEqual(["acme-web-prod-222222222222-lb-logs", "acme-web-prod-222222222222-logs-failed"]);
  });

  it("lets the task role carry ECS Exec sessions where exec is on: SSM channels, the session key, session logs in the task's log group", () => {
    const dev = bySid(policyOf(svc("dev"), "roles/task-policy"));
    const key = ref("aws_kms_key", svc("dev").resource("aws_kms_key", "key/key"), "arn");
    const logGroup = ref("aws_cloudwatch_log_group", svc("dev").resource("aws_cloudwatch_log_group", "log-group"), "arn");
    expect(dev.EcsExecChannelsWhichHaveNoResourceScope.Action).toEqual(expect.arrayContaining(["ssmmessages:CreateControlChannel", "ssmmessages:OpenDataChannel"]));
    expect(dev.EcsExecSessionKey).toMatchObject({ Action: "kms:Decrypt", Resource: [key] });
    expect(dev.EcsExecFindLogGroupWhichHasNoResourceScope).toMatchObject({ Action: "logs:DescribeLogGroups", Resource: "*" });
    expect(dev.EcsExecSessionLogs).toMatchObject({ Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: `${logGroup}:*` });
    expect(svc("dev").resource("aws_ecs_cluster", "service/cluster").configuration.execute_command_configuration).toEqual({ kms_key_id: key, logging: "DEFAULT" });
    expect(Object.keys(bySid(policyOf(svc("prod"), "roles/task-policy"))).filter((sid) => sid.startsWith("EcsExec"))).toEqual([]);
  });

  it("keeps the previous task definition revision active when a new image rolls out, so the service can be pointed back at it", () => {
    expect(svc("prod").resource("aws_ecs_task_definition", "task/task").skip_destroy).toBe(true);
  });

  it("trusts ECS tasks of the environment's account only", () => {
    const role = svc("prod").resource("aws_iam_role", "roles/execution");
    expect(role.name).toBe("acme-web-prod-task-execution");
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: "ecs-tasks.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
  });

  it("keeps app files in the files stack, applied by an administrator: a versioned bucket with its own key, tagged as app data for AWS Backup and the guardrails, with seed 003's lifecycle", () => {
    const { platform } = buildPlatform();
    expect(platform.deployments.get("web-uat")!.files.deployedBy).toBe("administrator");
    expect(platform.deployments.get("web-prod")!.service.dependencies).toContain(platform.deployments.get("web-prod")!.files);
    const bucket = fls("uat").resource("aws_s3_bucket", "app-files/bucket");
    expect(bucket.bucket).toBe("acme-web-uat-111111111111-files");
    expect(bucket.tags).toMatchObject({ BackupPlan: "acme-web-uat", DataClass: "app-data" });
    expect(fls("uat").resource("aws_s3_bucket_server_side_encryption_configuration", "app-files/encryption").rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(
      ref("aws_kms_key", fls("uat").resource("aws_kms_key", "key/key"), "arn"),
    );
    const [rule] = fls("uat").resource("aws_s3_bucket_lifecycle_configuration", "app-files/lifecycle").rule;
    expect(rule).toMatchObject({ transition: [{ days: 30, storage_class: "STANDARD_IA" }], noncurrent_version_expiration: [{ noncurrent_days: 90 }] });
  });

  describe("the app files bucket's object guard (issue 19, item 7)", () => {
    const uat = "arn:aws:iam::111111111111:role";
    const prod = "arn:aws:iam::222222222222:role";
    const files = (env: string) => fls(env).resource("aws_s3_bucket", "app-files/bucket").bucket;
    const guard = (env: string) => bySid(JSON.parse(fls(env).resource("aws_s3_bucket_policy", "app-files/policy").policy));

    it.each([
      ["uat", [`${uat}/acme-web-uat-task`, `${uat}/acme-web-uat-backup`, `${uat}/acme-admin`], [`${uat}/acme-web-uat-backup`, `${uat}/acme-admin`]],
      ["prod", [`${prod}/acme-web-prod-task`, `${prod}/acme-web-prod-backup`, `${prod}/acme-web-prod-files-replication`, `${prod}/acme-admin`], [`${prod}/acme-web-prod-backup`, `${prod}/acme-admin`]],
    ])("in %s, denies every object action to all but the task, backup, (replication) and admin roles, and every protection change to all but the backup and admin roles", (env, objectRoles, bucketRoles) => {
      const arn = `arn:aws:s3:::${files(env)}`;
      expect(guard(env).DenyObjectAccessButNamedRoles).toEqual({
        Sid: "DenyObjectAccessButNamedRoles",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject"],
        Resource: `${arn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": objectRoles } },
      });
      expect(guard(env).DenyProtectionChangesButNamedRoles).toEqual({
        Sid: "DenyProtectionChangesButNamedRoles",
        Effect: "Deny",
        Principal: "*",
        Action: [
          "s3:PutLifecycleConfiguration",
          "s3:PutBucketPolicy",
          "s3:DeleteBucketPolicy",
          "s3:PutBucketVersioning",
          "s3:PutReplicationConfiguration",
          "s3:PutBucketObjectLockConfiguration",
          "s3:PutBucketTagging",
        ],
        Resource: arn,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": bucketRoles } },
      });
    });

    it("names the roles the stacks create, the task role and the replication role, and no deploy role", () => {
      const objectRoles = guard("prod").DenyObjectAccessButNamedRoles.Condition.ArnNotEquals["aws:PrincipalArn"];
      expect(objectRoles).toContain(`${prod}/${svc("prod").resource("aws_iam_role", "roles/task").name}`);
      expect(objectRoles).toContain(`${prod}/${fls("prod").resource("aws_iam_role", "app-files-replication/role").name}`);
      const deployRoles = defaultRun().platform.delivery.accesses.flatMap((access) => access.deploy).map((scope) => `${prod}/${scope.roleName}`);
      const exempt = [...objectRoles, ...guard("prod").DenyProtectionChangesButNamedRoles.Condition.ArnNotEquals["aws:PrincipalArn"]];
      expect(exempt.filter((arn: string) => deployRoles.includes(arn))).toEqual([]);
    });

    it("leaves the task role's own reads and writes, and every read a plan makes, undenied", () => {
      const statements = bucketPolicyStatements(fls("prod"), "app-files/policy");
      const taskRole = `${prod}/acme-web-prod-task`;
      const arn = `arn:aws:s3:::${files("prod")}`;
      const task = bySid(policyOf(svc("prod"), "roles/task-policy"));
      for (const action of task.ReadWriteAppFiles.Action) {
        const denials = denialsOf(statements, action, `${arn}/*`);
        // Beside the TLS denials (the task calls over TLS 1.2+), only the object guard names it, and it exempts the task role.
        expect(denials.map(conditionOperators)).toEqual([["Bool"], ["NumericLessThan"], ["ArnNotEquals"]]);
        expect((denials[2].Condition!.ArnNotEquals as Record<string, string[]>)["aws:PrincipalArn"]).toContain(taskRole);
      }
      for (const action of ["s3:ListBucket", "s3:GetBucketPolicy", "s3:GetLifecycleConfiguration", "s3:GetBucketVersioning", "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration"]) {
        expect(denialsOf(statements, action, arn).map(conditionOperators)).toEqual([["Bool"], ["NumericLessThan"]]);
      }
    });
  });

  it("serves HTTPS only in uat and prod: HTTP redirects there, and forwards in dev and staging (prod's behind CloudFront, whose origin secret the forwarding rule checks)", () => {
    const listeners = (env: string) => svc(env).resources("aws_lb_listener").map((listener) => [listener.port, listener.protocol, listener.default_action[0].type]);
    expect(listeners("dev")).toEqual([[80, "HTTP", "forward"]]);
    expect(listeners("staging")).toEqual([[80, "HTTP", "forward"]]);
    expect(listeners("uat")).toEqual(expect.arrayContaining([[80, "HTTP", "redirect"], [443, "HTTPS", "forward"]]));
    expect(listeners("prod")).toEqual(expect.arrayContaining([[80, "HTTP", "redirect"], [443, "HTTPS", "fixed-response"]]));
  });

  it("puts a WAF web ACL on the load balancer in uat and prod only", () => {
    for (const env of ["dev", "staging"]) expect(svc(env).resources("aws_wafv2_web_acl_association")).toEqual([]);
    for (const env of ["uat", "prod"]) {
      const association = svc(env).resources("aws_wafv2_web_acl_association")[0];
      expect(association.resource_arn).toBe(ref("aws_lb", svc(env).resources("aws_lb")[0], "arn"));
    }
  });

  it("logs WAF requests where WAF is on, with the tier's retention, in a group the stack's key admits CloudWatch Logs to", () => {
    for (const [env, days] of [["uat", 14], ["prod", 30]] as const) {
      const stack = svc(env);
      const key = stack.resource("aws_kms_key", "key/key");
      expect(stack.resource("aws_cloudwatch_log_group", "waf/log-group")).toMatchObject({
        name: `aws-waf-logs-acme-web-${env}`,
        retention_in_days: days,
        kms_key_id: ref("aws_kms_key", key, "arn"),
      });
      const logsStatement = JSON.parse(key.policy).Statement.find((statement: { Sid: string }) => statement.Sid === "CloudWatchLogsEncryptsTheseLogGroups");
      expect(logsStatement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toContain(
        `arn:aws:logs:us-east-1:${env === "prod" ? "222222222222" : "111111111111"}:log-group:aws-waf-logs-acme-web-${env}`,
      );
    }
    expect(svc("dev").resources("aws_wafv2_web_acl_logging_configuration")).toEqual([]);
  });

  it("protects the load balancer from deletion in uat and prod", () => {
    expect(svc("dev").resources("aws_lb")[0].enable_deletion_protection).toBe(false);
    expect(svc("prod").resources("aws_lb")[0].enable_deletion_protection).toBe(true);
  });

  it("admits the app's port on the tasks from the load balancer's security group only", () => {
    const tasks = svc("dev").resource("aws_security_group", "service/security-group");
    const ingress = svc("dev").resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === ref("aws_security_group", tasks));
    expect(ingress).toEqual([expect.objectContaining({ from_port: 3000, to_port: 3000, referenced_security_group_id: expect.stringContaining("aws_security_group.") })]);
    expect(ingress[0].cidr_ipv4).toBeUndefined();
  });

  it("joins the database's client group so the tasks reach PostgreSQL", () => {
    const groups = svc("dev").resource("aws_ecs_service", "service/service").network_configuration.security_groups;
    expect(groups).toEqual([expect.stringContaining("aws_security_group.service_security-group"), expect.stringMatching(/^\$\{aws_security_group\.security-groups_clients_/)]);
  });

  it("alarms on 5xx, p99 latency, unhealthy targets, running tasks below desired, CPU and memory, to the environment's topic", () => {
    const ids = ["load-balancer-5xx", "target-5xx", "p99-response-time", "unhealthy-targets", "running-tasks", "cpu", "memory"];
    const alarms = ids.map((id) => svc("prod").resource("aws_cloudwatch_metric_alarm", `alarms/${id}`));
    // And one more: the DNS failover's alarm on the primary endpoint (the DR tests check it).
    expect(svc("prod").resources("aws_cloudwatch_metric_alarm").filter((alarm) => alarm.__name.startsWith("alarms_"))).toHaveLength(ids.length);
    expect(alarms.map((alarm) => [alarm.alarm_name, alarm.metric_name, alarm.threshold])).toEqual([
      ["acme-web-prod-service-load-balancer-5xx", "HTTPCode_ELB_5XX_Count", 10],
      ["acme-web-prod-service-target-5xx", "HTTPCode_Target_5XX_Count", 10],
      ["acme-web-prod-service-p99-response-time", "TargetResponseTime", 2],
      ["acme-web-prod-service-unhealthy-targets", "UnHealthyHostCount", 0],
      ["acme-web-prod-service-running-tasks", undefined, 0],
      // Seed 004: high CPU above 80%.
      ["acme-web-prod-service-cpu", "CPUUtilization", 80],
      ["acme-web-prod-service-memory", "MemoryUtilization", 85],
    ]);
    expect(alarms[2].extended_statistic).toBe("p99");
    // With Container Insights (prod): desired minus running tasks, each the most in 5 minutes, above 0 for two periods.
    const running = alarms[4];
    expect(running).toMatchObject({ comparison_operator: "GreaterThanThreshold", evaluation_periods: 2 });
    expect(running.period).toBeUndefined();
    expect(running.metric_query).toEqual([
      expect.objectContaining({ id: "desired", return_data: false, metric: expect.objectContaining({ namespace: "ECS/ContainerInsights", metric_name: "DesiredTaskCount", stat: "Maximum", period: 300 }) }),
      expect.objectContaining({ id: "running", return_data: false, metric: expect.objectContaining({ metric_name: "RunningTaskCount", stat: "Maximum", dimensions: { ClusterName: expect.any(String), ServiceName: expect.any(String) } }) }),
      expect.objectContaining({ id: "result", expression: "desired - running", return_data: true }),
    ]);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_[^.]+\.arn\}$/)]);
    // Without Container Insights, healthy targets below the minimum stand in for running tasks.
    const dev = svc("dev").resource("aws_cloudwatch_metric_alarm", "alarms/running-tasks");
    expect(dev).toMatchObject({ metric_name: "HealthyHostCount", threshold: 1, comparison_operator: "LessThanThreshold" });
  });

  it("serves feature flags from AppConfig and tells the app where they are", () => {
    const content = JSON.parse(svc("dev").resource("aws_appconfig_hosted_configuration_version", "feature-flags/version").content);
    expect(content.values).toEqual({ "new-checkout": { enabled: true } });
    const prod = JSON.parse(svc("prod").resource("aws_appconfig_hosted_configuration_version", "feature-flags/version").content);
    expect(prod.values).toEqual({ "new-checkout": { enabled: false } });
    const names = containersOf(svc("dev"))[0].environment.map((pair: { name: string }) => pair.name);
    expect(names).toEqual(expect.arrayContaining(["APPCONFIG_APPLICATION", "APPCONFIG_ENVIRONMENT", "APPCONFIG_PROFILE"]));
  });

  it("changes a flag without touching the task definition or the service: only a new AppConfig version and its deployment", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.dev.featureFlags = { "new-checkout": false };
    const flipped = serviceStacks(config).get("web-dev")!;
    const version = (stack: SynthesizedStack) => stack.resource("aws_appconfig_hosted_configuration_version", "feature-flags/version");
    expect([version(svc("dev")).description, version(flipped).description]).toEqual(["new-checkout=on", "new-checkout=off"]);
    // The deployment refers to the version's number, so Terraform replaces it with the version.
    for (const [type, path] of [["aws_ecs_task_definition", "task/task"], ["aws_ecs_service", "service/service"]]) {
      expect(flipped.resource(type, path)).toEqual(svc("dev").resource(type, path));
    }
  });

  it("adds the Nginx proxy sidecar in front of the app and the AppConfig agent beside it when configured", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.service = {
      proxy: { image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/nginx:1.27" },
      appConfigAgent: true,
    };
    const staging = serviceStacks(config).get("web-staging")!;
    const [app, proxy, agent] = containersOf(staging);
    expect(proxy).toMatchObject({
      name: "proxy",
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
      environment: [{ name: "UPSTREAM", value: "127.0.0.1:3000" }],
      dependsOn: [{ containerName: "app", condition: "HEALTHY" }],
    });
    expect(agent).toMatchObject({ name: "appconfig-agent", essential: false, image: expect.stringContaining("aws-appconfig-agent") });
    expect(app.name).toBe("app");
    expect([app.user, proxy.user, agent.user]).toEqual(["1000:1000", "101:101", "1000:1000"]);
    expect(staging.resource("aws_ecs_service", "service/service").load_balancer[0]).toMatchObject({ container_name: "proxy", container_port: 8080 });
    expect(bySid(policyOf(staging, "roles/execution-policy")).PullImages.Resource).toEqual([
      "arn:aws:ecr:us-east-1:111111111111:repository/acme/web",
      "arn:aws:ecr:us-east-1:111111111111:repository/acme/nginx",
    ]);
  });

  it("pulls from another registry with the operator-kept credentials secret", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.service = { imageRepository: "ghcr.io/acme/web", registryCredentials: true };
    const staging = serviceStacks(config).get("web-staging")!;
    const [app] = containersOf(staging);
    expect(app.image).toBe("ghcr.io/acme/web:0.1.0");
    expect(app.repositoryCredentials.credentialsParameter).toMatch(/^\$\{aws_secretsmanager_secret\.registry-credentials\.arn\}$/);
    const execution = bySid(policyOf(staging, "roles/execution-policy"));
    expect(execution.PullImages).toBeUndefined();
    expect(execution.InjectSecrets.Resource).toContain(app.repositoryCredentials.credentialsParameter);
  });

  it("adds an SSM bastion only where configured, in a private subnet unless SSH from a /32 is allowed", () => {
    expect(svc("staging").resources("aws_instance")).toEqual([]);
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.bastion = { enabled: true };
    config.apps!.web.environments!.uat.bastion = { enabled: true, sshCidr: "203.0.113.7/32" };
    const stacks = serviceStacks(config);
    const instance = (env: string) => stacks.get(`web-${env}`)!.resource("aws_instance", "bastion/instance");
    expect(instance("staging").subnet_id).toMatch(/^\$\{aws_subnet\.network_private-us-east-1a_/);
    expect(instance("uat").subnet_id).toMatch(/^\$\{aws_subnet\.network_public-us-east-1a_/);
    expect(instance("uat").metadata_options.http_tokens).toBe("required");
    expect(stacks.get("web-staging")!.json.output.bastion_instance_id.value).toBe(SynthesizedStack.ref("aws_instance", instance("staging")));
    expect(svc("staging").json.output.bastion_instance_id).toBeUndefined();
  });
});
