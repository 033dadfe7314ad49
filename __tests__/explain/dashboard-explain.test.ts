import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { explainEnvironment } from "../../src/explain/explanation";
import { defaultConfigCopy } from "../support/config";

/** npm run explain's dashboard section: the settings with their sources, the dashboards and their price. */
function dashboardSection(mutate: (config: ReturnType<typeof defaultConfigCopy>) => void, env: string) {
  const input = defaultConfigCopy();
  mutate(input);
  const config = parseConfig(input, "test");
  const section = explainEnvironment(config, resolvePlatform(config), env).sections.find((candidate) => candidate.title === "app web: dashboard")!;
  return Object.fromEntries(section.settings.map((setting) => [setting.key, [setting.value, setting.source]]));
}

describe("npm run explain: the dashboard", () => {
  it("shows prod's two dashboards, by the minute, and their $6 a month", () => {
    expect(dashboardSection(() => undefined, "prod")).toEqual({
      enabled: [true, "default (src/config/observability/defaults.ts, per tier)"],
      periodSeconds: [60, "default (src/config/observability/defaults.ts, per tier)"],
      dashboards: [["acme-web-prod (us-east-1)", "acme-web-prod-dr (eu-west-1)"], expect.stringContaining("src/constructs/monitoring/dashboard.ts")],
      monthlyUsd: [6, "src/cost/price-table.ts: $3 per dashboard a month; an account's first 3 are free (not deducted)"],
    });
  });

  it("shows a dashboard turned off by the environment, and no price", () => {
    expect(dashboardSection((c) => (c.apps!.web.environments!.dev.dashboard = { enabled: false }), "dev")).toEqual({
      enabled: [false, "apps.web.environments.dev.dashboard.enabled"],
      periodSeconds: [300, "default (src/config/observability/defaults.ts, per tier)"],
    });
  });
});
