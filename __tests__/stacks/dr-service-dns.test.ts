import { alarmHealthCheckStatuses, copyAlarm, CopiedAlarm, failoverAnswer, InsufficientData } from "../support/route53-failover";
import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

const ref = SynthesizedStack.ref;
const containers = (stack: SynthesizedStack) => JSON.parse(stack.resource("aws_ecs_task_definition", "task/task").container_definitions);
const statements = (stack: SynthesizedStack, path: string) =>
  Object.fromEntries(JSON.parse(stack.resource("aws_iam_role_policy", path).policy).Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));

/** The stacks of web in prod, standing by or (activeRegion "dr") failed over. */
function prodStacks(failedOver: boolean, change?: (config: ReturnType<typeof defaultConfigCopy>) => void) {
  const config = defaultConfigCopy();
  if (failedOver) config.environments.prod.activeRegion = "dr";
  change?.(config);
  const stacks = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
  return {
    service: new SynthesizedStack(stacks.service),
    drService: new SynthesizedStack(stacks.dr!.service),
    drDatabase: new SynthesizedStack(stacks.dr!.database),
    dns: new SynthesizedStack(stacks.dr!.dns!),
    stacks,
  };
}

describe("the pilot light: web-prod-dr-service in eu-west-1", () => {
  const { drService, service, drDatabase, stacks } = prodStacks(false);

  it("deploys after the DR network, monitoring, database and storage, after the primary service, which creates its task roles, and after the cold cache", () => {
    expect(stacks.dr!.service.dependencies.map((stack) => stack.node.id)).toEqual([
      "network-prod-dr",
      "web-prod-dr-monitoring",
      "web-prod-dr-database",
      "web-prod-dr-storage",
      "web-prod-service",
      "web-prod-dr-cache",
    ]);
    expect(drService.json.provider.aws.map((provider: { region: string }) => provider.region)).toEqual(["eu-west-1"]);
    expect(drService.json.terraform.backend.s3).toMatchObject({ bucket: "acme-222222222222-eu-west-1-tfstate", region: "eu-west-1" });
    // Neither IAM nor Route 53, whose control planes are in us-east-1: a failover can plan and apply it.
    expect(Object.keys(drService.json.resource).filter((type) => type.startsWith("aws_iam_") || type.startsWith("aws_route53_"))).toEqual([]);
  });

  it("stands by with one task (drStandbyTasks), autoscaling pinned to it, and alarms to the DR region's topic", () => {
    expect(drService.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 1, max_capacity: 1 });
    expect(drService.resource("aws_ecs_service", "service/service")).toMatchObject({ desired_count: 1, name: "acme-web-prod-dr" });
    const alarms = drService.resources("aws_cloudwatch_metric_alarm");
    expect(alarms.map((alarm) => alarm.alarm_name)).toContain("acme-web-prod-dr-service-unhealthy-targets");
    const written = Object.values<any>(writtenStacks().get("web-prod-dr-service")!.resource.aws_cloudwatch_metric_alarm);
    expect(new Set(written.flatMap((alarm) => alarm.alarm_actions))).toEqual(new Set([expect.stringContaining("cross-stack-reference-input-web-prod-dr-monitoring")]));
    const zero = prodStacks(false, (config) => (config.environments.prod.drStandbyTasks = 0)).drService;
    expect(zero.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 0, max_capacity: 0 });
  });

  it("runs prod's digest from the build repository's replica in eu-west-1, with the replicated secrets found by name there and the DR database and files", () => {
    const [app] = containers(drService);
    expect(app.image).toBe("111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/web@sha256:0000000000000000000000000000000000000000000000000000000000000000");
    const secret = drService.json.data.aws_secretsmanager_secret;
    expect(Object.values<{ name: string }>(secret).map((data) => data.name)).toEqual(["acme/web/prod/secret-key"]);
    expect(app.secrets).toEqual([{ name: "SECRET_KEY", valueFrom: `\${data.aws_secretsmanager_secret.${Object.keys(secret)[0]}.arn}` }]);
    const environment = Object.fromEntries(app.environment.map(({ name, value }: { name: string; value: string }) => [name, value]));
    expect(environment).toMatchObject({ AWS_REGION: "eu-west-1", APP_FILES_BUCKET: "acme-web-prod-222222222222-eu-west-1-files", DB_USER: "app", DB_AUTH: "iam" });
    expect(environment.DB_HOST).toBe(ref("aws_db_instance", drDatabase.resource("aws_db_instance", "replica/replica"), "address"));
    expect(drService.resource("aws_ecs_task_definition", "task/task")).toMatchObject({
      execution_role_arn: "arn:aws:iam::222222222222:role/acme-web-prod-dr-task-execution",
      task_role_arn: "arn:aws:iam::222222222222:role/acme-web-prod-dr-task",
    });
    // Same environment as the primary's tasks but for where things are.
    const primary = Object.fromEntries(containers(service)[0].environment.map(({ name, value }: { name: string; value: string }) => [name, value]));
    const differs = Object.keys(primary).filter((name) => primary[name] !== environment[name]).sort();
    // (The AppConfig ids differ too: each stack's own application, the same reference in an unresolved synth.)
    // The cache's host is a reference to each region's cache stack, the same text in an unresolved synth; its name differs.
    // The OpenTelemetry variables are the primary's only: the pilot light runs no collector (decision 0011).
    expect(differs.filter((name) => !name.startsWith("OTEL_"))).toEqual(["APP_FILES_BUCKET", "AWS_REGION", "CACHE_NAME", "DB_HOST"]);
    expect(differs.filter((name) => name.startsWith("OTEL_"))).toEqual(["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SERVICE_NAME"]);
    expect(Object.keys(environment).filter((name) => name.startsWith("OTEL_"))).toEqual([]);
  });

  it("serves HTTPS with a certificate of eu-west-1, validated by the primary's record (ACM gives both the same), behind WAF", () => {
    expect(drService.resource("aws_acm_certificate", "load-balancer/certificate")).toMatchObject({ domain_name: "web.example.com", validation_method: "DNS" });
    const validated = drService.resource("aws_acm_certificate_validation", "load-balancer/certificate-validated");
    expect(validated.validation_record_fqdns).toBeUndefined();
    expect(drService.resource("aws_lb_listener", "load-balancer/https")).toMatchObject({ port: 443, protocol: "HTTPS", certificate_arn: ref("aws_acm_certificate_validation", validated, "certificate_arn") });
    expect(drService.resource("aws_wafv2_web_acl_association", "waf/association").resource_arn).toBe(ref("aws_lb", drService.resource("aws_lb", "load-balancer/load-balancer"), "arn"));
    expect(drService.resource("aws_lb", "load-balancer/load-balancer")).toMatchObject({ name: "acme-web-prod-dr", internal: false, enable_deletion_protection: true });
  });

  it("gets task roles from the primary service stack that reach only eu-west-1's replicas and DR resources, keys by alias", () => {
    expect(service.resource("aws_iam_role", "dr-roles/roles/execution").name).toBe("acme-web-prod-dr-task-execution");
    const execution = statements(service, "dr-roles/roles/execution-policy");
    expect(execution.PullImages.Resource).toEqual(["arn:aws:ecr:eu-west-1:111111111111:repository/acme/web"]);
    expect(execution.WriteLogs.Resource).toBe("arn:aws:logs:eu-west-1:222222222222:log-group:/ecs/acme-web-prod-dr:*");
    expect(execution.InjectSecrets.Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:222222222222:secret:acme/web/prod/secret-key-??????"]);
    expect(execution.DecryptSecrets).toEqual({
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: "arn:aws:kms:eu-west-1:222222222222:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/acme-web-prod-secrets-dr"] } },
    });
    const task = statements(service, "dr-roles/roles/task-policy");
    expect(task.ReadWriteAppFiles.Resource).toBe("arn:aws:s3:::acme-web-prod-222222222222-eu-west-1-files/*");
    expect(task.UseAppFilesKey.Condition).toEqual({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/acme-web-prod-files-dr"] } });
    expect(task.ConnectToDatabaseAsAppRole.Resource).toBe("arn:aws:rds-db:eu-west-1:222222222222:dbuser:*/app");
    // The build repository's pull policy (and so its replicas') admits the DR execution role by its pattern.
    expect("arn:aws:iam::222222222222:role/acme-web-prod-dr-task-execution").toMatch(/^arn:aws:iam::222222222222:role\/acme-web-.*-task-execution$/);
  });

  it("watches from eu-west-1 whether users reach the app at its domain, paging through the DR topic after 2 minutes without an answer", () => {
    const probe = drService.resource("aws_lambda_function", "reachability/probe/function");
    // Outside any VPC: Lambda's own route to the internet, as users reach the app, with no NAT gateway on the path.
    expect(probe.vpc_config).toBeUndefined();
    expect(probe).toMatchObject({ function_name: "acme-web-prod-dr-reachability", role: "arn:aws:iam::222222222222:role/acme-web-prod-dr-reachability" });
    expect(probe.environment.variables).toMatchObject({ PROBE_URL: "https://web.example.com/health", METRIC_NAME: "Reachable", DIMENSION_VALUE: "web.example.com" });
    expect(drService.resource("aws_cloudwatch_metric_alarm", "reachability/unreachable")).toMatchObject({
      alarm_name: "acme-web-prod-dr-app-unreachable",
      namespace: "Platform/Failover",
      metric_name: "Reachable",
      dimensions: { Domain: "web.example.com" },
      period: 60,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
    const topic = drService.resource("aws_cloudwatch_metric_alarm", "reachability/unreachable").alarm_actions;
    expect(topic).toEqual(drService.resources("aws_cloudwatch_metric_alarm").find((alarm) => alarm.alarm_name === "acme-web-prod-dr-service-unhealthy-targets")!.alarm_actions);
    // Its role is the primary service stack's, and may write its own log group in eu-west-1, nothing else.
    const roles = statements(service, "dr-reachability-role/policy");
    expect(Object.keys(roles)).toEqual(["WriteOwnLogs"]);
    expect(roles.WriteOwnLogs.Resource).toBe("arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/acme-web-prod-dr-reachability:*");
  });

  it("is not built where the environment has no DR network", () => {
    const { platform } = buildPlatform();
    expect(platform.deployments.get("web-uat")!.dr).toBeUndefined();
    expect(new SynthesizedStack(platform.deployments.get("web-uat")!.service).resources("aws_iam_role").map((role) => role.name)).not.toContain("acme-web-uat-dr-task");
  });
});

