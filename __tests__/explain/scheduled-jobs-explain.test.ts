import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { explainEnvironment } from "../../src/explain/explanation";

/** Issue 23, part 5 (decision 0014): npm run explain shows each scheduled job with its sources, where the jobs run and what they cost. */

function jobsSection(input: PlatformConfigInput, env: string): Record<string, [unknown, string]> {
  const config = parseConfig(input, "test");
  const found = explainEnvironment(config, resolvePlatform(config), env).sections.find((candidate) => candidate.title === "app web: scheduled jobs");
  if (!found) throw new Error("no scheduled jobs section");
  return Object.fromEntries(found.settings.map((setting) => [setting.key, [setting.value, setting.source]]));
}

/** The built-in configuration with two jobs, prod's nightly one changed, and prod's active region. */
function withJobs(activeRegion?: "dr"): PlatformConfigInput {
  const config = structuredClone(DEFAULT_CONFIG) as PlatformConfigInput & { apps: Record<string, any> };
  config.apps.web.scheduledJobs = {
    "nightly-cleanup": { schedule: "cron(0 3 * * ? *)", timezone: "Europe/Berlin", command: ["bin/rails", "jobs:cleanup"] },
    "hourly-report": { schedule: "rate(1 hour)", command: ["bin/report"], cpu: 1024, memory: 2048 },
  };
  config.apps.web.environments.prod.scheduledJobs = { "nightly-cleanup": { schedule: "cron(30 2 * * ? *)" } };
  if (activeRegion) config.environments.prod = { ...config.environments.prod, activeRegion };
  return config;
}

describe("npm run explain: scheduled jobs", () => {
  it("says there are none by default", () => {
    expect(jobsSection(DEFAULT_CONFIG, "staging")).toEqual({ jobs: ["none", "none declared (apps.web.scheduledJobs)"] });
  });

  it("shows each job's settings with the config path or default that sets them, the logs, the names and the alarms' monthly price", () => {
    const prod = jobsSection(withJobs(), "prod");
    expect(prod).toMatchObject({
      "nightly-cleanup.schedule": ["cron(30 2 * * ? *)", "apps.web.environments.prod.scheduledJobs.nightly-cleanup.schedule"],
      "nightly-cleanup.timezone": ["Europe/Berlin", "apps.web.scheduledJobs.nightly-cleanup.timezone"],
      "nightly-cleanup.command": ["bin/rails jobs:cleanup", "apps.web.scheduledJobs.nightly-cleanup.command"],
      "nightly-cleanup.taskSize": [expect.stringMatching(/ CPU units, \d+ MiB$/), "the service's task size"],
      "hourly-report.timezone": ["UTC", "default (UTC, EventBridge Scheduler's)"],
      "hourly-report.taskSize": ["1024 CPU units, 2048 MiB", "apps.web.scheduledJobs.hourly-report.cpu, apps.web.scheduledJobs.hourly-report.memory"],
      "hourly-report.enabled": [true, "default (true)"],
      logs: ["/ecs/acme-web-prod, streams app/app/<task id>", expect.stringContaining("awslogs")],
      running: [true, "environments.prod.activeRegion: the primary region is"],
      scheduleGroup: ["acme-web-prod-jobs", expect.any(String)],
      alarms: ["acme-web-prod-jobs-dead-letters, acme-web-prod-jobs-undeliverable", expect.any(String)],
      "dr.running": [false, expect.any(String)],
      "dr.scheduleGroup": ["acme-web-prod-dr-jobs", expect.any(String)],
      monthlyUsd: [0.2, expect.stringContaining("2 alarms")],
    });
  });

  it("shows the DR region running them, and its alarms priced too, once prod fails over", () => {
    const prod = jobsSection(withJobs("dr"), "prod");
    expect(prod).toMatchObject({ running: [false, "environments.prod.activeRegion: the DR region is the writer"], "dr.running": [true, expect.any(String)], monthlyUsd: [0.4, expect.any(String)] });
  });
});
