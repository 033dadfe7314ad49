import { Cloudtrail, CloudtrailAdvancedEventSelector, CloudtrailAdvancedEventSelectorFieldSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { Construct } from "constructs";
import { EncryptionKey, KEY_METADATA_ACTIONS, logsServiceStatement } from "../security/kms-key";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";
import { SecureBucket } from "../storage/secure-bucket";

/** A trail whose log files a bucket receives: its account and ARN. */
export interface TrailSource {
  /** The trail's account. */
  readonly accountId: string;
  /** The trail's ARN. */
  readonly trailArn: string;
}

/** Where the trail's log files go. */
export type AuditDestination =
  /** A bucket of this account, locked for `objectLockDays`, receiving `trails` (this account's, and with a log archive every account's). */
  | { readonly kind: "bucket-here"; readonly objectLockDays: number; readonly trails: readonly TrailSource[] }
  /** The bucket of a log-archive account, whose key (an alias ARN in the bucket's region) encrypts the log files. */
  | { readonly kind: "archive"; readonly keyArn: string };

/** Properties of an {@link AuditTrail}. */
export interface AuditTrailProps {
  /** The trail's name, also its key's alias and role's prefix. */
  readonly trailName: string;
  /** The bucket the log files go to: this account's, or the log archive's. */
  readonly bucketName: string;
  /** Whether the bucket is kept here, and with what lock, or in a log archive. */
  readonly destination: AuditDestination;
  /** The CloudWatch log group the events also go to. */
  readonly logGroupName: string;
  /** Days the bucket and the log group keep the logs. */
  readonly retentionDays: number;
  /** The principals (matched as `aws:PrincipalArn`) that alone administer the key and the bucket. */
  readonly administratorArns: readonly string[];
  /** S3 object ARN prefixes (`arn:aws:s3:::<bucket>/`) whose reads and writes are recorded: state and app files. */
  readonly dataEventObjectPrefixes: readonly string[];
  /** The audit bucket's object ARN prefix, whose reads alone are recorded. */
  readonly auditObjectPrefix: string;
  /** The account. */
  readonly accountId: string;
  /** The trail's home region. */
  readonly region: string;
}

/**
 * What only a key administrator may do to the audit bucket: delete objects or versions, change or
 * drop the lifecycle, the policy, versioning, the Object Lock configuration, an object's retention
 * or legal hold, the encryption, the public access block or ownership, or delete the bucket.
 */
export const AUDIT_BUCKET_ADMINISTRATION_ACTIONS = [
  "s3:DeleteObject*",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
  "s3:DeleteBucket",
] as const;

/**
 * The trail's event selectors: every management event; reads and writes of the objects of the
 * state and app files buckets; reads (only) of the audit bucket's objects, since recording writes
 * to the bucket a trail delivers to records each delivery, which is a write, without end (CloudTrail
 * User Guide, "Logging data events": do not log data events for the bucket that receives the log
 * files); and every Lambda function's invocations.
 */
function eventSelectors(objectPrefixes: readonly string[], auditObjectPrefix: string): CloudtrailAdvancedEventSelector[] {
  const data: CloudtrailAdvancedEventSelectorFieldSelector[] = [{ field: "eventCategory", equalTo: ["Data"] }];
  return [
    { name: "Management events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
    {
      name: "State and app files objects",
      fieldSelector: [...data, { field: "resources.type", equalTo: ["AWS::S3::Object"] }, { field: "resources.ARN", startsWith: [...objectPrefixes] }],
    },
    {
      name: "Audit bucket reads",
      fieldSelector: [...data, { field: "resources.type", equalTo: ["AWS::S3::Object"] }, { field: "readOnly", equalTo: ["true"] }, { field: "resources.ARN", startsWith: [auditObjectPrefix] }],
    },
    { name: "Lambda invocations", fieldSelector: [...data, { field: "resources.type", equalTo: ["AWS::Lambda::Function"] }] },
  ];
}

/** The audit bucket's policy: CloudTrail writes each trail's logs and nothing else writes; only the administrators delete or loosen. */
function bucketStatements(bucketArn: string, trails: readonly TrailSource[], administratorArns: readonly string[]): PolicyStatement[] {
  const trailArns = trails.map((trail) => trail.trailArn);
  return [
    { Sid: "CloudTrailChecksTheAcl", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: { StringEquals: { "aws:SourceArn": trailArns } } },
    ...trails.map(
      (trail): PolicyStatement => ({
        Sid: `CloudTrailWritesTheLogsOf${trail.accountId}`,
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/AWSLogs/${trail.accountId}/*`,
        Condition: { StringEquals: { "aws:SourceArn": trail.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
      }),
    ),
    // aws:SourceArn is absent from any request but a service's on a trail's behalf, and a negated operator matches an absent key.
    { Sid: "OnlyTheTrailsWriteObjects", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn}/*`, Condition: { ArnNotEquals: { "aws:SourceArn": trailArns } } },
    {
      Sid: "OnlyAdministratorsDeleteOrLoosen",
      Effect: "Deny",
      Principal: "*",
      Action: [...AUDIT_BUCKET_ADMINISTRATION_ACTIONS],
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [...administratorArns] } },
    },
  ];
}

/** The key policy's statements for CloudTrail: encrypt the named trails' log files, describe the key. */
function cloudTrailKeyStatements(trails: readonly TrailSource[]): PolicyStatement[] {
  const fromTheTrails = { StringEquals: { "aws:SourceArn": trails.map((trail) => trail.trailArn) } };
  return [
    {
      Sid: "CloudTrailEncryptsTheTrailsLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { ...fromTheTrails, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trails.map((trail) => `arn:aws:cloudtrail:*:${trail.accountId}:trail/*`) } },
    },
    { Sid: "CloudTrailDescribesTheKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: fromTheTrails },
  ];
}

/**
 * Seed 004's audit log, out of any pipeline's reach: a multi-region CloudTrail trail of the
 * account's management events (global services included) and of the data events that show who
 * read or wrote Terraform state, app files and the audit logs or invoked a function, with log file
 * validation, encrypted with a key only the named administrators administer, to a bucket (this
 * account's, or a log archive's) where only CloudTrail writes, S3 Object Lock in compliance mode
 * keeps every log file for its lock days, and only the administrators may delete or loosen
 * anything; and to a CloudWatch log group; both kept for the retention.
 */
export class AuditTrail extends Construct {
  /** The trail's ARN. */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { accountId, region, destination } = props;
    const trails = destination.kind === "bucket-here" ? destination.trails : [];
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${props.trailName}`,
      description: destination.kind === "bucket-here" ? `Encrypts the log files of ${props.bucketName} and the ${props.trailName} log group` : `Encrypts the ${props.trailName} log group`,
      accountId,
      // The account's IAM policies may read the key's metadata (a read-only role plans the stack), not decrypt: only the administrators read the log files.
      administrators: { principalArns: props.administratorArns, iamMayUse: KEY_METADATA_ACTIONS },
      serviceStatements: [...cloudTrailKeyStatements(trails), logsServiceStatement(region, [`arn:aws:logs:${region}:${accountId}:log-group:${props.logGroupName}`])],
      preventDestroy: true,
    });
    const bucket =
      destination.kind === "bucket-here"
        ? new SecureBucket(this, "bucket", {
            bucketName: props.bucketName,
            encryption: { kmsKeyArn: key.arn },
            lifecycle: { noncurrentVersionExpirationDays: props.retentionDays, expirationDays: props.retentionDays },
            policyStatements: bucketStatements(`arn:aws:s3:::${props.bucketName}`, trails, props.administratorArns),
            preventDestroy: true,
          })
        : undefined;
    if (bucket && destination.kind === "bucket-here") {
      // Enables Object Lock on the existing, versioned bucket (PutObjectLockConfiguration) without replacing it, as
      // aws_s3_bucket's object_lock_enabled would. Compliance mode: no one, the root user included, shortens it.
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket: bucket.bucket.id,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "COMPLIANCE", days: destination.objectLockDays } },
        dependsOn: [bucket.versioning],
      });
    }
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
      s3BucketName: props.bucketName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: destination.kind === "bucket-here" ? key.arn : destination.keyArn,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelector: eventSelectors(props.dataEventObjectPrefixes, props.auditObjectPrefix),
      // CloudTrail checks its bucket's policy and its role when the trail is created.
      dependsOn: [...(bucket ? [bucket.policy] : []), logsPolicy],
    });
    this.trailArn = trail.arn;
  }
}
