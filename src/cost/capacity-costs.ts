/**
 * The fixed charge of EC2 capacity (decision 0012): an Auto Scaling group's instances at its
 * minimum size (`min_size`, which ECS managed scaling never goes below) by the hour, of its launch
 * template's instance type, and their EBS volumes as the template maps them. Instances above the
 * minimum are usage. Spot instances above an on-demand base are priced at the on-demand rate, the
 * most a Spot instance is billed (its price moves with spare capacity, so the line says so).
 */
import { costLine, type CostLine } from "./cost-line";
import { regionPrices, tablePrice, type Pricer } from "./pricer";
import { block, blocks, numberArgument, stringArgument, type JsonObject, type StackResource, type SynthesizedStackJson } from "./terraform-json";

/** The launch template a group launches from: its own `launch_template`, or its mixed instances policy's. */
function launchTemplateOf(group: StackResource, stack: SynthesizedStackJson): { template: StackResource; overrides: readonly string[] } {
  const direct = block(group.body, "launch_template");
  const mixed = block(group.body, "mixed_instances_policy");
  const mixedTemplate = mixed && block(mixed, "launch_template");
  const specification = mixedTemplate && block(mixedTemplate, "launch_template_specification");
  const id = direct?.id ?? specification?.launch_template_id;
  const template = stack.referenced(id, "aws_launch_template");
  if (!template) throw new Error(`${group.address}: its launch template ${JSON.stringify(id)} is no aws_launch_template of the stack, so its instances cannot be priced`);
  const overrides = mixedTemplate ? blocks(mixedTemplate, "override").flatMap((override) => (typeof override.instance_type === "string" ? [override.instance_type] : [])) : [];
  return { template, overrides };
}

/** The instances a group always runs on-demand and on Spot: its minimum, the on-demand base first (its mixed policy's), the rest on Spot. */
function minimumInstances(group: StackResource): { onDemand: number; spot: number } {
  const minimum = numberArgument(group.body, "min_size");
  if (minimum === undefined) throw new Error(`${group.address}: no literal min_size, so the instances it always runs are unknown`);
  const mixed = block(group.body, "mixed_instances_policy");
  const distribution = mixed && block(mixed, "instances_distribution");
  if (!distribution) return { onDemand: minimum, spot: 0 };
  const base = Math.min(numberArgument(distribution, "on_demand_base_capacity") ?? 0, minimum);
  const aboveBase = ((numberArgument(distribution, "on_demand_percentage_above_base_capacity") ?? 100) / 100) * (minimum - base);
  return { onDemand: base + aboveBase, spot: minimum - base - aboveBase };
}

/** The EBS volumes a launch template maps, each with its size and type where the template says them. */
function mappedVolumes(template: StackResource): JsonObject[] {
  return blocks(template.body, "block_device_mappings").flatMap((mapping) => blocks(mapping, "ebs"));
}

/**
 * An Auto Scaling group (Linux, the launch template's first instance type, or a mixed policy's first
 * override) at its minimum size by the hour, on-demand and Spot (at the on-demand rate, an upper
 * bound), and each instance's mapped EBS volumes by the GB-month.
 */
export const priceAutoscalingGroup: Pricer = (group, { stack, prices }) => {
  const region = stack.regionOf(group);
  const regional = regionPrices(prices, region, group);
  const { template, overrides } = launchTemplateOf(group, stack);
  const instanceType = overrides[0] ?? stringArgument(template.body, "instance_type");
  if (!instanceType) throw new Error(`${template.address}: no literal instance_type, so ${group.address}'s instances cannot be priced`);
  const hourly = tablePrice(regional.ec2InstanceHour, instanceType, "EC2 instance type", group, region);
  const { onDemand, spot } = minimumInstances(group);
  const lines: CostLine[] = [];
  const line = (item: string, quantity: number) => costLine({ item, resource: group.address, region, quantity, unit: "hour", unitPriceUsd: hourly });
  if (onDemand > 0) lines.push(line(`EC2 ${instanceType} (Auto Scaling group minimum)`, onDemand));
  if (spot > 0) lines.push(line(`EC2 ${instanceType} Spot (at most the on-demand rate; Spot prices move)`, spot));
  const instances = onDemand + spot;
  for (const volume of mappedVolumes(template)) {
    const size = numberArgument(volume, "volume_size");
    const volumeType = stringArgument(volume, "volume_type");
    if (size === undefined || volumeType === undefined || instances === 0) continue;
    const unitPriceUsd = tablePrice(regional.ebsGbMonth, volumeType, "EBS volume type", group, region);
    lines.push(costLine({ item: `EBS ${volumeType} volume of each instance`, resource: group.address, region, quantity: instances * size, unit: "GB-month", unitPriceUsd }));
  }
  return lines;
};
