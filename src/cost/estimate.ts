/**
 * The fixed monthly cost of synthesized stacks: what their always-on
 * resources cost at the price table's rates, per stack and per environment,
 * with the usage charges it leaves out. Resources of providers other than AWS
 * (GitHub settings) are outside it.
 */
import { timesInstances, type CostLine } from "./cost-line";
import { priceElasticacheReplicationGroup } from "./cache-costs";
import { priceAutoscalingGroup } from "./capacity-costs";
import { databaseDirectory, type DatabaseDirectory } from "./database-directory";
import { priceDbInstance, priceDynamodbTable, priceRdsCluster, priceRdsClusterInstance } from "./database-costs";
import { priceEcsService } from "./fargate-costs";
import { priceCompositeAlarm, priceDashboard, priceHealthCheck, priceHostedZone, priceMetricAlarm, priceScalingPolicy } from "./monitoring-costs";
import { priceElasticIp, priceInstance, priceLoadBalancer, priceNatGateway, priceVpcEndpoint } from "./network-costs";
import { PRICE_TABLE, type PriceTable } from "./price-table";
import { pricedRegion, type Pricer } from "./pricer";
import { priceAccessAnalyzer, priceKmsKey, priceSecret, priceWebAcl } from "./security-costs";
import { priceDistribution } from "./cdn-costs";
import type { StackGrouper } from "./stack-groups";
import { instanceCount, SynthesizedStackJson } from "./terraform-json";
import { EXCLUDED_USAGE_CHARGES, FREE_RESOURCE_TYPES, type ExcludedCharge } from "./unpriced";

/** The pricer of each resource type with a fixed charge (or a variant with one that must not pass unpriced). */
const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_nat_gateway: priceNatGateway,
  aws_eip: priceElasticIp,
  aws_instance: priceInstance,
  aws_vpc_endpoint: priceVpcEndpoint,
  aws_lb: priceLoadBalancer,
  aws_alb: priceLoadBalancer,
  aws_ecs_service: priceEcsService,
  aws_autoscaling_group: priceAutoscalingGroup,
  aws_db_instance: priceDbInstance,
  aws_rds_cluster: priceRdsCluster,
  aws_rds_cluster_instance: priceRdsClusterInstance,
  aws_dynamodb_table: priceDynamodbTable,
  aws_elasticache_replication_group: priceElasticacheReplicationGroup,
  aws_accessanalyzer_analyzer: priceAccessAnalyzer,
  aws_kms_key: priceKmsKey,
  aws_kms_replica_key: priceKmsKey,
  aws_secretsmanager_secret: priceSecret,
  aws_cloudwatch_metric_alarm: priceMetricAlarm,
  aws_cloudwatch_composite_alarm: priceCompositeAlarm,
  aws_cloudwatch_dashboard: priceDashboard,
  aws_appautoscaling_policy: priceScalingPolicy,
  aws_wafv2_web_acl: priceWebAcl,
  aws_route53_health_check: priceHealthCheck,
  aws_route53_zone: priceHostedZone,
  aws_cloudfront_distribution: priceDistribution,
};

/** A stack to estimate: its id and its parsed `cdk.tf.json`. */
export interface StackInput {
  /** The stack id, such as `network-dev`. */
  readonly id: string;
  /** The parsed synthesized JSON. */
  readonly json: object;
}

/** A cost line with the stack it comes from. */
export interface StackCostLine extends CostLine {
  /** The stack id. */
  readonly stack: string;
}

/** The fixed monthly cost of a group of stacks (an environment, or an account's shared stacks). */
export interface GroupEstimate {
  /** The group: an environment, or what shares the stacks ({@link StackGrouper}). */
  readonly name: string;
  /** The ids of its stacks. */
  readonly stacks: readonly string[];
  /** Its cost lines, stack by stack. */
  readonly lines: readonly StackCostLine[];
  /** The sum of its lines' monthly amounts, USD. */
  readonly monthlyUsd: number;
}

