import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { estimateStack } from "../../src/cost/estimate";
import { PRICE_TABLE } from "../../src/cost/price-table";

/** What cost lines are called, and what the estimate takes as free or refuses to guess. */
describe("estimateStack, naming and classifying", () => {
  const stackWith = (id: string, add: (stack: TerraformStack) => TerraformResource) => {
    const stack = new TerraformStack(Testing.app(), id);
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const resource = add(stack);
    return { lines: estimateStack(JSON.parse(Testing.synth(stack)), PRICE_TABLE), address: `${resource.terraformResourceType}.${resource.friendlyUniqueId}` };
  };

  it("names an interface endpoint by its whole service (ecr.api, not api)", () => {
    const { lines } = stackWith("ecr-endpoint", (stack) => new VpcEndpoint(stack, "ecr-api", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.ecr.api", vpcEndpointType: "Interface", subnetIds: ["subnet-1"] }));
    expect(lines.map((line) => line.item)).toEqual(["Interface VPC endpoint ecr.api, per zone"]);
  });

  it("takes an external access analyzer as free and refuses to guess an unused access one, which is billed per role and user analysed", () => {
    expect(stackWith("external", (stack) => new AccessanalyzerAnalyzer(stack, "analyzer", { analyzerName: "external", type: "ACCOUNT" })).lines).toEqual([]);
    expect(() => stackWith("unused", (stack) => new AccessanalyzerAnalyzer(stack, "analyzer", { analyzerName: "unused", type: "ACCOUNT_UNUSED_ACCESS" }))).toThrow(
      /aws_accessanalyzer_analyzer\.analyzer: ACCOUNT_UNUSED_ACCESS analyzers are billed per role or resource analysed, which the price table does not have; add them to src\/cost\/price-table\.ts/,
    );
  });
});
