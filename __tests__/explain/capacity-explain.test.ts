import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { explainEnvironment } from "../../src/explain/explanation";

const TITLE = "app web: capacity (where the tasks run; Fargate and EC2 side by side)";
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/ec2-capacity.json"), "utf8")) as PlatformConfigInput;

/** The capacity section of an environment, key to [value, source]. */
function capacity(input: PlatformConfigInput, env: string): Record<string, [unknown, string]> {
  const config = parseConfig(input, "test");
  const found = explainEnvironment(config, resolvePlatform(config), env).sections.find((candidate) => candidate.title === TITLE)!;
  return Object.fromEntries(found.settings.map((setting) => [setting.key, [setting.value, setting.source]]));
}

describe("npm run explain: where the tasks run, Fargate and EC2 side by side", () => {
  it("shows prod of examples/ec2-capacity.json on its three Graviton instances, and what its fewest tasks would cost on Fargate", () => {
    expect(capacity(example, "prod")).toEqual({
      provider: ["ec2", "apps.web.capacity.provider"],
      architecture: ["ARM64", "the instance type's (m6g.large)"],
      tasks: ["3-10 of 1024 CPU / 2048 MiB", expect.any(String)],
      "ec2.instanceType": ["m6g.large", "default (src/config/capacity/defaults.ts, per tier)"],
      "ec2.instances": ["3-10, 2 task(s) each", expect.stringContaining("tasks per instance: CPU, memory, network interfaces")],
      "ec2.targetCapacityPercent": [100, expect.any(String)],
      "ec2.spot": [false, expect.any(String)],
      "ec2.placement": ["spread across zones", expect.any(String)],
      "ec2.volumeSizeGb": [30, expect.any(String)],
      "fargate.monthlyUsd": [86.51, "src/cost/price-table.ts: 3 task(s) on Fargate ARM64; the alternative"],
      "ec2.monthlyUsd": [175.83, "src/cost/price-table.ts: 3 m6g.large and their 30 GB gp3 volumes; runs here"],
    });
  });

  it("shows staging's Spot above its on-demand base, with the environment's setting as the source", () => {
    const staging = capacity(example, "staging");
    expect(staging["ec2.spot"]).toEqual(["above 1 on-demand, among t3.small, t3a.small", "apps.web.environments.staging.capacity.spot"]);
    expect(staging["ec2.monthlyUsd"]).toEqual([
      35.17,
      "src/cost/price-table.ts: 2 t3.small and their 30 GB gp3 volumes, Spot above the on-demand base at the on-demand rate, the most it is billed; runs here",
    ]);
  });

  it("shows the built-in dev on Fargate Spot, and what the tier's EC2 capacity would cost instead", () => {
    expect(capacity(DEFAULT_CONFIG, "dev")).toMatchObject({
      provider: ["fargate", "default (src/config/capacity/defaults.ts, per tier)"],
      architecture: ["X86_64", expect.any(String)],
      "ec2.instances": ["1-3, 1 task(s) each", expect.any(String)],
      "fargate.monthlyUsd": [2.77, "src/cost/price-table.ts: 1 task(s) on Fargate X86_64, Spot above the on-demand base; runs here"],
      "ec2.monthlyUsd": [9.99, 'src/cost/price-table.ts: 1 t3.micro and their 30 GB gp3 volumes; the alternative (capacity.provider "ec2")'],
    });
  });
});
