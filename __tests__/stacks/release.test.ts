import { readFileSync } from "node:fs";
import { join } from "node:path";
import { estimateStack } from "../../src/cost/estimate";
import { matchesPattern } from "../support/event-pattern";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { runOf } from "../support/config";

/**
 * examples/blue-green.json (decision 0013): examples/single-account.json with a migration command for
 * every environment, blue/green releases in staging (20% every minute: a deployment configuration of
 * its own, a test listener admitting 203.0.113.0/24) and prod (the tier's 10% canary for 15 minutes,
 * HTTPS, its CDN off); dev keeps rolling updates. What a reviewer of the plan checks.
 */
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/blue-green.json"), "utf8"));
const { platform } = buildPlatform(runOf(example));
const service = (env: string) => new SynthesizedStack(platform.deployments.get(`web-${env}`)!.service);
const dev = service("dev");
const staging = service("staging");
const prod = service("prod");
const builtIn = new SynthesizedStack(buildPlatform().platform.deployments.get("web-staging")!.service);

const ecsService = (stack: SynthesizedStack) => stack.resources("aws_ecs_service")[0];
const containers = (stack: SynthesizedStack, family: string) => JSON.parse(stack.resources("aws_ecs_task_definition").find((task) => task.family === family)!.container_definitions);
const policyOf = (stack: SynthesizedStack, name: string) => JSON.parse(stack.resources("aws_iam_role_policy").find((policy) => policy.role.includes(name))!.policy);
const output = (stack: SynthesizedStack, name: string) => stack.json.output[name].value;

