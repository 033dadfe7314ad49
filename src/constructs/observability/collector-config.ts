/** Properties of {@link collectorConfiguration}. */
export interface CollectorConfigurationProps {
  /** The region X-Ray, CloudWatch Logs and the Prometheus workspace are in. */
  readonly region: string;
  /** The collector's loopback ports. */
  readonly ports: { readonly otlpGrpc: number; readonly otlpHttp: number; readonly health: number };
  /** The collector container's memory hard limit in MiB: its memory limiter refuses data above 80% of it. */
  readonly memoryMiB: number;
  /** Where metrics go: CloudWatch (EMF events to a log group, in a namespace), a Prometheus workspace's remote write URL, or nowhere. @default nowhere */
  readonly metrics?: { readonly cloudwatch: { readonly logGroupName: string; readonly namespace: string } } | { readonly prometheusRemoteWriteUrl: string };
}

/** Share of the container's memory the collector's memory limiter allows before it refuses data, and the spike it allows above. */
const MEMORY_LIMIT_SHARE = 0.8;
const MEMORY_SPIKE_SHARE = 0.2;

/**
 * The ADOT collector's configuration, passed inline in `AOT_CONFIG_CONTENT` (which the collector
 * reads in place of its file; YAML is a superset of JSON, so this is JSON): OTLP receivers on the
 * task's loopback only, a memory limiter, ECS resource detection and batching, the `awsxray`
 * exporter for traces, and `awsemf` or `prometheusremotewrite` (signed by `sigv4auth`) for
 * metrics; the health check extension answers the image's `/healthcheck`. No value in it is secret:
 * the exporters sign with the task role's credentials.
 */
export function collectorConfiguration(props: CollectorConfigurationProps): string {
  const { region, ports, metrics } = props;
  const prometheus = metrics !== undefined && "prometheusRemoteWriteUrl" in metrics ? metrics.prometheusRemoteWriteUrl : undefined;
  const cloudwatch = metrics !== undefined && "cloudwatch" in metrics ? metrics.cloudwatch : undefined;
  const metricsExporter = prometheus !== undefined ? "prometheusremotewrite" : cloudwatch !== undefined ? "awsemf" : undefined;
  const processors = ["memory_limiter", "resourcedetection"];
  const config = {
    extensions: {
      // The image's /healthcheck asks http://127.0.0.1:13133/ (cmd/healthcheck/main.go of aws-otel-collector).
      health_check: { endpoint: `127.0.0.1:${ports.health}` },
      ...(prometheus !== undefined ? { sigv4auth: { region, service: "aps" } } : {}),
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${ports.otlpGrpc}` }, http: { endpoint: `127.0.0.1:${ports.otlpHttp}` } } },
    },
    processors: {
      memory_limiter: { check_interval: "1s", limit_mib: Math.floor(props.memoryMiB * MEMORY_LIMIT_SHARE), spike_limit_mib: Math.floor(props.memoryMiB * MEMORY_SPIKE_SHARE) },
      resourcedetection: { detectors: ["env", "ecs"], timeout: "2s", override: false },
      "batch/traces": { timeout: "1s", send_batch_size: 50 },
      "batch/metrics": { timeout: "60s" },
    },
    exporters: {
      awsxray: { region },
      ...(cloudwatch !== undefined ? { awsemf: { region, namespace: cloudwatch.namespace, log_group_name: cloudwatch.logGroupName, dimension_rollup_option: "NoDimensionRollup" } } : {}),
      ...(prometheus !== undefined ? { prometheusremotewrite: { endpoint: prometheus, auth: { authenticator: "sigv4auth" }, resource_to_telemetry_conversion: { enabled: true } } } : {}),
    },
    service: {
      extensions: ["health_check", ...(prometheus !== undefined ? ["sigv4auth"] : [])],
      pipelines: {
        traces: { receivers: ["otlp"], processors: [...processors, "batch/traces"], exporters: ["awsxray"] },
        ...(metricsExporter !== undefined ? { metrics: { receivers: ["otlp"], processors: [...processors, "batch/metrics"], exporters: [metricsExporter] } } : {}),
      },
    },
  };
  return JSON.stringify(config);
}
