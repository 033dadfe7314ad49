/** Where a probe's metric goes: its namespace, name and the dimension naming what it probes. */
export interface ProbeMetric {
  /** The CloudWatch namespace. */
  readonly namespace: string;
  /** The metric's name. */
  readonly name: string;
  /** The dimension's name and what it names (a database, a domain). */
  readonly dimension: { readonly name: string; readonly value: string };
}

/**
 * One log line in CloudWatch's embedded metric format: CloudWatch Logs turns it
 * into a datapoint of a standard-resolution metric (CloudWatch User Guide,
 * "Specification: Embedded metric format"). A function writes it to its own
 * log group, which Lambda delivers outside any VPC, so a probe needs no route
 * to CloudWatch's API and no `cloudwatch:PutMetricData`.
 */
export function embeddedMetricLine(metric: ProbeMetric, value: 0 | 1, timestampMs: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [{ Namespace: metric.namespace, Dimensions: [[metric.dimension.name]], Metrics: [{ Name: metric.name, Unit: "None", StorageResolution: 60 }] }],
    },
    [metric.dimension.name]: metric.dimension.value,
    [metric.name]: value,
  });
}
