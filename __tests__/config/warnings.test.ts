import { parseConfig } from "../../src/config/platform/load";
import { configWarnings } from "../../src/config/platform/warnings";
import { defaultConfigCopy } from "../support/config";

describe("warnings at synth: what a valid configuration probably did not mean", () => {
  it("says nothing about the built-in configuration", () => {
    expect(configWarnings(parseConfig(defaultConfigCopy(), "test"))).toEqual([]);
  });

  it("names an environment no app runs in, and an app whose list leaves environments out", () => {
    const config = defaultConfigCopy();
    config.environments.qa = { network: "staging", tier: "staging" };
    delete config.apps!.web.environments!.uat;
    expect(configWarnings(parseConfig(config, "test"))).toEqual([
      "environments.uat: no app runs in it; only its network and backend are synthesized",
      "environments.qa: no app runs in it; only its network and backend are synthesized",
      "apps.web.environments: leaves out uat, qa; list an environment there (even as {}) for the app to run in it",
    ]);
  });

  it("says nothing of an Aurora database whose environment has a DR network: it gets a global database", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.prod.database = { engine: "aurora-postgresql-serverless" };
    expect(configWarnings(parseConfig(config, "test"))).toEqual([]);
  });

  it("counts an app that lists no environments as running in every one", () => {
    const config = defaultConfigCopy();
    config.environments = { dev: config.environments.dev, staging: config.environments.staging, qa: { network: "staging", tier: "staging" } };
    for (const network of ["uat", "prod", "prod-dr"]) delete config.networks[network];
    delete config.apps!.web.environments;
    delete config.delivery!.github;
    expect(configWarnings(parseConfig(config, "test"))).toEqual([]);
  });
});
