/**
 * Scheduled jobs (issue 23, part 5; decision 0014): EventBridge Scheduler runs the app's task
 * definition with a command from config, on a cron or rate schedule, in a schedule group per app
 * environment, with a retry policy, a dead-letter queue and alarms on what fails. No job exists
 * unless config declares one: there is no tier default.
 */

/**
 * How long EventBridge Scheduler keeps retrying a job's RunTask call that failed (throttling, no
 * Fargate capacity, a refused call), and how often: AWS allows 60 to 86400 seconds and 0 to 185
 * attempts (EventBridge Scheduler API Reference, RetryPolicy). A quarter of an hour and three
 * attempts: a job runs late rather than never, and a retry never runs into the next hour's run of
 * an hourly job; what still fails goes to the dead-letter queue.
 */
export const JOB_RETRY_POLICY = { maximumEventAgeSeconds: 900, maximumRetryAttempts: 3 } as const;

/** The time zone a schedule is evaluated in when config names none: EventBridge Scheduler's own default. */
export const DEFAULT_JOB_TIMEZONE = "UTC";

/** Seconds the dead-letter queue keeps a failed invocation: SQS's longest, 14 days, so a failure over a long weekend is still there to read. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/** Seconds and datapoints of the jobs' alarms: any dead letter, or any invocation lost, within 5 minutes. */
export const JOB_ALARM_PERIOD_SECONDS = 300;

/** The ECS task group of a job's tasks, `job:<name>`: the task-failures alarm's message names it (its default is the family, the service's too). */
export const jobTaskGroup = (job: string) => `job:${job}`;

/** The schedule group of the jobs of an app environment: `<service name>-jobs` (`<project>-<app>-<env>-jobs`, `-dr-jobs` in the DR region). */
export const jobsGroupName = (serviceName: string) => `${serviceName}-jobs`;

/** The jobs' dead-letter queue: `<service name>-jobs-dlq`. */
export const jobsDeadLetterQueueName = (serviceName: string) => `${serviceName}-jobs-dlq`;

/** The jobs' alarms in a region, by what they watch: `<group>-dead-letters` (a dead letter waiting) and `<group>-undeliverable` (an invocation lost). */
export const jobAlarmNames = (groupName: string) => ({ deadLetters: `${groupName}-dead-letters`, undeliverable: `${groupName}-undeliverable` });

/** The role EventBridge Scheduler runs the jobs as: `<service name>-scheduler`. */
export const schedulerRoleName = (serviceName: string) => `${serviceName}-scheduler`;
