import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { generatedConfig } from "../../scripts/bench-config";

describe("the bench's 16-environment configuration", () => {
  it("passes validation, with every tier and the app's service in every environment", () => {
    const platform = resolvePlatform(parseConfig(generatedConfig(16), "bench"));
    expect(platform.environments).toHaveLength(16);
    expect(new Set(platform.environments.map((env) => env.tier))).toEqual(new Set(["dev", "staging", "uat", "prod"]));
    const [web] = platform.apps;
    expect(web.deployments.filter((deployment) => deployment.service.domain !== undefined)).toHaveLength(8);
  });
});
