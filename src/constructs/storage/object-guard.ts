import type { ResolvedObjectGuard } from "../../config/app/files-access";
import { PolicyStatement } from "../security/policy-document";

/** The tag of a bucket holding app data: the `s3-app-data-object-guard` guardrail demands the object guard of every bucket carrying it. */
export const APP_DATA_TAG = { key: "DataClass", value: "app-data" } as const;

/** What the object guard denies on a bucket's objects (`<bucket>/*`): every read, write, delete and restore of an object or a version, and of their ACLs, tags, retention and legal holds. */
export const GUARDED_OBJECT_ACTIONS = ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject"] as const;

/**
 * What destroys an object's history or pins it: deleting a version (a plain `DeleteObject` only
 * adds a delete marker, which the app may), and setting retention or legal holds. Denied even to
 * the app's tasks, so a merge that widens the task role's own policy still cannot erase the files'
 * versions: whoever deploys the app can make it read and write its files, not destroy their past.
 */
export const VERSION_DESTRUCTION_ACTIONS = ["s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention"] as const;

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
 * The object guard of a bucket holding app data (issue 19, item 7): the bucket policy's denials,
 * to every principal in any account but named roles matched by `aws:PrincipalArn` (a role's ARN
 * for all its sessions), of {@link GUARDED_OBJECT_ACTIONS} on its objects, of
 * {@link GUARDED_BUCKET_ACTIONS} on the bucket, and of {@link VERSION_DESTRUCTION_ACTIONS} on its
 * objects to fewer roles still. A Deny wins over any Allow, so no identity policy, `s3:*`
 * included, gets past it. No deploy role is among the named roles: an administrator applies the
 * stacks holding these buckets. If a policy ever locks everyone out, the account's root user can
 * still delete it (S3 always allows the bucket owner's root user `GetBucketPolicy`,
 * `PutBucketPolicy` and `DeleteBucketPolicy`: S3 API Reference, PutBucketPolicy).
 */
export function objectGuardStatements(bucketArn: string, guard: ResolvedObjectGuard): PolicyStatement[] {
  return [
    denialButTo("DenyObjectAccessButNamedRoles", GUARDED_OBJECT_ACTIONS, `${bucketArn}/*`, guard.objectRoleArns),
    denialButTo("DenyProtectionChangesButNamedRoles", GUARDED_BUCKET_ACTIONS, bucketArn, guard.bucketRoleArns),
    denialButTo("DenyVersionDestructionButNamedRoles", VERSION_DESTRUCTION_ACTIONS, `${bucketArn}/*`, guard.versionRoleArns),
  ];
}

/** A bucket policy's denial of actions on a resource to every principal but the named roles. */
function denialButTo(sid: string, actions: readonly string[], resource: string, roleArns: readonly string[]): PolicyStatement {
  return { Sid: sid, Effect: "Deny", Principal: "*", Action: actions, Resource: resource, Condition: { ArnNotEquals: { "aws:PrincipalArn": roleArns } } };
}
