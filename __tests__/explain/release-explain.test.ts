import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { Explanation, explainEnvironment } from "../../src/explain/explanation";
import { defaultConfigCopy } from "../support/config";

function explain(input: PlatformConfigInput, env: string): Explanation {
  const config = parseConfig(input, "test");
  return explainEnvironment(config, resolvePlatform(config), env);
}

const section = (explanation: Explanation, name: "release" | "migrations") =>
  Object.fromEntries(explanation.sections.find((candidate) => candidate.title === `app web: ${name}`)!.settings.map((s) => [s.key, [s.value, s.source]]));

const example = JSON.parse(readFileSync(join(__dirname, "../../examples/blue-green.json"), "utf8"));

describe("npm run explain: how the app is released", () => {
  it("says the built-in environments roll with the circuit breaker, with no migration; prod's DR pilot light never blue/green", () => {
    expect(section(explain(defaultConfigCopy(), "dev"), "release")).toEqual({ strategy: ["rolling update (ECS), circuit breaker rolls back", "default (src/config/release/defaults.ts, tier dev)"] });
    expect(section(explain(defaultConfigCopy(), "prod"), "release").drService[0]).toBe("rolling update: the DR pilot light is never blue/green");
    expect(section(explain(defaultConfigCopy(), "dev"), "migrations")).toEqual({ command: ["none", "default (src/config/release/defaults.ts)"] });
  });

  it("shows the example's staging: its own linear configuration, the test listener and who reaches it, what rolls back, and no charge of its own", () => {
    const shown = section(explain(example, "staging"), "release");
    expect(shown.strategy).toEqual(["blue/green (CodeDeploy)", "apps.web.environments.staging.blueGreen.enabled"]);
    expect(shown.traffic).toEqual(["linear: 20% every 1 minute(s)", "apps.web.environments.staging.blueGreen.traffic"]);
    expect(shown.deploymentConfig).toEqual(["acme-web-staging-linear-20-1m", "the service's own (no predefined configuration shifts so)"]);
    expect(shown.terminationWaitMinutes).toEqual([15, "default (src/config/release/defaults.ts, tier staging)"]);
    expect(shown.testListener[0]).toBe("HTTP 8080");
    expect(shown.testListenerReachableFrom).toEqual([["203.0.113.0/24"], "apps.web.environments.staging.blueGreen.testListenerCidrs"]);
    expect(shown.monthlyUsd[0]).toBe(0);
    expect(shown.circuitBreaker[0]).toMatch(/^none/);
    expect(section(explain(example, "prod"), "release").traffic[0]).toBe("canary: 10% first, the rest after 15 minute(s)");
  });

  it("shows the migration's command, task definition, logs and timeout, set by the app", () => {
    const shown = section(explain(example, "dev"), "migrations");
    expect(shown.command).toEqual([["bin/rails", "db:migrate"], "apps.web.migrations.command"]);
    expect(shown.taskDefinition[0]).toBe("acme-web-dev-migrate (the release's image, as acme-web-dev-migrate-task)");
    expect(shown.logs[0]).toBe("acme-web-dev's log group, streams migrate/app/<task id>");
    expect(shown.timeoutMinutes).toEqual([20, "apps.web.migrations.timeoutMinutes"]);
  });
});
