import { PlatformConfigInput } from "../../src/config/platform/schema";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { explainEnvironment } from "../../src/explain/explanation";

function section(input: PlatformConfigInput, env: string, title: string): Record<string, [unknown, string]> {
  const config = parseConfig(input, "test");
  const found = explainEnvironment(config, resolvePlatform(config), env).sections.find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no section ${title}`);
  return Object.fromEntries(found.settings.map((setting) => [setting.key, [setting.value, setting.source]]));
}

describe("npm run explain: the cache", () => {
  it("shows prod's cache from its tier defaults, its nodes' price, the DR region's cold cache and the alarm thresholds", () => {
    const cache = section(DEFAULT_CONFIG, "prod", "app web: cache");
    expect(cache).toMatchObject({
      enabled: [true, "default (src/config/cache/defaults.ts, tier prod)"],
      engine: ["valkey", "default (src/config/cache/defaults.ts)"],
      nodeType: ["cache.t4g.medium", "default (src/config/cache/defaults.ts, tier prod)"],
      nodeCount: [2, "default (src/config/cache/defaults.ts, tier prod)"],
      authentication: ["IAM as acme-web-prod-cache-app", "decision 0009: no password or token exists"],
      monthlyUsd: [75.92, expect.stringContaining("src/cost/price-table.ts")],
      "dr.nodeCount": [1, "the cold cache standing by: one node (src/config/cache/defaults.ts)"],
      "dr.monthlyUsd": [42.05, "src/cost/price-table.ts"],
    });
    expect(section(DEFAULT_CONFIG, "prod", "app web: cache alarms").evictions).toEqual([100, "default (src/config/cache/defaults.ts, tier prod)"]);
  });

  it("names the config path that sets a value, and says when the cache is off", () => {
    const config = structuredClone(DEFAULT_CONFIG) as PlatformConfigInput & { apps: Record<string, any> };
    config.apps.web.cache = { engine: "redis" };
    config.apps.web.environments.uat.cache = { nodeType: "cache.m7g.large" };
    config.apps.web.environments.uat.cacheAlarms = { evictions: 10 };
    const uat = section(config, "uat", "app web: cache");
    expect(uat).toMatchObject({
      engine: ["redis", "apps.web.cache.engine"],
      nodeType: ["cache.m7g.large", "apps.web.environments.uat.cache.nodeType"],
      monthlyUsd: ["cache.m7g.large is not in the price table for us-east-1", expect.any(String)],
    });
    expect(section(config, "uat", "app web: cache alarms").evictions).toEqual([10, "apps.web.environments.uat.cacheAlarms.evictions"]);
    expect(section(DEFAULT_CONFIG, "dev", "app web: cache")).toEqual({ enabled: [false, "default (src/config/cache/defaults.ts, tier dev)"] });
  });
});
