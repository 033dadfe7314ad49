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
  /** The principals (matched as `aws:PrincipalArn`) that alone may delete or loosen the vaults, their recovery points and keys: the account's administrators. */
  readonly administratorArns: readonly string[];
  /** The key of the DR region (the DR database's) that the DR vault was created with. @default none: required where the environment has DR */
  readonly drKeyArn?: string;
  /** A vault of a separate backup account that each recovery point is also copied to. @default no such copy */
  readonly copyVaultArn?: string;
}

/**
 * `<app>-<env>-backup`: AWS Backup of the app's data in one environment (the
 * database and the app files bucket, selected by their `BackupPlan` tag) on
 * the tier's schedule, into a locked vault with its own key that only the
 * administrators may delete from or loosen; in prod each recovery point is
 * also copied to the DR region's vault (kept here, with a provider of that
 * region), and, where configured, to a separate backup account's vault; with
 * DR, a plan of the DR region backs up into that vault what is tagged
 * `BackupPlan = <project>-<app>-<env>-dr` there (the DR files bucket, the
 * promoted DR database), with the same role (IAM is global). An
 * administrator applies it (no deploy role holds `backup:*`), after the
 * stacks holding the data and the DR database (whose key the DR vault uses).
 */
export class BackupStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: BackupStackProps) {
    const { project, deployment } = props;
    super(scope, id, { ...environmentStackProps(project, deployment.environment), deployedBy: "administrator" });
    const dr = deployment.dr;
    new DataBackup(this, "backup", {
      accountId: deployment.environment.network.account.id,
      backup: deployment.backup,
      administratorArns: props.administratorArns,
      ...(dr && props.drKeyArn ? { drVault: { provider: this.providerIn(dr.network.region), kmsKeyArn: props.drKeyArn } } : {}),
      ...(props.copyVaultArn ? { copyVaultArn: props.copyVaultArn } : {}),
    });
  }
}
