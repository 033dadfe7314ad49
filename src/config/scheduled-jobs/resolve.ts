import type { AppConfig } from "../app/schema";
import type { ResolvedDisasterRecovery } from "../dr/resolve";
import type { ResolvedService } from "../service/resolve";
import { definedOnly } from "../shared/defined-only";
import { DEAD_LETTER_RETENTION_SECONDS, DEFAULT_JOB_TIMEZONE, JOB_ALARM_PERIOD_SECONDS, jobAlarmNames, JOB_RETRY_POLICY, jobsDeadLetterQueueName, jobsGroupName, jobTaskGroup, schedulerRoleName } from "./defaults";
import type { ScheduledJobChanges } from "./schema";

/** One job with every setting decided. */
export interface ResolvedScheduledJob {
  /** Its name: the schedule's in its group. */
  readonly name: string;
  /** `cron(...)` or `rate(...)`. */
  readonly scheduleExpression: string;
  /** The IANA time zone the expression is evaluated in. */
  readonly timezone: string;
  /** The app container's command for the job. */
  readonly command: readonly string[];
  /** The task size the job runs with instead of the task definition's, where it sets one. @default the service's task size */
  readonly size?: { readonly cpu: number; readonly memory: number };
  /** Whether the schedule invokes its target (its state ENABLED) where the region runs the jobs. */
  readonly enabled: boolean;
  /** The ECS task group of its tasks, `job:<name>`. */
  readonly taskGroup: string;
}

/** What the jobs are called in one region. */
export interface ResolvedJobSite {
  /** The schedule group, `<service name>-jobs`. */
  readonly groupName: string;
  /** The dead-letter queue, `<service name>-jobs-dlq`. */
  readonly deadLetterQueueName: string;
  /** The role EventBridge Scheduler assumes, `<service name>-scheduler` (IAM: the primary service stack keeps both regions'). */
  readonly roleName: string;
  /** The alarms' names: `<group>-dead-letters` and `<group>-undeliverable`. */
  readonly alarmNames: { readonly deadLetters: string; readonly undeliverable: string };
  /**
   * Whether this region runs the jobs: the primary region unless the DR region is the writer, the
   * DR region only then. The primary region keeps its schedules while it does not (their state is
   * DISABLED); the DR region has none until a failover.
   */
  readonly running: boolean;
}

/** An app's scheduled jobs in one environment (decision 0014). */
export interface ResolvedScheduledJobs {
  /** The jobs, by name. */
  readonly jobs: readonly ResolvedScheduledJob[];
  /** How long and how often a failed invocation is retried before it goes to the dead-letter queue. */
  readonly retryPolicy: { readonly maximumEventAgeSeconds: number; readonly maximumRetryAttempts: number };
  /** Seconds the dead-letter queue keeps a message. */
  readonly deadLetterRetentionSeconds: number;
  /** The alarms' period in seconds. */
  readonly alarmPeriodSeconds: number;
  /** The environment's region. */
  readonly primary: ResolvedJobSite;
  /** The DR region, where the environment has one. @default none */
  readonly dr?: ResolvedJobSite;
}

/** The app's jobs in an environment, each the environment's changes over the app's declaration (keys it leaves out come from the app). */
export function mergedJobs(app: AppConfig, envName: string): Record<string, ScheduledJobChanges> {
  const own = app.environments?.[envName]?.scheduledJobs ?? {};
  const names = [...new Set([...Object.keys(app.scheduledJobs ?? {}), ...Object.keys(own)])];
  return Object.fromEntries(names.map((name) => [name, { ...definedOnly(app.scheduledJobs?.[name] ?? {}), ...definedOnly(own[name] ?? {}) }]));
}

/** A region's names of the jobs of the service named `serviceName`. */
const site = (serviceName: string, running: boolean): ResolvedJobSite => ({
  groupName: jobsGroupName(serviceName),
  deadLetterQueueName: jobsDeadLetterQueueName(serviceName),
  roleName: schedulerRoleName(serviceName),
  alarmNames: jobAlarmNames(jobsGroupName(serviceName)),
  running,
});

/**
 * The app's scheduled jobs in one environment, or none where it declares none. `service` is the
 * app's service there (its task size and name), `dr` the environment's disaster recovery, whose
 * active region decides which region runs the jobs. Validation has made sure that every job has a
 * schedule and a command.
 */
export function resolveScheduledJobs(app: AppConfig, envName: string, service: Pick<ResolvedService, "name" | "cpu" | "memory">, dr: Pick<ResolvedDisasterRecovery, "active" | "service"> | undefined): ResolvedScheduledJobs | undefined {
  const merged = Object.entries(mergedJobs(app, envName));
  if (merged.length === 0) return undefined;
  const jobs = merged.map(([name, job]): ResolvedScheduledJob => ({
    name,
    scheduleExpression: job.schedule!,
    timezone: job.timezone ?? DEFAULT_JOB_TIMEZONE,
    command: job.command!,
    ...(job.cpu !== undefined || job.memory !== undefined ? { size: { cpu: job.cpu ?? service.cpu, memory: job.memory ?? service.memory } } : {}),
    enabled: job.enabled ?? true,
    taskGroup: jobTaskGroup(name),
  }));
  return {
    jobs,
    retryPolicy: JOB_RETRY_POLICY,
    deadLetterRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    alarmPeriodSeconds: JOB_ALARM_PERIOD_SECONDS,
    primary: site(service.name, !(dr?.active ?? false)),
    ...(dr ? { dr: site(dr.service.name, dr.active) } : {}),
  };
}
