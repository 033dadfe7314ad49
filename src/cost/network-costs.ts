/**
 * The fixed charges of networking: NAT gateways, public IPv4 addresses
 * (Elastic IPs, instances', internet-facing load balancers'), EC2 instances
 * (NAT instance, bastion) with their root volumes, interface VPC endpoints and
 * load balancers. Data processing, LCUs and data transfer are usage.
 */
import { costLine, publicIpv4 } from "./cost-line";
import { regionPrices, tablePrice, type Pricer } from "./pricer";
import { block, blocks, listArgument, numberArgument, stringArgument, type StackResource } from "./terraform-json";

/** The `ip_address_type` of a load balancer that holds no public IPv4 address. */
const NO_PUBLIC_IPV4 = "dualstack-without-public-ipv4";

/** A NAT gateway, by the hour. */
export const priceNatGateway: Pricer = (gateway, { stack, prices }) => {
  const region = stack.regionOf(gateway);
  return [costLine({ item: "NAT gateway", resource: gateway.address, region, quantity: 1, unit: "hour", unitPriceUsd: regionPrices(prices, region, gateway).natGatewayHour })];
};

/** An Elastic IP, by the hour, attached or not. */
export const priceElasticIp: Pricer = (eip, { stack, prices }) => {
  const region = stack.regionOf(eip);
  return [publicIpv4(eip, region, 1, "Elastic IP", regionPrices(prices, region, eip).publicIpv4Hour)];
};

/** Whether an instance gets a public IPv4 address: `associate_public_ip_address`, else its subnet's `map_public_ip_on_launch` when the subnet is in the stack. */
function hasPublicIpv4(instance: StackResource, subnet: StackResource | undefined): boolean {
  const associate = instance.body.associate_public_ip_address;
  if (typeof associate === "boolean") return associate;
  return subnet?.body.map_public_ip_on_launch === true;
}

/**
 * An EC2 instance (Linux, on-demand) by its `instance_type` by the hour, its
 * public IPv4 address by the hour, and its root volume by the GB-month when
 * `root_block_device` declares its size and type (otherwise the AMI decides
 * them, and the volume is not priced). Spot instances throw.
 */
export const priceInstance: Pricer = (instance, { stack, prices }) => {
  const region = stack.regionOf(instance);
  const regional = regionPrices(prices, region, instance);
  if (block(instance.body, "instance_market_options")) throw new Error(`${instance.address}: Spot instances are not in the price table; price it by hand or add it to src/cost/network-costs.ts`);
  const instanceType = stringArgument(instance.body, "instance_type");
  if (!instanceType) throw new Error(`${instance.address}: no literal instance_type, so its cost cannot be estimated`);
  const lines = [
    costLine({
      item: `EC2 ${instanceType}`,
      resource: instance.address,
      region,
      quantity: 1,
      unit: "hour",
      unitPriceUsd: tablePrice(regional.ec2InstanceHour, instanceType, "EC2 instance type", instance, region),
    }),
  ];
  if (hasPublicIpv4(instance, stack.referenced(instance.body.subnet_id, "aws_subnet"))) lines.push(publicIpv4(instance, region, 1, "EC2 instance", regional.publicIpv4Hour));
  const root = block(instance.body, "root_block_device");
  const size = root && numberArgument(root, "volume_size");
  const volumeType = root && stringArgument(root, "volume_type");
  if (size !== undefined && volumeType !== undefined) {
    const unitPriceUsd = tablePrice(regional.ebsGbMonth, volumeType, "EBS volume type", instance, region);
    lines.push(costLine({ item: `EBS ${volumeType} root volume`, resource: instance.address, region, quantity: size, unit: "GB-month", unitPriceUsd }));
  }
  return lines;
};

/** The number of zones of a literal list argument; throws when it is an expression. */
function zoneCount(resource: StackResource, key: string): number {
  const items = listArgument(resource.body, key);
  if (!items) throw new Error(`${resource.address}: ${key} is not a literal list, so the zones it spans (and their charge) are unknown`);
  return items.length;
}

/** An interface VPC endpoint, per zone (`subnet_ids`) by the hour; gateway endpoints (the default type) are free. */
export const priceVpcEndpoint: Pricer = (endpoint, { stack, prices }) => {
  const type = stringArgument(endpoint.body, "vpc_endpoint_type") ?? "Gateway";
  if (type === "Gateway") return [];
  if (type !== "Interface") throw new Error(`${endpoint.address}: ${type} VPC endpoints are not in the price table; add them to src/cost/price-table.ts and src/cost/network-costs.ts`);
  const region = stack.regionOf(endpoint);
  // com.amazonaws.<region>.ecr.api names the service ecr.api.
  const service = stringArgument(endpoint.body, "service_name")?.replace(/^com\.amazonaws\.[a-z0-9-]+\./, "") ?? "endpoint";
  return [
    costLine({
      item: `Interface VPC endpoint ${service}, per zone`,
      resource: endpoint.address,
      region,
      quantity: zoneCount(endpoint, "subnet_ids"),
      unit: "hour",
      unitPriceUsd: regionPrices(prices, region, endpoint).interfaceEndpointZoneHour,
    }),
  ];
};

/**
 * The public IPv4 addresses an internet-facing application or network load balancer holds: one
 * per zone (subnet) it spans, but for the zones given an Elastic IP (priced as that). A gateway
 * load balancer holds none.
 */
function loadBalancerPublicAddresses(balancer: StackResource, type: string): number {
  if (type === "gateway" || balancer.body.internal === true || balancer.body.ip_address_type === NO_PUBLIC_IPV4) return 0;
  const mappings = blocks(balancer.body, "subnet_mapping");
  if (mappings.length > 0) return mappings.filter((mapping) => !mapping.allocation_id).length;
  return zoneCount(balancer, "subnets");
}

/** A load balancer (`aws_lb`, `aws_alb`) by the hour by its type, and an internet-facing one's public IPv4 addresses. LCUs are usage. */
export const priceLoadBalancer: Pricer = (balancer, { stack, prices }) => {
  const region = stack.regionOf(balancer);
  const regional = regionPrices(prices, region, balancer);
  const type = stringArgument(balancer.body, "load_balancer_type") ?? "application";
  const lines = [
    costLine({
      item: `${type[0].toUpperCase()}${type.slice(1)} load balancer`,
      resource: balancer.address,
      region,
      quantity: 1,
      unit: "hour",
      unitPriceUsd: tablePrice(regional.loadBalancerHour, type, "load balancer type", balancer, region),
    }),
  ];
  const addresses = loadBalancerPublicAddresses(balancer, type);
  if (addresses > 0) lines.push(publicIpv4(balancer, region, addresses, "internet-facing load balancer", regional.publicIpv4Hour));
  return lines;
};
