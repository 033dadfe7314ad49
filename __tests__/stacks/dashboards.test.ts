import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * The CloudWatch dashboards (issue 22, part 3): one per app environment in its region and one in
 * its DR region. Terraform validates a dashboard body only at apply (PutDashboard parses it), so the
 * body is parsed here, and every dimension of every metric is followed to the resource it names.
 */
const stacks = writtenStacks();

type Json = Record<string, any>;

/** The AWS provider region of a written stack (its default provider). */
const regionOfStack = (json: Json): string => json.provider.aws.find((provider: Json) => provider.alias === undefined).region;

/** The region of a resource: its aliased provider's, else the stack's. */
const regionOfResource = (json: Json, resource: Json): string =>
  json.provider.aws.find((provider: Json) => resource.provider !== undefined && `aws.${provider.alias}` === resource.provider)?.region ?? regionOfStack(json);

/** Written stacks by id. */
type Stacks = Map<string, Json>;

/** The one dashboard of a stack, its body parsed. */
function dashboardOf(id: string, from: Stacks = stacks): { name: string; widgets: Json[] } {
  const dashboards = Object.values<Json>(from.get(id)!.resource?.aws_cloudwatch_dashboard ?? {});
  expect([id, dashboards.length]).toEqual([id, 1]);
  return {
    name: dashboards[0].dashboard_name,
    widgets: JSON.parse(dashboards[0].dashboard_body).widgets,
  };
}

/** A reference `${type.name.attribute}` in a stack, or through a remote state to another stack's output, as the resource it names. */
function resolveReference(stackId: string, value: string, from: Stacks = stacks): { stack: string; type: string; resource: Json; attribute: string } | undefined {
  const match = /^\$\{([^}]+)\}$/.exec(value);
  if (!match) return undefined;
  const path = match[1].split(".");
  if (path[0] === "data" && path[1] === "terraform_remote_state") {
    const remote = /^cross-stack-reference-input-(.+)$/.exec(path[2])![1];
    const output = from.get(remote)!.output[path[4]].value as string;
    return resolveReference(remote, output, from);
  }
  const [type, name, attribute] = path;
  const resource = from.get(stackId)!.resource?.[type]?.[name];
  if (!resource) throw new Error(`${stackId}: ${value} names no resource`);
  return { stack: stackId, type, resource, attribute };
}

/** Every metric line of a widget: `[namespace, metric, name, value, ..., options]`, as dimensions. */
function metricLines(widget: Json): { namespace: string; metric: string; dimensions: Record<string, string> }[] {
  return (widget.properties.metrics as unknown[][])
    .filter((line) => typeof line[0] === "string")
    .map((line) => {
      const pairs = line.slice(2).filter((part) => typeof part === "string") as string[];
      return {
        namespace: line[0] as string,
        metric: line[1] as string,
        dimensions: Object.fromEntries(pairs.flatMap((part, index) => (index % 2 === 0 ? [[part, pairs[index + 1]]] : []))),
      };
    });
}

/** The stacks of one app environment: `web-<env>-*` and `web-<env>-dr-*`. */
const environmentStacks = (env: string, from: Stacks = stacks) => [...from.keys()].filter((id) => id.startsWith(`web-${env}-`));

/** What a dimension must name: the resource type and attribute a reference resolves to, or a literal's check. */
const DIMENSION_TARGETS: Record<string, readonly string[]> = {
  LoadBalancer: ["aws_lb.arn_suffix"],
  TargetGroup: ["aws_lb_target_group.arn_suffix"],
  ClusterName: ["aws_ecs_cluster.name"],
  ServiceName: ["aws_ecs_service.name"],
  DBInstanceIdentifier: ["aws_db_instance.identifier", "aws_rds_cluster_instance.identifier"],
  DBClusterIdentifier: ["aws_rds_cluster.cluster_identifier"],
};

/** Literal identifiers of the environment's resources in a region, by the type and attribute that carry them. */
function literalNames(env: string, region: string, typeAttribute: string, from: Stacks = stacks): string[] {
  const [type, attribute] = typeAttribute.split(".");
  return environmentStacks(env, from).flatMap((id) => {
    const json = from.get(id)!;
    return Object.values<Json>(json.resource?.[type] ?? {})
      .filter((resource) => regionOfResource(json, resource) === region)
      .map((resource) => resource[attribute]);
  });
}

