import type { ResolvedDeployment } from "../config/app/resolve";
import type { AppConfig } from "../config/app/schema";
import type { ResolvedJobSite } from "../config/scheduled-jobs/resolve";
import { PRICE_TABLE } from "../cost/price-table";
import { pricedRegion } from "../cost/pricer";
import type { ExplainedSection, ExplainedSetting } from "./explanation";

/** Where the jobs' fixed settings live. */
const DEFAULTS = "src/config/scheduled-jobs/defaults.ts";

/** The source of a job's key: the environment's, else the app's declaration, else the default. */
function jobSource(app: { name: string; config: AppConfig }, envName: string, job: string, key: string, fallback: string): string {
  if ((app.config.environments?.[envName]?.scheduledJobs?.[job] as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.environments.${envName}.scheduledJobs.${job}.${key}`;
  if ((app.config.scheduledJobs?.[job] as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.scheduledJobs.${job}.${key}`;
  return fallback;
}

/** The jobs' alarms in these regions by the month at the price table's rates, or why there is no figure. */
function monthly(regions: readonly string[], alarms: number): number | string {
  const prices = regions.map((region) => ({ region, priced: pricedRegion(PRICE_TABLE, region) }));
  const missing = prices.find(({ priced }) => priced === undefined);
  if (missing) return `${missing.region} is not in the price table`;
  return Math.round(prices.reduce((sum, { priced }) => sum + PRICE_TABLE.regions[priced!].alarmMetricMonth * alarms, 0) * 100) / 100;
}

/** A region's names and whether it runs the jobs. */
const siteSettings = (prefix: string, site: ResolvedJobSite, activeSource: string): ExplainedSetting[] => [
  { key: `${prefix}running`, value: site.running, source: activeSource },
  { key: `${prefix}scheduleGroup`, value: site.groupName, source: "<project>-<app>-<env>-jobs (-dr-jobs in the DR region)" },
  { key: `${prefix}deadLetterQueue`, value: site.deadLetterQueueName, source: "<group>-dlq, encrypted with the service's key" },
  { key: `${prefix}role`, value: site.roleName, source: "<project>-<app>-<env>-scheduler: RunTask of the service's family only, PassRole of its two roles to ECS tasks only (decision 0014)" },
  { key: `${prefix}alarms`, value: Object.values(site.alarmNames).join(", "), source: "to the environment's alarm topic (a job's non-zero exit: the service's task-failures alarm)" },
];

/**
 * An app's scheduled jobs in one environment (decision 0014): each job's schedule, time zone,
 * command, task size and state with their sources, where they run (the DR region only after a
 * failover), where their logs go, and their fixed monthly cost (the alarms; invocations and task
 * time are usage); or that there are none.
 */
export function scheduledJobsSections(app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const title = `app ${app.name}: scheduled jobs`;
  const jobs = deployment.scheduledJobs;
  if (!jobs) return [{ title, settings: [{ key: "jobs", value: "none", source: `none declared (apps.${app.name}.scheduledJobs)` }] }];
  const { service, dr } = deployment;
  const alarms = Object.keys(jobs.primary.alarmNames).length;
  const activeSource = dr ? `environments.${envName}.activeRegion: ${dr.active ? "the DR region is the writer" : "the primary region is"}` : "the environment's only region";
  const settings: ExplainedSetting[] = [
    ...jobs.jobs.flatMap((job): ExplainedSetting[] => [
      { key: `${job.name}.schedule`, value: job.scheduleExpression, source: jobSource(app, envName, job.name, "schedule", "") },
      { key: `${job.name}.timezone`, value: job.timezone, source: jobSource(app, envName, job.name, "timezone", "default (UTC, EventBridge Scheduler's)") },
      { key: `${job.name}.command`, value: job.command.join(" "), source: jobSource(app, envName, job.name, "command", "") },
      {
        key: `${job.name}.taskSize`,
        value: `${job.size?.cpu ?? service.cpu} CPU units, ${job.size?.memory ?? service.memory} MiB`,
        source: job.size ? `${jobSource(app, envName, job.name, "cpu", "the service's cpu")}, ${jobSource(app, envName, job.name, "memory", "the service's memory")}` : "the service's task size",
      },
      { key: `${job.name}.enabled`, value: job.enabled, source: jobSource(app, envName, job.name, "enabled", "default (true)") },
    ]),
    { key: "taskDefinition", value: `${service.name} (the service's, the revision it runs)`, source: "decision 0014" },
    { key: "logs", value: `/ecs/${service.name}, streams app/app/<task id>`, source: "the task definition's awslogs configuration: the service's log group" },
    { key: "retryPolicy", value: `${jobs.retryPolicy.maximumRetryAttempts} retries within ${jobs.retryPolicy.maximumEventAgeSeconds} s`, source: `default (${DEFAULTS})` },
    { key: "deadLetterRetentionDays", value: jobs.deadLetterRetentionSeconds / 86_400, source: `default (${DEFAULTS}): SQS's longest` },
    ...siteSettings("", jobs.primary, activeSource),
    ...(jobs.dr ? siteSettings("dr.", jobs.dr, activeSource) : []),
    {
      key: "monthlyUsd",
      value: monthly([deployment.environment.network.region, ...(dr && jobs.dr?.running ? [dr.network.region] : [])], alarms),
      source: `${alarms} alarms in the primary region, and in the DR region while it runs the jobs (src/cost/price-table.ts); invocations beyond EventBridge Scheduler's free 14 million, the jobs' Fargate time and SQS requests are usage`,
    },
  ];
  return [{ title, settings }];
}
