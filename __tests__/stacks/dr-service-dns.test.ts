import { buildPlatform, defaultConfigCopy, runOf, SynthesizedResource, SynthesizedStack, writtenStacks } from "../support/synth";

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

  it("deploys after the DR network, monitoring, database and storage, and after the primary service, which creates its task roles", () => {
    expect(stacks.dr!.service.dependencies.map((stack) => stack.node.id)).toEqual([
      "network-prod-dr",
      "web-prod-dr-monitoring",
      "web-prod-dr-database",
      "web-prod-dr-storage",
      "web-prod-service",
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
    expect(differs).toEqual(["APP_FILES_BUCKET", "AWS_REGION", "DB_HOST"]);
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

  it("points a PRIMARY and a SECONDARY alias record of web.example.com at the two load balancers, each with a health check and target health", () => {
    expect(record("primary")).toMatchObject({
      zone_id: "Z000000000000000PROD",
      name: "web.example.com",
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
      insufficient_data_health_status: "Unhealthy",
    });
    expect(dns.resource("aws_cloudwatch_metric_alarm", "failover/primary-health/endpoint-alarm")).toMatchObject({
      namespace: "AWS/Route53",
      metric_name: "HealthCheckStatus",
      dimensions: { HealthCheckId: ref("aws_route53_health_check", check("primary-health/endpoint")) },
      comparison_operator: "LessThanThreshold",
      threshold: 1,
    });
    // The gate alarms the health checks name are the DR database stack's.
    expect(drDatabase.resources("aws_cloudwatch_metric_alarm").map((alarm) => alarm.alarm_name).sort()).toEqual([
      "acme-web-prod-dr-database-not-writer",
      "acme-web-prod-dr-database-replica-lag",
      "acme-web-prod-dr-database-took-over",
    ]);
  });

  /**
   * What CloudWatch makes of one datapoint of the DR database's ReplicaLag (undefined: none), and
   * so which region Route 53 answers with (its documented failover rules: the primary while it is
   * healthy, else the secondary if healthy, else the primary).
   */
  function answer(gates: SynthesizedStack, lag: number | undefined, primaryEndpointUp: boolean): "primary" | "secondary" {
    const breaching = (alarm: SynthesizedResource) =>
      lag === undefined
        ? alarm.treat_missing_data === "breaching"
        : alarm.comparison_operator === "GreaterThanOrEqualToThreshold"
          ? lag >= alarm.threshold
          : lag < alarm.threshold;
    const notWriter = breaching(gates.resource("aws_cloudwatch_metric_alarm", "failover-gates/not-writer"));
    const tookOver = breaching(gates.resource("aws_cloudwatch_metric_alarm", "failover-gates/took-over"));
    const primaryHealthy = primaryEndpointUp && !tookOver;
    return primaryHealthy ? "primary" : notWriter ? "primary" : "secondary";
  }

  it("moves traffic to eu-west-1 only once failover is declared and the replica promoted, and never back to a primary it took over from", () => {
    const declared = prodStacks(true).drDatabase;
    // Standing by: whatever the replica reports, or not, and whether or not the primary is up, DNS answers with the primary.
    for (const lag of [0, 120, -1, undefined]) for (const up of [true, false]) expect(answer(drDatabase, lag, up)).toBe("primary");
    // Declared, the replica still replicating (promotion under way): still the primary.
    expect(answer(declared, 0, false)).toBe("primary");
    expect(answer(declared, 30, true)).toBe("primary");
    // Promoted (no lag reported, or -1): the DR region, even when the primary region comes back.
    for (const lag of [undefined, -1]) for (const up of [true, false]) expect(answer(declared, lag, up)).toBe("secondary");
  });
});

describe("failover as configuration: the DR service's difference", () => {
  const standby = prodStacks(false);
  const failover = prodStacks(true);

  it("scales the DR service to prod's range, and changes nothing else in its stack", () => {
    expect(failover.drService.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 3, max_capacity: 10 });
    const resources = (stack: SynthesizedStack) => stack.json.resource as Record<string, Record<string, unknown>>;
    const changed = Object.entries(resources(failover.drService)).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([name, config]) => JSON.stringify(resources(standby.drService)[type]?.[name]) !== JSON.stringify(config))
        .map(([name]) => `${type}.${name}`),
    );
    expect(changed.sort()).toEqual([expect.stringMatching(/^aws_appautoscaling_target\.autoscaling_target_/), expect.stringMatching(/^aws_ecs_service\.service_/)]);
    // The ECS service's desired count follows the minimum, but Terraform ignores it after creation: autoscaling's new minimum scales out.
    expect(failover.drService.resource("aws_ecs_service", "service/service").desired_count).toBe(3);
  });

  it("leaves the dns stack as it is: declaring failover moves only the DR region's gate alarms", () => {
    expect(failover.dns.text).toBe(standby.dns.text);
    const gates = (stack: SynthesizedStack) => stack.resources("aws_cloudwatch_metric_alarm").filter((alarm) => alarm.__name.startsWith("failover-gates_"));
    expect(gates(standby.drDatabase).map((alarm) => [alarm.alarm_name, alarm.threshold, alarm.treat_missing_data])).toEqual([
      ["acme-web-prod-dr-database-not-writer", -1, "breaching"],
      ["acme-web-prod-dr-database-took-over", -1, "notBreaching"],
    ]);
    expect(gates(failover.drDatabase).map((alarm) => [alarm.alarm_name, alarm.threshold, alarm.treat_missing_data])).toEqual([
      ["acme-web-prod-dr-database-not-writer", 0, "notBreaching"],
      ["acme-web-prod-dr-database-took-over", 0, "breaching"],
    ]);
  });
});
