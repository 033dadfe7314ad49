/**
 * Releases (issue 23, decision 0013): CodeDeploy's blue/green deployment of the ECS service, and
 * the database migration task the deploy workflow runs before the service takes a release.
 */
import { SERVICE_ALARM_WINDOW } from "../service/defaults";
import type { Tier } from "../shared/tiers";

/** How CodeDeploy moves production traffic to the replacement task set. */
export const TRAFFIC_SHIFTS = ["all-at-once", "linear", "canary"] as const;

/** A traffic shift. */
export type TrafficShift = (typeof TRAFFIC_SHIFTS)[number];

/** What a tier sets for blue/green releases; each can be changed per app and environment. */
export interface BlueGreenTierDefaults {
  /** Whether the service is released by CodeDeploy's blue/green deployment (off in every tier: rolling updates with the circuit breaker). */
  readonly enabled: boolean;
  /** How traffic moves to the replacement task set. */
  readonly traffic: TrafficShift;
  /** With linear or canary: the percentage moved per step (linear) or in the first step (canary). */
  readonly trafficPercent: number;
  /** With linear or canary: minutes between steps. */
  readonly trafficIntervalMinutes: number;
  /** Minutes the original task set keeps running after traffic moved, while alarms can still roll the release back. */
  readonly terminationWaitMinutes: number;
}

/** Minutes CloudWatch may take beyond an alarm's evaluation window to publish the last datapoint and change the alarm's state. */
export const ALARM_DELAY_MARGIN_MINUTES = 5;

/**
 * The shortest termination wait: the rollback alarms' evaluation window (the service alarms' period
 * times their datapoints, 10 minutes) plus {@link ALARM_DELAY_MARGIN_MINUTES}. A shorter wait stops
 * the old tasks before an alarm on the new ones can fire, and a rollback would have nothing to go
 * back to.
 */
export const MIN_TERMINATION_WAIT_MINUTES = (SERVICE_ALARM_WINDOW.periodSeconds * SERVICE_ALARM_WINDOW.evaluationPeriods) / 60 + ALARM_DELAY_MARGIN_MINUTES;

/**
 * Per tier, once turned on: dev and staging move all traffic at once and keep the old tasks the
 * shortest wait the rollback alarms allow ({@link MIN_TERMINATION_WAIT_MINUTES}); uat and prod move
 * 10% first (a canary), then the rest after 5 (uat) or 15 minutes (prod), and keep the old tasks 15
 * (uat) or 60 minutes (prod) to roll back to on an alarm.
 */
export const BLUE_GREEN_TIER_DEFAULTS: Readonly<Record<Tier, BlueGreenTierDefaults>> = {
  dev: { enabled: false, traffic: "all-at-once", trafficPercent: 10, trafficIntervalMinutes: 5, terminationWaitMinutes: MIN_TERMINATION_WAIT_MINUTES },
  staging: { enabled: false, traffic: "all-at-once", trafficPercent: 10, trafficIntervalMinutes: 5, terminationWaitMinutes: MIN_TERMINATION_WAIT_MINUTES },
  uat: { enabled: false, traffic: "canary", trafficPercent: 10, trafficIntervalMinutes: 5, terminationWaitMinutes: 15 },
  prod: { enabled: false, traffic: "canary", trafficPercent: 10, trafficIntervalMinutes: 15, terminationWaitMinutes: 60 },
};

/**
 * CodeDeploy's predefined ECS deployment configurations (AWS CodeDeploy User Guide, "Working with
 * deployment configurations", predefined configurations for an Amazon ECS compute platform): a
 * shift matching one of them uses it; any other gets a deployment configuration of its own.
 */
export const PREDEFINED_ECS_DEPLOYMENT_CONFIGS: readonly { readonly traffic: TrafficShift; readonly percent?: number; readonly intervalMinutes?: number; readonly name: string }[] = [
  { traffic: "all-at-once", name: "CodeDeployDefault.ECSAllAtOnce" },
  { traffic: "linear", percent: 10, intervalMinutes: 1, name: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes" },
  { traffic: "linear", percent: 10, intervalMinutes: 3, name: "CodeDeployDefault.ECSLinear10PercentEvery3Minutes" },
  { traffic: "canary", percent: 10, intervalMinutes: 5, name: "CodeDeployDefault.ECSCanary10Percent5Minutes" },
  { traffic: "canary", percent: 10, intervalMinutes: 15, name: "CodeDeployDefault.ECSCanary10Percent15Minutes" },
];

/** The test listener's port unless config names one: HTTPS beside 443 where the service has a domain, HTTP beside 80 where it has none. */
export const DEFAULT_TEST_LISTENER_PORT = { https: 8443, http: 8080 } as const;

/**
 * The longest a release may take to shift its traffic and wait before terminating the old task set,
 * in minutes: the deploy job waits for it, and the job also applies the environment's stacks within
 * the deploy role's 3-hour session.
 */
export const MAX_RELEASE_MINUTES = 120;

/** The widest block (smallest prefix) a test listener admits: never the internet. */
export const MIN_TEST_CIDR_PREFIX = 16;

/** The migration task's family and log stream prefix: `<service>-migrate`, streams `migrate/<container>/<task id>` in the service's log group. */
export const MIGRATION_SUFFIX = "migrate";

/** Minutes the deploy job waits for a migration task to stop before it stops the task and the release. */
export const DEFAULT_MIGRATION_TIMEOUT_MINUTES = 30;

/** The longest migration the deploy job waits for. */
export const MAX_MIGRATION_TIMEOUT_MINUTES = 120;

/** The minutes a shift takes before all traffic is on the replacement: none at once; one interval for a canary; an interval per step after the first for linear. */
export function shiftMinutes(traffic: TrafficShift, percent: number, intervalMinutes: number): number {
  if (traffic === "all-at-once") return 0;
  if (traffic === "canary") return intervalMinutes;
  return (Math.ceil(100 / percent) - 1) * intervalMinutes;
}

/**
 * What ECS's UpdateService refuses to change on a service with the `CODE_DEPLOY` controller (Amazon
 * ECS API Reference, UpdateService): each CodeDeploy deployment's AppSpec changes them, so Terraform
 * must ignore them on such a service (decision 0013).
 */
export const CODE_DEPLOY_OWNED_SERVICE_ARGUMENTS = ["task_definition", "load_balancer", "network_configuration", "platform_version", "capacity_provider_strategy"] as const;
