import type { ResolvedObjectGuard } from "../../config/app/files-access";
import { PolicyStatement } from "../security/policy-document";

/** The tag of a bucket holding app data: the `s3-app-data-object-guard` guardrail demands the object guard of every bucket carrying it. */
export const APP_DATA_TAG = { key: "DataClass", value: "app-data" } as const;

/** What the object guard denies on a bucket's objects (`<bucket>/*`): every read, write, delete and restore of an object or a version, and of their ACLs, tags, retention and legal holds. */
export const GUARDED_OBJECT_ACTIONS = ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject"] as const;

/** What the object guard denies on the bucket itself: the changes that would expire, expose, stop versioning, redirect or lock its data. Reads (`GetBucketPolicy`, `GetLifecycleConfiguration`, ...) stay allowed, so every role that plans the stack can. */
export const GUARDED_BUCKET_ACTIONS = [
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutReplicationConfiguration",
  "s3:PutBucketObjectLockConfiguration",
  // Its BackupPlan tag is how AWS Backup selects it: untagged, it would silently go unbacked-up.
  "s3:PutBucketTagging",
] as const;

/**
 * The object guard of a bucket holding app data (issue 19, item 7): the bucket policy's denials of
 * {@link GUARDED_OBJECT_ACTIONS} on its objects and {@link GUARDED_BUCKET_ACTIONS} on the bucket to
 * every principal, in any account, but the named roles, matched by `aws:PrincipalArn` (a role's
 * ARN for all its sessions). A Deny wins over any Allow, so no identity policy, `s3:*` included,
 * gets past it.
 *
 * The bucket statement exempts the deploy role of the bucket's environment on purpose, and from
 * the bucket actions only: it applies this very policy, and the bucket's lifecycle, versioning and
 * replication, so denied those the pipeline could never change them again (only the admin role
 * could). Its object reads and writes stay denied. What no bucket policy can close is that the
 * deploy role may rewrite the policy itself: a merge that does so shows the policy change in its
 * plan, the environment's reviewers (where it has them) approve the apply, and the audit trail
 * records the call; only an organization policy could forbid it outright. If a policy ever locks
 * everyone out, the account's root user can still delete it (S3 always allows the bucket owner's
 * root user `GetBucketPolicy`, `PutBucketPolicy` and `DeleteBucketPolicy`: S3 API Reference,
 * PutBucketPolicy).
 */
export function objectGuardStatements(bucketArn: string, guard: ResolvedObjectGuard): PolicyStatement[] {
  return [
    {
      Sid: "DenyObjectAccessButNamedRoles",
      Effect: "Deny",
      Principal: "*",
      Action: GUARDED_OBJECT_ACTIONS,
      Resource: `${bucketArn}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": guard.objectRoleArns } },
    },
    {
      Sid: "DenyProtectionChangesButNamedRoles",
      Effect: "Deny",
      Principal: "*",
      Action: GUARDED_BUCKET_ACTIONS,
      Resource: bucketArn,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": guard.bucketRoleArns } },
    },
  ];
}
