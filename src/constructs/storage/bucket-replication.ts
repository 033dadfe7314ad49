import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { Construct } from "constructs";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { SecureBucket } from "./secure-bucket";

/** A bucket in another region that receives replicas, and the key encrypting them there. */
export interface ReplicaDestination {
  /** The destination bucket's name. */
  readonly bucketName: string;
  /** Its region. */
  readonly region: string;
  /** The alias (`alias/...`) of the customer-managed key of that region that encrypts the replicas; named, so no state of the destination's stack is read. */
  readonly keyAlias: string;
}

/** Properties of a {@link BucketReplication}. */
export interface BucketReplicationProps {
  /** The name of the role S3 assumes to replicate. */
  readonly roleName: string;
  /** The account owning both buckets. */
  readonly accountId: string;
  /** The source bucket, KMS-encrypted. */
  readonly source: SecureBucket;
  /** The source bucket's region. */
  readonly sourceRegion: string;
  /** The ARN of the key encrypting the source bucket. */
  readonly sourceKeyArn: string;
  /** Where objects replicate to, in priority order. */
  readonly destinations: readonly ReplicaDestination[];
  /**
   * S3 Replication Time Control: 99.99% of objects replicated within this many minutes (15, the
   * only value S3 offers), with replication metrics. @default off
   */
  readonly replicationTimeMinutes?: number;
  /**
   * Whether the rules replicate. A disabled rule keeps the configuration (and the role) in place but
   * replicates nothing new, such as while the destination's region has taken over. @default true
   */
  readonly enabled?: boolean;
}

/** What S3's replication role does in a destination bucket: write replicas, delete markers and tags (S3 User Guide, "Setting up permissions for live replication"). */
export const REPLICA_WRITE_ACTIONS = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"] as const;

/** The id of the replication rule to a destination, `to-<region>`: the `RuleId` dimension of its replication metrics. */
export const replicationRuleId = (destination: Pick<ReplicaDestination, "region">) => `to-${destination.region}`;

/**
 * Cross-region replication of a KMS-encrypted bucket to buckets of the same
 * account: every object and delete marker, re-encrypted with each
 * destination region's key. S3's role may read the source's versions and
 * decrypt them through S3 in the source region, and write replicas and
 * encrypt them through S3 in each destination region, with the key of that
 * alias only. Versioning must be on at both ends (SecureBucket keeps it on).
 */
export class BucketReplication extends Construct {
  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const destinationArn = (destination: ReplicaDestination) => `arn:aws:s3:::${destination.bucketName}`;
    const aliasArn = (destination: ReplicaDestination) => `arn:aws:kms:${destination.region}:${props.accountId}:${destination.keyAlias}`;
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: `S3 replicates ${props.source.bucketName} to ${props.destinations.map((d) => d.bucketName).join(", ")}`,
      assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com", props.accountId),
    });
    const policy = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "replicate",
      policy: policyDocument([
        { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: props.source.arn },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          Resource: `${props.source.arn}/*`,
        },
        {
          Sid: "WriteReplicas",
          Effect: "Allow",
          Action: [...REPLICA_WRITE_ACTIONS],
          Resource: props.destinations.map((destination) => `${destinationArn(destination)}/*`),
        },
        {
          Sid: "DecryptSource",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.sourceKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `s3.${props.sourceRegion}.amazonaws.com` } },
        },
        ...props.destinations.map((destination) => ({
          Sid: `EncryptReplicasIn${destination.region.replaceAll("-", "")}`,
          Effect: "Allow" as const,
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: `arn:aws:kms:${destination.region}:${props.accountId}:key/*`,
          Condition: {
            StringEquals: { "kms:ViaService": `s3.${destination.region}.amazonaws.com` },
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": [destination.keyAlias] },
          },
        })),
      ]),
    });
    new S3BucketReplicationConfigurationA(this, "configuration", {
      bucket: props.source.bucket.id,
      role: role.arn,
      rule: props.destinations.map((destination, index) => ({
        id: replicationRuleId(destination),
        priority: index + 1,
        status: props.enabled === false ? "Disabled" : "Enabled",
        filter: { prefix: "" },
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: destinationArn(destination),
          encryptionConfiguration: { replicaKmsKeyId: aliasArn(destination) },
          ...(props.replicationTimeMinutes
            ? {
                replicationTime: { status: "Enabled", time: { minutes: props.replicationTimeMinutes } },
                metrics: { status: "Enabled", eventThreshold: { minutes: props.replicationTimeMinutes } },
              }
            : {}),
        },
      })),
      dependsOn: [props.source.versioning, policy],
    });
  }
}
