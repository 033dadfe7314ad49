import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { scheduleExpressionProblem, timeZoneProblem } from "../../src/config/shared/schedule-expressions";
import { issuesOf } from "../support/config-issues";
import { defaultConfigCopy } from "../support/config";

/** Issue 23, part 5 (decision 0014): scheduled jobs' configuration, resolution and every validation message. */

const NIGHTLY = { schedule: "cron(0 3 * * ? *)", timezone: "Europe/Berlin", command: ["bin/rails", "jobs:cleanup"] };

function resolved(mutate: (config: PlatformConfigInput) => void = () => undefined) {
  const config = defaultConfigCopy();
  mutate(config);
  return resolvePlatform(parseConfig(config, "test"));
}

const jobsIn = (env: string, mutate?: (config: PlatformConfigInput) => void) => resolved(mutate).apps[0].deployments.find((d) => d.environment.name === env)!.scheduledJobs;

/** The issues of the built-in configuration with `jobs` as the app's jobs (and `dev` as dev's changes). */
const issuesWith = (jobs: NonNullable<PlatformConfigInput["apps"]>[string]["scheduledJobs"], dev?: NonNullable<NonNullable<PlatformConfigInput["apps"]>[string]["environments"]>[string]["scheduledJobs"]) =>
  issuesOf((c) => {
    c.apps!.web.scheduledJobs = jobs;
    if (dev) c.apps!.web.environments!.dev.scheduledJobs = dev;
  });

describe("scheduled jobs: resolution", () => {
  it("are absent by default: the built-in configuration declares none, in any environment", () => {
    for (const env of ["dev", "staging", "uat", "prod"]) expect(jobsIn(env)).toBeUndefined();
  });

  it("resolve a job with UTC unless it names a time zone, the service's task size unless it sets one, enabled, in the group, queue and role named after the service", () => {
    const jobs = jobsIn("staging", (c) => (c.apps!.web.scheduledJobs = { "nightly-cleanup": NIGHTLY, hourly: { schedule: "rate(1 hour)", command: ["bin/hourly"], memory: 2048 } }));
    expect(jobs).toEqual({
      jobs: [
        { name: "nightly-cleanup", scheduleExpression: "cron(0 3 * * ? *)", timezone: "Europe/Berlin", command: ["bin/rails", "jobs:cleanup"], enabled: true, taskGroup: "job:nightly-cleanup" },
        { name: "hourly", scheduleExpression: "rate(1 hour)", timezone: "UTC", command: ["bin/hourly"], size: { cpu: 512, memory: 2048 }, enabled: true, taskGroup: "job:hourly" },
      ],
      retryPolicy: { maximumEventAgeSeconds: 900, maximumRetryAttempts: 3 },
      deadLetterRetentionSeconds: 1209600,
      alarmPeriodSeconds: 300,
      primary: {
        groupName: "acme-web-staging-jobs",
        deadLetterQueueName: "acme-web-staging-jobs-dlq",
        roleName: "acme-web-staging-scheduler",
        alarmNames: { deadLetters: "acme-web-staging-jobs-dead-letters", undeliverable: "acme-web-staging-jobs-undeliverable" },
        running: true,
      },
    });
  });

  it("take an environment's changes over the app's, key by key, and an environment's own jobs", () => {
    const jobs = jobsIn("dev", (c) => {
      c.apps!.web.scheduledJobs = { "nightly-cleanup": NIGHTLY };
      c.apps!.web.environments!.dev.scheduledJobs = { "nightly-cleanup": { enabled: false, schedule: "cron(30 4 * * ? *)" }, "dev-reset": { schedule: "rate(1 day)", command: ["bin/reset"] } };
    })!;
    expect(jobs.jobs.map(({ name, scheduleExpression, timezone, enabled }) => ({ name, scheduleExpression, timezone, enabled }))).toEqual([
      { name: "nightly-cleanup", scheduleExpression: "cron(30 4 * * ? *)", timezone: "Europe/Berlin", enabled: false },
      { name: "dev-reset", scheduleExpression: "rate(1 day)", timezone: "UTC", enabled: true },
    ]);
    // Staging has none of dev's own jobs.
    expect(jobsIn("staging", (c) => (c.apps!.web.environments!.dev.scheduledJobs = { "dev-reset": { schedule: "rate(1 day)", command: ["bin/reset"] } }))).toBeUndefined();
  });

  it("run in the primary region, with the DR region's names ready, until a failover; then in the DR region only", () => {
    const standing = jobsIn("prod", (c) => (c.apps!.web.scheduledJobs = { "nightly-cleanup": NIGHTLY }))!;
    expect(standing.primary).toMatchObject({ groupName: "acme-web-prod-jobs", running: true });
    expect(standing.dr).toMatchObject({ groupName: "acme-web-prod-dr-jobs", deadLetterQueueName: "acme-web-prod-dr-jobs-dlq", roleName: "acme-web-prod-dr-scheduler", running: false });
    for (const activeRegion of ["dr", "returning"] as const) {
      const failedOver = jobsIn("prod", (c) => {
        c.apps!.web.scheduledJobs = { "nightly-cleanup": NIGHTLY };
        c.environments.prod.activeRegion = activeRegion;
      })!;
      expect({ activeRegion, primary: failedOver.primary.running, dr: failedOver.dr!.running }).toEqual({ activeRegion, primary: false, dr: true });
    }
  });
});

