import { mergedBlock, settingPath } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import { missingEndpoints, missingEndpointsIssue } from "../network/no-egress";
import { networkHasPrivateEgress } from "../network/resolve";
import type { PlatformConfig } from "../platform/schema";
import { DEFAULT_DEPLOYMENT } from "../service/defaults";
import type { ConfigIssue } from "../shared/errors";
import { TIER_PRESETS } from "../shared/tiers";
import { RESERVED_CAPACITY_PROVIDER_PREFIXES } from "./defaults";
import { groupTasksPerInstance, INSTANCE_FAMILIES, instanceTypeSpec, taskMemoryMiB } from "./instance-types";
import { capacitySettings, CapacitySettings } from "./resolve";

/** The interface endpoints ECS container instances need where there is no NAT (Amazon ECS Developer Guide, "Amazon ECS interface VPC endpoints": ecs-agent, ecs-telemetry, ecs). */
const CONTAINER_INSTANCE_ENDPOINTS = ["ecs", "ecs-agent", "ecs-telemetry"];

/** The service settings the capacity must hold: the tier's, the app's and the environment's. */
interface TaskShape {
  readonly cpu: number;
  readonly memory: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly minimumHealthyPercent: number;
}

/** The service's task size, counts and deployment floor in an environment. */
export function taskShape(app: AppConfig, envName: string, tier: keyof typeof TIER_PRESETS): TaskShape {
  const service = { ...TIER_PRESETS[tier].service, ...mergedBlock(app, envName, "service") };
  return { cpu: service.cpu, memory: service.memory, minTasks: service.minTasks, maxTasks: service.maxTasks, minimumHealthyPercent: service.minimumHealthyPercent ?? DEFAULT_DEPLOYMENT.minimumHealthyPercent };
}

/**
 * Tasks a rolling deployment at the service's fewest tasks needs room for: one more than the fewest
 * when ECS may stop none of them first (the healthy floor, rounded up, is every task).
 */
export const deploymentRoom = (task: TaskShape) => (Math.ceil((task.minTasks * task.minimumHealthyPercent) / 100) >= task.minTasks ? 1 : 0);

/**
 * Rules about an app's capacity in one environment, on its settings merged over the tier's (decision
 * 0012, which cites the AWS pages behind each): allowed instance types of one architecture (one launch
 * template, one AMI), the image's architecture, instance counts, Spot above an on-demand base, tasks
 * that fit the smallest type (ECS managed scaling does not scale for tasks larger than it), room for a
 * deployment at the fewest tasks, Fargate-only settings, Fargate Spot's x86 only, the capacity
 * provider's name, and the endpoints container instances need without NAT.
 */
export function capacityIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const own = mergedBlock(app, envName, "capacity");
  const settings = capacitySettings(own, environment.tier);
  const where = (key: string) => settingPath(app, appName, envName, "capacity", key);
  const service = mergedBlock(app, envName, "service");
  const fargateSpot = { ...TIER_PRESETS[environment.tier].service, ...service }.fargateSpot;
  const runsFargate = settings.provider === "fargate" || environment.drNetwork !== undefined;
  const issues: ConfigIssue[] = [];
  if (settings.architecture === "ARM64" && fargateSpot && runsFargate) {
    issues.push({
      path: where("architecture"),
      value: "ARM64",
      message: `needs service.fargateSpot false in environment ${envName}: Fargate Spot runs X86_64 tasks only, and the environment's ${settings.provider === "fargate" ? "tasks run" : "DR pilot light runs"} on Fargate`,
    });
  }
  if (settings.provider !== "ec2") return issues;
  for (const key of ["fargateSpot", "onDemandBaseTasks"] as const) {
    if (service[key] !== undefined) {
      issues.push({ path: settingPath(app, appName, envName, "service", key), value: service[key], message: `applies to Fargate only, and environment ${envName} runs on EC2 capacity: use capacity.spot and capacity.onDemandBaseInstances` });
    }
  }
  const task = taskShape(app, envName, environment.tier);
  return [...issues, ...instanceTypeIssues(settings, own.architecture !== undefined, where, task), ...countIssues(settings, own, where, envName, task), ...nameIssues(config, appName, envName, where), ...endpointIssues(config, appName, envName)];
}

