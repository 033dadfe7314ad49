import { estimateStack } from "../../src/cost/estimate";
import { PRICE_TABLE } from "../../src/cost/price-table";
import { EXCLUDED_USAGE_CHARGES, FREE_RESOURCE_TYPES } from "../../src/cost/unpriced";
import { writtenStacks } from "../support/synth";

describe("the CDN in npm run cost", () => {
  const lines = estimateStack(writtenStacks().get("web-prod-edge")!);
  const byItem = (item: string) => lines.filter((line) => line.item.startsWith(item)).map(({ quantity, unitPriceUsd, region }) => ({ quantity, unitPriceUsd, region }));

  it("prices the edge stack's fixed parts: the CLOUDFRONT web ACL and its 4 rules, the key and the origin secret in us-east-1", () => {
    expect(byItem("WAF web ACL")).toEqual([{ quantity: 1, unitPriceUsd: PRICE_TABLE.regions["us-east-1"].wafWebAclMonth, region: "us-east-1" }]);
    expect(byItem("WAF rule")).toEqual([{ quantity: 4, unitPriceUsd: PRICE_TABLE.regions["us-east-1"].wafRuleMonth, region: "us-east-1" }]);
    expect(byItem("KMS key")).toEqual([{ quantity: 1, unitPriceUsd: 1, region: "us-east-1" }]);
    expect(byItem("Secrets Manager secret")).toEqual([{ quantity: 1, unitPriceUsd: 0.4, region: "us-east-1" }]);
    expect(lines.reduce((sum, line) => sum + line.monthlyUsd, 0)).toBeCloseTo(10.4, 2);
  });

  it("says the distribution has no monthly fee on the pay-as-you-go plan, and lists its usage as excluded", () => {
    expect(byItem("CloudFront distribution")).toEqual([{ quantity: 1, unitPriceUsd: 0, region: "global" }]);
    const excluded = EXCLUDED_USAGE_CHARGES.filter((charge) => charge.resourceTypes.some((type) => type.startsWith("aws_cloudfront_") || type === "aws_cloudwatch_log_delivery"));
    expect(excluded.map((charge) => charge.charge)).toEqual([
      "CloudFront data transfer out, HTTP(S) requests and CloudFront Functions invocations",
      "CloudWatch vended log delivery (CloudFront standard logging v2), per GB",
    ]);
  });

  it("leaves no resource type of the edge stack unclassified", () => {
    const types = Object.keys(writtenStacks().get("web-prod-edge")!.resource);
    const classified = new Set([...FREE_RESOURCE_TYPES, ...EXCLUDED_USAGE_CHARGES.flatMap((charge) => charge.resourceTypes), ...lines.map((line) => line.resource.split(".")[0])]);
    expect(types.filter((type) => !classified.has(type))).toEqual([]);
  });
});