describe("blue/green releases: the service under CodeDeploy", () => {
  it("staging's service has the CODE_DEPLOY controller, no circuit breaker, and leaves to CodeDeploy what its deployments change", () => {
    const service = ecsService(staging);
    expect(service.deployment_controller).toEqual({ type: "CODE_DEPLOY" });
    expect(service.deployment_circuit_breaker).toBeUndefined();
    expect(service.lifecycle.ignore_changes).toEqual(["desired_count", "task_definition", "load_balancer", "network_configuration", "platform_version", "capacity_provider_strategy"]);
  });

  it("is absent by default: rolling updates with the circuit breaker, no CodeDeploy resource, one target group (the built-in staging, and the example's dev)", () => {
    for (const stack of [builtIn, dev]) {
      const service = ecsService(stack);
      expect(service.deployment_controller).toBeUndefined();
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      expect(service.lifecycle.ignore_changes).toEqual(["desired_count"]);
      expect(stack.resources("aws_codedeploy_app")).toEqual([]);
      expect(stack.resources("aws_codedeploy_deployment_group")).toEqual([]);
      expect(stack.resources("aws_lb_target_group")).toHaveLength(1);
      expect(stack.resources("aws_lb_listener").map((listener) => listener.lifecycle)).toEqual(stack.resources("aws_lb_listener").map(() => undefined));
    }
  });

  it("has two target groups alike but for their names, and a test listener on 8080 that admits 203.0.113.0/24 only; Terraform leaves both listeners' forward actions to CodeDeploy", () => {
    const [first, second] = staging.resources("aws_lb_target_group").sort((a, b) => a.name.localeCompare(b.name)).reverse();
    expect([first.name, second.name]).toEqual(["acme-web-staging-app", "acme-web-staging-alt"]);
    const alike = (group: Record<string, unknown>) => ({ ...group, name: undefined, __name: undefined, "//": undefined, tags: undefined });
    expect(alike(second)).toEqual(alike(first));
    const listeners = staging.resources("aws_lb_listener");
    const test = listeners.find((listener) => listener.port === 8080)!;
    const production = listeners.find((listener) => listener.port === 80)!;
    expect(test).toMatchObject({ protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: SynthesizedStack.ref("aws_lb_target_group", second, "arn") }], lifecycle: { ignore_changes: ["default_action"] } });
    expect(production.lifecycle).toEqual({ ignore_changes: ["default_action"] });
    const onTestPort = staging.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.from_port === 8080 || rule.to_port === 8080);
    expect(onTestPort.map((rule) => [rule.cidr_ipv4, rule.from_port, rule.to_port])).toEqual([["203.0.113.0/24", 8080, 8080]]);
  });

  it("prod's test listener is HTTPS on 8443 with the production listener's certificate and TLS policy, and admits nobody", () => {
    const listeners = prod.resources("aws_lb_listener");
    const https = listeners.find((listener) => listener.port === 443)!;
    const test = listeners.find((listener) => listener.port === 8443)!;
    expect(test).toMatchObject({ protocol: "HTTPS", ssl_policy: https.ssl_policy, certificate_arn: https.certificate_arn });
    expect(https.lifecycle).toEqual({ ignore_changes: ["default_action"] });
    expect(prod.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.from_port === 8443)).toEqual([]);
  });

  it("the deployment group: blue/green with traffic control, the two target groups and listeners, rollback on a failed deployment and on the release's alarms, the tier's termination wait", () => {
    const [group] = prod.resources("aws_codedeploy_deployment_group");
    expect(group).toMatchObject({
      deployment_group_name: "acme-web-prod",
      deployment_config_name: "CodeDeployDefault.ECSCanary10Percent15Minutes",
      deployment_style: { deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" },
      blue_green_deployment_config: { deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" }, terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 60 } },
      ecs_service: { cluster_name: "acme-web-prod", service_name: SynthesizedStack.ref("aws_ecs_service", ecsService(prod), "name") },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarm_configuration: {
        enabled: true,
        // The service's own task failures: not the cluster-wide task-failures alarm, which a failing scheduled job or migration sets off.
        alarms: ["load-balancer-5xx", "target-5xx", "p99-response-time", "unhealthy-targets", "running-tasks", "own-task-failures"].map((id) => `acme-web-prod-service-${id}`),
      },
    });
    const alarms = prod.resources("aws_cloudwatch_metric_alarm").map((alarm) => alarm.alarm_name);
    for (const name of group.alarm_configuration.alarms) expect(alarms).toContain(name);
    expect(prod.resources("aws_codedeploy_app")).toMatchObject([{ name: "acme-web-prod", compute_platform: "ECS" }]);
    expect(prod.resources("aws_codedeploy_deployment_config")).toEqual([]);
  });

  describe("task failures: the rollback alarm counts the service's own tasks, the alerting alarm the cluster's other tasks", () => {
    const rules = prod.resources("aws_cloudwatch_event_rule");
    const rule = (name: string) => rules.find((candidate) => candidate.name === name)!;
    const pattern = (name: string) => {
      const parsed = JSON.parse(rule(name).event_pattern);
      parsed.detail.clusterArn = ["arn:aws:ecs:us-east-1:222222222222:cluster/acme-web-prod"];
      return parsed;
    };
    const own = pattern("acme-web-prod-service-own-task-failures");
    const others = pattern("acme-web-prod-service-task-failures");
    /** A task of `group` whose essential container exited 1. */
    const failed = (group: string) => ({
      source: "aws.ecs",
      "detail-type": "ECS Task State Change",
      detail: { clusterArn: "arn:aws:ecs:us-east-1:222222222222:cluster/acme-web-prod", group, lastStatus: "STOPPED", stopCode: "EssentialContainerExited", containers: [{ name: "app", exitCode: 1 }] },
    });

    it.each([
      ["a task of the service", "service:acme-web-prod", true],
      ["a scheduled job's task (group job:<name>)", "job:nightly-report", false],
      ["the migration (its family's group)", "family:acme-web-prod-migrate", false],
      ["a one-off task of the service's family", "family:acme-web-prod", false],
    ])("%s (group %s): matched by the rollback alarm's rule if of the service, else by the alerting rule", (_what, group, ofService) => {
      expect(matchesPattern(own, failed(group))).toBe(ofService);
      expect(matchesPattern(others, failed(group))).toBe(!ofService);
    });

    it("each rule has its alarm on its own Invocations, both to the alarm topic; only the own one is CodeDeploy's", () => {
      const alarms = prod.resources("aws_cloudwatch_metric_alarm");
      for (const name of ["acme-web-prod-service-own-task-failures", "acme-web-prod-service-task-failures"]) {
        const alarm = alarms.find((candidate) => candidate.alarm_name === name)!;
        expect(alarm).toMatchObject({ namespace: "AWS/Events", metric_name: "Invocations", dimensions: { RuleName: SynthesizedStack.ref("aws_cloudwatch_event_rule", rule(name), "name") }, threshold: 0 });
      }
      expect(prod.resources("aws_cloudwatch_event_target").filter((target) => target.rule.includes("task-failures"))).toHaveLength(2);
      expect(prod.resources("aws_codedeploy_deployment_group")[0].alarm_configuration.alarms).not.toContain("acme-web-prod-service-task-failures");
    });

    it("npm run cost prices the extra alarm: one alarm metric a month, $0.10 in us-east-1", () => {
      const alarm = prod.resources("aws_cloudwatch_metric_alarm").find((candidate) => candidate.alarm_name === "acme-web-prod-service-own-task-failures")!;
      const lines = estimateStack(prod.json).filter((line) => line.resource === `aws_cloudwatch_metric_alarm.${alarm.__name}`);
      expect(lines.map((line) => [line.item, line.quantity, line.unit, line.unitPriceUsd])).toEqual([["CloudWatch alarm metric", 1, "alarm-metric-month", 0.1]]);
    });

    it("a rolling service keeps one rule on every task of its cluster (the example's dev)", () => {
      const names = dev.resources("aws_cloudwatch_event_rule").map((candidate) => candidate.name).filter((name) => name.includes("task-failures"));
      expect(names).toEqual(["acme-web-dev-service-task-failures"]);
      expect(JSON.parse(dev.resources("aws_cloudwatch_event_rule").find((candidate) => candidate.name === names[0])!.event_pattern).detail.group).toBeUndefined();
    });
  });

  it("staging's 20% every minute is a deployment configuration of its own", () => {
    expect(staging.resources("aws_codedeploy_deployment_config")).toMatchObject([
      { deployment_config_name: "acme-web-staging-linear-20-1m", compute_platform: "ECS", traffic_routing_config: { type: "TimeBasedLinear", time_based_linear: { percentage: 20, interval: 1 } } },
    ]);
    const [config] = staging.resources("aws_codedeploy_deployment_config");
    expect(staging.resources("aws_codedeploy_deployment_group")[0].deployment_config_name).toBe(SynthesizedStack.ref("aws_codedeploy_deployment_config", config, "deployment_config_name"));
  });

  it("the target groups' alarms watch both target groups: counts summed, the worse p99 and unhealthy count", () => {
    const alarm = (id: string) => staging.resources("aws_cloudwatch_metric_alarm").find((candidate) => candidate.alarm_name === `acme-web-staging-service-${id}`)!;
    // The service's first target group (-app), then the second (-alt).
    const targetGroups = ["acme-web-staging-app", "acme-web-staging-alt"].map((name) => SynthesizedStack.ref("aws_lb_target_group", staging.resources("aws_lb_target_group").find((group) => group.name === name)!, "arn_suffix"));
    for (const [id, math] of [["target-5xx", "SUM"], ["p99-response-time", "MAX"], ["unhealthy-targets", "MAX"], ["running-tasks", "SUM"]] as const) {
      const queries = alarm(id).metric_query;
      expect(queries.find((query: { id: string }) => query.id === "result").expression).toBe(`${math}([FILL(tg1, 0), FILL(tg2, 0)])`);
      expect(queries.filter((query: { metric?: unknown }) => query.metric).map((query: { metric: { dimensions: { TargetGroup: string } } }) => query.metric.dimensions.TargetGroup)).toEqual(targetGroups);
    }
    // The load balancer's own 5xx has no target group dimension: one metric still.
    expect(alarm("load-balancer-5xx").metric_name).toBe("HTTPCode_ELB_5XX_Count");
  });

  it("CodeDeploy's role trusts CodeDeploy of the account, carries the workload boundary, and may act on this service, its two listeners, its rules, its alarms and its task's two roles only", () => {
    const role = staging.resources("aws_iam_role").find((candidate) => candidate.name === "acme-web-staging-codedeploy")!;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "333333333333" } } }]);
    expect(role.permissions_boundary).toMatch(/acme-workload-boundary-staging$/);
    const statements = policyOf(staging, "blue-green_role").Statement;
    const listeners = staging.resources("aws_lb_listener");
    expect(statements).toEqual([
      {
        Sid: "TheServicesTaskSets",
        Effect: "Allow",
        Action: ["ecs:DescribeServices", "ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet"],
        Resource: [
          "arn:aws:ecs:us-east-1:333333333333:service/acme-web-staging/acme-web-staging",
          "arn:aws:ecs:us-east-1:333333333333:task-set/acme-web-staging/acme-web-staging/*",
          "arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging:*",
        ],
      },
      { Sid: "DescribeLoadBalancingWhichHasNoResourceScope", Effect: "Allow", Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules"], Resource: "*" },
      { Sid: "ShiftTheTwoListeners", Effect: "Allow", Action: "elasticloadbalancing:ModifyListener", Resource: [80, 8080].map((port) => SynthesizedStack.ref("aws_lb_listener", listeners.find((l) => l.port === port)!, "arn")) },
      { Sid: "ShiftTheLoadBalancersRules", Effect: "Allow", Action: "elasticloadbalancing:ModifyRule", Resource: "arn:aws:elasticloadbalancing:us-east-1:333333333333:listener-rule/app/acme-web-staging/*" },
      expect.objectContaining({ Sid: "WatchTheRollbackAlarms", Action: "cloudwatch:DescribeAlarms" }),
      {
        Sid: "PassTheTaskRolesToEcsTasks",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: ["execution", "task"].map((id) => SynthesizedStack.ref("aws_iam_role", staging.resources("aws_iam_role").find((r) => r.name === (id === "task" ? "acme-web-staging-task" : "acme-web-staging-task-execution"))!, "arn")),
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
    ]);
  });
});

