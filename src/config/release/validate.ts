import { mergedBlock, settingPath } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import { CDN_TIER_DEFAULTS } from "../cdn/defaults";
import type { PlatformConfig } from "../platform/schema";
import type { ConfigIssue } from "../shared/errors";
import { SERVICE_ALARM_WINDOW } from "../service/defaults";
import { ALARM_DELAY_MARGIN_MINUTES, MAX_RELEASE_MINUTES, MIN_TERMINATION_WAIT_MINUTES, shiftMinutes } from "./defaults";
import { blueGreenSettings } from "./resolve";

/**
 * Rules about an app's releases in one environment (decision 0013, which cites the AWS pages behind
 * each): blue/green cannot run behind the CDN (CodeDeploy rewrites the production listener's forward
 * actions, while behind CloudFront the listener answers 403 and the origin-secret function's rule
 * forwards to the first target group), nor with request-count autoscaling (it tracks one target
 * group, which every other release empties); the old tasks outlast the rollback alarms' window; a
 * release's shift and wait fit the deploy job; a
 * migrations block that turns them on has a command.
 */
export function releaseIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const issues: ConfigIssue[] = [];
  const migrations = mergedBlock(app, envName, "migrations");
  if (migrations.enabled === true && migrations.command === undefined) {
    issues.push({
      path: settingPath(app, appName, envName, "migrations", "enabled"),
      value: true,
      message: `needs apps.${appName}.migrations.command (or the environment's) in environment ${envName}: the command the migration task runs, such as ["bin/rails", "db:migrate"]`,
    });
  }
  const block = mergedBlock(app, envName, "blueGreen");
  const settings = blueGreenSettings(environment.tier, block);
  if (!settings.enabled) return issues;
  const enabledPath = settingPath(app, appName, envName, "blueGreen", "enabled");
  const cdn = mergedBlock(app, envName, "cdn");
  if (cdn.enabled ?? CDN_TIER_DEFAULTS[environment.tier].enabled) {
    const byDefault = cdn.enabled === undefined ? ` (on by default in the ${environment.tier} tier)` : "";
    issues.push({
      path: enabledPath,
      value: true,
      message:
        `cannot be on with the CDN of environment ${envName} (apps.${appName}.cdn.enabled${byDefault}): CodeDeploy moves traffic by rewriting the production listener's forward actions, ` +
        `while behind CloudFront that listener answers 403 and the origin-secret function forwards to the first target group only (decision 0013); set cdn.enabled false there, or release without blue/green`,
    });
  }
  const service = mergedBlock(app, envName, "service");
  if (service.requestsPerTarget !== undefined) {
    issues.push({
      path: enabledPath,
      value: true,
      message: `cannot be on with ${settingPath(app, appName, envName, "service", "requestsPerTarget")} (${service.requestsPerTarget}): request-count autoscaling tracks one target group, which every other blue/green release empties; scale on CPU and memory (the default)`,
    });
  }
  if (settings.terminationWaitMinutes < MIN_TERMINATION_WAIT_MINUTES) {
    issues.push({
      path: settingPath(app, appName, envName, "blueGreen", "terminationWaitMinutes"),
      value: settings.terminationWaitMinutes,
      message:
        `must be at least ${MIN_TERMINATION_WAIT_MINUTES} minutes: the rollback alarms fire after ${SERVICE_ALARM_WINDOW.evaluationPeriods} periods of ${SERVICE_ALARM_WINDOW.periodSeconds} s, ` +
        `plus up to ${ALARM_DELAY_MARGIN_MINUTES} minutes of CloudWatch's delay; a shorter wait stops the old tasks before an alarm on the new ones can roll the release back`,
    });
  }
  const minutes = shiftMinutes(settings.traffic, settings.trafficPercent, settings.trafficIntervalMinutes) + settings.terminationWaitMinutes;
  if (minutes > MAX_RELEASE_MINUTES) {
    const key = block.terminationWaitMinutes !== undefined ? "terminationWaitMinutes" : "trafficIntervalMinutes";
    issues.push({
      path: settingPath(app, appName, envName, "blueGreen", key),
      value: block[key] ?? settings[key],
      message: `makes a release take ${minutes} minutes (${settings.traffic} shift, then ${settings.terminationWaitMinutes} minutes before the old tasks stop): at most ${MAX_RELEASE_MINUTES}, which the deploy job waits for beside its applies`,
    });
  }
  return issues;
}
