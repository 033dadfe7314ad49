import { Construct } from "constructs";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { DataBackup } from "../src/constructs/storage/backup-plan";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link BackupStack}. */
export interface BackupStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
}

/**
 * `<app>-<env>-backup`: AWS Backup of the app's data in one environment (the
 * database and the app files bucket, selected by their `BackupPlan` tag) on
 * the tier's schedule, into a vault with its own key; in prod each recovery
 * point is also copied to the DR region's vault. Deployed after the stacks
 * holding the data and the DR vault.
 */
export class BackupStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: BackupStackProps) {
    const { project, deployment } = props;
    super(scope, id, environmentStackProps(project, deployment.environment));
    new DataBackup(this, "backup", { accountId: deployment.environment.network.account.id, backup: deployment.backup });
  }
}
