import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { filesReplicationRoleName, resolveDrAppFilesGuard } from "../src/config/app/files-access";
import { BACKUP_PLAN_TAG, drBackupPlanName } from "../src/config/dr/backup";
import type { ResolvedDisasterRecovery } from "../src/config/dr/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { EncryptionKey } from "../src/constructs/security/kms-key";
import { REPLICA_WRITE_ACTIONS } from "../src/constructs/storage/bucket-replication";
import { SecureBucket } from "../src/constructs/storage/secure-bucket";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link DrStorageStack}. */
export interface DrStorageStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The app's disaster recovery in that environment. */
  readonly dr: ResolvedDisasterRecovery;
}

/**
 * `<app>-<env>-dr-storage`: in the DR region, the bucket the app files
 * bucket replicates into (seed 004: application data, prod), hardened like
 * its source (versioned, TLS only, public access blocked) with the source's
 * lifecycle, encrypted with a key of that region that replication names by
 * alias, and tagged for the DR region's backup plan (`BackupPlan =
 * <project>-<app>-<env>-dr`), so AWS Backup backs it up there. While the DR
 * region has taken over (`activeRegion: "dr"`), its policy denies the
 * replication role's writes ({@link REPLICA_WRITE_ACTIONS}): when the primary
 * region returns, its pending objects and delete markers cannot replicate
 * over the new data before the files stack, applied there, disables the rule.
 * So this stack is one of the failover's applies; it holds no IAM, Route 53
 * or primary-region resource. The files stack, which configures the
 * replication, deploys after it. An administrator applies both.
 */
export class DrStorageStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: DrStorageStackProps) {
    const { project, deployment, dr } = props;
    const { environment, service } = deployment;
    // An administrator applies it, like the files stack: no deploy role may loosen the replica's policy or lifecycle.
    super(scope, id, { ...environmentStackProps(project, environment, dr.network), deployedBy: "administrator" });
    const key = new EncryptionKey(this, "key", {
      alias: dr.appFiles.keyAlias,
      description: `Encrypts the DR replica of the app files of ${deployment.app} in ${environment.name}, in ${dr.network.region}`,
      accountId: dr.network.account.id,
    });
    const arn = `arn:aws:s3:::${dr.appFiles.bucket}`;
    // The role by ARN (IAM is global, and the files stack creates it), matched as aws:PrincipalArn so the policy names no principal that must exist.
    const replicationRoleArn = `arn:aws:iam::${dr.network.account.id}:role/${filesReplicationRoleName(service.name)}`;
    const bucket = new SecureBucket(this, "app-files", {
      bucketName: dr.appFiles.bucket,
      encryption: { kmsKeyArn: key.arn },
      lifecycle: service.appFiles.lifecycle,
      objectGuard: resolveDrAppFilesGuard(project.name, deployment, dr),
      tags: { [BACKUP_PLAN_TAG]: drBackupPlanName(deployment.backup.name) },
      policyStatements: dr.active
        ? [
            {
              Sid: "FenceReplicationWhileFailedOver",
              Effect: "Deny",
              Principal: "*",
              Action: [...REPLICA_WRITE_ACTIONS],
              Resource: `${arn}/*`,
              Condition: { ArnEquals: { "aws:PrincipalArn": replicationRoleArn } },
            },
          ]
        : [],
    });
    new TerraformOutput(this, "app_files_bucket", { value: bucket.bucketName, description: "The app files' replica in the DR region" });
  }
}
