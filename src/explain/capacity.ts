import type { ResolvedDeployment } from "../config/app/resolve";
import { mergedBlock } from "../config/app/blocks";
import type { AppConfig } from "../config/app/schema";
import type { CpuArchitecture } from "../config/capacity/defaults";
import { groupTasksPerInstance } from "../config/capacity/instance-types";
import { capacitySettings, CapacitySettings } from "../config/capacity/resolve";
import { HOURS_PER_MONTH } from "../cost/cost-line";
import { PRICE_TABLE } from "../cost/price-table";
import { pricedRegion } from "../cost/pricer";
import type { ExplainedSection, ExplainedSetting } from "./explanation";
import { appSettingSource } from "./sources";

/** The price table's note on Spot, which is billed below the on-demand rate the figures use. */
const SPOT_NOTE = "Spot above the on-demand base at the on-demand rate, the most it is billed";

/** Monthly USD, rounded to the cent. */
const monthly = (hourly: number) => Math.round(hourly * HOURS_PER_MONTH * 100) / 100;

/** EC2 capacity's fixed monthly cost at the group's minimum: its instances and their gp3 root volumes, or why there is no figure. */
function ec2Monthly(settings: CapacitySettings, region: string): number | string {
  const priced = pricedRegion(PRICE_TABLE, region);
  const prices = priced === undefined ? undefined : PRICE_TABLE.regions[priced];
  const hourly = prices?.ec2InstanceHour[settings.instanceType];
  if (prices === undefined || hourly === undefined) return `${settings.instanceType} is not in the price table for ${region}`;
  const volumesPerHour = (settings.volumeSizeGb * (prices.ebsGbMonth.gp3 ?? 0)) / HOURS_PER_MONTH;
  return monthly(settings.minInstances * (hourly + volumesPerHour));
}

/** What the service's fewest tasks cost on Fargate a month: on-demand up to the on-demand base, Spot above it where the service asks for Spot and the architecture has it. */
function fargateMonthly(deployment: ResolvedDeployment, architecture: CpuArchitecture): number | string {
  const { service, environment } = deployment;
  const priced = pricedRegion(PRICE_TABLE, environment.network.region);
  const rates = priced === undefined ? undefined : PRICE_TABLE.regions[priced].fargate[architecture];
  if (rates === undefined) return `Fargate ${architecture} is not in the price table for ${environment.network.region}`;
  const spotRates = service.fargateSpot ? rates.spot : undefined;
  const onDemandTasks = spotRates ? Math.min(service.onDemandBaseTasks, service.minTasks) : service.minTasks;
  const perTask = (r: { vcpuHour: number; gbHour: number }) => (service.cpu / 1024) * r.vcpuHour + (service.memory / 1024) * r.gbHour;
  return monthly(onDemandTasks * perTask(rates.onDemand) + (spotRates ? (service.minTasks - onDemandTasks) * perTask(spotRates) : 0));
}

/**
 * Where the app's tasks run in one environment (decision 0012), and Fargate and EC2 side by side:
 * what the service's fewest tasks cost a month on each (the chosen one, and the other as the tier's
 * defaults would make it), each setting with its source.
 */
export function capacitySections(app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const tier = deployment.environment.tier;
  const source = (key: string) => appSettingSource(app, envName, tier, "capacity", [key]);
  const own = mergedBlock(app.config, envName, "capacity");
  const settings = capacitySettings(own, tier);
  const { service, capacity } = deployment;
  const runsOnEc2 = capacity.ec2 !== undefined;
  const ec2 = { ...settings, provider: "ec2" as const };
  const perInstance = groupTasksPerInstance([ec2.instanceType, ...ec2.spotInstanceTypes], service);
  const placement = ec2.spreadAcrossZones ? "spread across zones" : "bin-packed on memory";
  const ec2Settings: ExplainedSetting[] = [
    { key: "ec2.instanceType", value: ec2.instanceType, source: source("instanceType") },
    { key: "ec2.instances", value: `${ec2.minInstances}-${ec2.maxInstances}, ${perInstance} task(s) each`, source: `${source("minInstances")}; tasks per instance: CPU, memory, network interfaces` },
    { key: "ec2.targetCapacityPercent", value: ec2.targetCapacityPercent, source: source("targetCapacityPercent") },
    { key: "ec2.spot", value: ec2.spot ? `above ${ec2.onDemandBaseInstances} on-demand, among ${[ec2.instanceType, ...ec2.spotInstanceTypes].join(", ")}` : false, source: source("spot") },
    { key: "ec2.placement", value: placement, source: source("spreadAcrossZones") },
    { key: "ec2.volumeSizeGb", value: ec2.volumeSizeGb, source: source("volumeSizeGb") },
  ];
  const chosen = (on: boolean) => (on ? "runs here" : "the alternative");
  return [
    {
      title: `app ${app.name}: capacity (where the tasks run; Fargate and EC2 side by side)`,
      settings: [
        { key: "provider", value: runsOnEc2 ? "ec2" : "fargate", source: source("provider") },
        { key: "architecture", value: capacity.cpuArchitecture, source: own.architecture !== undefined ? source("architecture") : runsOnEc2 ? `the instance type's (${ec2.instanceType})` : source("architecture") },
        { key: "tasks", value: `${service.minTasks}-${service.maxTasks} of ${service.cpu} CPU / ${service.memory} MiB`, source: "the service block (app service minTasks, maxTasks, cpu, memory)" },
        ...ec2Settings,
        {
          key: "fargate.monthlyUsd",
          value: fargateMonthly(deployment, capacity.cpuArchitecture),
          source: `src/cost/price-table.ts: ${service.minTasks} task(s) on Fargate ${capacity.cpuArchitecture}${service.fargateSpot ? ", Spot above the on-demand base" : ""}; ${chosen(!runsOnEc2)}`,
        },
        {
          key: "ec2.monthlyUsd",
          value: ec2Monthly(ec2, deployment.environment.network.region),
          source: `src/cost/price-table.ts: ${ec2.minInstances} ${ec2.instanceType} and their ${ec2.volumeSizeGb} GB gp3 volumes${ec2.spot ? `, ${SPOT_NOTE}` : ""}; ${chosen(runsOnEc2)}${runsOnEc2 ? "" : ` (capacity.provider "ec2")`}`,
        },
      ],
    },
  ];
}
