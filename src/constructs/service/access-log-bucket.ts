import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ELB_LOG_DELIVERY_ACCOUNTS } from "../../config/shared/regions";
import { PolicyStatement } from "../security/policy-document";
import { SecureBucket } from "../storage/secure-bucket";

/** Properties of an {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** The globally unique bucket name. */
  readonly bucketName: string;
  /** The key prefix the load balancer writes under (without slashes, never containing `AWSLogs`). */
  readonly prefix: string;
  /** The region of the bucket and the load balancer: it decides who delivers the logs. */
  readonly region: string;
  /** The account that owns the load balancer. */
  readonly accountId: string;
  /** Days after which logs expire. */
  readonly expirationDays: number;
}

/**
 * Days a log is kept as a noncurrent version once expired. Logs are written
 * once and never overwritten, so a log only becomes noncurrent when it
 * expires; removing it the next day keeps `expirationDays` the retention.
 */
const EXPIRED_LOG_VERSION_DAYS = 1;

/** The service principal that delivers load balancer logs in regions without an ELB account. */
const LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * The bucket an application load balancer writes its access logs to: a
 * {@link SecureBucket} with SSE-S3 (the only encryption ALB log delivery
 * supports), expiry, and a policy that lets the region's log delivery write
 * under `<prefix>/AWSLogs/<account>/` only: the region's ELB account before
 * August 2022, the log delivery service principal in newer regions.
 */
export class AccessLogBucket extends Construct {
  /** The bucket name. */
  readonly bucketName: string;
  /** The key prefix the load balancer writes under. */
  readonly prefix: string;
  /** The bucket policy: a load balancer depends on it, since AWS checks write access when logging is enabled. */
  readonly policy: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const elbAccount = ELB_LOG_DELIVERY_ACCOUNTS[props.region];
    const delivery: PolicyStatement = {
      Sid: "AllowLoadBalancerLogDelivery",
      Effect: "Allow",
      Principal: elbAccount === undefined ? { Service: LOG_DELIVERY_SERVICE } : { AWS: `arn:aws:iam::${elbAccount}:root` },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${props.bucketName}/${props.prefix}/AWSLogs/${props.accountId}/*`,
    };
    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: "s3-managed",
      lifecycle: { expirationDays: props.expirationDays, noncurrentVersionExpirationDays: EXPIRED_LOG_VERSION_DAYS },
      policyStatements: [delivery],
    });
    this.bucketName = bucket.bucketName;
    this.prefix = props.prefix;
    this.policy = bucket.policy;
  }
}