/** Allowed types of one architecture, each holding at least one task. */
function instanceTypeIssues(settings: CapacitySettings, architectureSet: boolean, where: (key: string) => string, task: TaskShape): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const allowed = `one of families ${INSTANCE_FAMILIES.join(", ")} (t3, t3a, t4g micro to 2xlarge; the others large to 4xlarge)`;
  const types = [{ key: "instanceType", type: settings.instanceType }, ...settings.spotInstanceTypes.map((type, index) => ({ key: `spotInstanceTypes.${index}`, type }))];
  const primary = instanceTypeSpec(settings.instanceType);
  for (const { key, type } of types) {
    const spec = instanceTypeSpec(type);
    const path = key === "instanceType" ? where(key) : `${where("spotInstanceTypes")}.${key.split(".")[1]}`;
    if (!spec) {
      issues.push({ path, value: type, message: `must be an instance type EC2 capacity allows: ${allowed}` });
      continue;
    }
    if (key !== "instanceType" && primary && spec.architecture !== primary.architecture) {
      issues.push({ path, value: type, message: `is ${spec.architecture}, but instanceType ${settings.instanceType} is ${primary.architecture}: one launch template has one AMI, so every type of the group must share its architecture` });
    }
    const memory = taskMemoryMiB(spec);
    if (spec.vcpus * 1024 < task.cpu || memory < task.memory) {
      issues.push({
        path,
        value: type,
        message: `is too small for a task of ${task.cpu} CPU units and ${task.memory} MiB: it has ${spec.vcpus * 1024} CPU units and about ${memory} MiB for tasks, and ECS managed scaling does not scale out for tasks larger than the smallest type`,
      });
    }
  }
  if (primary && architectureSet && settings.architecture !== primary.architecture) {
    issues.push({
      path: where("architecture"),
      value: settings.architecture,
      message: `must be ${primary.architecture}, the architecture of instanceType ${settings.instanceType}: the ECS-optimized AMI and the task definition's runtime platform follow the instances (or choose an instance type of ${settings.architecture})`,
    });
  }
  return issues;
}

/** Instance counts, Spot above its on-demand base, and room for the service's fewest tasks and a deployment. */
function countIssues(settings: CapacitySettings, own: { onDemandBaseInstances?: number; spotInstanceTypes?: readonly string[] }, where: (key: string) => string, envName: string, task: TaskShape): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (settings.minInstances > settings.maxInstances) {
    issues.push({ path: where("minInstances"), value: settings.minInstances, message: `must be at most maxInstances (${settings.maxInstances}) in environment ${envName}` });
  }
  if (!settings.spot) {
    for (const key of ["onDemandBaseInstances", "spotInstanceTypes"] as const) {
      if (own[key] !== undefined) issues.push({ path: where(key), value: own[key], message: `needs spot true: without Spot every instance is on-demand in environment ${envName}` });
    }
  } else if (settings.onDemandBaseInstances >= settings.maxInstances) {
    issues.push({
      path: where("onDemandBaseInstances"),
      value: settings.onDemandBaseInstances,
      message: `must be below maxInstances (${settings.maxInstances}) with spot true in environment ${envName}: otherwise no instance is ever a Spot instance`,
    });
  }
  const perInstance = groupTasksPerInstance([settings.instanceType, ...settings.spotInstanceTypes], task);
  const needed = task.minTasks + deploymentRoom(task);
  if (perInstance > 0 && perInstance * settings.maxInstances < needed) {
    issues.push({
      path: where("maxInstances"),
      value: settings.maxInstances,
      message: `holds ${perInstance * settings.maxInstances} task(s) (${perInstance} per instance of ${settings.instanceType}: its CPU, memory and network interfaces, one per awsvpc task) but environment ${envName} needs ${needed}: its ${task.minTasks} fewest tasks${needed > task.minTasks ? " and one more while a deployment replaces them" : ""}`,
    });
  }
  return issues;
}

/** ECS refuses capacity provider names starting with aws, ecs or fargate. */
function nameIssues(config: PlatformConfig, appName: string, envName: string, where: (key: string) => string): ConfigIssue[] {
  const name = `${config.project.name}-${appName}-${envName}-ec2`;
  const reserved = RESERVED_CAPACITY_PROVIDER_PREFIXES.find((prefix) => name.toLowerCase().startsWith(prefix));
  return reserved === undefined
    ? []
    : [{ path: where("provider"), value: "ec2", message: `makes the capacity provider name ${name}, which ECS refuses (no name may start with aws, ecs or fargate): rename the project` }];
}

/** Container instances register with ECS and report through its endpoints: without NAT, the network needs them as interface endpoints. */
function endpointIssues(config: PlatformConfig, appName: string, envName: string): ConfigIssue[] {
  const networkName = config.environments[envName].network;
  if (!config.networks[networkName] || networkHasPrivateEgress(config, networkName)) return [];
  const missing = missingEndpoints(config, networkName, CONTAINER_INSTANCE_ENDPOINTS);
  return missing.length === 0
    ? []
    : [missingEndpointsIssue(config, networkName, missing, `network ${networkName} has no NAT, and app ${appName}'s EC2 container instances in environment ${envName} register with ECS and report through them`)];
}