/** Follows every dimension of every metric of a dashboard to the resource of the environment's stacks it names; the number of dimensions checked. */
function checkDimensions(env: string, id: string, from: Stacks = stacks): number {
  const { widgets } = dashboardOf(id, from);
  const stackRegion = regionOfStack(from.get(id)!);
  let checked = 0;
  for (const widget of widgets.filter((w) => w.type === "metric")) {
    for (const { namespace, metric, dimensions } of metricLines(widget)) {
      for (const [name, value] of Object.entries(dimensions)) {
        const where = `${id} ${namespace} ${metric} ${name}=${value}`;
        if (name === "Region") {
          expect([where, value]).toEqual([where, stackRegion]);
        } else if (name === "CacheClusterId") {
          // The cache stack names its member clusters `<replication group id>-001`, ... (ElastiCache's own naming).
          const nodes = environmentStacks(env, from).flatMap((stackId) => {
            const json = from.get(stackId)!;
            return Object.values<Json>(json.resource?.aws_elasticache_replication_group ?? {})
              .filter((group) => regionOfResource(json, group) === widget.properties.region)
              .flatMap((group) => Array.from({ length: group.num_cache_clusters }, (_, index) => `${group.replication_group_id}-${String(index + 1).padStart(3, "0")}`));
          });
          expect([where, nodes]).toEqual([where, expect.arrayContaining([value])]);
        } else if (name === "WebACL" || name === "Rule") {
          const acls = Object.values<Json>(from.get(id)!.resource.aws_wafv2_web_acl);
          const names =
            name === "WebACL" ? acls.map((acl) => acl.visibility_config.metric_name) : ["ALL", ...acls.flatMap((acl) => acl.rule.map((rule: Json) => rule.visibility_config.metric_name))];
          expect([where, names]).toEqual([where, expect.arrayContaining([value])]);
        } else {
          const targets = DIMENSION_TARGETS[name];
          expect([where, targets]).toEqual([where, expect.any(Array)]);
          const resolved = resolveReference(id, value, from);
          if (resolved) {
            expect([where, targets]).toEqual([where, expect.arrayContaining([`${resolved.type}.${resolved.attribute}`])]);
            expect([where, environmentStacks(env, from)]).toEqual([where, expect.arrayContaining([resolved.stack])]);
          } else {
            // A literal (the DR copy's identifier on the primary dashboard): a resource of that name in the widget's region.
            expect([where, targets.flatMap((target) => literalNames(env, widget.properties.region, target, from))]).toEqual([where, expect.arrayContaining([value])]);
          }
        }
        checked += 1;
      }
    }
  }
  return checked;
}

const SITES = [
  ["dev", "web-dev-service"],
  ["staging", "web-staging-service"],
  ["uat", "web-uat-service"],
  ["prod", "web-prod-service"],
  ["prod", "web-prod-dr-service"],
] as const;

