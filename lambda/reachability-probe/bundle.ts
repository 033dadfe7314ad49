import { bundleFunction } from "../bundle";

/** The archive's name; it holds `index.js` (handler `index.handler`). */
export const REACHABILITY_PROBE_ARCHIVE = "reachability-probe.zip";

/** Bundles the reachability probe (see {@link bundleFunction}) and returns the directory holding `index.js` and the archive. */
export function bundleReachabilityProbe(): string {
  return bundleFunction({ name: "reachability-probe", archive: REACHABILITY_PROBE_ARCHIVE });
}