describe("DNS failover: web-prod-dns", () => {
  const { dns, service, drDatabase, stacks } = prodStacks(false);
  const record = (side: string) => dns.resource("aws_route53_record", `failover/${side}`);
  const check = (path: string) => dns.resource("aws_route53_health_check", `failover/${path}`);

  it("deploys after both services and the DR database (the gate alarms), in us-east-1; the primary service writes no alias record of its own", () => {
    expect(stacks.dr!.dns!.dependencies.map((stack) => stack.node.id)).toEqual(["web-prod-service", "web-prod-dr-service", "web-prod-dr-database"]);
    expect(dns.json.provider.aws[0].region).toBe("us-east-1");
    expect(service.resources("aws_route53_record").map((r) => r.__name)).toEqual([expect.stringContaining("certificate-validation")]);
  });

  // Behind prod's CDN (decision 0008) the records answer for its origin; the edge stack points web.example.com at CloudFront.
  it("points a PRIMARY and a SECONDARY alias record of origin.web.example.com at the two load balancers, each with a health check and target health", () => {
    expect(record("primary")).toMatchObject({
      zone_id: "Z000000000000000PROD",
      name: "origin.web.example.com",
      type: "A",
      set_identifier: "us-east-1",
      failover_routing_policy: { type: "PRIMARY" },
      health_check_id: ref("aws_route53_health_check", check("primary-health/primary")),
      alias: { evaluate_target_health: true },
    });
    const written = writtenStacks().get("web-prod-dns")!.resource.aws_route53_record;
    const alias = (role: string) => Object.values<any>(written).find((r) => r.failover_routing_policy.type === role).alias.name;
    expect(alias("PRIMARY")).toContain("cross-stack-reference-input-web-prod-service");
    expect(alias("SECONDARY")).toContain("cross-stack-reference-input-web-prod-dr-service");
    expect(record("secondary")).toMatchObject({
      set_identifier: "eu-west-1",
      failover_routing_policy: { type: "SECONDARY" },
      health_check_id: ref("aws_route53_health_check", check("secondary-health/dr-writer")),
      alias: { evaluate_target_health: true },
    });
  });

  it("checks the primary load balancer over HTTPS every 10 s (down after 3 failures), gated by the DR region's took-over alarm, and pages when it fails", () => {
    expect(check("primary-health/endpoint")).toMatchObject({ type: "HTTPS", port: 443, resource_path: "/health", enable_sni: true, request_interval: 10, failure_threshold: 3 });
    expect(check("primary-health/primary")).toMatchObject({
      type: "CALCULATED",
      child_health_threshold: 2,
      child_healthchecks: [ref("aws_route53_health_check", check("primary-health/endpoint")), ref("aws_route53_health_check", check("primary-health/dr-not-taken-over"))],
    });
    expect(check("primary-health/dr-not-taken-over")).toMatchObject({
      type: "CLOUDWATCH_METRIC",
      cloudwatch_alarm_name: "acme-web-prod-dr-database-took-over",
      cloudwatch_alarm_region: "eu-west-1",
      insufficient_data_health_status: "LastKnownStatus",
    });
    expect(check("secondary-health/dr-writer")).toMatchObject({
      cloudwatch_alarm_name: "acme-web-prod-dr-database-not-writer",
      cloudwatch_alarm_region: "eu-west-1",
      insufficient_data_health_status: "LastKnownStatus",
    });
    expect(dns.resource("aws_cloudwatch_metric_alarm", "failover/primary-health/endpoint-alarm")).toMatchObject({
      namespace: "AWS/Route53",
      metric_name: "HealthCheckStatus",
      dimensions: { HealthCheckId: ref("aws_route53_health_check", check("primary-health/endpoint")) },
      comparison_operator: "LessThanThreshold",
      threshold: 1,
    });
    // The gate alarms the health checks name are the DR database stack's, on the writer probe's metric.
    const gate = (name: string) => drDatabase.resource("aws_cloudwatch_metric_alarm", `failover-gates/${name}`);
    expect([gate("not-writer").alarm_name, gate("took-over").alarm_name]).toEqual(["acme-web-prod-dr-database-not-writer", "acme-web-prod-dr-database-took-over"]);
    for (const name of ["not-writer", "took-over"]) {
      expect(gate(name)).toMatchObject({ namespace: "Platform/Failover", metric_name: "Writer", dimensions: { Database: "acme-web-prod-dr" }, statistic: "Maximum", period: 60, evaluation_periods: 1, threshold: 1 });
    }
  });

  it("runs the writer probe in the DR region every minute, as the database clients' group, logging in to the replica as the app role", () => {
    const probe = drDatabase.resource("aws_lambda_function", "writer-probe/function");
    expect(probe).toMatchObject({
      function_name: "acme-web-prod-dr-writer-probe",
      role: "arn:aws:iam::222222222222:role/acme-web-prod-dr-writer-probe",
      reserved_concurrent_executions: 1,
      logging_config: { log_format: "Text" },
      vpc_config: { security_group_ids: [ref("aws_security_group", drDatabase.resource("aws_security_group", "security-groups/clients"), "id")] },
    });
    expect(probe.environment.variables).toMatchObject({
      DB_HOST: ref("aws_db_instance", drDatabase.resource("aws_db_instance", "replica/replica"), "address"),
      DB_USER: "app",
      METRIC_NAMESPACE: "Platform/Failover",
      METRIC_NAME: "Writer",
      METRIC_DIMENSION: "Database",
      DB_IDENTIFIER: "acme-web-prod-dr",
    });
    // A silent probe freezes the gates in their last state: that pages, through the DR topic.
    expect(drDatabase.resource("aws_cloudwatch_metric_alarm", "writer-probe-silence/alarm")).toMatchObject({
      alarm_name: "acme-web-prod-dr-writer-probe-silent",
      metric_name: "Writer",
      statistic: "SampleCount",
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
      alarm_actions: drDatabase.resource("aws_cloudwatch_metric_alarm", "replica/lag").alarm_actions,
    });
    const rule = drDatabase.resource("aws_cloudwatch_event_rule", "writer-probe/schedule");
    expect(rule.schedule_expression).toBe("rate(1 minute)");
    expect(drDatabase.resource("aws_cloudwatch_event_target", "writer-probe/target")).toMatchObject({ rule: ref("aws_cloudwatch_event_rule", rule, "name"), arn: ref("aws_lambda_function", probe, "arn") });
    expect(drDatabase.resource("aws_lambda_permission", "writer-probe/invoked-by-schedule")).toMatchObject({ principal: "events.amazonaws.com", source_arn: ref("aws_cloudwatch_event_rule", rule, "arn") });
    // Its role is the primary database stack's (IAM's control plane is in us-east-1): one database role in eu-west-1, its own log group, its network interfaces there.
    const database = new SynthesizedStack(stacks.database);
    const policy = statements(database, "dr-writer-probe-role/policy");
    expect(database.resource("aws_iam_role", "dr-writer-probe-role/role").name).toBe("acme-web-prod-dr-writer-probe");
    expect(policy.ConnectAsOneRole).toEqual({ Sid: "ConnectAsOneRole", Effect: "Allow", Action: "rds-db:connect", Resource: "arn:aws:rds-db:eu-west-1:222222222222:dbuser:*/app" });
    expect(policy.WriteOwnLogs.Resource).toBe("arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/acme-web-prod-dr-writer-probe:*");
    expect(policy.ManageOwnNetworkInterfaces.Resource).toEqual([
      "arn:aws:ec2:eu-west-1:222222222222:network-interface/*",
      "arn:aws:ec2:eu-west-1:222222222222:subnet/*",
      "arn:aws:ec2:eu-west-1:222222222222:security-group/*",
    ]);
  });
});

