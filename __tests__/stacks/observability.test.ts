import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * Issue 22, parts 4 and 5 on the built-in configuration: the ADOT collector sidecar (off in dev,
 * CloudWatch metrics in staging and uat, a Prometheus workspace in prod), its task role's
 * permissions, and prod's log forwarding to Splunk (subscription filter, Firehose, failed-events
 * bucket, the token's secret).
 */
const stacks = writtenStacks();
type Json = Record<string, any>;

const resources = (stack: string, type: string): Json[] => Object.entries<Json>(stacks.get(stack)!.resource?.[type] ?? {}).map(([name, r]) => ({ ...r, __name: name }));
const only = (stack: string, type: string): Json => {
  const found = resources(stack, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const containers = (stack: string): Json[] => JSON.parse(only(stack, "aws_ecs_task_definition").container_definitions);
const container = (stack: string, name: string) => containers(stack).find((c) => c.name === name);
const rolePolicy = (stack: string, policyName: string, rolePattern: RegExp): Json[] => {
  const roles = resources(stack, "aws_iam_role");
  const policy = resources(stack, "aws_iam_role_policy").find((p) => {
    const role = roles.find((r) => p.role === `\${aws_iam_role.${r.__name}.id}`);
    return p.name === policyName && role !== undefined && rolePattern.test(role.name);
  });
  expect(policy).toBeDefined();
  return JSON.parse(policy!.policy).Statement;
};
const taskStatements = (stack: string) => rolePolicy(stack, "app", new RegExp(`^acme-${stack.replace(/-service$/, "")}-task$`));
const actions = (statements: Json[]) => statements.flatMap((s) => [s.Action].flat());
const collectorConfig = (stack: string) => JSON.parse(container(stack, "otel-collector")!.environment.find((e: Json) => e.name === "AOT_CONFIG_CONTENT").value);

describe("the OpenTelemetry collector sidecar", () => {
  it("runs beside prod's app: pinned, unprivileged, read-only, not essential and awaited by nothing, its health checked, logging to the service's log group", () => {
    const collector = container("web-prod-service", "otel-collector")!;
    expect(collector).toMatchObject({
      image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1",
      user: "4317:4317",
      essential: false,
      readonlyRootFilesystem: true,
      cpu: 128,
      memory: 256,
      linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
      healthCheck: { command: ["CMD", "/healthcheck"] },
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/acme-web-prod", "awslogs-stream-prefix": "otel-collector" } },
    });
    expect(collector.portMappings).toBeUndefined();
    const app = container("web-prod-service", "app")!;
    // Nothing waits for it: a collector that does not start costs telemetry, not the app.
    expect(app.dependsOn).toBeUndefined();
    expect(app.environment).toEqual(
      expect.arrayContaining([
        { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://127.0.0.1:4318" },
        { name: "OTEL_SERVICE_NAME", value: "web" },
        { name: "OTEL_RESOURCE_ATTRIBUTES", value: "deployment.environment=prod" },
      ]),
    );
  });

  it("takes OTLP on the loopback only and sends traces to X-Ray and prod's metrics to its Prometheus workspace, signed", () => {
    const config = collectorConfig("web-prod-service");
    expect(config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: "127.0.0.1:4317" }, http: { endpoint: "127.0.0.1:4318" } });
    expect(config.service.pipelines.traces.exporters).toEqual(["awsxray"]);
    expect(config.service.pipelines.metrics.exporters).toEqual(["prometheusremotewrite"]);
    expect(config.exporters.prometheusremotewrite.auth).toEqual({ authenticator: "sigv4auth" });
    expect(config.exporters.prometheusremotewrite.endpoint).toMatch(/^\$\{aws_prometheus_workspace\.[^.]+\.prometheus_endpoint\}api\/v1\/remote_write$/);
    expect(config.extensions.sigv4auth).toEqual({ region: "us-east-1", service: "aps" });
    expect(config.service.extensions).toEqual(["health_check", "sigv4auth"]);
    expect(config.extensions.health_check).toEqual({ endpoint: "127.0.0.1:13133" });
    expect(config.processors.memory_limiter).toMatchObject({ limit_mib: 204, spike_limit_mib: 51 });
  });

  it("sends staging's metrics to CloudWatch as embedded-metric-format events in the app's namespace, to an encrypted log group of their own", () => {
    const config = collectorConfig("web-staging-service");
    expect(config.exporters.awsemf).toMatchObject({ namespace: "acme/web", log_group_name: "/ecs/acme-web-staging/metrics", region: "us-east-1" });
    expect(config.exporters.prometheusremotewrite).toBeUndefined();
    const group = resources("web-staging-service", "aws_cloudwatch_log_group").find((g) => g.name === "/ecs/acme-web-staging/metrics")!;
    expect(group.kms_key_id).toBeDefined();
    expect(group.retention_in_days).toBe(14);
    expect(resources("web-staging-service", "aws_prometheus_workspace")).toEqual([]);
  });

  it("is absent in dev, as the tier has it, with none of its permissions", () => {
    expect(containers("web-dev-service").map((c) => c.name)).not.toContain("otel-collector");
    expect(container("web-dev-service", "app")!.environment.map((e: Json) => e.name)).not.toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(actions(taskStatements("web-dev-service")).filter((a) => /^(xray|aps):/.test(a))).toEqual([]);
  });

  it("runs a copy from the account's ECR by digest where config names one, which the execution role may pull", () => {
    const image = `111111111111.dkr.ecr.us-east-1.amazonaws.com/mirror/aws-otel-collector@sha256:${"a".repeat(64)}`;
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.telemetry = { image };
    const staging = new SynthesizedStack(buildPlatform(runOf(config)).platform.deployments.get("web-staging")!.service);
    const definition = staging.resources("aws_ecs_task_definition")[0];
    expect(JSON.parse(definition.container_definitions).find((c: Json) => c.name === "otel-collector").image).toBe(image);
    const execution = staging.resources("aws_iam_role_policy").find((p) => p.name === "task-execution")!;
    const pull = JSON.parse(execution.policy).Statement.find((s: Json) => s.Sid === "PullImages");
    expect(pull.Resource).toContain("arn:aws:ecr:us-east-1:111111111111:repository/mirror/aws-otel-collector");
  });

  it("is absent in the DR region's pilot light", () => {
    expect(containers("web-prod-dr-service").map((c) => c.name)).not.toContain("otel-collector");
  });
});

describe("the collector's permissions", () => {
  it("gives prod's task role X-Ray's write and sampling actions on * (they have no resource type) and remote write to its own workspace", () => {
    const statements = taskStatements("web-prod-service");
    expect(statements.find((s) => s.Sid === "XRayTracesWhichHaveNoResourceScope")).toEqual({
      Sid: "XRayTracesWhichHaveNoResourceScope",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
      Resource: "*",
    });
    const workspace = only("web-prod-service", "aws_prometheus_workspace");
    expect(statements.find((s) => s.Sid === "RemoteWriteToTheWorkspace")).toEqual({
      Sid: "RemoteWriteToTheWorkspace",
      Effect: "Allow",
      Action: "aps:RemoteWrite",
      Resource: `\${aws_prometheus_workspace.${workspace.__name}.arn}`,
    });
    expect(actions(statements).filter((a) => /^(aps|xray|cloudwatch):/.test(a)).sort()).toEqual(
      ["aps:RemoteWrite", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"].sort(),
    );
  });

  it("encrypts prod's workspace with the service's key", () => {
    const workspace = only("web-prod-service", "aws_prometheus_workspace");
    expect(workspace.alias).toBe("acme-web-prod");
    expect(workspace.kms_key_arn).toMatch(/^\$\{aws_kms_key\.key_[^.]+\.arn\}$/);
  });

  it("lets staging's task role write to its metrics log group only", () => {
    const emf = taskStatements("web-staging-service").find((s) => s.Sid === "WriteEmbeddedMetricEvents");
    expect(emf).toEqual({
      Sid: "WriteEmbeddedMetricEvents",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      Resource: "arn:aws:logs:us-east-1:111111111111:log-group:/ecs/acme-web-staging/metrics:*",
    });
  });
});

describe("log forwarding to Splunk (prod)", () => {
  const stack = "web-prod-service";

  it("delivers through Firehose with acknowledgement, the token from Secrets Manager and failed events only to S3, encrypted with a customer-managed key", () => {
    const stream = only(stack, "aws_kinesis_firehose_delivery_stream");
    expect(stream.name).toBe("acme-web-prod-logs");
    expect(stream.destination).toBe("splunk");
    expect(stream.server_side_encryption).toMatchObject({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK" });
    const splunk = stream.splunk_configuration;
    expect(splunk).toMatchObject({
      hec_endpoint: "https://http-inputs-acme.splunkcloud.com:443",
      hec_endpoint_type: "Raw",
      hec_acknowledgment_timeout: 300,
      retry_duration: 3600,
      s3_backup_mode: "FailedEventsOnly",
    });
    expect(splunk.hec_token).toBeUndefined();
    expect(splunk.secrets_manager_configuration.enabled).toBe(true);
    expect(splunk.secrets_manager_configuration.secret_arn).toMatch(/^\$\{/);
    expect(splunk.s3_configuration.kms_key_arn).toBe(stream.server_side_encryption.key_arn);
    expect(splunk.processing_configuration.processors.map((p: Json) => p.type)).toEqual(["Decompression", "CloudWatchLogProcessing"]);
    expect(splunk.cloudwatch_logging_options.enabled).toBe(true);
  });

  it("keeps failed events in a bucket that blocks public access, encrypts with the key and expires them after the tier's 90 days", () => {
    const bucket = resources(stack, "aws_s3_bucket").find((b) => b.bucket === "acme-web-prod-222222222222-logs-failed")!;
    const ref = `\${aws_s3_bucket.${bucket.__name}.id}`;
    expect(resources(stack, "aws_s3_bucket_public_access_block").find((b) => b.bucket === ref)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const encryption = resources(stack, "aws_s3_bucket_server_side_encryption_configuration").find((e) => e.bucket === ref)!;
    expect(encryption.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    const lifecycle = resources(stack, "aws_s3_bucket_lifecycle_configuration").find((l) => l.bucket === ref)!;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 90 }]);
  });

  it("subscribes the service's log group to the stream, every event", () => {
    const filter = only(stack, "aws_cloudwatch_log_subscription_filter");
    const group = resources(stack, "aws_cloudwatch_log_group").find((g) => g.name === "/ecs/acme-web-prod")!;
    const stream = only(stack, "aws_kinesis_firehose_delivery_stream");
    expect(filter).toMatchObject({
      name: "acme-web-prod-to-splunk",
      log_group_name: `\${aws_cloudwatch_log_group.${group.__name}.name}`,
      destination_arn: `\${aws_kinesis_firehose_delivery_stream.${stream.__name}.arn}`,
      filter_pattern: "",
    });
  });

  it("lets CloudWatch Logs of this account and region put to that stream only", () => {
    const role = resources(stack, "aws_iam_role").find((r) => r.name === "acme-web-prod-logs-to-firehose")!;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:222222222222:*" } },
      },
    ]);
    const stream = only(stack, "aws_kinesis_firehose_delivery_stream");
    expect(rolePolicy(stack, "put-to-stream", /-logs-to-firehose$/)).toEqual([
      { Sid: "PutToTheStream", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: `\${aws_kinesis_firehose_delivery_stream.${stream.__name}.arn}` },
    ]);
  });

  it("lets Firehose write its bucket with its key, read its secret and log its errors: nothing else", () => {
    const statements = rolePolicy(stack, "deliver", /-firehose$/);
    expect(statements.map((s) => s.Sid)).toEqual(["WriteFailedEvents", "EncryptFailedEventsThroughS3", "ReadTheHecToken", "DecryptTheHecTokenThroughSecretsManager", "LogDeliveryErrors"]);
    const bucket = "arn:aws:s3:::acme-web-prod-222222222222-logs-failed";
    expect(statements[0].Resource).toEqual([bucket, `${bucket}/*`]);
    expect(statements[1].Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucket, `${bucket}/*`] } });
    expect(statements[2]).toMatchObject({ Action: "secretsmanager:GetSecretValue" });
    expect(statements[2].Resource).toBe(only(stack, "aws_kinesis_firehose_delivery_stream").splunk_configuration.secrets_manager_configuration.secret_arn);
    expect(statements[4].Resource).toBe("arn:aws:logs:us-east-1:222222222222:log-group:/aws/kinesisfirehose/acme-web-prod-logs:*");
    expect(statements.flatMap((s) => [s.Resource].flat())).not.toContain("*");
  });

  it("has the secrets stack make the token's secret with no value, replicated to the DR region like the others: the operator puts it, no state holds it", () => {
    const secret = resources("web-prod-secrets", "aws_secretsmanager_secret").find((s) => s.name === "acme/web/prod/splunk-hec-token")!;
    expect(secret.kms_key_id).toBeDefined();
    expect(secret.replica).toEqual([{ region: "eu-west-1", kms_key_id: expect.stringContaining("aws_kms_key.") }]);
    const versions = resources("web-prod-secrets", "aws_secretsmanager_secret_version").filter((v) => v.secret_id === `\${aws_secretsmanager_secret.${secret.__name}.id}`);
    expect(versions).toEqual([]);
  });

  it("is off below prod: no stream, filter or token secret", () => {
    for (const env of ["dev", "staging", "uat"]) {
      expect(resources(`web-${env}-service`, "aws_kinesis_firehose_delivery_stream")).toEqual([]);
      expect(resources(`web-${env}-service`, "aws_cloudwatch_log_subscription_filter")).toEqual([]);
      expect(resources(`web-${env}-secrets`, "aws_secretsmanager_secret").map((s) => s.name)).not.toContain(`acme/web/${env}/splunk-hec-token`);
    }
  });
});
