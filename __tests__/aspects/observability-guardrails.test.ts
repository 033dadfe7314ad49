import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Guardrails } from "../../src/aspects/guardrails";

/** Issue 22, parts 4 and 5: the guardrails of Firehose streams, their token, Prometheus workspaces, and the log-forwarding roles' trust. */
const synth =
  (build: (scope: Construct) => void, pipelineDeployed = false) =>
  () => {
    const stack = new TerraformStack(Testing.app(), "guarded");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: false, requireHttps: false, pipelineDeployed }));
    build(stack);
    return Testing.synth(stack);
  };

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1";
const SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:acme/web/prod/splunk-hec-token-AbCdEf";
const ROLE = "arn:aws:iam::111111111111:role/acme-web-prod-firehose";
type Splunk = ConstructorParameters<typeof KinesisFirehoseDeliveryStream>[2]["splunkConfiguration"];
const hardenedSplunk: NonNullable<Splunk> = {
  hecEndpoint: "https://splunk.example.com:443",
  s3BackupMode: "FailedEventsOnly",
  secretsManagerConfiguration: { enabled: true, secretArn: SECRET, roleArn: ROLE },
  s3Configuration: { roleArn: ROLE, bucketArn: "arn:aws:s3:::acme-web-prod-111111111111-logs-failed", kmsKeyArn: KEY },
};
const stream =
  (overrides: { sse?: ConstructorParameters<typeof KinesisFirehoseDeliveryStream>[2]["serverSideEncryption"] | null; splunk?: Partial<NonNullable<Splunk>> } = {}) =>
  (scope: Construct) =>
    new KinesisFirehoseDeliveryStream(scope, "stream", {
      name: "acme-web-prod-logs",
      destination: "splunk",
      serverSideEncryption: overrides.sse === null ? undefined : (overrides.sse ?? { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY }),
      splunkConfiguration: { ...hardenedSplunk, ...overrides.splunk },
    });
const address = "guarded/stream (aws_kinesis_firehose_delivery_stream.stream)";

describe("log forwarding and telemetry guardrails", () => {
  it("pass a stream encrypted with a customer-managed key that reads its token from Secrets Manager, and an encrypted workspace", () => {
    expect(synth(stream())).not.toThrow();
    expect(synth((scope) => new PrometheusWorkspace(scope, "workspace", { alias: "acme-web-prod", kmsKeyArn: KEY }))).not.toThrow();
  });

  it("require the stream's encryption at rest with a customer-managed key", () => {
    const message = `[firehose-encryption] ${address}: does not set server_side_encryption { enabled = true, key_type = "CUSTOMER_MANAGED_CMK", key_arn }`;
    expect(synth(stream({ sse: null }))).toThrow(message);
    expect(synth(stream({ sse: { enabled: true, keyType: "AWS_OWNED_CMK" } }))).toThrow(message);
  });

  it("require the failed events' bucket writes to use a key", () => {
    expect(synth(stream({ splunk: { s3Configuration: { ...hardenedSplunk.s3Configuration, kmsKeyArn: undefined } } }))).toThrow(
      `[firehose-encryption] ${address}: writes its failed events to S3 without kms_key_arn`,
    );
  });

  it("refuse an HEC token in an argument, which state keeps", () => {
    expect(synth(stream({ splunk: { hecToken: "51D4DA16-C61B-4F5F-8EC7-ED4301342A4A", secretsManagerConfiguration: undefined } }))).toThrow(
      `[firehose-token-not-in-state] ${address}: sets splunk_configuration.hec_token, which Terraform stores in state; use secrets_manager_configuration`,
    );
    expect(synth(stream({ splunk: { secretsManagerConfiguration: { enabled: false } } }))).toThrow(
      `[firehose-token-not-in-state] ${address}: does not read the HEC token from Secrets Manager (secrets_manager_configuration with enabled = true and secret_arn)`,
    );
  });

  it("require a workspace's customer-managed key", () => {
    expect(synth((scope) => new PrometheusWorkspace(scope, "workspace", { alias: "acme-web-prod" }))).toThrow(
      "[prometheus-encryption] guarded/workspace (aws_prometheus_workspace.workspace): does not set kms_key_arn",
    );
  });

  it("let a pipeline stack's roles trust Firehose and CloudWatch Logs of a region, not another service", () => {
    const role = (service: string) => (scope: Construct) =>
      new IamRole(scope, "role", { name: "r", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] }) });
    expect(synth(role("firehose.amazonaws.com"), true)).not.toThrow();
    expect(synth(role("logs.eu-west-1.amazonaws.com"), true)).not.toThrow();
    expect(synth(role("logs.amazonaws.com.evil.example"), true)).toThrow("[pipeline-role-trust] guarded/role (aws_iam_role.role): trusts Service logs.amazonaws.com.evil.example");
  });
});
