import { z } from "zod";
import { percent } from "../shared/fields";
import { CACHE_ENGINES, MAX_CACHE_NODES } from "./defaults";

/** An app's cache settings: whether it has one, its engine, version, size and protections. */
export const cacheSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Whether the app has a cache (an ElastiCache replication group) in the environment."),
  engine: z
    .enum(CACHE_ENGINES, { error: `must be one of ${CACHE_ENGINES.join(", ")}` })
    .optional()
    .describe("Valkey or Redis OSS."),
  engineVersion: z
    .string()
    .regex(/^\d+\.\d+$/, "must be an engine major.minor version such as 8.1")
    .optional()
    .describe("The engine version, major.minor."),
  nodeType: z
    .string()
    .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.t4g.small")
    .optional()
    .describe("The node type, cache.<family>.<size>."),
  nodeCount: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(MAX_CACHE_NODES, `must be at most ${MAX_CACHE_NODES} (a primary and five replicas)`)
    .optional()
    .describe("Nodes: the primary and its replicas."),
  multiAz: z.boolean().optional().describe("Replicas in other availability zones than the primary's (needs automaticFailover)."),
  automaticFailover: z.boolean().optional().describe("Promote a replica when the primary fails (needs at least 2 nodes)."),
  snapshotRetentionDays: z
    .number()
    .int("must be a whole number")
    .min(0, "must be at least 0 (no snapshots)")
    .max(35, "must be at most 35 days")
    .optional()
    .describe("Days daily snapshots are kept, 0 for none."),
});

/** An app's cache alarm thresholds. */
export const cacheAlarmsSchema = z.strictObject({
  cpuPercent: percent.optional().describe("A node's host CPU (CPUUtilization) above this percentage fires."),
  engineCpuPercent: percent.optional().describe("A node's engine thread CPU (EngineCPUUtilization) above this percentage fires."),
  memoryPercent: percent.optional().describe("A node's memory use (DatabaseMemoryUsagePercentage) above this percentage fires."),
  evictions: z.number().int("must be a whole number").positive("must be a positive number of keys").optional().describe("More keys evicted from a node per 5 minutes than this fires."),
  replicationLagSeconds: z.number().positive("must be a positive number of seconds").optional().describe("A replica's lag behind the primary above this many seconds fires."),
});

/** An app's cache settings as they passed the schema. */
export type CacheConfig = z.output<typeof cacheSchema>;
