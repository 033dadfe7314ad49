import type { Tier } from "../shared/tiers";

/**
 * Traces and metrics (issue 22, part 4): the AWS Distro for OpenTelemetry collector runs as a
 * sidecar of the app's tasks, takes OTLP from the app on localhost and sends traces to X-Ray and
 * metrics to CloudWatch (embedded metric format) or to an Amazon Managed Service for Prometheus
 * workspace (decision 0011).
 */

/** Where the collector sends metrics: CloudWatch through EMF logs, a Prometheus workspace, or nowhere (traces only). */
export const TELEMETRY_METRICS = ["cloudwatch", "prometheus", "none"] as const;

/** Where the collector sends metrics. */
export type TelemetryMetrics = (typeof TELEMETRY_METRICS)[number];

/** What a tier sets for the collector; each can be changed per app and environment. */
export interface TelemetryTierDefaults {
  /** Whether the collector runs beside the app. */
  readonly enabled: boolean;
  /** Where metrics go. */
  readonly metrics: TelemetryMetrics;
  /** CPU units the collector container reserves out of the task's. */
  readonly cpu: number;
  /** Memory (MiB) the collector may use out of the task's: its hard limit, and 80% of it is its memory limiter's. */
  readonly memory: number;
}

/**
 * Per tier: off in dev (its task is 256 CPU units / 512 MiB, and nobody reads dev traces), on
 * elsewhere with metrics to CloudWatch. 64 units and 128 MiB (256 MiB in prod, whose tasks are
 * 2 GiB and busier) are what the ADOT collector needs for a sidecar's traffic; it shares the task's
 * size with the app, the task is not made bigger.
 */
export const TELEMETRY_TIER_DEFAULTS: Readonly<Record<Tier, TelemetryTierDefaults>> = {
  dev: { enabled: false, metrics: "cloudwatch", cpu: 64, memory: 128 },
  staging: { enabled: true, metrics: "cloudwatch", cpu: 64, memory: 128 },
  uat: { enabled: true, metrics: "cloudwatch", cpu: 64, memory: 128 },
  prod: { enabled: true, metrics: "cloudwatch", cpu: 128, memory: 256 },
};

/**
 * The collector image: AWS's public ECR image pinned to a release (v0.45.1, the repository's
 * VERSION file). AWS publishes no digest for it in its documentation; a team that pins by digest
 * copies the image into its own ECR repository and names that with `telemetry.image`.
 */
export const COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1";

/** The collector's user: `aoc`, uid and gid 4317, as the image's Dockerfile makes it; never root. */
export const COLLECTOR_USER = "4317:4317";

/**
 * The collector's ports, bound to the task's loopback only (the containers of a task share one
 * network namespace): OTLP over gRPC and HTTP, and its health check extension, which the image's
 * `/healthcheck` binary asks.
 */
export const COLLECTOR_PORTS = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133 } as const;

/** The CloudWatch namespace of an app's metrics unless config names one: `<project>/<app>`. */
export const defaultMetricsNamespace = (project: string, app: string) => `${project}/${app}`;

/** The log group the awsemf exporter writes embedded-metric-format events to: `/ecs/<service>/metrics`. */
export const metricsLogGroupName = (serviceName: string) => `/ecs/${serviceName}/metrics`;
