import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Construct } from "constructs";
import type { ResolvedLogForwarding } from "../../config/log-forwarding/resolve";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";
import { SecureBucket } from "../storage/secure-bucket";

/** Properties of a {@link SplunkDeliveryStream}. */
export interface SplunkDeliveryStreamProps {
  /** The stream, its destination, bucket, role and error log group names. */
  readonly forwarding: ResolvedLogForwarding;
  /** The account the stream is in. */
  readonly accountId: string;
  /** The region the stream is in. */
  readonly region: string;
  /** The key that encrypts the stream at rest, the failed-events bucket and the error log group (whose policy must admit that group). */
  readonly kmsKeyArn: string;
  /** The secret holding `{"hec_token": "..."}` and the key it is encrypted with: Firehose reads it, the token enters no state. */
  readonly tokenSecret: { readonly arn: string; readonly kmsKeyArn: string };
  /** Days the error log group keeps Firehose's delivery errors. */
  readonly logRetentionDays: number;
}

/** The error log group's stream Firehose writes Splunk delivery errors to. */
const DELIVERY_ERROR_STREAM = "SplunkDelivery";

/**
 * A Firehose stream (Direct PUT, encrypted at rest with a customer-managed key) delivering to a
 * Splunk HTTP Event Collector with indexer acknowledgement, the HEC token read from Secrets
 * Manager (`secrets_manager_configuration`), the CloudWatch Logs records decompressed and their
 * messages extracted by Firehose itself (no Lambda), failed events only to a hardened bucket
 * (SSE-KMS, public access blocked, TLS only, expiring), and delivery errors to a log group. Its
 * role writes to that bucket with that key, reads that secret, and logs to that group; nothing else.
 */
export class SplunkDeliveryStream extends Construct {
  /** The stream's ARN. */
  readonly arn: string;
  /** The failed-events bucket. */
  readonly failedEvents: SecureBucket;

  constructor(scope: Construct, id: string, props: SplunkDeliveryStreamProps) {
    super(scope, id);
    const { forwarding, region, accountId } = props;
    this.failedEvents = new SecureBucket(this, "failed-events", {
      bucketName: forwarding.failedEvents.bucket,
      encryption: { kmsKeyArn: props.kmsKeyArn },
      lifecycle: { expirationDays: forwarding.failedEvents.expirationDays, noncurrentVersionExpirationDays: 1 },
    });
    const errors = new CloudwatchLogGroup(this, "errors", { name: forwarding.errorLogGroupName, retentionInDays: props.logRetentionDays, kmsKeyId: props.kmsKeyArn });
    const errorStream = new CloudwatchLogStream(this, "error-stream", { name: DELIVERY_ERROR_STREAM, logGroupName: errors.name });

    const bucketArn = this.failedEvents.arn;
    const statements: PolicyStatement[] = [
      {
        Sid: "WriteFailedEvents",
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
        Resource: [bucketArn, `${bucketArn}/*`],
      },
      {
        Sid: "EncryptFailedEventsThroughS3",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: props.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` }, StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] } },
      },
      { Sid: "ReadTheHecToken", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: props.tokenSecret.arn },
      {
        Sid: "DecryptTheHecTokenThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: props.tokenSecret.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      },
      { Sid: "LogDeliveryErrors", Effect: "Allow", Action: "logs:PutLogEvents", Resource: `arn:aws:logs:${region}:${accountId}:log-group:${forwarding.errorLogGroupName}:*` },
    ];
    const role = new IamRole(this, "role", {
      name: forwarding.roleNames.firehose,
      description: `Firehose delivers ${forwarding.streamName} to Splunk and its failed events to ${forwarding.failedEvents.bucket}`,
      assumeRolePolicy: serviceTrustPolicy("firehose.amazonaws.com", accountId),
    });
    const policy = new IamRolePolicy(this, "role-policy", { role: role.id, name: "deliver", policy: policyDocument(statements) });

    const { splunk } = forwarding;
    const stream = new KinesisFirehoseDeliveryStream(this, "stream", {
      name: forwarding.streamName,
      destination: "splunk",
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: props.kmsKeyArn },
      splunkConfiguration: {
        hecEndpoint: splunk.hecEndpoint,
        hecEndpointType: splunk.endpointType,
        hecAcknowledgmentTimeout: splunk.acknowledgementTimeoutSeconds,
        retryDuration: splunk.retrySeconds,
        bufferingInterval: splunk.buffering.intervalSeconds,
        bufferingSize: splunk.buffering.sizeMb,
        s3BackupMode: "FailedEventsOnly",
        secretsManagerConfiguration: { enabled: true, secretArn: props.tokenSecret.arn, roleArn: role.arn },
        s3Configuration: { roleArn: role.arn, bucketArn, kmsKeyArn: props.kmsKeyArn, compressionFormat: "GZIP", prefix: "failed/" },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: errors.name, logStreamName: errorStream.name },
        // CloudWatch Logs delivers gzip-compressed batches of events: Firehose unpacks them and sends each event's message.
        processingConfiguration: {
          enabled: true,
          processors: [
            { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
            { type: "CloudWatchLogProcessing", parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }] },
          ],
        },
      },
      // Firehose checks at creation that it may assume the role and reach the bucket.
      dependsOn: [policy, this.failedEvents.policy],
    });
    this.arn = stream.arn;
  }
}
