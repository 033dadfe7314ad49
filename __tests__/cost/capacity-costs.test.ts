import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CAPACITY_TIER_DEFAULTS } from "../../src/config/capacity/defaults";
import { TIERS } from "../../src/config/shared/tiers";
import { estimateStack } from "../../src/cost/estimate";
import { PRICE_TABLE } from "../../src/cost/price-table";
import { EXCLUDED_USAGE_CHARGES, FREE_RESOURCE_TYPES } from "../../src/cost/unpriced";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { runOf } from "../support/config";

/** examples/ec2-capacity.json's service stacks, in us-east-1, and moved to eu-west-1. */
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/ec2-capacity.json"), "utf8"));
const serviceJson = (config: typeof example, env: string) => new SynthesizedStack(buildPlatform(runOf(config)).platform.deployments.get(`web-${env}`)!.service).json;
const inIreland = structuredClone(example);
for (const entry of [...Object.values(inIreland.accounts), ...Object.values(inIreland.networks)] as { region: string }[]) entry.region = "eu-west-1";
inIreland.project.defaultRegion = "eu-west-1";

const priced = (json: object) => estimateStack(json).map(({ item, quantity, unitPriceUsd, region }) => ({ item, quantity, unitPriceUsd, region }));

describe("EC2 capacity in npm run cost", () => {
  it("prices prod's three m6g.large at the group's minimum and their 30 GB gp3 volumes, and no Fargate line", () => {
    const lines = priced(serviceJson(example, "prod"));
    expect(lines.filter((line) => /^(EC2|EBS|Fargate)/.test(line.item))).toEqual([
      { item: "EC2 m6g.large (Auto Scaling group minimum)", quantity: 3, unitPriceUsd: 0.077, region: "us-east-1" },
      { item: "EBS gp3 volume of each instance", quantity: 90, unitPriceUsd: 0.08, region: "us-east-1" },
    ]);
  });

  it("prices staging's on-demand base and its Spot instance, the Spot one at most at the on-demand rate", () => {
    expect(priced(serviceJson(example, "staging")).filter((line) => /^(EC2|EBS|Fargate)/.test(line.item))).toEqual([
      { item: "EC2 t3.small (Auto Scaling group minimum)", quantity: 1, unitPriceUsd: 0.0208, region: "us-east-1" },
      { item: "EC2 t3.small Spot (at most the on-demand rate; Spot prices move)", quantity: 1, unitPriceUsd: 0.0208, region: "us-east-1" },
      { item: "EBS gp3 volume of each instance", quantity: 60, unitPriceUsd: 0.08, region: "us-east-1" },
    ]);
  });

  it("prices eu-west-1's instances and volumes at its own rates", () => {
    expect(priced(serviceJson(inIreland, "dev")).filter((line) => /^(EC2|EBS)/.test(line.item))).toEqual([
      { item: "EC2 t3.micro (Auto Scaling group minimum)", quantity: 1, unitPriceUsd: 0.0114, region: "eu-west-1" },
      { item: "EBS gp3 volume of each instance", quantity: 30, unitPriceUsd: 0.088, region: "eu-west-1" },
    ]);
  });

  it("has a price for every tier's instance type in both regions the table prices", () => {
    for (const region of Object.keys(PRICE_TABLE.regions)) {
      const missing = TIERS.map((tier) => CAPACITY_TIER_DEFAULTS[tier].instanceType).filter((type) => PRICE_TABLE.regions[region].ec2InstanceHour[type] === undefined);
      expect({ region, missing }).toEqual({ region, missing: [] });
    }
  });

  it("lists the instances above the minimum as excluded usage, and leaves no resource type of an EC2 service stack unclassified", () => {
    expect(EXCLUDED_USAGE_CHARGES.filter((charge) => charge.resourceTypes.includes("aws_autoscaling_group")).map((charge) => charge.charge)).toEqual([
      "EC2 capacity's instances above the Auto Scaling group's minimum (ECS managed scaling), Spot prices below the on-demand rate priced, and T-class CPU credits above the baseline",
    ]);
    const json = serviceJson(example, "prod");
    const classified = new Set([...FREE_RESOURCE_TYPES, ...EXCLUDED_USAGE_CHARGES.flatMap((charge) => charge.resourceTypes), ...estimateStack(json).map((line) => line.resource.split(".")[0])]);
    expect(Object.keys(json.resource).filter((type) => !classified.has(type))).toEqual([]);
  });
});
