import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import type { ResolvedTelemetry } from "../../config/telemetry/resolve";
import type { PolicyStatement } from "../security/policy-document";
import type { CollectorContainer } from "../service/task-definition";
import { collectorConfiguration } from "./collector-config";
import { MetricsWorkspace } from "./prometheus-workspace";

/** Properties of {@link ServiceTelemetry}. */
export interface ServiceTelemetryProps {
  /** The collector's settings. */
  readonly telemetry: ResolvedTelemetry;
  /** The account the service runs in. */
  readonly accountId: string;
  /** The region the service runs in. */
  readonly region: string;
  /** The service's key: it encrypts the metrics log group (its policy must admit that group) or the Prometheus workspace. */
  readonly kmsKeyArn: string;
  /** Days the metrics log group keeps embedded-metric-format events (CloudWatch keeps the metrics themselves for 15 months). */
  readonly logRetentionDays: number;
}

/**
 * X-Ray's write and sampling actions: X-Ray defines no resource type for them, so they take
 * `"Resource": "*"` (Service Authorization Reference, "Actions, resources, and condition keys for
 * AWS X-Ray"; the managed policy AWSXrayWriteOnlyAccess grants the same on `*`).
 */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] as const;

/**
 * Where a service's collector sends what it receives, and what its task role may do for that:
 * traces to X-Ray; metrics as embedded-metric-format events to a log group of their own (CloudWatch
 * makes metrics of them in the configured namespace) or by remote write to a Prometheus workspace
 * created here. {@link collector} is the sidecar the task definition runs.
 */
export class ServiceTelemetry extends Construct {
  /** The task role's statements: X-Ray, and the metrics log group's streams or the workspace's remote write. */
  readonly taskStatements: readonly PolicyStatement[];
  /** The collector container. */
  readonly collector: CollectorContainer;
  /** The Prometheus workspace, with `metrics: prometheus`. */
  readonly workspace?: MetricsWorkspace;

  constructor(scope: Construct, id: string, props: ServiceTelemetryProps) {
    super(scope, id);
    const { telemetry, region } = props;
    const statements: PolicyStatement[] = [{ Sid: "XRayTracesWhichHaveNoResourceScope", Effect: "Allow", Action: [...XRAY_WRITE_ACTIONS], Resource: "*" }];
    let metrics: Parameters<typeof collectorConfiguration>[0]["metrics"];
    if (telemetry.metricsLogGroupName !== undefined) {
      new CloudwatchLogGroup(this, "metrics-log-group", { name: telemetry.metricsLogGroupName, retentionInDays: props.logRetentionDays, kmsKeyId: props.kmsKeyArn });
      // awsemf writes PutLogEvents to its group; the namespace is inside the events, so no IAM condition can hold it (cloudwatch:namespace applies to PutMetricData, which awsemf does not call).
      statements.push({
        Sid: "WriteEmbeddedMetricEvents",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${region}:${props.accountId}:log-group:${telemetry.metricsLogGroupName}:*`,
      });
      metrics = { cloudwatch: { logGroupName: telemetry.metricsLogGroupName, namespace: telemetry.namespace } };
    }
    if (telemetry.workspaceAlias !== undefined) {
      this.workspace = new MetricsWorkspace(this, "prometheus", { alias: telemetry.workspaceAlias, kmsKeyArn: props.kmsKeyArn });
      statements.push(this.workspace.remoteWriteStatement());
      metrics = { prometheusRemoteWriteUrl: this.workspace.remoteWriteUrl };
    }
    this.taskStatements = statements;
    this.collector = {
      image: telemetry.image,
      user: telemetry.user,
      cpu: telemetry.cpu,
      memory: telemetry.memory,
      configuration: collectorConfiguration({ region, ports: telemetry.ports, memoryMiB: telemetry.memory, metrics }),
    };
  }
}
