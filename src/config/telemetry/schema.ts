import { z } from "zod";
import { TELEMETRY_METRICS } from "./defaults";

/** An image pinned by tag or digest, such as `public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1` or `…@sha256:<64 hex>`. */
const PINNED_IMAGE = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._\/-]+(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** A CloudWatch metric namespace: up to 255 characters, no leading colon, not `AWS/` (AWS's own). */
const NAMESPACE = /^(?!AWS\/)[A-Za-z0-9.\-_/#:]{1,255}$/;

/** The OpenTelemetry collector sidecar of an app's tasks: traces to X-Ray, metrics to CloudWatch or Prometheus. */
export const telemetrySchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe("Run the AWS Distro for OpenTelemetry collector beside the app: it takes OTLP on 127.0.0.1:4317 (gRPC) and 4318 (HTTP), sends traces to X-Ray and metrics where `metrics` says."),
  metrics: z
    .enum(TELEMETRY_METRICS, { error: `must be one of ${TELEMETRY_METRICS.join(", ")}` })
    .optional()
    .describe(
      "Where metrics go: `cloudwatch` (the awsemf exporter writes embedded-metric-format events to the log group `/ecs/<service>/metrics`, and CloudWatch makes metrics of them in `namespace`), `prometheus` (an Amazon Managed Service for Prometheus workspace the service stack creates, encrypted with the service's key; remote write signed with SigV4), or `none` (traces only).",
    ),
  namespace: z
    .string()
    .regex(NAMESPACE, "must be a CloudWatch namespace: 1-255 letters, digits and . - _ / # :, not starting with AWS/")
    .optional()
    .describe("The CloudWatch namespace of the app's metrics with `metrics: cloudwatch`."),
  image: z
    .string()
    .regex(PINNED_IMAGE, "must be an image pinned by tag or digest, such as public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1")
    .optional()
    .describe(
      "The collector image. Public ECR needs a route to the internet: in a network without NAT, name a copy in an ECR repository of the network's region (the execution role may then pull it).",
    ),
  cpu: z.number().int().min(32, "must be at least 32 CPU units").max(2048, "must be at most 2048 CPU units").optional().describe("CPU units the collector reserves out of the task's (the task is not made bigger)."),
  memory: z
    .number()
    .int()
    .min(64, "must be at least 64 MiB")
    .max(4096, "must be at most 4096 MiB")
    .optional()
    .describe("Memory (MiB) the collector may use out of the task's: its container's hard limit; its memory limiter starts refusing data at 80% of it."),
});

/** A telemetry block as it passed the schema. */
export type TelemetryConfig = z.output<typeof telemetrySchema>;
