import { issuesOf, deploymentOf, Mutation } from "../support/config-issues";

const deployment = deploymentOf;

const web = (c: Parameters<Mutation>[0]) => c.apps!.web;
const env = (c: Parameters<Mutation>[0], name: string) => web(c).environments![name];

describe("the cache block: tier default, then the app's, then the environment's", () => {
  it("is a Valkey primary and a replica in another zone with automatic failover and a week of snapshots in prod, and a cold one-node cache in the DR region", () => {
    expect(deployment("prod").cache).toEqual({
      engine: "valkey",
      engineVersion: "8.1",
      parameterFamily: "valkey8",
      nodeType: "cache.t4g.medium",
      port: 6379,
      snapshotWindow: "04:00-05:00",
      maintenanceWindow: "sun:06:00-sun:07:00",
      maxmemoryPolicy: "allkeys-lru",
      userId: "acme-web-prod-cache-app",
      accessString: "on ~* +@all -@dangerous",
      alarms: { cpuPercent: 90, engineCpuPercent: 80, memoryPercent: 80, evictions: 100, replicationLagSeconds: 30 },
      primary: {
        replicationGroupId: "acme-web-prod-cache",
        memberClusterIds: ["acme-web-prod-cache-001", "acme-web-prod-cache-002"],
        nodeCount: 2,
        multiAz: true,
        automaticFailover: true,
        snapshotRetentionDays: 7,
      },
      dr: { replicationGroupId: "acme-web-prod-dr-cache", memberClusterIds: ["acme-web-prod-dr-cache-001"], nodeCount: 1, multiAz: false, automaticFailover: false, snapshotRetentionDays: 0 },
    });
  });

  it("takes the primary's shape in the DR region once failed over", () => {
    expect(deployment("prod", (c) => (c.environments!.prod.activeRegion = "dr")).cache?.dr).toEqual({
      replicationGroupId: "acme-web-prod-dr-cache",
      memberClusterIds: ["acme-web-prod-dr-cache-001", "acme-web-prod-dr-cache-002"],
      nodeCount: 2,
      multiAz: true,
      automaticFailover: true,
      snapshotRetentionDays: 7,
    });
  });

  it("is one node in staging and uat, so the single-node path runs before prod, and off in dev", () => {
    expect(deployment("staging").cache).toMatchObject({ nodeType: "cache.t4g.micro", primary: { nodeCount: 1, multiAz: false, automaticFailover: false, snapshotRetentionDays: 0 } });
    expect(deployment("uat").cache).toMatchObject({ nodeType: "cache.t4g.small", primary: { nodeCount: 1 } });
    expect(deployment("staging").cache?.dr).toBeUndefined();
    expect(deployment("dev").cache).toBeUndefined();
  });

  it("an environment's settings win over the app's, and alarm thresholds merge the same way", () => {
    const cache = deployment("dev", (c) => {
      web(c).cache = { engine: "redis", nodeType: "cache.t4g.small" };
      web(c).cacheAlarms = { evictions: 5 };
      env(c, "dev").cache = { enabled: true, nodeType: "cache.m7g.large" };
      env(c, "dev").cacheAlarms = { memoryPercent: 70 };
    }).cache;
    expect(cache).toMatchObject({ engine: "redis", engineVersion: "7.1", parameterFamily: "redis7", nodeType: "cache.m7g.large", alarms: { evictions: 5, memoryPercent: 70, engineCpuPercent: 80 } });
  });

  it("prod turns it off", () => {
    expect(deployment("prod", (c) => (env(c, "prod").cache = { enabled: false })).cache).toBeUndefined();
  });
});

describe("cache validation: each message names the field, the value and what is allowed", () => {
  const cacheLines = (mutate: Mutation) => issuesOf(mutate).filter((line) => line.includes(".cache."));

  it("automatic failover needs a replica", () => {
    expect(cacheLines((c) => (env(c, "prod").cache = { nodeCount: 1 }))).toEqual([
      "  - apps.web.cache.automaticFailover = true: needs at least 2 nodes (a replica to promote), but nodeCount is 1 in environment prod: raise nodeCount or set automaticFailover false",
    ]);
  });

  it("Multi-AZ needs automatic failover", () => {
    expect(cacheLines((c) => (env(c, "prod").cache = { automaticFailover: false }))).toEqual([
      "  - apps.web.cache.multiAz = true: needs automaticFailover true (ElastiCache enables Multi-AZ only with automatic failover) in environment prod",
    ]);
  });

  it("refuses a node family the platform does not allow", () => {
    expect(cacheLines((c) => (env(c, "staging").cache = { nodeType: "cache.t2.micro" }))).toEqual([
      '  - apps.web.environments.staging.cache.nodeType = "cache.t2.micro": must be of a node family the platform allows: cache.t4g.*, cache.t3.*, cache.m6g.*, cache.m7g.*, cache.r6g.*, cache.r7g.*',
    ]);
  });

  it("refuses an engine version ElastiCache does not run with IAM authentication", () => {
    expect(cacheLines((c) => (web(c).cache = { engine: "redis", engineVersion: "6.2" }))).toEqual(
      expect.arrayContaining(['  - apps.web.cache.engineVersion = "6.2": must be a redis version ElastiCache runs with IAM authentication: one of 7.0, 7.1']),
    );
  });

  it("refuses names that make a replication group id longer than ElastiCache allows (the first environment that has a cache names it)", () => {
    const lines = issuesOf((c) => {
      c.project.name = "acme-platform-01";
      c.apps = { "a-very-long-app-name": c.apps!.web };
    }).filter((line) => line.includes(".cache."));
    expect(lines).toEqual([
      "  - apps.a-very-long-app-name.cache.enabled = true: makes the replication group id acme-platform-01-a-very-long-app-name-staging-cache (51 characters), which ElastiCache refuses: at most 40 characters and no two hyphens in a row; shorten the project, app or environment name, or leave the cache off",
    ]);
  });

  it("refuses a node type that is not a node type, and node counts beyond a primary and five replicas", () => {
    expect(cacheLines((c) => (web(c).cache = { nodeType: "t4g.small" as never, nodeCount: 7 }))).toEqual([
      '  - apps.web.cache.nodeType = "t4g.small": must be an ElastiCache node type such as cache.t4g.small',
      "  - apps.web.cache.nodeCount = 7: must be at most 6 (a primary and five replicas)",
    ]);
  });
});
