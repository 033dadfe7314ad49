import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { EncryptionKey, logsServiceStatement } from "../security/kms-key";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { SecureBucket } from "../storage/secure-bucket";

/** Properties of an {@link AuditTrail}. */
export interface AuditTrailProps {
  /** The trail's name, also its key's alias and role's prefix. */
  readonly trailName: string;
  /** The bucket the log files go to. */
  readonly bucketName: string;
  /** The CloudWatch log group the events also go to. */
  readonly logGroupName: string;
  /** Days both keep the logs. */
  readonly retentionDays: number;
  /** The account. */
  readonly accountId: string;
  /** The trail's home region. */
  readonly region: string;
}

/**
 * Seed 004's audit log: a multi-region CloudTrail trail of the account's
 * management events (global services included), with log file validation,
 * encrypted with its own key, to a hardened bucket (versioned, TLS only,
 * public access blocked, CloudTrail the only writer) and to a CloudWatch log
 * group, both kept for the retention: every role assumption of the access
 * stack is on record.
 */
export class AuditTrail extends Construct {
  /** The trail's ARN. */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { accountId, region } = props;
    const trailArn = `arn:aws:cloudtrail:${region}:${accountId}:trail/${props.trailName}`;
    const fromThisTrail = { StringEquals: { "aws:SourceArn": trailArn } };
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${props.trailName}`,
      description: `Encrypts the ${props.trailName} trail's log files and log group`,
      accountId,
      serviceStatements: [
        {
          Sid: "CloudTrailEncryptsThisTrailsLogs",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: { ...fromThisTrail, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*` } },
        },
        { Sid: "CloudTrailDescribesTheKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: fromThisTrail },
        logsServiceStatement(region, [`arn:aws:logs:${region}:${accountId}:log-group:${props.logGroupName}`]),
      ],
      preventDestroy: true,
    });
    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: key.arn },
      lifecycle: { noncurrentVersionExpirationDays: props.retentionDays, expirationDays: props.retentionDays },
      policyStatements: [
        { Sid: "CloudTrailChecksTheAcl", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: `arn:aws:s3:::${props.bucketName}`, Condition: fromThisTrail },
        {
          Sid: "CloudTrailWritesThisAccountsLogs",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${props.bucketName}/AWSLogs/${accountId}/*`,
          Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
      ],
      preventDestroy: true,
    });
    const logGroup = new CloudwatchLogGroup(this, "log-group", { name: props.logGroupName, retentionInDays: props.retentionDays, kmsKeyId: key.arn });
    const role = new IamRole(this, "logs-role", {
      name: `${props.trailName}-logs`,
      description: `CloudTrail delivers ${props.trailName}'s events to ${props.logGroupName}`,
      assumeRolePolicy: serviceTrustPolicy("cloudtrail.amazonaws.com", accountId),
    });
    const logsPolicy = new IamRolePolicy(this, "logs-policy", {
      role: role.id,
      name: "deliver",
      policy: policyDocument([{ Sid: "DeliverEvents", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:log-stream:*` }]),
    });
    const trail = new Cloudtrail(this, "trail", {
      name: props.trailName,
      s3BucketName: bucket.bucketName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: key.arn,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      // CloudTrail checks its bucket's policy and its role when the trail is created.
      dependsOn: [bucket.policy, logsPolicy],
    });
    this.trailArn = trail.arn;
  }
}