describe("migrations: a task definition of its own, run before each release", () => {
  it("runs the command in the app's image, as the migrator, with no port, health check or sidecar, logging under the migrate prefix of the service's log group", () => {
    const [app] = containers(staging, "acme-web-staging");
    const [migrate, ...others] = containers(staging, "acme-web-staging-migrate");
    expect(others).toEqual([]);
    expect(migrate).toMatchObject({
      name: "app",
      image: app.image,
      user: app.user,
      command: ["bin/rails", "db:migrate"],
      readonlyRootFilesystem: true,
      secrets: app.secrets,
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/acme-web-staging", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "migrate" } },
    });
    expect(migrate.portMappings).toBeUndefined();
    expect(migrate.healthCheck).toBeUndefined();
    const variables = (container: { environment: { name: string; value: string }[] }) => Object.fromEntries(container.environment.map((variable) => [variable.name, variable.value]));
    expect(variables(migrate)).toEqual({ ...variables(app), DB_USER: "migrator" });
    expect(variables(app).DB_USER).toBe("app");
  });

  it("runs as its own role, which may connect to the database as the migrator only", () => {
    const task = staging.resources("aws_ecs_task_definition").find((candidate) => candidate.family === "acme-web-staging-migrate")!;
    const role = staging.resources("aws_iam_role").find((candidate) => candidate.name === "acme-web-staging-migrate-task")!;
    expect(task.task_role_arn).toBe(SynthesizedStack.ref("aws_iam_role", role, "arn"));
    expect(policyOf(staging, "migration_role").Statement).toEqual([
      { Sid: "ConnectToDatabaseAsMigrator", Effect: "Allow", Action: "rds-db:connect", Resource: expect.stringMatching(/^arn:aws:rds-db:us-east-1:333333333333:dbuser:\$\{.+\}\/migrator$/) },
    ]);
  });

  it("is absent by default", () => {
    expect(builtIn.resources("aws_ecs_task_definition").map((task) => task.family)).toEqual(["acme-web-staging"]);
    expect(builtIn.resources("aws_iam_role").map((role) => role.name)).not.toContain("acme-web-staging-migrate-task");
  });
});