/** An AWS resource type that is neither priced nor listed as free or excluded. */
export interface UnclassifiedType {
  /** The resource type. */
  readonly type: string;
  /** The stacks that declare it. */
  readonly stacks: readonly string[];
}

/** A region the price table has no prices for, estimated at another region's prices. */
export interface PriceFallback {
  /** The region of the resources. */
  readonly region: string;
  /** The region whose prices estimate theirs. */
  readonly fallbackRegion: string;
}

/** A group the estimate leaves out: one of its stacks has a charge it cannot price. */
export interface UnestimatedGroup {
  /** The group: an environment, or what shares the stacks. */
  readonly name: string;
  /** Whether it is an environment or a group of shared stacks. */
  readonly kind: "environment" | "shared";
  /** Why, naming the stack, the resource and what to add: `web-dev-database: aws_db_instance.x: RDS instance class … is not in the price table; …`. */
  readonly reason: string;
}

/** A group left out, as messages name it: `environment prod`, or the shared group's own name (`account prod`). */
export const unestimatedGroupName = (group: UnestimatedGroup) => (group.kind === "environment" ? `environment ${group.name}` : group.name);

/** The fixed monthly cost of a platform's stacks. */
export interface PlatformEstimate {
  /** Each environment's own stacks, in the order the stacks come. */
  readonly environments: readonly GroupEstimate[];
  /** The shared stacks (backends, access, audit, registries, build repositories, shared networks, GitHub), by what shares them. */
  readonly shared: readonly GroupEstimate[];
  /** The usage charges left out. */
  readonly excluded: readonly ExcludedCharge[];
  /** Resource types the estimate does not know: their cost, if any, is not in it. */
  readonly unclassified: readonly UnclassifiedType[];
  /** The price table's date and source. */
  readonly prices: Pick<PriceTable, "date" | "source">;
  /** The regions of the stacks that the table has no prices for, each estimated at its fallback region's prices (their lines say so too); none when every region has its own. */
  readonly fallbacks: readonly PriceFallback[];
  /** The groups left out of `environments` and `shared`, each with the first charge it cannot price; none when every group is estimated. */
  readonly unestimated: readonly UnestimatedGroup[];
}

/** The line, naming its fallback region when the table has no prices for its own. */
function withFallback(line: CostLine, prices: PriceTable): CostLine {
  const priced = line.region === "global" ? line.region : pricedRegion(prices, line.region);
  return priced === undefined || priced === line.region ? line : { ...line, fallbackRegion: priced };
}

/**
 * The fixed monthly cost lines of one synthesized stack, resource by resource,
 * each multiplied by the resource's literal `count` or `for_each` size. A line
 * in a region the table has no prices for is estimated at its fallback
 * region's and names it (`fallbackRegion`). Throws for a price the table lacks
 * and for what cannot be read from the JSON.
 *
 * @param stack the parsed `cdk.tf.json` (or a {@link SynthesizedStackJson} reading it)
 * @param prices the price table; default {@link PRICE_TABLE}
 * @param databases the RDS primaries of other stacks, for a cross-region read replica's source; default none
 */
export function estimateStack(stack: object, prices: PriceTable = PRICE_TABLE, databases: DatabaseDirectory = new Map()): CostLine[] {
  const json = stack instanceof SynthesizedStackJson ? stack : new SynthesizedStackJson(stack);
  const context = { stack: json, prices, databases };
  return json.types().flatMap((type) => {
    const pricer = PRICERS[type];
    if (!pricer) return [];
    return json.resources(type).flatMap((resource) => {
      const instances = instanceCount(resource);
      return instances === 0 ? [] : pricer(resource, context).map((line) => withFallback(instances === 1 ? line : timesInstances(line, instances), prices));
    });
  });
}

