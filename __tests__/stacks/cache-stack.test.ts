import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/** The stacks as `cdktf synth` writes them (cross-stack references as remote state), shared by the run. */
const written = writtenStacks();
const stack = (id: string) => written.get(id)!;
const all = (id: string, type: string): [string, Record<string, any>][] => Object.entries(stack(id).resource?.[type] ?? {});
const one = (id: string, type: string) => {
  const found = all(id, type);
  expect(found).toHaveLength(1);
  return found[0][1];
};
const ref = (type: string, id: string, name: string, attribute = "id") => `\${${type}.${all(id, type).find(([, r]) => r.name === name || r.user_id === name)![0]}.${attribute}}`;

/** The task role's statements of a service stack (`roles` or `dr-roles`), parsed. */
function taskStatements(id: string, prefix: string): { Sid: string; Action: string | string[]; Resource: string | string[] }[] {
  const [, policy] = all(id, "aws_iam_role_policy").find(([name]) => name.startsWith(`${prefix}_task-policy_`))!;
  return JSON.parse(policy.policy).Statement;
}

/** The app container's environment in a service stack's task definition. */
function containerEnvironment(id: string): Record<string, string> {
  const definitions = JSON.parse(one(id, "aws_ecs_task_definition").container_definitions);
  const app = definitions.find((container: { name: string }) => container.name === "app");
  return Object.fromEntries(app.environment.map((variable: { name: string; value: string }) => [variable.name, variable.value]));
}

