/** The fixed charges of caches: ElastiCache replication groups' nodes. */
import { costLine } from "./cost-line";
import { regionPrices, tablePrice, type Pricer } from "./pricer";
import { numberArgument, stringArgument } from "./terraform-json";

/**
 * An ElastiCache replication group (cluster mode disabled): its node type by the node-hour, times
 * its `num_cache_clusters` (the primary and its replicas). Snapshot storage beyond the free one
 * snapshot per node, and data transfer between zones, are usage.
 */
export const priceElasticacheReplicationGroup: Pricer = (group, { stack, prices }) => {
  const region = stack.regionOf(group);
  const engineName = stringArgument(group.body, "engine") ?? "redis";
  const nodeType = stringArgument(group.body, "node_type");
  const nodes = numberArgument(group.body, "num_cache_clusters");
  if (nodeType === undefined || nodes === undefined) {
    throw new Error(`${group.address}: no literal node_type and num_cache_clusters (cluster mode enabled is not priced), so its cost cannot be estimated; add it to src/cost/cache-costs.ts`);
  }
  const engine = tablePrice(regionPrices(prices, region, group).elasticache, engineName, "ElastiCache engine", group, region);
  const multiAz = group.body.multi_az_enabled === true ? ", Multi-AZ" : "";
  return [
    costLine({
      item: `ElastiCache ${engineName} ${nodeType}${multiAz}`,
      resource: group.address,
      region,
      quantity: nodes,
      unit: "node-hour",
      unitPriceUsd: tablePrice(engine.nodeHour, nodeType, "ElastiCache node type", group, region),
    }),
  ];
};
