import { adminRoleName } from "../delivery/resolve";
import { backupRoleName } from "../dr/backup";
import type { ResolvedDisasterRecovery } from "../dr/resolve";
import type { ResolvedDeployment } from "./resolve";

/**
 * Who gets past the denials of a bucket holding app data, by role ARN: `aws:PrincipalArn` carries
 * the role's ARN (not the session's) for every session of the role, so exact ARNs name them.
 */
export interface ResolvedObjectGuard {
  /** Roles that may read, write, delete and restore the bucket's objects and their versions. */
  readonly objectRoleArns: readonly string[];
  /** Roles that may change the bucket's protection: its policy, lifecycle, versioning, replication and Object Lock. */
  readonly bucketRoleArns: readonly string[];
  /** Roles that may delete object versions or set retention and legal holds: the admin role only. */
  readonly versionRoleArns: readonly string[];
}

/** The role an app's tasks run as, `<service name>-task`. */
export const taskRoleName = (serviceName: string) => `${serviceName}-task`;

/** The role S3 assumes to replicate an app's files to the DR region, `<project>-<app>-<env>-files-replication`. */
export const filesReplicationRoleName = (serviceName: string) => `${serviceName}-files-replication`;

/** A role's ARN. */
const roleArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`;

/**
 * Who may touch an app's files in one environment (issue 19, item 7), in one account:
 *
 * - objects: the role the app's tasks run as there, AWS Backup's role of the environment (it backs
 *   the files up, and restores them, in either region), the replication roles that read the
 *   bucket's versions, and the admin role;
 * - protection: the admin role, which applies the files stacks (no deploy role does: one that could
 *   rewrite the bucket's policy or lifecycle could read or expire the files), and AWS Backup's
 *   role, whose S3 restore policy (AWSBackupServiceRolePolicyForS3Restore) grants
 *   `s3:PutBucketVersioning`, the only action of the set in its four policies;
 * - versions' deletion, retention and legal holds: the admin role only. The app deletes by adding
 *   a delete marker; a task role widened by a merge still cannot erase the files' history.
 */
function objectGuard(project: string, deployment: ResolvedDeployment, accountId: string, tasks: string, replicationRoleNames: readonly string[]): ResolvedObjectGuard {
  const backup = roleArn(accountId, backupRoleName(deployment.backup.name));
  const admin = roleArn(accountId, adminRoleName(project));
  return {
    objectRoleArns: [roleArn(accountId, taskRoleName(tasks)), backup, ...replicationRoleNames.map((name) => roleArn(accountId, name)), admin],
    bucketRoleArns: [backup, admin],
    versionRoleArns: [admin],
  };
}

/**
 * The app files bucket's guard: the service's tasks, and with DR, S3's replication role, which
 * reads the versions it replicates with `s3:GetObjectVersionForReplication`, `GetObjectVersionAcl`
 * and `GetObjectVersionTagging` (S3 User Guide, Setting up permissions for live replication).
 */
export function resolveAppFilesGuard(project: string, deployment: ResolvedDeployment): ResolvedObjectGuard {
  const { service, environment, dr } = deployment;
  return objectGuard(project, deployment, environment.network.account.id, service.name, dr ? [filesReplicationRoleName(service.name)] : []);
}

/**
 * The DR replica's guard: the DR service's tasks; not the replication role, which writes replicas
 * with `s3:ReplicateObject`, `ReplicateDelete` and `ReplicateTags` (same page), none of them an
 * action the guard denies, so the replica admits one role fewer.
 */
export function resolveDrAppFilesGuard(project: string, deployment: ResolvedDeployment, dr: ResolvedDisasterRecovery): ResolvedObjectGuard {
  return objectGuard(project, deployment, dr.network.account.id, dr.service.name, []);
}