describe("scheduled jobs: schedule expressions and time zones", () => {
  it.each([
    "cron(0 3 * * ? *)",
    "cron(0/15 * * * ? *)",
    "cron(*/5 8-18 ? * MON-FRI *)",
    "cron(0 12 L * ? *)",
    "cron(0 9 15W JAN,JUL ? 2026-2030)",
    "cron(0 6 ? * 6#3 *)",
    "cron(0 6 ? * FRIL *)",
    "rate(1 minute)",
    "rate(15 minutes)",
    "rate(2 days)",
  ])("takes %s", (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each(["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])("takes the time zone %s", (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });
});

describe("scheduled jobs: validation", () => {
  it("refuses an expression that is neither cron(...) nor rate(...)", () => {
    expect(issuesWith({ report: { schedule: "at(2026-01-01T00:00:00)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "at(2026-01-01T00:00:00)": must be a cron(...) or rate(...) expression, such as cron(0 3 * * ? *) (03:00 every day) or rate(1 hour); one-time at(...) schedules are not jobs',
    ]);
  });

  it("refuses a rate that is not a whole number and a unit", () => {
    expect(issuesWith({ report: { schedule: "rate(5 mins)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "rate(5 mins)": must be rate(<value> <unit>): a whole number of at least 1, one space, and minute, minutes, hour, hours, day or days, such as rate(15 minutes)',
    ]);
  });

  it("and a rate of 0", () => {
    expect(issuesWith({ report: { schedule: "rate(0 hours)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "rate(0 hours)": must be rate(<value> <unit>) with a value of at least 1, such as rate(1 hour) or rate(15 minutes)',
    ]);
  });

  it("refuses a cron expression without its six fields (a Unix crontab line has five)", () => {
    expect(issuesWith({ report: { schedule: "cron(0 3 * * *)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "cron(0 3 * * *)": has 5 cron field(s): a cron expression has six (minutes hours day-of-month month day-of-week year), such as cron(0 3 * * ? *)',
    ]);
  });

  it("refuses a cron field out of its range, naming the field and what it takes", () => {
    expect(issuesWith({ report: { schedule: "cron(75 3 * * ? *)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "cron(75 3 * * ? *)": has the minutes field "75", which is not valid: minutes takes 0-59, with the wildcards , - * /',
    ]);
    expect(issuesWith({ report: { schedule: "cron(0 3 ? * MON#6 *)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "cron(0 3 ? * MON#6 *)": has the day-of-week field "MON#6", which is not valid: day-of-week takes 1-7 or SUN-SAT, with the wildcards , - * ? L #',
    ]);
  });

  it("refuses a cron expression without ? in exactly one of its day fields", () => {
    expect(issuesWith({ report: { schedule: "cron(0 3 * * * *)", command: ["bin/report"] } })).toEqual([
      '  - apps.web.scheduledJobs.report.schedule = "cron(0 3 * * * *)": must have ? in exactly one of day-of-month ("*") and day-of-week ("*"): EventBridge Scheduler takes one of them, such as cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)',
    ]);
  });

  it("refuses a time zone that is not an IANA name, and one spelt in another case", () => {
    expect(issuesWith({ report: { ...NIGHTLY, timezone: "CET+1" } })).toEqual([
      '  - apps.web.scheduledJobs.report.timezone = "CET+1": must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC',
    ]);
    expect(issuesWith({ report: { ...NIGHTLY, timezone: "Europe/berlin" } })).toEqual([
      '  - apps.web.scheduledJobs.report.timezone = "Europe/berlin": must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC, spelt Europe/Berlin',
    ]);
  });

  it("refuses an empty command, an empty argument, and a command given as one string", () => {
    expect(issuesWith({ report: { ...NIGHTLY, command: [] } })).toEqual(["  - apps.web.scheduledJobs.report.command = []: must have at least one element: the program to run"]);
    expect(issuesWith({ report: { ...NIGHTLY, command: ["bin/report", ""] } })).toEqual(['  - apps.web.scheduledJobs.report.command[1] = "": must not be empty']);
    expect(issuesWith({ report: { ...NIGHTLY, command: "bin/report --all" as never } })).toEqual([
      '  - apps.web.scheduledJobs.report.command = "bin/report --all": must be a list of strings, such as ["bin/rails", "cleanup"]',
    ]);
  });

  it("refuses a job name that is no schedule name of ours", () => {
    expect(issuesWith({ Nightly_Cleanup: NIGHTLY })).toEqual([
      '  - apps.web.scheduledJobs.Nightly_Cleanup = "Nightly_Cleanup": is not an allowed key: must be a job name of 2-48 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    ]);
  });

  it("needs a schedule and a command for a job an environment declares alone", () => {
    expect(issuesWith({ "nightly-cleanup": NIGHTLY }, { "dev-reset": { timezone: "Europe/Berlin" } })).toEqual([
      "  - apps.web.environments.dev.scheduledJobs.dev-reset.schedule = (missing): is required: environment dev declares job dev-reset, which apps.web.scheduledJobs does not, so it needs a schedule here",
      "  - apps.web.environments.dev.scheduledJobs.dev-reset.command = (missing): is required: environment dev declares job dev-reset, which apps.web.scheduledJobs does not, so it needs a command here",
    ]);
  });

  it("refuses a job's CPU that Fargate has no task size for", () => {
    expect(issuesWith({ report: { ...NIGHTLY, cpu: 768 } })).toEqual(["  - apps.web.scheduledJobs.report.cpu = 768: must be a Fargate CPU value: one of 256, 512, 1024, 2048, 4096, 8192, 16384"]);
  });

  it("refuses a job's memory that Fargate does not take with its CPU", () => {
    expect(issuesWith({ report: { ...NIGHTLY, cpu: 1024, memory: 1024 } })).toEqual([
      "  - apps.web.scheduledJobs.report.memory = 1024: must make a task size Fargate runs: with 1024 CPU units, 2048 to 8192 MiB (2048, 3072, 4096, 5120, 6144, 7168, 8192)",
    ]);
  });

  it("and a job's CPU with which the service's memory makes no Fargate size, in the environment where it does not", () => {
    // dev's tasks take 512 MiB, which 1024 CPU units do not run with; prod's take 4096.
    expect(issuesWith({ report: { ...NIGHTLY, cpu: 1024 } })).toEqual([
      "  - apps.web.scheduledJobs.report.cpu = 1024: must make a task size Fargate runs: with 1024 CPU units, 2048 to 8192 MiB (2048, 3072, 4096, 5120, 6144, 7168, 8192), and job report takes the service's 512 MiB in environment dev: set its memory",
    ]);
  });

  it("keeps the OpenTelemetry collector, which the job's tasks run too, to half of a job's size", () => {
    expect(issuesWith({ report: { ...NIGHTLY, cpu: 256, memory: 512 } })).toEqual([]);
    // Prod's collector, made to take 512 MiB: a prod job of 512 MiB would leave the app none.
    expect(
      issuesOf((c) => {
        c.apps!.web.telemetry = { memory: 512 };
        c.apps!.web.scheduledJobs = { report: NIGHTLY };
        c.apps!.web.environments!.prod.scheduledJobs = { report: { cpu: 256, memory: 512 } };
      }),
    ).toEqual([
      "  - apps.web.environments.prod.scheduledJobs.report.memory = 512: must be at least twice the OpenTelemetry collector's 512 MiB in environment prod (1024): job report's tasks run the collector too, which may take at most half",
    ]);
  });
});
