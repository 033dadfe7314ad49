import { mergedBlock, settingPath } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import type { PlatformConfig } from "../platform/schema";
import type { ConfigIssue } from "../shared/errors";
import { CACHE_NODE_FAMILIES, KNOWN_CACHE_VERSIONS, MAX_CACHE_ID_LENGTH } from "./defaults";
import { cacheSettings } from "./resolve";

/**
 * Rules about an app's cache in one environment, on its settings merged over the tier's: automatic
 * failover needs a replica, Multi-AZ needs automatic failover (ElastiCache User Guide, "Minimizing
 * downtime in ElastiCache by using Multi-AZ"), an allowed node family, a version the engine runs
 * with IAM authentication, and ids within ElastiCache's limits.
 */
export function cacheIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const cache = cacheSettings(mergedBlock(app, envName, "cache"), environment);
  if (!cache.enabled) return [];
  const where = (key: string) => settingPath(app, appName, envName, "cache", key);
  const issues: ConfigIssue[] = [];
  if (cache.automaticFailover && cache.nodeCount < 2) {
    issues.push({
      path: where("automaticFailover"),
      value: cache.automaticFailover,
      message: `needs at least 2 nodes (a replica to promote), but nodeCount is ${cache.nodeCount} in environment ${envName}: raise nodeCount or set automaticFailover false`,
    });
  }
  if (cache.multiAz && !cache.automaticFailover) {
    issues.push({ path: where("multiAz"), value: cache.multiAz, message: `needs automaticFailover true (ElastiCache enables Multi-AZ only with automatic failover) in environment ${envName}` });
  }
  const family = cache.nodeType.split(".")[1];
  if (!(CACHE_NODE_FAMILIES as readonly string[]).includes(family)) {
    issues.push({ path: where("nodeType"), value: cache.nodeType, message: `must be of a node family the platform allows: ${CACHE_NODE_FAMILIES.map((allowed) => `cache.${allowed}.*`).join(", ")}` });
  }
  const known = KNOWN_CACHE_VERSIONS[cache.engine];
  if (!known.includes(cache.engineVersion)) {
    issues.push({
      path: where("engineVersion"),
      value: cache.engineVersion,
      message: `must be a ${cache.engine} version ElastiCache runs with IAM authentication: one of ${known.join(", ")}`,
    });
  }
  // The DR region's id is the longest: `<project>-<app>-<env>-dr-cache`.
  const longest = `${config.project.name}-${appName}-${envName}${environment.drNetwork ? "-dr" : ""}-cache`;
  if (longest.length > MAX_CACHE_ID_LENGTH || longest.includes("--")) {
    issues.push({
      path: where("enabled"),
      value: cache.enabled,
      message: `makes the replication group id ${longest} (${longest.length} characters), which ElastiCache refuses: at most ${MAX_CACHE_ID_LENGTH} characters and no two hyphens in a row; shorten the project, app or environment name, or leave the cache off`,
    });
  }
  return issues;
}