describe("the environments' dashboards", () => {
  it.each(SITES)("%s: %s's body is JSON whose widgets fit the 24-column grid", (_env, id) => {
    const { widgets } = dashboardOf(id);
    expect(widgets.length).toBeGreaterThan(10);
    for (const widget of widgets) {
      expect(["metric", "text", "alarm"]).toContain(widget.type);
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    }
  });

  it.each(SITES)("%s: every metric dimension of %s names a resource the environment's stacks create", (env, id) => {
    expect(checkDimensions(env, id)).toBeGreaterThan(20);
  });

  it.each(SITES)("%s: %s's alarm widget lists exactly the environment's alarms in its region", (env, id) => {
    const { widgets } = dashboardOf(id);
    const json = stacks.get(id)!;
    const region = regionOfStack(json);
    const account = json.provider.aws[0].allowed_account_ids[0];
    const expected = environmentStacks(env).flatMap((stackId) => {
      const stack = stacks.get(stackId)!;
      return [...Object.values<Json>(stack.resource?.aws_cloudwatch_metric_alarm ?? {}), ...Object.values<Json>(stack.resource?.aws_cloudwatch_composite_alarm ?? {})]
        .filter((alarm) => regionOfResource(stack, alarm) === region)
        .map((alarm) => `arn:aws:cloudwatch:${region}:${account}:alarm:${alarm.alarm_name}`);
    });
    const listed = widgets.filter((widget) => widget.type === "alarm").flatMap((widget) => widget.properties.alarms);
    expect(listed.length).toBeGreaterThan(5);
    expect([...listed].sort()).toEqual([...new Set(expected)].sort());
    expect(listed).toContain(`arn:aws:cloudwatch:${region}:${account}:alarm:${id.endsWith("dr-service") ? "acme-web-prod-dr" : `acme-web-${env}`}-service-task-failures`);
  });

  it("shows the DR dashboard's metrics in the DR region only, and the primary's the DR copy's lag in the DR region", () => {
    const regions = (id: string) =>
      new Set(
        dashboardOf(id)
          .widgets.filter((w) => w.type === "metric")
          .map((w) => w.properties.region)
      );
    expect([...regions("web-prod-dr-service")]).toEqual(["eu-west-1"]);
    expect([...regions("web-prod-service")].sort()).toEqual(["eu-west-1", "us-east-1"]);
    const drLag = dashboardOf("web-prod-service").widgets.find((w) => w.type === "metric" && w.properties.region === "eu-west-1")!;
    expect(metricLines(drLag)).toEqual([
      {
        namespace: "AWS/RDS",
        metric: "ReplicaLag",
        dimensions: { DBInstanceIdentifier: "acme-web-prod-dr" },
      },
    ]);
  });

  it.each(SITES)("%s: %s shows at most 50 metrics, so it can be one of an account's 3 free dashboards", (_env, id) => {
    const metrics = dashboardOf(id).widgets.filter((w) => w.type === "metric").flatMap(metricLines);
    expect(metrics.length).toBeGreaterThan(10);
    expect(metrics.length).toBeLessThanOrEqual(50);
  });

  it("names each dashboard once in the account: dashboards are account-wide", () => {
    expect(SITES.map(([, id]) => dashboardOf(id).name)).toEqual(["acme-web-dev", "acme-web-staging", "acme-web-uat", "acme-web-prod", "acme-web-prod-dr"]);
  });

  it("shows Container Insights' task counts and deployments where it is on (prod), the target group's healthy targets elsewhere", () => {
    const metrics = (id: string) =>
      dashboardOf(id)
        .widgets.filter((w) => w.type === "metric")
        .flatMap((w) => metricLines(w).map((line) => line.metric));
    expect(metrics("web-prod-service")).toEqual(expect.arrayContaining(["RunningTaskCount", "DesiredTaskCount", "DeploymentCount"]));
    expect(metrics("web-dev-service")).not.toContain("RunningTaskCount");
    expect(metrics("web-dev-service")).toEqual(expect.arrayContaining(["HealthyHostCount", "UnHealthyHostCount", "CPUUtilization", "MemoryUtilization"]));
    // The cache (issue 22, part 2) where the environment has one: staging up, not dev.
    expect(metrics("web-prod-service")).toEqual(expect.arrayContaining(["EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "CurrConnections", "ReplicationLag"]));
    expect(metrics("web-prod-dr-service")).toContain("EngineCPUUtilization");
    expect(metrics("web-dev-service")).not.toContain("EngineCPUUtilization");
    // WAF is on from uat up (seed 002): its blocked requests there, none in dev.
    expect(metrics("web-uat-service")).toContain("BlockedRequests");
    expect(metrics("web-dev-service")).not.toContain("BlockedRequests");
  });

  it("graphs by the minute in prod and by five minutes below", () => {
    const periods = (id: string) =>
      new Set(
        dashboardOf(id)
          .widgets.filter((w) => w.type === "metric")
          .map((w) => w.properties.period)
      );
    expect([...periods("web-prod-service")]).toEqual([60]);
    expect([...periods("web-prod-dr-service")]).toEqual([60]);
    expect([...periods("web-dev-service")]).toEqual([300]);
  });
});

describe("the dashboards of blue/green services (decision 0013)", () => {
  const blueGreen: Stacks = writtenStacks(JSON.parse(readFileSync(join(__dirname, "../../examples/blue-green.json"), "utf8")));
  /** The stack resources (`aws_lb_target_group.<name>`) the target group lines of a graph name, by the lines' labels. */
  const targetGroupsOf = (id: string, title: string): Record<string, string> =>
    Object.fromEntries(
      dashboardOf(id, blueGreen)
        .widgets.find((widget) => widget.properties.title === title)!
        .properties.metrics.filter((line: unknown[]) => line.includes("TargetGroup"))
        .map((line: unknown[]) => {
          const resolved = resolveReference(id, line[line.indexOf("TargetGroup") + 1] as string, blueGreen)!;
          return [(line.at(-1) as Json).label, resolved.resource.name];
        }),
    );

  it.each([
    ["staging", "web-staging-service"],
    ["prod", "web-prod-service"],
  ])("%s: every metric dimension of %s names a resource the environment's stacks create, the alt group's too", (env, id) => {
    expect(checkDimensions(env, id, blueGreen)).toBeGreaterThan(20);
  });

  it("graphs each target group metric for both groups, where CodeDeploy moves the traffic at every release; one group where releases are rolling (dev)", () => {
    expect(targetGroupsOf("web-staging-service", "4xx and 5xx responses")).toEqual({
      "App 4xx, app group": "acme-web-staging-app",
      "App 4xx, alt group": "acme-web-staging-alt",
      "App 5xx, app group": "acme-web-staging-app",
      "App 5xx, alt group": "acme-web-staging-alt",
    });
    expect(targetGroupsOf("web-staging-service", "Response time (s)")).toEqual({
      "p50, app group": "acme-web-staging-app",
      "p50, alt group": "acme-web-staging-alt",
      "p99, app group": "acme-web-staging-app",
      "p99, alt group": "acme-web-staging-alt",
    });
    expect(targetGroupsOf("web-staging-service", "Tasks behind the load balancer")).toEqual({
      "Healthy, app group": "acme-web-staging-app",
      "Healthy, alt group": "acme-web-staging-alt",
      "Unhealthy, app group": "acme-web-staging-app",
      "Unhealthy, alt group": "acme-web-staging-alt",
    });
    expect(Object.values(targetGroupsOf("web-prod-service", "Response time (s)"))).toEqual(["acme-web-prod-app", "acme-web-prod-alt", "acme-web-prod-app", "acme-web-prod-alt"]);
    expect(targetGroupsOf("web-dev-service", "Response time (s)")).toEqual({ p50: "acme-web-dev-app", p99: "acme-web-dev-app" });
  });

  it("keeps each blue/green dashboard within 50 metrics", () => {
    for (const id of ["web-staging-service", "web-prod-service"]) expect(dashboardOf(id, blueGreen).widgets.filter((w) => w.type === "metric").flatMap(metricLines).length).toBeLessThanOrEqual(50);
  });
});

describe("the DR dashboard once failed over", () => {
  it("lists the promoted database's alarms, which the DR database stack makes then", () => {
    const config = defaultConfigCopy();
    config.environments.prod.activeRegion = "dr";
    const { platform } = buildPlatform(runOf(config));
    const dashboard = new SynthesizedStack(platform.deployments.get("web-prod")!.dr!.service).resources("aws_cloudwatch_dashboard")[0];
    const alarms: string[] = JSON.parse(dashboard.dashboard_body)
      .widgets.filter((widget: Json) => widget.type === "alarm")
      .flatMap((widget: Json) => widget.properties.alarms);
    expect(alarms).toEqual(expect.arrayContaining(["arn:aws:cloudwatch:eu-west-1:222222222222:alarm:acme-web-prod-dr-database-cpu", "arn:aws:cloudwatch:eu-west-1:222222222222:alarm:acme-web-prod-dr-service-task-failures"]));
    expect(alarms.every((arn) => arn.startsWith("arn:aws:cloudwatch:eu-west-1:"))).toBe(true);
  });
});

describe("dashboards turned off", () => {
  it("leaves every dashboard out when the app turns them off, and one environment's when it does", () => {
    const dashboards = (config: ReturnType<typeof defaultConfigCopy>) => {
      const { app } = buildPlatform(runOf(config));
      return app.node
        .findAll()
        .filter((construct): construct is CloudwatchDashboard => construct instanceof CloudwatchDashboard)
        .map((dashboard) => dashboard.dashboardNameInput)
        .sort();
    };
    const off = defaultConfigCopy();
    off.apps!.web.dashboard = { enabled: false };
    expect(dashboards(off)).toEqual([]);
    const prodOff = defaultConfigCopy();
    prodOff.apps!.web.environments!.prod.dashboard = { enabled: false };
    expect(dashboards(prodOff)).toEqual(["acme-web-dev", "acme-web-staging", "acme-web-uat"]);
  });
});