/** The resource types the estimate knows: priced, free or incurring only excluded usage. */
const CLASSIFIED_TYPES = new Set([...Object.keys(PRICERS), ...FREE_RESOURCE_TYPES, ...EXCLUDED_USAGE_CHARGES.flatMap((charge) => charge.resourceTypes)]);

/** Groups stacks' lines by group name, in the order the groups first come. */
function groupEstimates(stacks: readonly { id: string; group: string; lines: readonly CostLine[] }[]): GroupEstimate[] {
  const groups = new Map<string, { stacks: string[]; lines: StackCostLine[] }>();
  for (const { id, group, lines } of stacks) {
    const entry = groups.get(group) ?? { stacks: [], lines: [] };
    entry.stacks.push(id);
    entry.lines.push(...lines.map((line) => ({ ...line, stack: id })));
    groups.set(group, entry);
  }
  return [...groups].map(([name, { stacks: ids, lines }]) => ({ name, stacks: ids, lines, monthlyUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0) }));
}

/** The AWS resource types of stacks that the estimate does not know, with the stacks that declare them. */
function unclassifiedTypes(stacks: readonly { id: string; json: SynthesizedStackJson }[]): UnclassifiedType[] {
  const found = new Map<string, string[]>();
  for (const { id, json } of stacks) {
    for (const type of json.types().filter((candidate) => candidate.startsWith("aws_") && !CLASSIFIED_TYPES.has(candidate))) found.set(type, [...(found.get(type) ?? []), id]);
  }
  return [...found].map(([type, ids]) => ({ type, stacks: ids }));
}

/** The fallback regions the lines use, each region once, in the order they first come. */
function priceFallbacks(lines: readonly CostLine[]): PriceFallback[] {
  const found = new Map<string, string>();
  for (const line of lines) if (line.fallbackRegion !== undefined && !found.has(line.region)) found.set(line.region, line.fallbackRegion);
  return [...found].map(([region, fallbackRegion]) => ({ region, fallbackRegion }));
}

/**
 * The fixed monthly cost of a platform's stacks, per environment and,
 * separately, of the shared stacks, with the usage charges left out and the
 * resource types it does not know. A group with a charge it cannot price (an
 * instance class the table lacks) is left out and named in `unestimated`, with
 * the stack and the reason; the other groups are estimated all the same.
 *
 * @param stacks every stack, as the synthesis wrote them
 * @param groupOf the group of each stack ({@link platformStackGroups} for the platform's own)
 * @param prices the price table; default {@link PRICE_TABLE}
 */
export function estimateEnvironments(stacks: readonly StackInput[], groupOf: StackGrouper, prices: PriceTable = PRICE_TABLE): PlatformEstimate {
  const parsed = stacks.map(({ id, json }) => ({ id, json: new SynthesizedStackJson(json) }));
  const databases = databaseDirectory(parsed.map(({ json }) => json));
  const unestimated: UnestimatedGroup[] = [];
  const priced = parsed.map(({ id, json }) => {
    const group = groupOf(id);
    try {
      return { id, group: group.name, shared: group.kind === "shared", lines: estimateStack(json, prices, databases) };
    } catch (error) {
      if (!unestimated.some((left) => left.name === group.name)) unestimated.push({ name: group.name, kind: group.kind, reason: `${id}: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
  });
  // A group missing a stack's charges would look cheaper than it is: it is left out whole.
  const estimated = priced.filter((stack) => stack !== undefined).filter((stack) => !unestimated.some((left) => left.name === stack.group));
  return {
    environments: groupEstimates(estimated.filter((stack) => !stack.shared)),
    shared: groupEstimates(estimated.filter((stack) => stack.shared)),
    excluded: EXCLUDED_USAGE_CHARGES,
    unclassified: unclassifiedTypes(parsed),
    prices: { date: prices.date, source: prices.source },
    fallbacks: priceFallbacks(estimated.flatMap((stack) => stack.lines)),
    unestimated,
  };
}