/**
 * DNS failover walked minute by minute through Route 53's documented rules
 * (`__tests__/support/route53-failover.ts` cites the pages), with the alarm
 * settings Route 53 copies when the dns stack creates its health checks: the
 * standing-by synth's. The writer probe's stream is what the DR database reports.
 */
describe("DNS failover through Route 53's rules, phase by phase", () => {
  const standby = prodStacks(false);
  const failedOver = prodStacks(true);
  const check = (path: string) => standby.dns.resource("aws_route53_health_check", `failover/${path}`);
  const gate = (stack: SynthesizedStack, name: string) => copyAlarm(stack.resource("aws_cloudwatch_metric_alarm", `failover-gates/${name}`));

  interface Minute {
    /** The primary load balancer answers its health path (Route 53's HTTPS probe). */
    readonly primaryUp: boolean;
    /** The writer probe's datapoint: 1 a writer, 0 a replica, undefined none (the probe or CloudWatch late). */
    readonly writer: 0 | 1 | undefined;
  }

  /** Route 53's answer each minute, from the copied alarms and the dns stack's health checks. */
  function answers(minutes: readonly Minute[], secondaryInsufficient: InsufficientData = check("secondary-health/dr-writer").insufficient_data_health_status): string[] {
    const stream = minutes.map((minute) => minute.writer);
    const notWriterHealthy = alarmHealthCheckStatuses(gate(standby.drDatabase, "not-writer"), secondaryInsufficient, stream);
    const notTakenOverHealthy = alarmHealthCheckStatuses(gate(standby.drDatabase, "took-over"), check("primary-health/dr-not-taken-over").insufficient_data_health_status, stream);
    const threshold = check("primary-health/primary").child_health_threshold;
    return minutes.map((minute, index) => {
      const healthyChildren = [minute.primaryUp, notTakenOverHealthy[index]].filter(Boolean).length;
      return failoverAnswer(healthyChildren >= threshold, notWriterHealthy[index]);
    });
  }

  const phase = (count: number, minute: Minute): Minute[] => Array.from({ length: count }, () => minute);
  const timeline = [
    ...phase(5, { primaryUp: true, writer: 0 }), // standing by
    ...phase(5, { primaryUp: false, writer: 0 }), // us-east-1 down, the replica not yet promoted
    ...phase(5, { primaryUp: false, writer: 1 }), // promoted
    ...phase(3, { primaryUp: false, writer: undefined }), // the probe's data late
    ...phase(5, { primaryUp: true, writer: 1 }), // us-east-1 back with its stale database
    ...phase(5, { primaryUp: true, writer: 0 }), // failed back: the DR database a replica again
  ];

  it("copies alarms whose settings no state changes: the failover needs no UpdateHealthCheck, and the dns stack never changes", () => {
    for (const name of ["not-writer", "took-over"]) expect(gate(failedOver.drDatabase, name)).toEqual(gate(standby.drDatabase, name));
    expect(failedOver.dns.text).toBe(standby.dns.text);
  });

  it("answers the primary standing by, and while us-east-1 is down before promotion (no traffic to a read-only replica)", () => {
    expect(answers(timeline).slice(0, 10)).toEqual(Array(10).fill("primary"));
  });

  it("answers the DR region from the first minute the promoted database takes writes, through late data, and after us-east-1 comes back", () => {
    expect(answers(timeline).slice(10, 23)).toEqual(Array(13).fill("secondary"));
  });

  it("answers the primary again once fail back has made the DR database a replica", () => {
    expect(answers(timeline).slice(23)).toEqual(Array(5).fill("primary"));
  });

  it("would break with an Unhealthy insufficient-data status: late data after promotion sends users to the dead primary", () => {
    expect(answers(timeline, "Unhealthy").slice(15, 18)).toEqual(["primary", "primary", "primary"]);
  });

  it("would never fail over on the earlier gates (ReplicaLag, whose stream stops at promotion): the copied settings see no data, and Unhealthy", () => {
    const replicaLagGate: CopiedAlarm = { ...gate(standby.drDatabase, "not-writer"), namespace: "AWS/RDS", metricName: "ReplicaLag", comparison: "GreaterThanOrEqualToThreshold", threshold: -1 };
    const lag = timeline.map((minute) => (minute.writer === 0 ? 5 : undefined));
    const secondary = alarmHealthCheckStatuses(replicaLagGate, "Unhealthy", lag);
    expect(secondary.slice(10, 23).some(Boolean)).toBe(false);
  });
});

