import type { ResolvedDeployment } from "../config/app/resolve";
import type { AppConfig } from "../config/app/schema";
import type { ExplainedSection, ExplainedSetting } from "./explanation";

/** Where the release defaults live: blue/green's per tier, the migration's for all. */
const RELEASE_DEFAULTS = "src/config/release/defaults.ts";

/** The source of a key of a release block: the environment's, the app's, else the default there (the tier's, where `tier` is given). */
function releaseSource(app: { name: string; config: AppConfig }, envName: string, block: "blueGreen" | "migrations", key: string, tier?: string): string {
  if ((app.config.environments?.[envName]?.[block] as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.environments.${envName}.${block}.${key}`;
  if ((app.config[block] as Record<string, unknown> | undefined)?.[key] !== undefined) return `apps.${app.name}.${block}.${key}`;
  return `default (${RELEASE_DEFAULTS}${tier === undefined ? "" : `, tier ${tier}`})`;
}

/**
 * How the app is released in one environment (decision 0013): by ECS's rolling update with its
 * circuit breaker, or by CodeDeploy's blue/green deployment (the shift, the wait, who reaches the
 * test listener, what rolls it back, and that it costs nothing of its own); and the migration run
 * before each release, or none.
 */
export function releaseSections(app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const tier = deployment.environment.tier;
  const source = (block: "blueGreen" | "migrations", key: string, byTier = false) => releaseSource(app, envName, block, key, byTier ? tier : undefined);
  const { blueGreen, migrations } = deployment;
  const release: ExplainedSetting[] = blueGreen
    ? [
        { key: "strategy", value: "blue/green (CodeDeploy)", source: source("blueGreen", "enabled", true) },
        {
          key: "traffic",
          value: blueGreen.traffic === "all-at-once" ? "all at once" : `${blueGreen.traffic}: ${blueGreen.trafficPercent}% ${blueGreen.traffic === "linear" ? "every" : "first, the rest after"} ${blueGreen.trafficIntervalMinutes} minute(s)`,
          source: source("blueGreen", "traffic", true),
        },
        { key: "deploymentConfig", value: blueGreen.deploymentConfig.name, source: blueGreen.deploymentConfig.custom ? "the service's own (no predefined configuration shifts so)" : "CodeDeploy's predefined configuration" },
        { key: "terminationWaitMinutes", value: blueGreen.terminationWaitMinutes, source: source("blueGreen", "terminationWaitMinutes", true) },
        { key: "releaseMinutes", value: blueGreen.releaseMinutes, source: "the shift and the wait: the deploy job waits for them" },
        { key: "testListener", value: `${blueGreen.testListener.protocol} ${blueGreen.testListener.port}`, source: source("blueGreen", "testListenerPort") },
        { key: "testListenerReachableFrom", value: blueGreen.testListener.cidrs.length > 0 ? blueGreen.testListener.cidrs : "nobody", source: source("blueGreen", "testListenerCidrs") },
        { key: "rollback", value: "on a failed deployment and on the service's 5xx, p99, unhealthy-target, running-task and task-failure alarms", source: "decision 0013" },
        { key: "circuitBreaker", value: "none: ECS's circuit breaker applies to rolling updates only", source: "decision 0013" },
        { key: "monthlyUsd", value: 0, source: "CodeDeploy is free for ECS; the second target group and the test listener cost nothing beyond the load balancer's LCUs" },
      ]
    : [
        { key: "strategy", value: "rolling update (ECS), circuit breaker rolls back", source: source("blueGreen", "enabled", true) },
        ...(deployment.dr ? [{ key: "drService", value: "rolling update: the DR pilot light is never blue/green", source: "decision 0013" }] : []),
      ];
  const migration: ExplainedSetting[] = migrations
    ? [
        { key: "command", value: migrations.command, source: source("migrations", "command") },
        { key: "taskDefinition", value: `${migrations.family} (the release's image, as ${migrations.roleName})`, source: "decision 0013" },
        { key: "logs", value: `${deployment.service.name}'s log group, streams ${migrations.streamPrefix}/app/<task id>`, source: "decision 0013" },
        { key: "timeoutMinutes", value: migrations.timeoutMinutes, source: source("migrations", "timeoutMinutes") },
        { key: "onFailure", value: "the release stops before the service takes it", source: "decision 0013" },
      ]
    : [{ key: "command", value: "none", source: source("migrations", "command") }];
  return [
    { title: `app ${app.name}: release`, settings: release },
    { title: `app ${app.name}: migrations`, settings: migration },
  ];
}