describe("<app>-<env>-cache on the built-in configuration", () => {
  const group = one("web-prod-cache", "aws_elasticache_replication_group");

  it("exists where the tier defaults turn the cache on: staging, uat, prod and prod's DR region, not dev", () => {
    expect([...written.keys()].filter((id) => id.includes("cache")).sort()).toEqual(["web-prod-cache", "web-prod-dr-cache", "web-staging-cache", "web-uat-cache"]);
  });

  it("in prod is a Valkey primary and a replica in another zone, failing over by itself, with a week of snapshots outside the database's windows", () => {
    expect(group).toMatchObject({
      replication_group_id: "acme-web-prod-cache",
      engine: "valkey",
      engine_version: "8.1",
      node_type: "cache.t4g.medium",
      num_cache_clusters: 2,
      multi_az_enabled: true,
      automatic_failover_enabled: true,
      snapshot_retention_limit: 7,
      snapshot_window: "04:00-05:00",
      maintenance_window: "sun:06:00-sun:07:00",
      auto_minor_version_upgrade: "false",
      port: 6379,
    });
    expect(one("web-prod-cache", "aws_elasticache_parameter_group")).toMatchObject({ family: "valkey8", parameter: [{ name: "maxmemory-policy", value: "allkeys-lru" }] });
  });

  it("encrypts at rest with its own rotating key and requires TLS", () => {
    const [keyName, key] = all("web-prod-cache", "aws_kms_key")[0];
    expect(all("web-prod-cache", "aws_kms_key")).toHaveLength(1);
    expect(key.enable_key_rotation).toBe(true);
    expect(one("web-prod-cache", "aws_kms_alias")).toMatchObject({ name: "alias/acme-web-prod-cache" });
    expect(group).toMatchObject({ at_rest_encryption_enabled: "true", kms_key_id: `\${aws_kms_key.${keyName}.arn}`, transit_encryption_enabled: true, transit_encryption_mode: "required" });
  });

  it("authenticates by IAM only: one user whose id is its name, in the group's only user group; no token or password anywhere", () => {
    const user = one("web-prod-cache", "aws_elasticache_user");
    expect(user).toMatchObject({ user_id: "acme-web-prod-cache-app", user_name: "acme-web-prod-cache-app", engine: "valkey", authentication_mode: { type: "iam" } });
    expect(user.passwords).toBeUndefined();
    const userGroup = one("web-prod-cache", "aws_elasticache_user_group");
    expect(userGroup).toMatchObject({ user_group_id: "acme-web-prod-cache", engine: "valkey" });
    expect(userGroup.user_ids).toEqual([ref("aws_elasticache_user", "web-prod-cache", "acme-web-prod-cache-app", "user_id")]);
    expect(group.user_group_ids).toEqual([`\${aws_elasticache_user_group.${all("web-prod-cache", "aws_elasticache_user_group")[0][0]}.user_group_id}`]);
    expect(group.auth_token).toBeUndefined();
    expect(JSON.stringify(stack("web-prod-cache"))).not.toMatch(/auth_token|"passwords"/);
  });

  it("lives in the private subnets and admits its port only from the clients' group, which the service's tasks join", () => {
    const subnets = one("web-prod-cache", "aws_elasticache_subnet_group").subnet_ids as string[];
    expect(subnets).toHaveLength(3);
    for (const subnet of subnets) expect(subnet).toMatch(/network-prod\.outputs\.cross-stack-output-aws_subnetnetwork_private-us-east-1[abc]_/);
    const cacheGroup = ref("aws_security_group", "web-prod-cache", "acme-web-prod-cache");
    const clients = ref("aws_security_group", "web-prod-cache", "acme-web-prod-cache-clients");
    expect(group.security_group_ids).toEqual([cacheGroup]);
    const ingress = all("web-prod-cache", "aws_vpc_security_group_ingress_rule").map(([, rule]) => rule);
    expect(ingress).toEqual([expect.objectContaining({ security_group_id: cacheGroup, referenced_security_group_id: clients, from_port: 6379, to_port: 6379, ip_protocol: "tcp" })]);
    const egress = all("web-prod-cache", "aws_vpc_security_group_egress_rule").map(([, rule]) => rule);
    expect(egress).toEqual([expect.objectContaining({ security_group_id: clients, referenced_security_group_id: cacheGroup, from_port: 6379, to_port: 6379 })]);
    const tasks = one("web-prod-service", "aws_ecs_service").network_configuration.security_groups as string[];
    expect(tasks).toContainEqual(expect.stringMatching(/web-prod-cache\.outputs\.cross-stack-output-aws_security_groupcache_clients_/));
  });

  it("alarms on each node's CPU, engine CPU, memory, evictions and replication lag, to the environment's topic, each name its own", () => {
    const alarms = all("web-prod-cache", "aws_cloudwatch_metric_alarm").map(([, alarm]) => alarm);
    const names = alarms.map((alarm) => alarm.alarm_name).sort();
    expect(names).toEqual(
      ["001", "002"].flatMap((node) => ["cpu", "engine-cpu", "evictions", "memory", "replication-lag"].map((metric) => `acme-web-prod-cache-${node}-${metric}`)),
    );
    expect(alarms.find((alarm) => alarm.alarm_name === "acme-web-prod-cache-002-engine-cpu")).toMatchObject({
      namespace: "AWS/ElastiCache",
      metric_name: "EngineCPUUtilization",
      dimensions: { CacheClusterId: "acme-web-prod-cache-002" },
      threshold: 80,
    });
    expect(alarms.find((alarm) => alarm.alarm_name === "acme-web-prod-cache-001-evictions")).toMatchObject({ metric_name: "Evictions", statistic: "Sum", threshold: 100 });
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([expect.stringMatching(/web-prod-monitoring\.outputs/)]);
  });

  it("in staging is one node: no replica, no failover, no snapshots, no replication lag alarm", () => {
    expect(one("web-staging-cache", "aws_elasticache_replication_group")).toMatchObject({
      node_type: "cache.t4g.micro",
      num_cache_clusters: 1,
      multi_az_enabled: false,
      automatic_failover_enabled: false,
      snapshot_retention_limit: 0,
    });
    expect(all("web-staging-cache", "aws_cloudwatch_metric_alarm").map(([, alarm]) => alarm.alarm_name).sort()).toEqual(
      ["cpu", "engine-cpu", "evictions", "memory"].map((metric) => `acme-web-staging-cache-001-${metric}`),
    );
  });

  it("in the DR region stands by cold: one node in eu-west-1, its own key, nothing read from us-east-1", () => {
    const dr = stack("web-prod-dr-cache");
    expect(dr.provider.aws[0].region).toBe("eu-west-1");
    expect(one("web-prod-dr-cache", "aws_elasticache_replication_group")).toMatchObject({
      replication_group_id: "acme-web-prod-dr-cache",
      num_cache_clusters: 1,
      multi_az_enabled: false,
      automatic_failover_enabled: false,
      apply_immediately: true,
      transit_encryption_mode: "required",
    });
    expect(one("web-prod-dr-cache", "aws_kms_alias").name).toBe("alias/acme-web-prod-dr-cache");
    expect(Object.keys(dr.data.terraform_remote_state).sort()).toEqual(["cross-stack-reference-input-network-prod-dr", "cross-stack-reference-input-web-prod-dr-monitoring"]);
  });
});

