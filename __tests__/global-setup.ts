import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "@jest/types";
import { ensureMaplessCopy, maplessCopies } from "./support/mapless-packages";

/**
 * Once per `jest` run, before any test file: a directory for the run, which the test processes
 * inherit and global-teardown.ts removes, holding
 * - what test files share within the run (the built-in configuration synthesized once, see
 *   writtenOutdir in support/synth.ts), its path in TEST_SHARED_RUN_DIR;
 * - the run's temporary files: TMPDIR points the test processes, and the programs they start, at
 *   its `tmp`, so that every CDKTF test synthesis (`cdktf.outdir.*`, which CDKTF's Testing never
 *   removes), terraform's working copies and the scripts' temporary configurations go with the run
 *   (they left about 400 directories, some hundreds of MB, in /tmp per run). TEST_OUTER_TMPDIR
 *   keeps the directory it was, for the next run of `jest --watch` and for the teardown.
 * And the provider packages' copies that jest.config.js maps (support/mapless-packages.ts), made when missing.
 */
export default function globalSetup(_globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): void {
  const outer = (process.env.TEST_OUTER_TMPDIR ??= tmpdir());
  const runDir = mkdtempSync(join(outer, "platform-test-run-"));
  process.env.TEST_SHARED_RUN_DIR = runDir;
  process.env.TMPDIR = join(runDir, "tmp");
  mkdirSync(process.env.TMPDIR);
  for (const { source, copy } of maplessCopies(projectConfig.moduleNameMapper, projectConfig.rootDir)) {
    ensureMaplessCopy(source, copy);
  }
}
