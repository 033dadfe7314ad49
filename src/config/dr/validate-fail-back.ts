import { appEnvironmentNames, mergedBlock } from "../app/blocks";
import { DEFAULT_DATABASE_ENGINE } from "../database/defaults";
import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { FAIL_BACK_RUNBOOK } from "./fail-back";

/**
 * Rules of fail-back step 1 (`activeRegion: "returning"`) that would otherwise make a plan AWS
 * cannot apply: it rebuilds the primary region's database as a cross-region read replica of the DR
 * writer, so it needs a DR network, and it is built for RDS only (an Aurora cluster detached from
 * its global database cannot rejoin it: Aurora User Guide, *Using switchover or failover in an
 * Amazon Aurora global database*; fail back by hand, as the runbook says).
 */
export function failBackIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [envName, environment] of Object.entries(config.environments)) {
    if (environment.activeRegion !== "returning") continue;
    const path = `environments.${envName}.activeRegion`;
    if (environment.drNetwork === undefined) {
      issues.push({ path, value: "returning", message: "needs a drNetwork: fail-back rebuilds the primary database as a replica of the DR region's writer, and there is none" });
      continue;
    }
    for (const [appName, app] of Object.entries(config.apps)) {
      if (!appEnvironmentNames(config, app).includes(envName)) continue;
      const engine = mergedBlock(app, envName, "database").engine ?? DEFAULT_DATABASE_ENGINE;
      if (engine === "rds-postgresql") continue;
      issues.push({
        path,
        value: "returning",
        message:
          `is built for RDS only, and app ${appName} runs ${engine} in ${envName}: a detached Aurora cluster cannot rejoin its global database, ` +
          `so fail back by hand (a new global database from the DR cluster, a secondary in the primary region, a switchover: ${FAIL_BACK_RUNBOOK}, "Aurora"), ` +
          `keeping "dr" until the clusters are imported; allowed: "primary" or "dr"`,
      });
    }
  }
  return issues;
}
