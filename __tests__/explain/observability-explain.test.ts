import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { explainEnvironment } from "../../src/explain/explanation";
import { defaultConfigCopy } from "../support/config";

/** npm run explain shows the collector sidecar and log forwarding of each environment, with their sources (decision 0011). */
function section(env: string, title: RegExp, mutate: (config: PlatformConfigInput) => void = () => undefined) {
  const input = defaultConfigCopy();
  mutate(input);
  const config = parseConfig(input, "test");
  const found = explainEnvironment(config, resolvePlatform(config), env).sections.find((candidate) => title.test(candidate.title));
  expect(found).toBeDefined();
  return Object.fromEntries(found!.settings.map((setting) => [setting.key, { value: setting.value, source: setting.source }]));
}

describe("npm run explain: traces, metrics and log forwarding", () => {
  it("shows prod's collector, where its metrics go and why, and its share of the task", () => {
    const settings = section("prod", /^app web: traces and metrics/);
    expect(settings.enabled).toEqual({ value: true, source: "default (src/config/telemetry/defaults.ts, tier prod)" });
    expect(settings.metrics).toEqual({ value: "Prometheus workspace acme-web-prod", source: "apps.web.environments.prod.telemetry.metrics" });
    expect(settings.cpu.value).toBe("128 of the task's 1024 CPU units");
  });

  it("shows staging's CloudWatch namespace, and dev's collector off by its tier", () => {
    expect(section("staging", /^app web: traces and metrics/).metrics.value).toBe("CloudWatch, namespace acme/web (EMF events in /ecs/acme-web-staging/metrics)");
    expect(section("dev", /^app web: traces and metrics$/).enabled).toEqual({ value: false, source: "default (src/config/telemetry/defaults.ts, tier dev)" });
  });

  it("shows prod's forwarding to Splunk with its endpoint, token secret and failed-events bucket, and forwarding off below prod", () => {
    const settings = section("prod", /^app web: log forwarding/);
    expect(settings["splunk.hecEndpoint"]).toEqual({ value: "https://http-inputs-acme.splunkcloud.com:443", source: "apps.web.environments.prod.logForwarding.splunk.hecEndpoint" });
    expect(settings.tokenSecret.value).toBe("acme/web/prod/splunk-hec-token");
    expect(settings["splunk.acknowledgementTimeoutSeconds"]).toEqual({ value: 300, source: "default (src/config/log-forwarding/defaults.ts, tier prod)" });
    // The token's secret and its replica in the DR region.
    expect(settings.monthlyUsd.value).toBe(0.8);
    expect(section("uat", /^app web: log forwarding$/).enabled.value).toBe(false);
  });
});
