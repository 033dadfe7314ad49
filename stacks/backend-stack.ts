import { Construct } from "constructs";
import type { ResolvedAccount, StateBackendSettings } from "../src/config/account/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { BucketReplication } from "../src/constructs/storage/bucket-replication";
import { EncryptionKey } from "../src/constructs/security/kms-key";
import { SecureBucket } from "../src/constructs/storage/secure-bucket";
import { StateLockTable } from "../src/constructs/storage/state-lock-table";
import { PlatformStack } from "./platform-stack";

/** Properties of a {@link BackendStack}. */
export interface BackendStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The account whose state the backend holds. */
  readonly account: ResolvedAccount;
  /** The backend to build: the account's primary one, or one of its regional ones. */
  readonly backend: StateBackendSettings;
  /**
   * Backends in other regions that this backend's state bucket replicates to, so the state of
   * every stack survives the loss of this region. @default none
   */
  readonly replicaBackends?: readonly StateBackendSettings[];
  /** Keep this stack's own state in a local file: the first deployment into an account (`PLATFORM_BOOTSTRAP=1`). */
  readonly bootstrap: boolean;
}

/**
 * `backend-<account>` and `backend-<account>-<region>`: the S3 bucket and
 * DynamoDB table that hold and lock the Terraform state of every stack of one
 * account in one region, their KMS key, and the bucket receiving the state
 * bucket's access logs. The primary backend's state bucket replicates to the
 * account's regional backends (re-encrypted with their keys), so the state of
 * the primary region's stacks is at hand where the account fails over to.
 */
export class BackendStack extends PlatformStack {
  /** The state bucket. */
  readonly stateBucket: SecureBucket;
  /** The lock table. */
  readonly lockTable: StateLockTable;
  /** The key encrypting state and locks. */
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: BackendStackProps) {
    super(scope, id, {
      project: props.project,
      account: props.account,
      region: props.backend.region,
      environment: props.account.name,
      stateBackend: props.bootstrap ? "local" : "s3",
      requireDeletionProtection: true,
      deployedBy: "administrator",
    });
    const names = props.backend;

    this.key = new EncryptionKey(this, "state-key", {
      alias: names.kmsAlias,
      description: `Encrypts the Terraform state and locks of account ${props.account.name}`,
      accountId: props.account.id,
      preventDestroy: true,
    });

    // S3 delivers server access logs only to buckets encrypted with SSE-S3.
    const logBucket = new SecureBucket(this, "access-log-bucket", {
      bucketName: names.logBucket,
      encryption: "s3-managed",
      lifecycle: { noncurrentVersionExpirationDays: names.noncurrentVersionExpirationDays, expirationDays: names.accessLogExpirationDays },
      policyStatements: [
        {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${names.logBucket}/*`,
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:aws:s3:::${names.bucket}` },
            StringEquals: { "aws:SourceAccount": props.account.id },
          },
        },
      ],
    });

    this.stateBucket = new SecureBucket(this, "state-bucket", {
      bucketName: names.bucket,
      encryption: { kmsKeyArn: this.key.arn },
      lifecycle: { noncurrentVersionExpirationDays: names.noncurrentVersionExpirationDays },
      accessLogs: { bucket: logBucket, prefix: `${names.bucket}/` },
      preventDestroy: true,
    });

    this.lockTable = new StateLockTable(this, "lock-table", { tableName: names.lockTable, kmsKeyArn: this.key.arn });

    const replicas = props.replicaBackends ?? [];
    if (replicas.length > 0) {
      new BucketReplication(this, "state-replication", {
        roleName: `${props.project.name}-tfstate-replication`,
        accountId: props.account.id,
        source: this.stateBucket,
        sourceRegion: names.region,
        sourceKeyArn: this.key.arn,
        destinations: replicas.map((replica) => ({ bucketName: replica.bucket, region: replica.region, keyAlias: replica.kmsAlias })),
      });
    }
  }
}
