import type { ResolvedService } from "../service/resolve";
import { definedOnly } from "../shared/defined-only";
import type { Tier } from "../shared/tiers";
import {
  BLUE_GREEN_TIER_DEFAULTS,
  BlueGreenTierDefaults,
  DEFAULT_MIGRATION_TIMEOUT_MINUTES,
  DEFAULT_TEST_LISTENER_PORT,
  MIGRATION_SUFFIX,
  PREDEFINED_ECS_DEPLOYMENT_CONFIGS,
  shiftMinutes,
  TrafficShift,
} from "./defaults";
import type { BlueGreenConfig, MigrationsConfig } from "./schema";

/** The CodeDeploy deployment configuration a release uses: a predefined one, or one of the service's own. */
export interface ResolvedDeploymentConfig {
  /** Its name: `CodeDeployDefault.ECS…`, or `<service>-<traffic>-<percent>-<interval>m`. */
  readonly name: string;
  /** The time-based shift of a configuration the service creates. @default none: a predefined configuration */
  readonly custom?: { readonly type: "TimeBasedLinear" | "TimeBasedCanary"; readonly percent: number; readonly intervalMinutes: number };
}

/** CodeDeploy's blue/green releases of one app in one environment, every setting decided. */
export interface ResolvedBlueGreen {
  /** The CodeDeploy application's name: the service's, `<project>-<app>-<env>`. */
  readonly applicationName: string;
  /** The deployment group's name: the service's too. */
  readonly deploymentGroupName: string;
  /** The role CodeDeploy assumes: `<service>-codedeploy`. */
  readonly roleName: string;
  /** The second target group's name, `<service>-alt` (the first is `<service>-app`). */
  readonly alternateTargetGroupName: string;
  /** How traffic moves. */
  readonly traffic: TrafficShift;
  /** With linear or canary: the percentage per step or first. */
  readonly trafficPercent: number;
  /** With linear or canary: minutes between steps. */
  readonly trafficIntervalMinutes: number;
  /** The deployment configuration that shift uses. */
  readonly deploymentConfig: ResolvedDeploymentConfig;
  /** Minutes the old task set runs after the shift. */
  readonly terminationWaitMinutes: number;
  /** Minutes the shift and the wait take together: what the deploy job waits, at least. */
  readonly releaseMinutes: number;
  /** The test listener: its port, protocol (the production listener's) and who may reach it. */
  readonly testListener: { readonly port: number; readonly protocol: "HTTP" | "HTTPS"; readonly cidrs: readonly string[] };
}

/** The migration task of one app in one environment. */
export interface ResolvedMigrations {
  /** The task definition's family, `<service>-migrate`: the only one the deploy role may run. */
  readonly family: string;
  /** The task role it runs as, `<service>-migrate-task`: the database's migrator where the app logs in with IAM. */
  readonly roleName: string;
  /** The command. */
  readonly command: readonly string[];
  /** The log stream prefix in the service's log group. */
  readonly streamPrefix: string;
  /** Minutes the deploy job waits for the task to stop. */
  readonly timeoutMinutes: number;
}

/** The tier's blue/green settings with the app's and the environment's on top (validation and explain ask this). */
export function blueGreenSettings(tier: Tier, block: BlueGreenConfig): BlueGreenTierDefaults & BlueGreenConfig {
  return { ...BLUE_GREEN_TIER_DEFAULTS[tier], ...definedOnly(block) };
}

/** The predefined configuration of a shift, or the service's own. */
export function deploymentConfigFor(serviceName: string, traffic: TrafficShift, percent: number, intervalMinutes: number): ResolvedDeploymentConfig {
  const predefined = PREDEFINED_ECS_DEPLOYMENT_CONFIGS.find(
    (config) => config.traffic === traffic && (traffic === "all-at-once" || (config.percent === percent && config.intervalMinutes === intervalMinutes)),
  );
  if (predefined) return { name: predefined.name };
  return {
    name: `${serviceName}-${traffic}-${percent}-${intervalMinutes}m`,
    custom: { type: traffic === "linear" ? "TimeBasedLinear" : "TimeBasedCanary", percent, intervalMinutes },
  };
}

/** An app's blue/green releases in one environment, or undefined where they are off (the default). */
export function resolveBlueGreen(service: ResolvedService, tier: Tier, block: BlueGreenConfig): ResolvedBlueGreen | undefined {
  const settings = blueGreenSettings(tier, block);
  if (!settings.enabled) return undefined;
  const https = service.domain !== undefined;
  return {
    applicationName: service.name,
    deploymentGroupName: service.name,
    roleName: `${service.name}-codedeploy`,
    alternateTargetGroupName: `${service.name}-alt`,
    traffic: settings.traffic,
    trafficPercent: settings.trafficPercent,
    trafficIntervalMinutes: settings.trafficIntervalMinutes,
    deploymentConfig: deploymentConfigFor(service.name, settings.traffic, settings.trafficPercent, settings.trafficIntervalMinutes),
    terminationWaitMinutes: settings.terminationWaitMinutes,
    releaseMinutes: shiftMinutes(settings.traffic, settings.trafficPercent, settings.trafficIntervalMinutes) + settings.terminationWaitMinutes,
    testListener: {
      port: settings.testListenerPort ?? DEFAULT_TEST_LISTENER_PORT[https ? "https" : "http"],
      protocol: https ? "HTTPS" : "HTTP",
      cidrs: settings.testListenerCidrs ?? [],
    },
  };
}

/** Whether an app runs a migration in an environment: a command, not turned off. */
export function migrationsOn(block: MigrationsConfig): boolean {
  return block.command !== undefined && block.enabled !== false;
}

/** An app's migration task in one environment, or undefined where it has no command (the default) or turns it off. */
export function resolveMigrations(serviceName: string, block: MigrationsConfig): ResolvedMigrations | undefined {
  if (!migrationsOn(block) || block.command === undefined) return undefined;
  return {
    family: `${serviceName}-${MIGRATION_SUFFIX}`,
    roleName: `${serviceName}-${MIGRATION_SUFFIX}-task`,
    command: block.command,
    streamPrefix: MIGRATION_SUFFIX,
    timeoutMinutes: block.timeoutMinutes ?? DEFAULT_MIGRATION_TIMEOUT_MINUTES,
  };
}