describe("failover as configuration: the DR service's difference", () => {
  const standby = prodStacks(false);
  const failover = prodStacks(true);

  it("scales the DR service to prod's range, and changes nothing else in its stack but its dashboard's alarm list", () => {
    expect(failover.drService.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 3, max_capacity: 10 });
    const resources = (stack: SynthesizedStack) => stack.json.resource as Record<string, Record<string, unknown>>;
    const changed = Object.entries(resources(failover.drService)).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([name, config]) => JSON.stringify(resources(standby.drService)[type]?.[name]) !== JSON.stringify(config))
        .map(([name]) => `${type}.${name}`),
    );
    expect(changed.sort()).toEqual([
      expect.stringMatching(/^aws_appautoscaling_target\.autoscaling_target_/),
      expect.stringMatching(/^aws_cloudwatch_dashboard\.dashboard_/),
      expect.stringMatching(/^aws_ecs_service\.service_/),
    ]);
    // The dashboard (decision 0010) lists the promoted database's alarms, which the DR database stack makes once failed over, and
    // shows the cold cache's nodes once it takes the primary's shape (decision 0009): nothing else of it changes.
    type Widget = { type: string; properties: { alarms?: string[]; metrics?: unknown[][] } };
    const widgets = (stack: SynthesizedStack) => JSON.parse(stack.resources("aws_cloudwatch_dashboard")[0].dashboard_body).widgets as Widget[];
    const [before, after] = [widgets(standby.drService), widgets(failover.drService)];
    const unchanged = (list: Widget[]) => list.filter((widget) => widget.type !== "alarm" && widget.properties.metrics?.[0]?.[0] !== "AWS/ElastiCache");
    expect(unchanged(after)).toEqual(unchanged(before));
    const alarms = (list: typeof before) => list.flatMap((widget) => widget.properties.alarms ?? []);
    expect(alarms(after).filter((arn) => !alarms(before).includes(arn))).toEqual(expect.arrayContaining([expect.stringMatching(/:alarm:acme-web-prod-dr-database-cpu$/)]));
    // And the RPO lag alarm goes with the replication it watched.
    expect(alarms(before).filter((arn) => !alarms(after).includes(arn))).toEqual([expect.stringMatching(/:alarm:acme-web-prod-dr-database-replica-lag$/)]);
    // The ECS service's desired count follows the minimum, but Terraform ignores it after creation: autoscaling's new minimum scales out.
    expect(failover.drService.resource("aws_ecs_service", "service/service").desired_count).toBe(3);
  });
});
