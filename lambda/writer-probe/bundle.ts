import { bundleFunction } from "../bundle";

/** The archive's name; it holds `index.js` (handler `index.handler`). */
export const WRITER_PROBE_ARCHIVE = "writer-probe.zip";

/** Bundles the writer probe (see {@link bundleFunction}) and returns the directory holding `index.js` and the archive. */
export function bundleWriterProbe(): string {
  return bundleFunction({ name: "writer-probe", archive: WRITER_PROBE_ARCHIVE });
}
