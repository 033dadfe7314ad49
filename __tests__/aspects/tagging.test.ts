import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

describe("tagging", () => {
  const stack = new SynthesizedStack(buildPlatform().platform.networks.get("prod")!);

  it("names every taggable resource after its construct path", () => {
    expect(stack.resource("aws_vpc", "network/vpc").tags).toEqual({ Name: "acme/network-prod/network/vpc" });
    expect(stack.resource("aws_subnet", "network/private-us-east-1b").tags).toEqual({ Name: "acme/network-prod/network/private-us-east-1b" });
    const taggable = Object.entries(stack.json.resource)
      .filter(([type]) => !["aws_route", "aws_route_table_association", "aws_kms_alias", "aws_iam_role_policy"].includes(type))
      .flatMap(([, resources]) => Object.values(resources as Record<string, { tags?: Record<string, string> }>));
    expect(taggable.filter((resource) => !resource.tags?.Name)).toEqual([]);
  });

  it("leaves the rest of the tag set to the provider's default_tags, without timestamps", () => {
    const tags = stack.json.provider.aws[0].default_tags[0].tags;
    expect(Object.keys(tags).sort()).toEqual(["CostAllocation", "DeployedBy", "Environment", "ManagedBy", "Owner", "Project", "Repository"]);
    expect(JSON.stringify(stack.json)).not.toContain("timestamp()");
  });

  it("adds the project's extra tags to the default tags", () => {
    const config = defaultConfigCopy();
    config.project.tags = { CostCenter: "1234" };
    const tagged = new SynthesizedStack(buildPlatform(runOf(config)).platform.backends.get("nonprod")!);
    expect(tagged.json.provider.aws[0].default_tags[0].tags).toMatchObject({ CostCenter: "1234", Environment: "nonprod", Project: "acme" });
  });
});
