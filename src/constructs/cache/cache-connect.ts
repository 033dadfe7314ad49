import type { PolicyStatement } from "../security/policy-document";

/** Where a cache is and whom the app connects to it as: enough to name its ARNs before it exists. */
export interface CacheConnectTarget {
  /** The cache's region. */
  readonly region: string;
  /** Its account. */
  readonly accountId: string;
  /** The replication group's id. */
  readonly replicationGroupId: string;
  /** The ElastiCache user the app connects as. */
  readonly userId: string;
}

/**
 * The task role's IAM authentication to one cache (ElastiCache User Guide, "Authenticating with
 * IAM": `elasticache:Connect` on both the cache and the user): that replication group, as that
 * user, and nothing else. The ARNs are known from config, so no stack reads another's state for them.
 */
export function cacheConnectStatement(target: CacheConnectTarget): PolicyStatement {
  const arn = (kind: string, id: string) => `arn:aws:elasticache:${target.region}:${target.accountId}:${kind}:${id}`;
  return {
    Sid: "ConnectToCacheAsAppUser",
    Effect: "Allow",
    Action: "elasticache:Connect",
    Resource: [arn("replicationgroup", target.replicationGroupId), arn("user", target.userId)],
  };
}
