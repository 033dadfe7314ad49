/**
 * The fixed charge of an ECS service on Fargate: the tasks it always runs
 * (its autoscaling minimum, else its `desired_count`) × its task definition's
 * vCPUs and memory, on-demand or Spot as its capacity provider strategy
 * places them. Tasks above the minimum are usage; a service on an Auto Scaling group's capacity
 * provider costs its instances (src/cost/capacity-costs.ts), not Fargate's rates.
 */
import { costLine, publicIpv4, type CostLine } from "./cost-line";
import { regionPrices, tablePrice, type Pricer } from "./pricer";
import type { FargateRates } from "./price-table";
import { block, blocks, numberArgument, stringArgument, type JsonObject, type StackResource, type SynthesizedStackJson } from "./terraform-json";

/** The capacity provider of on-demand Fargate tasks. */
const FARGATE = "FARGATE";

/** The capacity provider of Fargate Spot tasks. */
const FARGATE_SPOT = "FARGATE_SPOT";

/** The capacity providers of Fargate tasks. */
const FARGATE_PROVIDERS = [FARGATE, FARGATE_SPOT];

/** CPU units (and MiB of memory) in a vCPU (and a GB) as Fargate counts them. */
const UNITS_PER_WHOLE = 1024;

/** Ephemeral storage every Fargate task has free, in GB. */
const FREE_EPHEMERAL_STORAGE_GB = 20;

/** A task size argument in whole vCPUs or GB: a number of units (`"256"`), or `"0.25 vCPU"` / `"1 GB"` as ECS also accepts. */
function taskSize(definition: StackResource, key: "cpu" | "memory"): number {
  const units = numberArgument(definition.body, key);
  if (units !== undefined) return units / UNITS_PER_WHOLE;
  const whole = /^\s*(\d+(?:\.\d+)?)\s*(vcpu|gb)\s*$/i.exec(stringArgument(definition.body, key) ?? "");
  if (!whole) throw new Error(`${definition.address}: no literal task-level ${key}, which Fargate requires, so its cost cannot be estimated`);
  return Number(whole[1]);
}

/** The tasks a service always runs: the `min_capacity` of the autoscaling target on it, else its `desired_count` (the provider's default 0). */
function baselineTasks(service: StackResource, stack: SynthesizedStackJson): number {
  const target = stack.referring("aws_appautoscaling_target", "resource_id", service)[0];
  const minimum = target && numberArgument(target.body, "min_capacity");
  return minimum ?? numberArgument(service.body, "desired_count") ?? 0;
}

/**
 * The capacity provider strategy that places the service's tasks, in ECS's
 * order: its own, else its `launch_type` (one Fargate provider; none for EC2
 * or EXTERNAL, whose instances are the cost), else its cluster's default
 * (`aws_ecs_cluster_capacity_providers` in the stack); none without either.
 */
function strategyOf(service: StackResource, stack: SynthesizedStackJson): JsonObject[] {
  const own = blocks(service.body, "capacity_provider_strategy");
  if (own.length > 0) return own;
  if (typeof service.body.launch_type === "string") return service.body.launch_type === FARGATE ? [{ capacity_provider: FARGATE, weight: 1 }] : [];
  const cluster = stack.referenced(service.body.cluster, "aws_ecs_cluster");
  const clusterProviders = cluster && stack.referring("aws_ecs_cluster_capacity_providers", "cluster_name", cluster)[0];
  const clusterDefault = clusterProviders ? blocks(clusterProviders.body, "default_capacity_provider_strategy") : [];
  return clusterDefault;
}

/**
 * How many of `tasks` run on each capacity provider, as ECS places them: each
 * provider's `base` first, in order, then the rest by `weight` (an average,
 * possibly fractional, number of tasks).
 */
function tasksByProvider(service: StackResource, strategy: readonly JsonObject[], tasks: number): Map<string, number> {
  const byProvider = new Map<string, number>();
  const add = (provider: string, count: number) => byProvider.set(provider, (byProvider.get(provider) ?? 0) + count);
  const providers = strategy.map((item) => {
    const name = stringArgument(item, "capacity_provider");
    if (name !== FARGATE && name !== FARGATE_SPOT) throw new Error(`${service.address}: capacity provider ${name} is not Fargate; only FARGATE and FARGATE_SPOT are priced`);
    return { name, base: numberArgument(item, "base") ?? 0, weight: numberArgument(item, "weight") ?? 0 };
  });
  let remaining = tasks;
  for (const provider of providers) {
    const base = Math.min(provider.base, remaining);
    add(provider.name, base);
    remaining -= base;
  }
  const totalWeight = providers.reduce((sum, provider) => sum + provider.weight, 0);
  if (remaining > 0 && totalWeight === 0) throw new Error(`${service.address}: ${remaining} task(s) beyond the bases and no capacity provider has a weight`);
  if (remaining > 0) for (const provider of providers) add(provider.name, (remaining * provider.weight) / totalWeight);
  return byProvider;
}

