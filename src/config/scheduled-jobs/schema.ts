import { z } from "zod";
import { scheduleExpressionProblem, timeZoneProblem } from "../shared/schedule-expressions";

/** A job's name: its schedule's name in the group, and its tasks' group `job:<name>`. */
export const JOB_NAME = /^[a-z][a-z0-9-]{0,46}[a-z0-9]$/;

/** A refinement that reports `problem`'s answer as the issue's message. */
const checked = (problem: (text: string) => string | undefined) =>
  z.string().superRefine((text, ctx) => {
    const found = problem(text);
    if (found !== undefined) ctx.addIssue({ code: "custom", message: found });
  });

const schedule = checked(scheduleExpressionProblem).describe(
  "When the job runs: `cron(minutes hours day-of-month month day-of-week year)`, with `?` in one of the two day fields (such as `cron(0 3 * * ? *)`, 03:00 every day), or `rate(<value> minute(s)|hour(s)|day(s))`, evaluated in `timezone`.",
);
const timezone = checked(timeZoneProblem).describe("The IANA time zone the schedule is evaluated in (daylight saving time included), such as `Europe/Berlin`.");
const command = z
  .array(z.string().min(1, "must not be empty").max(4096, "must be at most 4096 characters"), { error: "must be a list of strings, such as [\"bin/rails\", \"cleanup\"]" })
  .min(1, "must have at least one element: the program to run")
  .describe("The app container's command for the job, as a list (exec form, no shell), such as `[\"bin/rails\", \"jobs:cleanup\"]`: it replaces the image's command; the entrypoint, environment, secrets and user stay the service's.");
const cpu = z.number().int("must be a whole number").describe("Task CPU units of the job's tasks, with memory a task size Fargate runs.");
const memory = z.number().int("must be a whole number").describe("Task memory of the job's tasks in MiB, one Fargate allows for the CPU.");
const enabled = z.boolean().describe("Whether the schedule runs; false keeps it (and its history) but stops invoking it.");

/** One scheduled job of an app, as the app declares it: a schedule and a command are required. */
export const scheduledJobSchema = z.strictObject({
  schedule,
  timezone: timezone.optional(),
  command,
  cpu: cpu.optional(),
  memory: memory.optional(),
  enabled: enabled.optional(),
});

/** An environment's changes to a job of the app, or a job of its own (which then needs a schedule and a command). */
export const scheduledJobChangesSchema = z.strictObject({
  schedule: schedule.optional(),
  timezone: timezone.optional(),
  command: command.optional(),
  cpu: cpu.optional(),
  memory: memory.optional(),
  enabled: enabled.optional(),
});

/** Jobs by name. */
const jobName = z.string().regex(JOB_NAME, "must be a job name of 2-48 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen");

/** The app's scheduled jobs, by name (decision 0014). */
export const scheduledJobsSchema = z.record(jobName, scheduledJobSchema);

/** An environment's scheduled jobs, by name: changes to the app's, or jobs of its own. */
export const scheduledJobChangesByNameSchema = z.record(jobName, scheduledJobChangesSchema);

/** One job as the app declares it. */
export type ScheduledJobConfig = z.output<typeof scheduledJobSchema>;

/** One job's changes in an environment. */
export type ScheduledJobChanges = z.output<typeof scheduledJobChangesSchema>;
