import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { ResolvedObjectGuard } from "../../config/app/files-access";
import { policyDocument, PolicyStatement } from "../security/policy-document";
import { APP_DATA_TAG, objectGuardStatements } from "./object-guard";

/** How objects are encrypted at rest. */
export type BucketEncryption =
  /** SSE-KMS with a customer-managed key (and S3 bucket keys to cut KMS calls). */
  | { readonly kmsKeyArn: string }
  /** SSE-S3: for targets of S3 server access logs and load balancer logs, which cannot use SSE-KMS. */
  | "s3-managed";

/** Expiry of objects. */
export interface BucketLifecycle {
  /** Days after which noncurrent versions are deleted. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which current objects expire. @default never */
  readonly expirationDays?: number;
  /** Days after which current objects move to S3 Standard-IA. @default never */
  readonly infrequentAccessAfterDays?: number;
}

/** Properties of a {@link SecureBucket}. */
export interface SecureBucketProps {
  /** The globally unique bucket name. */
  readonly bucketName: string;
  /** Encryption at rest. */
  readonly encryption: BucketEncryption;
  /** Expiry of objects and versions. */
  readonly lifecycle: BucketLifecycle;
  /**
   * The bucket receiving this bucket's server access logs, and the key prefix. Logging waits for
   * that bucket and its policy (which admits S3's log delivery), so a first apply cannot race them.
   * @default no access logs
   */
  readonly accessLogs?: { readonly bucket: SecureBucket; readonly prefix: string };
  /** Statements added to the bucket policy after the TLS-only denial. @default none */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * The bucket holds app data: its policy denies every object action and every change of its
   * protection to all but these roles ({@link objectGuardStatements}), and it carries the
   * {@link APP_DATA_TAG} that the guardrails check it by.
   * @default no object guard
   */
  readonly objectGuard?: ResolvedObjectGuard;
  /** Refuse `terraform destroy` of the bucket. @default false */
  readonly preventDestroy?: boolean;
  /** Tags of the bucket, such as the backup plan that selects it. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Days before an unfinished multipart upload is cleaned up. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/**
 * An S3 bucket hardened by default: public access blocked, ACLs disabled
 * (bucket owner enforced), versioning, encryption at rest, a policy that
 * denies any request not over TLS 1.2+, and lifecycle expiry.
 */
export class SecureBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** The bucket name. */
  readonly bucketName: string;
  /** The bucket ARN, known before apply. */
  readonly arn: string;
  /** The bucket policy, for resources that must wait for it (such as log delivery). */
  readonly policy: S3BucketPolicy;
  /** The versioning configuration, for resources that need versioning first (such as replication). */
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucketName = props.bucketName;
    this.arn = `arn:aws:s3:::${props.bucketName}`;
    const tags = { ...props.tags, ...(props.objectGuard ? { [APP_DATA_TAG.key]: APP_DATA_TAG.value } : {}) };
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      tags: Object.keys(tags).length > 0 ? tags : undefined,
    });
    const bucket = this.bucket.id;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    this.versioning = new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.encryption === "s3-managed"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.arn, `${this.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
        {
          Sid: "DenyOutdatedTls",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.arn, `${this.arn}/*`],
          Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
        },
        ...(props.objectGuard ? objectGuardStatements(this.arn, props.objectGuard) : []),
        ...(props.policyStatements ?? []),
      ]),
      dependsOn: [publicAccessBlock],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.lifecycle.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
          expiration: props.lifecycle.expirationDays === undefined ? undefined : [{ days: props.lifecycle.expirationDays }],
          transition:
            props.lifecycle.infrequentAccessAfterDays === undefined ? undefined : [{ days: props.lifecycle.infrequentAccessAfterDays, storageClass: "STANDARD_IA" }],
        },
      ],
    });
    if (props.accessLogs) {
      new S3BucketLoggingA(this, "access-logs", {
        bucket,
        targetBucket: props.accessLogs.bucket.bucket.bucket,
        targetPrefix: props.accessLogs.prefix,
        dependsOn: [props.accessLogs.bucket.policy],
      });
    }
  }
}
