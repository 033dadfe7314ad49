import { mergedBlock } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import type { PlatformConfig } from "../platform/schema";
import { FARGATE_MEMORY_BY_CPU } from "../service/defaults";
import type { ConfigIssue } from "../shared/errors";
import { TIER_PRESETS } from "../shared/tiers";
import { telemetrySettings } from "../telemetry/resolve";
import { mergedJobs } from "./resolve";
import type { ScheduledJobChanges } from "./schema";

/** `apps.web.environments.prod.scheduledJobs.<job>.x` where the environment sets x (or declares the job), else `apps.web.scheduledJobs.<job>.x`. */
function jobPath(app: AppConfig, appName: string, envName: string, job: string, key: keyof ScheduledJobChanges): string {
  const own = app.environments?.[envName]?.scheduledJobs?.[job];
  const byEnvironment = own !== undefined && (own[key] !== undefined || app.scheduledJobs?.[job] === undefined);
  return byEnvironment ? `apps.${appName}.environments.${envName}.scheduledJobs.${job}.${key}` : `apps.${appName}.scheduledJobs.${job}.${key}`;
}

/**
 * Rules about an app's scheduled jobs in one environment, each job merged from the app's
 * declaration and the environment's changes: a job an environment declares alone needs a schedule
 * and a command; a job's task size is one Fargate runs (the job's cpu and memory, else the
 * service's), and the OpenTelemetry collector, which the job's tasks run too, takes at most half of it.
 */
export function scheduledJobsIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const service = { ...TIER_PRESETS[environment.tier].service, ...mergedBlock(app, envName, "service") };
  const telemetry = telemetrySettings(app, envName, environment.tier);
  const issues: ConfigIssue[] = [];
  for (const [job, settings] of Object.entries(mergedJobs(app, envName))) {
    const where = (key: keyof ScheduledJobChanges) => jobPath(app, appName, envName, job, key);
    for (const key of ["schedule", "command"] as const) {
      if (settings[key] !== undefined) continue;
      issues.push({ path: where(key), value: undefined, message: `is required: environment ${envName} declares job ${job}, which apps.${appName}.scheduledJobs does not, so it needs a ${key} here` });
    }
    if (settings.cpu === undefined && settings.memory === undefined) continue;
    const cpu = settings.cpu ?? service.cpu;
    const memory = settings.memory ?? service.memory;
    const memories = FARGATE_MEMORY_BY_CPU[cpu];
    if (!memories) {
      issues.push({ path: where("cpu"), value: cpu, message: `must be a Fargate CPU value: one of ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}` });
      continue;
    }
    if (!memories.includes(memory)) {
      const taken = settings.memory === undefined ? `, and job ${job} takes the service's ${memory} MiB in environment ${envName}: set its memory` : "";
      issues.push({
        path: where(settings.memory === undefined ? "cpu" : "memory"),
        value: settings.memory ?? cpu,
        message: `must make a task size Fargate runs: with ${cpu} CPU units, ${memories[0]} to ${memories[memories.length - 1]} MiB (${memories.join(", ")})${taken}`,
      });
      continue;
    }
    if (!telemetry.enabled) continue;
    // Only what the job sets: the service's own size is held to the same rule by the telemetry block's validation.
    for (const [key, share, unit] of [["cpu", telemetry.cpu, "CPU units"], ["memory", telemetry.memory, "MiB"]] as const) {
      const size = settings[key];
      if (size === undefined || share * 2 <= size) continue;
      issues.push({
        path: where(key),
        value: size,
        message: `must be at least twice the OpenTelemetry collector's ${share} ${unit} in environment ${envName} (${share * 2}): job ${job}'s tasks run the collector too, which may take at most half`,
      });
    }
  }
  return issues;
}