describe("the service's access to its cache", () => {
  it("gives the app the endpoint, the group's id and its user, TLS and IAM: no secret", () => {
    const environment = containerEnvironment("web-prod-service");
    expect(environment).toMatchObject({ CACHE_PORT: "6379", CACHE_NAME: "acme-web-prod-cache", CACHE_USER: "acme-web-prod-cache-app", CACHE_AUTH: "iam", CACHE_TLS: "true" });
    expect(environment.CACHE_HOST).toMatch(/web-prod-cache\.outputs\.cross-stack-output-aws_elasticache_replication_groupcache_replication-group_.*primary_endpoint_address/);
    const dr = containerEnvironment("web-prod-dr-service");
    expect(dr).toMatchObject({ CACHE_NAME: "acme-web-prod-dr-cache", CACHE_USER: "acme-web-prod-cache-app" });
    expect(dr.CACHE_HOST).toMatch(/web-prod-dr-cache\.outputs\./);
  });

  it("lets the task role connect to its own replication group as its own user, and the DR task role to the DR cache", () => {
    const connect = (id: string, prefix: string) => taskStatements(id, prefix).filter((statement) => JSON.stringify(statement.Action).includes("elasticache"));
    expect(connect("web-prod-service", "roles")).toEqual([
      {
        Sid: "ConnectToCacheAsAppUser",
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: ["arn:aws:elasticache:us-east-1:222222222222:replicationgroup:acme-web-prod-cache", "arn:aws:elasticache:us-east-1:222222222222:user:acme-web-prod-cache-app"],
      },
    ]);
    expect(connect("web-prod-service", "dr-roles")).toEqual([
      {
        Sid: "ConnectToCacheAsAppUser",
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: ["arn:aws:elasticache:eu-west-1:222222222222:replicationgroup:acme-web-prod-dr-cache", "arn:aws:elasticache:eu-west-1:222222222222:user:acme-web-prod-cache-app"],
      },
    ]);
  });

  it("without a cache (dev) there are no cache variables, no cache policy and no cache group on the tasks", () => {
    expect(Object.keys(containerEnvironment("web-dev-service")).filter((name) => name.startsWith("CACHE_"))).toEqual([]);
    expect(JSON.stringify(stack("web-dev-service"))).not.toMatch(/elasticache|-cache/);
  });
});

describe("the cache turned off, and the typed outputs", () => {
  it("prod without a cache has no cache stacks, variables or policy", () => {
    const config = defaultConfigCopy();
    config.apps!.web.cache = { enabled: false };
    const { platform } = buildPlatform(runOf(config));
    const prod = platform.deployments.get("web-prod")!;
    expect(prod.cache).toBeUndefined();
    expect(prod.dr?.cache).toBeUndefined();
    expect([...platform.deployments.values()].flatMap((stacks) => [stacks.cache, stacks.dr?.cache]).filter(Boolean)).toEqual([]);
    const service = new SynthesizedStack(prod.service).text;
    expect(service).not.toMatch(/elasticache|CACHE_/);
  });

  it("with Redis OSS, adds the default user its user group must hold, switched off, beside the IAM user", () => {
    const config = defaultConfigCopy();
    config.apps!.web.cache = { engine: "redis" };
    const { platform } = buildPlatform(runOf(config));
    const staging = new SynthesizedStack(platform.deployments.get("web-staging")!.cache!);
    expect(staging.resources("aws_elasticache_replication_group")).toEqual([expect.objectContaining({ engine: "redis", engine_version: "7.1", parameter_group_name: expect.any(String) })]);
    expect(staging.resources("aws_elasticache_parameter_group")[0].family).toBe("redis7");
    const users = staging.resources("aws_elasticache_user");
    expect(users).toEqual([
      expect.objectContaining({ user_id: "acme-web-staging-cache-app", user_name: "acme-web-staging-cache-app", engine: "redis", authentication_mode: { type: "iam" } }),
      expect.objectContaining({ user_id: "acme-web-staging-cache-default", user_name: "default", engine: "redis", access_string: "off -@all", authentication_mode: { type: "no-password-required" } }),
    ]);
    expect(staging.resources("aws_elasticache_user_group")[0].user_ids).toHaveLength(2);
  });

  it("exposes the replication group and member cluster ids for dashboards, and in the DR region the primary's shape once failed over", () => {
    const config = defaultConfigCopy();
    config.environments!.prod.activeRegion = "dr";
    const { platform } = buildPlatform(runOf(config));
    const prod = platform.deployments.get("web-prod")!;
    expect(prod.cache!.outputs).toMatchObject({ replicationGroupId: "acme-web-prod-cache", memberClusterIds: ["acme-web-prod-cache-001", "acme-web-prod-cache-002"], port: 6379, userId: "acme-web-prod-cache-app" });
    expect(prod.dr!.cache!.outputs.memberClusterIds).toEqual(["acme-web-prod-dr-cache-001", "acme-web-prod-dr-cache-002"]);
    const dr = new SynthesizedStack(prod.dr!.cache!).resources("aws_elasticache_replication_group");
    expect(dr).toEqual([expect.objectContaining({ num_cache_clusters: 2, multi_az_enabled: true, automatic_failover_enabled: true, snapshot_retention_limit: 7 })]);
  });
});
