import { mergedBlock, settingPath } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import type { PlatformConfig } from "../platform/schema";
import { DEFAULT_CONTAINER_PORT, DEFAULT_PROXY_PORT } from "../service/defaults";
import type { ConfigIssue } from "../shared/errors";
import { TIER_PRESETS } from "../shared/tiers";
import { COLLECTOR_PORTS } from "./defaults";
import { telemetrySettings } from "./resolve";

/** What each of the collector's loopback ports is, for messages. */
const PORT_NAMES: Readonly<Record<number, string>> = {
  [COLLECTOR_PORTS.otlpGrpc]: "OTLP gRPC",
  [COLLECTOR_PORTS.otlpHttp]: "OTLP HTTP",
  [COLLECTOR_PORTS.health]: "health check",
};

/**
 * Rules about an app's collector in one environment: it shares the task's CPU and memory with the
 * app (the task is not made bigger, so it may take at most half of either), and its ports with
 * the app's containers (one network namespace). Its reachability without NAT is among the service's
 * reachability rules (src/config/service/reachability.ts).
 */
export function telemetryIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const telemetry = telemetrySettings(app, envName, environment.tier);
  if (!telemetry.enabled) return [];
  const service = { ...TIER_PRESETS[environment.tier].service, ...mergedBlock(app, envName, "service") };
  const issues: ConfigIssue[] = [];
  const sizes = [
    { key: "cpu", value: telemetry.cpu, task: service.cpu, unit: "CPU units" },
    { key: "memory", value: telemetry.memory, task: service.memory, unit: "MiB" },
  ];
  for (const { key, value, task, unit } of sizes) {
    if (value * 2 <= task) continue;
    issues.push({
      path: settingPath(app, appName, envName, "telemetry", key),
      value,
      message: `must be at most half the task's ${task} ${unit} in environment ${envName} (${task / 2}): the collector shares the task with the app; lower it or raise the service's ${key}`,
    });
  }
  const ports = [
    { key: "containerPort", port: service.containerPort ?? DEFAULT_CONTAINER_PORT },
    ...(service.proxy ? [{ key: "proxy", port: service.proxy.port ?? DEFAULT_PROXY_PORT }] : []),
  ];
  for (const { key, port } of ports) {
    const portName = PORT_NAMES[port];
    if (portName === undefined) continue;
    issues.push({
      path: settingPath(app, appName, envName, "service", key),
      value: key === "proxy" ? service.proxy : port,
      message: `uses ${port}, the OpenTelemetry collector's ${portName} port in environment ${envName}: the containers of a task share one network namespace; choose another port or turn telemetry off`,
    });
  }
  return issues;
}