describe("the release outputs: what the deploy workflow reads", () => {
  it("release_targets lists, as literals, what a release applies first: the task definitions, cluster, roles, log groups and security groups, never the service, its listeners or its deployment group", () => {
    const targets: string[] = output(staging, "release_targets");
    expect(targets).toEqual(expect.arrayContaining(staging.resources("aws_ecs_task_definition").map((task) => `aws_ecs_task_definition.${task.__name}`)));
    expect(targets).toEqual(expect.arrayContaining(["aws_ecs_cluster", "aws_iam_role_policy", "aws_security_group", "aws_vpc_security_group_egress_rule"].map((type) => expect.stringMatching(new RegExp(`^${type}\\.`)))));
    expect(targets.filter((target) => /^aws_(ecs_service|lb_listener|lb\.|codedeploy)/.test(target))).toEqual([]);
  });

  /** Every resource a set of addresses needs (what `terraform apply -target` applies): their references and depends_on, transitively. */
  const closure = (stack: SynthesizedStack, addresses: readonly string[]) => {
    const seen = new Set<string>();
    const visit = (address: string) => {
      if (seen.has(address)) return;
      seen.add(address);
      const [type, name] = address.split(".");
      const body = JSON.stringify(stack.json.resource[type][name]);
      for (const match of body.matchAll(/(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)[.}"]/g)) if (stack.json.resource[match[1]]?.[match[2]]) visit(`${match[1]}.${match[2]}`);
    };
    addresses.forEach(visit);
    return [...seen];
  };

  it("what the targeted apply applies holds no service, deployment group or autoscaling (a target naming the service would update it before the migration), and all the release output names", () => {
    for (const stack of [dev, staging, prod]) {
      const applied = closure(stack, output(stack, "release_targets"));
      expect(applied.filter((address) => /^aws_(ecs_service|codedeploy_deployment_group|appautoscaling)/.test(address))).toEqual([]);
      const named = [...JSON.stringify(output(stack, "release")).matchAll(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g)].map((match) => `${match[1]}.${match[2]}`);
      // (Another stack's resources, which the written stack reads through a remote state, are not this stack's to apply.)
      expect(named.filter((address) => stack.json.resource[address.split(".")[0]]?.[address.split(".")[1]]).filter((address) => !applied.includes(address))).toEqual([]);
    }
  });

  it("release names the task definitions, the tasks' network, the migration and CodeDeploy's names; the service by name, not by reference", () => {
    const release = output(staging, "release");
    const task = (family: string) => SynthesizedStack.ref("aws_ecs_task_definition", staging.resources("aws_ecs_task_definition").find((candidate) => candidate.family === family)!, "arn");
    expect(release).toMatchObject({
      region: "us-east-1",
      cluster: "acme-web-staging",
      service: "acme-web-staging",
      taskDefinitionArn: task("acme-web-staging"),
      container: { name: "app", port: 3000 },
      network: { securityGroups: ecsService(staging).network_configuration.security_groups, subnets: ecsService(staging).network_configuration.subnets },
      capacityProviderStrategy: [
        { base: 1, capacityProvider: "FARGATE", weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ],
      platformVersion: "LATEST",
      fenced: false,
      migration: { taskDefinitionArn: task("acme-web-staging-migrate"), containerName: "app", command: ["bin/rails", "db:migrate"], logGroup: "/ecs/acme-web-staging", streamPrefix: "migrate", timeoutMinutes: 20 },
      blueGreen: { application: "acme-web-staging", deploymentGroup: "acme-web-staging", releaseMinutes: 19 },
    });
    expect(JSON.stringify(release)).not.toContain("aws_ecs_service");
    expect(output(dev, "release").blueGreen).toBeUndefined();
    expect(output(builtIn, "release").migration).toBeUndefined();
  });
});
