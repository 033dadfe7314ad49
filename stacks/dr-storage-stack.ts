import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { resolveDrAppFilesGuard } from "../src/config/app/files-access";
import type { ResolvedDisasterRecovery } from "../src/config/dr/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { EncryptionKey } from "../src/constructs/security/kms-key";
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
 * alias. The files stack, which configures the replication, deploys after
 * it. An administrator applies both.
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
    const bucket = new SecureBucket(this, "app-files", {
      bucketName: dr.appFiles.bucket,
      encryption: { kmsKeyArn: key.arn },
      lifecycle: service.appFiles.lifecycle,
      objectGuard: resolveDrAppFilesGuard(project.name, deployment, dr),
    });
    new TerraformOutput(this, "app_files_bucket", { value: bucket.bucketName, description: "The app files' replica in the DR region" });
  }
}
