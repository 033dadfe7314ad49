import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { filesReplicationRoleName, resolveAppFilesGuard } from "../src/config/app/files-access";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { BACKUP_PLAN_TAG } from "../src/config/dr/backup";
import type { ResolvedProject } from "../src/config/project/resolve";
import { EncryptionKey } from "../src/constructs/security/kms-key";
import { BucketReplication } from "../src/constructs/storage/bucket-replication";
import { SecureBucket } from "../src/constructs/storage/secure-bucket";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link FilesStack}. */
export interface FilesStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
}

/** The alias of the key of an app's files bucket, `alias/<service name>-files`, which the task role names. */
export const appFilesKeyAlias = (serviceName: string) => `alias/${serviceName}-files`;

/**
 * `<app>-<env>-files`: the app files bucket (seed 003), versioned, encrypted
 * with its own key, with seed 003's lifecycle, tagged for AWS Backup, and its
 * policy denying every object action and every loosening (policy, lifecycle,
 * versioning, replication, Object Lock) to all but the service's tasks, AWS
 * Backup, S3's replication and the administrators; with DR, its replication
 * to the DR region's bucket. An administrator applies it: a deploy role that
 * could rewrite the bucket's policy or lifecycle could read or expire the
 * files. The service stack names the bucket and the key's alias and deploys
 * after it.
 */
export class FilesStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: FilesStackProps) {
    const { project, deployment } = props;
    const { environment, service } = deployment;
    const account = environment.network.account;
    super(scope, id, { ...environmentStackProps(project, environment), deployedBy: "administrator" });
    const key = new EncryptionKey(this, "key", {
      alias: appFilesKeyAlias(service.name),
      description: `Encrypts the app files of ${deployment.app} in ${environment.name}`,
      accountId: account.id,
    });
    const files = new SecureBucket(this, "app-files", {
      bucketName: service.appFiles.bucket,
      encryption: { kmsKeyArn: key.arn },
      lifecycle: service.appFiles.lifecycle,
      objectGuard: resolveAppFilesGuard(project.name, deployment),
      tags: { [BACKUP_PLAN_TAG]: deployment.backup.name },
    });
    if (deployment.dr) {
      const drFiles = deployment.dr.appFiles;
      new BucketReplication(this, "app-files-replication", {
        roleName: filesReplicationRoleName(service.name),
        accountId: account.id,
        source: files,
        sourceRegion: environment.network.region,
        sourceKeyArn: key.arn,
        destinations: [{ bucketName: drFiles.bucket, region: deployment.dr.network.region, keyAlias: drFiles.keyAlias }],
        replicationTimeMinutes: drFiles.replicationMinutes,
      });
    }
    new TerraformOutput(this, "app_files_bucket", { value: files.bucketName, description: "The app files bucket" });
  }
}
