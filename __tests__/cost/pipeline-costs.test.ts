import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { estimateStack } from "../../src/cost/estimate";
import { EXCLUDED_USAGE_CHARGES, FREE_RESOURCE_TYPES } from "../../src/cost/unpriced";
import { Platform } from "../../src/platform";

/** examples/codepipeline.json's web-pipeline stack, synthesized. */
function pipelineStackJson(): Record<string, any> {
  const config = JSON.parse(readFileSync(join(__dirname, "../../examples/codepipeline.json"), "utf8"));
  const platform = new Platform(Testing.app(), { platform: resolvePlatform(parseConfig(config, "test")), bootstrap: false });
  return JSON.parse(Testing.synth(platform.pipelines.get("web")!));
}

describe("the pipeline in npm run cost (decision 0015)", () => {
  const json = pipelineStackJson();
  const lines = estimateStack(json);

  it("prices its fixed part, the artifact key: $1 a month", () => {
    expect(lines.map(({ item, quantity, unitPriceUsd, region }) => ({ item, quantity, unitPriceUsd, region }))).toEqual([{ item: "KMS key", quantity: 1, unitPriceUsd: 1, region: "us-east-1" }]);
  });

  it("lists CodePipeline's action minutes and CodeBuild's build minutes as excluded usage, with their prices", () => {
    const excluded = EXCLUDED_USAGE_CHARGES.filter((charge) => charge.resourceTypes.some((type) => type === "aws_codepipeline" || type === "aws_codebuild_project"));
    expect(excluded.map((charge) => charge.charge)).toEqual([
      expect.stringContaining("CodePipeline V2 action execution minutes beyond the free 100 a month, 0.002 USD per minute"),
      expect.stringContaining("CodeBuild build minutes, 0.005 USD per minute on BUILD_GENERAL1_SMALL"),
    ]);
  });

  it("leaves no resource type of the stack unclassified", () => {
    const classified = new Set([...FREE_RESOURCE_TYPES, ...EXCLUDED_USAGE_CHARGES.flatMap((charge) => charge.resourceTypes), ...lines.map((line) => line.resource.split(".")[0])]);
    expect(Object.keys(json.resource).filter((type) => !classified.has(type))).toEqual([]);
  });
});