/** The vCPU and memory lines of `tasks` tasks of a size at some rates; a sidecar collector's share of the size is named in the items, not added to it. */
function taskLines(service: StackResource, region: string, label: string, tasks: number, size: { vcpu: number; gb: number }, rates: FargateRates, collector?: CollectorShare): CostLine[] {
  return [
    costLine({ item: `${label} vCPU${collector ? ` (incl. otel-collector's ${collector.cpu} CPU units)` : ""}`, resource: service.address, region, quantity: tasks * size.vcpu, unit: "vCPU-hour", unitPriceUsd: rates.vcpuHour }),
    costLine({ item: `${label} memory${collector ? ` (incl. otel-collector's ${collector.memory} MiB)` : ""}`, resource: service.address, region, quantity: tasks * size.gb, unit: "GB-hour", unitPriceUsd: rates.gbHour }),
  ];
}

/** The CPU units and MiB the OpenTelemetry collector sidecar takes out of its task's size. */
interface CollectorShare {
  readonly cpu: number;
  readonly memory: number;
}

/**
 * The collector sidecar's share of a task (decision 0011): Fargate bills the task's size, and the
 * collector runs inside it, so it costs the app that share rather than adding to the bill.
 */
function collectorShare(definition: StackResource): CollectorShare | undefined {
  const text = stringArgument(definition.body, "container_definitions");
  if (text === undefined) return undefined;
  const containers = JSON.parse(text) as { name?: string; cpu?: number; memory?: number }[];
  const collector = containers.find((container) => container.name === "otel-collector");
  return collector ? { cpu: collector.cpu ?? 0, memory: collector.memory ?? 0 } : undefined;
}

/**
 * An ECS service's baseline Fargate tasks, by vCPU-hour and GB-hour at the
 * on-demand or Spot rate of the task definition's `runtime_platform`
 * architecture (X86_64 by default), their ephemeral storage above 20 GB, and
 * one public IPv4 address each when `assign_public_ip`. Windows tasks and
 * Spot for an architecture without Spot rates throw.
 */
export const priceEcsService: Pricer = (service, { stack, prices }) => {
  const strategy = strategyOf(service, stack);
  // No strategy (EC2 or EXTERNAL launch type), or an Auto Scaling group's capacity provider (a strategy never mixes it with Fargate's): the instances are the cost.
  if (strategy.length === 0 || !strategy.every((item) => FARGATE_PROVIDERS.includes(stringArgument(item, "capacity_provider") ?? ""))) return [];
  const region = stack.regionOf(service);
  const regional = regionPrices(prices, region, service);
  const definition = stack.referenced(service.body.task_definition, "aws_ecs_task_definition");
  if (!definition) throw new Error(`${service.address}: its task_definition ${JSON.stringify(service.body.task_definition)} names no aws_ecs_task_definition of the stack`);
  const platform = block(definition.body, "runtime_platform");
  const architecture = (platform && stringArgument(platform, "cpu_architecture")) ?? "X86_64";
  const system = (platform && stringArgument(platform, "operating_system_family")) ?? "LINUX";
  if (system !== "LINUX") throw new Error(`${definition.address}: ${system} Fargate tasks (with their license fee) are not in the price table; only LINUX is priced`);
  const rates = tablePrice(regional.fargate, architecture, "Fargate CPU architecture", definition, region);
  const size = { vcpu: taskSize(definition, "cpu"), gb: taskSize(definition, "memory") };
  const tasks = baselineTasks(service, stack);
  const placed = tasksByProvider(service, strategy, tasks);
  const onDemand = placed.get(FARGATE) ?? 0;
  const spot = placed.get(FARGATE_SPOT) ?? 0;
  const lines: CostLine[] = [];
  const collector = collectorShare(definition);
  if (onDemand > 0) lines.push(...taskLines(service, region, `Fargate ${architecture}`, onDemand, size, rates.onDemand, collector));
  if (spot > 0) {
    if (!rates.spot) throw new Error(`${service.address}: ${spot} task(s) on FARGATE_SPOT, but the price table has no Fargate Spot rates for ${architecture} in ${region} (Fargate Spot does not run ARM64 tasks)`);
    lines.push(...taskLines(service, region, `Fargate Spot ${architecture}`, spot, size, rates.spot, collector));
  }
  const storage = block(definition.body, "ephemeral_storage");
  const extraStorage = ((storage && numberArgument(storage, "size_in_gib")) ?? FREE_EPHEMERAL_STORAGE_GB) - FREE_EPHEMERAL_STORAGE_GB;
  if (extraStorage > 0 && tasks > 0) {
    lines.push(
      costLine({ item: "Fargate ephemeral storage above 20 GB", resource: service.address, region, quantity: tasks * extraStorage, unit: "GB-hour", unitPriceUsd: regional.fargateEphemeralStorageGbHour }),
    );
  }
  const network = block(service.body, "network_configuration");
  if (network?.assign_public_ip === true && tasks > 0) lines.push(publicIpv4(service, region, tasks, "Fargate task", regional.publicIpv4Hour));
  return lines;
};
