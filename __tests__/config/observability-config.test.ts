import { DASHBOARD_DEFAULTS } from "../../src/config/observability/defaults";
import { TIERS } from "../../src/config/shared/tiers";
import { issuesOf, deploymentOf, Mutation } from "../support/config-issues";

const deployment = deploymentOf;

const web = (c: Parameters<Mutation>[0]) => c.apps!.web;

describe("dashboards: the tier's defaults, then the app's, then the environment's", () => {
  it("turns them on in every tier, by the minute in prod and by five minutes below", () => {
    expect(TIERS.map((tier) => DASHBOARD_DEFAULTS[tier].enabled)).toEqual([true, true, true, true]);
    expect(["dev", "staging", "uat", "prod"].map((env) => deployment(env).dashboard)).toEqual([
      { enabled: true, periodSeconds: 300 },
      { enabled: true, periodSeconds: 300 },
      { enabled: true, periodSeconds: 300 },
      { enabled: true, periodSeconds: 60 },
    ]);
  });

  it("takes the app's settings, and an environment's over them", () => {
    const mutate: Mutation = (c) => {
      web(c).dashboard = { enabled: false, periodSeconds: 120 };
      web(c).environments!.prod.dashboard = { enabled: true };
    };
    expect(deployment("dev", mutate).dashboard).toEqual({
      enabled: false,
      periodSeconds: 120,
    });
    expect(deployment("prod", mutate).dashboard).toEqual({
      enabled: true,
      periodSeconds: 120,
    });
  });

  it.each([
    ["a period under a minute", (c: Parameters<Mutation>[0]) => (web(c).dashboard = { periodSeconds: 30 }), "apps.web.dashboard.periodSeconds = 30: must be 60 or a multiple of 60 seconds"],
    [
      "a period that is not whole minutes",
      (c: Parameters<Mutation>[0]) => (web(c).environments!.uat.dashboard = { periodSeconds: 90 }),
      "apps.web.environments.uat.dashboard.periodSeconds = 90: must be 60 or a multiple of 60 seconds",
    ],
  ])("refuses %s, naming the field", (_what, mutate, expected) => {
    expect(issuesOf(mutate).join("\n")).toContain(expected);
  });
});

describe("seed 004's alarm thresholds", () => {
  it("alarms on service CPU above 80% in every tier (seed 004), and on failed tasks above the tier's count", () => {
    expect(["dev", "staging", "uat", "prod"].map((env) => [deployment(env).serviceAlarms.cpuPercent, deployment(env).serviceAlarms.taskFailures])).toEqual([
      [80, 3],
      [80, 1],
      [80, 1],
      [80, 0],
    ]);
    expect(deployment("prod", (c) => (web(c).environments!.prod.serviceAlarms = { taskFailures: 2 })).serviceAlarms.taskFailures).toBe(2);
  });

  it("refuses a negative count of failed tasks, naming the field", () => {
    expect(issuesOf((c) => (web(c).serviceAlarms = { taskFailures: -1 })).join("\n")).toContain(
      "apps.web.serviceAlarms.taskFailures = -1: must be a count of 0 or more (0: any task stopped with a non-zero exit code fires the alarm)"
    );
  });
});
