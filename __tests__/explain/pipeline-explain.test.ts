import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { Explanation, explainEnvironment } from "../../src/explain/explanation";
import { defaultConfigCopy } from "../support/config";

function explain(input: PlatformConfigInput, env: string): Explanation {
  const config = parseConfig(input, "test");
  return explainEnvironment(config, resolvePlatform(config), env);
}

const example = (): PlatformConfigInput => JSON.parse(readFileSync(join(__dirname, "../../examples/codepipeline.json"), "utf8"));
const pipeline = (explanation: Explanation) => Object.fromEntries(explanation.sections.find((section) => section.title === "app web: pipeline")!.settings.map((s) => [s.key, [s.value, s.source]]));

describe("npm run explain: the pipeline (decision 0015)", () => {
  it("says it is off by default", () => {
    expect(pipeline(explain(defaultConfigCopy(), "dev"))).toEqual({ enabled: [false, "default (src/config/pipeline/defaults.ts): GitHub Actions builds and deploys"] });
  });

  it("shows where staging sits in the example's pipeline: second, behind an approval, migrated, released by CodeDeploy; the key's monthly charge", () => {
    const shown = pipeline(explain(example(), "staging"));
    expect(shown.stack[0]).toBe("web-pipeline (us-east-1, account shared; an administrator applies it)");
    expect(shown.failOnSeverity).toEqual([["CRITICAL", "HIGH"], "apps.web.pipeline.failOnSeverity"]);
    expect(shown.position[0]).toBe("2 of 3 (dev, staging, prod)");
    expect(shown.approval).toEqual(["manual, waits 10080 minutes", "default 10080 minutes (src/config/pipeline/defaults.ts)"]);
    expect(shown.migration[0]).toBe("bin/rails db:migrate");
    expect(shown.deploy[0]).toBe("CodeDeploy blue/green: acme-web-staging/acme-web-staging");
    expect(shown.monthlyUsd[0]).toBe(1);
    expect(pipeline(explain(example(), "dev")).approval[0]).toBe("none: the first environment");
  });

  it("says the deploy workflow leaves the release of an environment the pipeline releases to it, and releases the others", () => {
    expect(pipeline(explain(example(), "staging")).deployWorkflow[0]).toBe("applies the stacks; runs no migration and no CodeDeploy deployment here");
    const prodOut = example();
    prodOut.apps!.web.pipeline!.environments = ["dev", "staging"];
    const prod = pipeline(explain(prodOut, "prod"));
    expect([prod.releasesThisEnvironment[0], prod.deployWorkflow[0]]).toEqual([false, "applies the stacks and releases (migration, deployment)"]);
  });
});
