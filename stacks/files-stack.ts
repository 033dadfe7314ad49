import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { alarmTopicArn } from "../src/config/app/alarm-topics";
import { filesReplicationRoleName, resolveAppFilesGuard } from "../src/config/app/files-access";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { BACKUP_PLAN_TAG } from "../src/config/dr/backup";
import { APP_FILES_REPLICATION_ALARMS } from "../src/config/dr/files-replication";
import type { ResolvedProject } from "../src/config/project/resolve";
import { EncryptionKey } from "../src/constructs/security/kms-key";
import { BucketReplication } from "../src/constructs/storage/bucket-replication";
import { ReplicationAlarms } from "../src/constructs/storage/replication-alarms";
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
 * to the DR region's bucket with Replication Time Control, and alarms on its
 * latency (above RTC's 15 minutes, the files' RPO) and failures to the
 * environment's alarm topic, here, where S3 publishes the metrics. While the
 * DR region has taken over (`activeRegion: "dr"`), the rule is disabled and
 * its alarms go: applied when this region returns, nothing flows back over
 * the DR bucket's new data (whose policy meanwhile denies the replication
 * role's writes). An administrator applies it: a deploy role that
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
      const destinations = [{ bucketName: drFiles.bucket, region: deployment.dr.network.region, keyAlias: drFiles.keyAlias }];
      new BucketReplication(this, "app-files-replication", {
        roleName: filesReplicationRoleName(service.name),
        accountId: account.id,
        source: files,
        sourceRegion: environment.network.region,
        sourceKeyArn: key.arn,
        destinations,
        replicationTimeMinutes: drFiles.replicationMinutes,
        // Failed over: the DR bucket is the writer's now, and nothing of the old primary may replicate over it.
        enabled: !deployment.dr.active,
      });
      if (!deployment.dr.active) {
        new ReplicationAlarms(this, "app-files-replication-alarms", {
          namePrefix: `${service.name}-files-replication`,
          sourceBucketName: files.bucketName,
          destinations,
          ...APP_FILES_REPLICATION_ALARMS,
          alarmTopicArn: alarmTopicArn(project.name, deployment)!,
        });
      }
    }
    new TerraformOutput(this, "app_files_bucket", { value: files.bucketName, description: "The app files bucket" });
  }
}
