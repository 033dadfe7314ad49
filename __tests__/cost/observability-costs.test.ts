import { estimateStack } from "../../src/cost/estimate";
import { EXCLUDED_USAGE_CHARGES, FREE_RESOURCE_TYPES } from "../../src/cost/unpriced";
import { writtenStacks } from "../support/synth";

/** Issue 22, parts 4 and 5 in npm run cost (decision 0011): the collector's share of the task, and the usage-priced services listed as excluded. */
const stacks = writtenStacks();
const items = (stack: string) => estimateStack(stacks.get(stack)!).map((line) => line.item);

describe("the cost of traces, metrics and log forwarding", () => {
  it("names the collector's share in the Fargate lines of a task that runs it, without adding to the task's size", () => {
    expect(items("web-prod-service")).toEqual(expect.arrayContaining(["Fargate X86_64 vCPU (incl. otel-collector's 128 CPU units)", "Fargate X86_64 memory (incl. otel-collector's 256 MiB)"]));
    const lines = estimateStack(stacks.get("web-prod-service")!);
    expect(lines.find((line) => line.item.startsWith("Fargate X86_64 vCPU"))!.quantity).toBe(3 * 1);
    expect(items("web-dev-service").filter((item) => item.includes("otel-collector"))).toEqual([]);
  });

  it("lists AMP, X-Ray, Firehose and the subscription filter as usage-priced (excluded), and the log stream as free", () => {
    const excluded = (type: string) => EXCLUDED_USAGE_CHARGES.find((charge) => charge.resourceTypes.includes(type))?.charge;
    expect(excluded("aws_prometheus_workspace")).toMatch(/^Amazon Managed Service for Prometheus/);
    expect(excluded("aws_kinesis_firehose_delivery_stream")).toMatch(/^Firehose data ingested/);
    expect(excluded("aws_cloudwatch_log_subscription_filter")).toMatch(/subscription filter/);
    expect(EXCLUDED_USAGE_CHARGES.some((charge) => charge.charge.startsWith("X-Ray traces"))).toBe(true);
    expect(FREE_RESOURCE_TYPES).toContain("aws_cloudwatch_log_stream");
  });
});
