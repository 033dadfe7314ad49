import { bundleFunction, LAMBDA_RUNTIME } from "../bundle";

/** The Lambda runtime the bundle targets. */
export const ROLE_MANAGER_RUNTIME = LAMBDA_RUNTIME;

/** The archive's name; it holds `index.js` (handler `index.handler`). */
export const ROLE_MANAGER_ARCHIVE = "db-role-manager.zip";

/** Bundles the role manager (see {@link bundleFunction}) and returns the directory holding `index.js` and the archive. */
export function bundleRoleManager(): string {
  return bundleFunction({ name: "db-role-manager", archive: ROLE_MANAGER_ARCHIVE });
}
