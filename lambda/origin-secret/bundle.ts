import { bundleFunction } from "../bundle";

/** The archive's name; it holds `index.js` (handler `index.handler`). */
export const ORIGIN_SECRET_ARCHIVE = "origin-secret.zip";

/**
 * Bundles the origin-secret function (see {@link bundleFunction}) and returns the directory holding
 * `index.js` and the archive. Its CloudFront and Elastic Load Balancing clients are loaded by name
 * at run time from the Lambda Node.js runtime's AWS SDK, so esbuild leaves them out.
 */
export function bundleOriginSecret(): string {
  return bundleFunction({ name: "origin-secret", archive: ORIGIN_SECRET_ARCHIVE });
}
