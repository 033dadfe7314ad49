import { mergedBlock } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import type { Tier } from "../shared/tiers";
import { definedOnly } from "../shared/defined-only";
import { COLLECTOR_IMAGE, COLLECTOR_PORTS, COLLECTOR_USER, defaultMetricsNamespace, metricsLogGroupName, TELEMETRY_TIER_DEFAULTS, TelemetryMetrics, TelemetryTierDefaults } from "./defaults";
import type { TelemetryConfig } from "./schema";

/** The collector sidecar of one app in one environment. */
export interface ResolvedTelemetry {
  /** The collector image, pinned. */
  readonly image: string;
  /** The unprivileged user it runs as. */
  readonly user: string;
  /** CPU units it reserves out of the task's. */
  readonly cpu: number;
  /** Its memory hard limit in MiB. */
  readonly memory: number;
  /** Its loopback ports: OTLP gRPC and HTTP, and the health check extension. */
  readonly ports: typeof COLLECTOR_PORTS;
  /** Where metrics go. */
  readonly metrics: TelemetryMetrics;
  /** The CloudWatch namespace of the app's metrics (with `metrics: cloudwatch`). */
  readonly namespace: string;
  /** The log group the awsemf exporter writes to, with `metrics: cloudwatch`. @default none */
  readonly metricsLogGroupName?: string;
  /** The Prometheus workspace's alias, `<service>`, with `metrics: prometheus`. @default none */
  readonly workspaceAlias?: string;
}

/** The tier's collector settings with the app's and the environment's on top; undefined when the collector is off. */
export function resolveTelemetry(project: string, app: string, serviceName: string, tier: Tier, block: TelemetryConfig): ResolvedTelemetry | undefined {
  const settings = { ...TELEMETRY_TIER_DEFAULTS[tier], ...definedOnly(block) };
  if (!settings.enabled) return undefined;
  return {
    image: block.image ?? COLLECTOR_IMAGE,
    user: COLLECTOR_USER,
    cpu: settings.cpu,
    memory: settings.memory,
    ports: COLLECTOR_PORTS,
    metrics: settings.metrics,
    namespace: block.namespace ?? defaultMetricsNamespace(project, app),
    ...(settings.metrics === "cloudwatch" ? { metricsLogGroupName: metricsLogGroupName(serviceName) } : {}),
    ...(settings.metrics === "prometheus" ? { workspaceAlias: serviceName } : {}),
  };
}

/** An app's collector settings in one environment before resolution: the tier's with the app's and the environment's on top (validation and the network's endpoints ask this). */
export function telemetrySettings(app: AppConfig, envName: string, tier: Tier): TelemetryTierDefaults & TelemetryConfig {
  return { ...TELEMETRY_TIER_DEFAULTS[tier], ...definedOnly(mergedBlock(app, envName, "telemetry")) };
}

/**
 * The interface endpoints the collector needs where there is no NAT: X-Ray for traces, and
 * `aps-workspaces` for Prometheus remote write; the awsemf exporter writes to CloudWatch Logs,
 * whose endpoint every task already needs.
 */
export function collectorEndpoints(metrics: TelemetryMetrics): string[] {
  return ["xray", ...(metrics === "prometheus" ? ["aps-workspaces"] : [])];
}
