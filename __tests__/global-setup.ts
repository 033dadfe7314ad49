import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "@jest/types";
import { ensureMaplessCopy, maplessCopies } from "./support/mapless-packages";

/**
 * Once per `jest` run, before any test file: a directory for what test files share within the
 * run (the built-in configuration synthesized once, see writtenOutdir in support/synth.ts). The
 * test processes inherit its path in TEST_SHARED_RUN_DIR; global-teardown.ts removes it. And the
 * provider packages' copies that jest.config.js maps (support/mapless-packages.ts), made when missing.
 */
export default function globalSetup(_globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): void {
  process.env.TEST_SHARED_RUN_DIR = mkdtempSync(join(tmpdir(), "platform-test-run-"));
  for (const { source, copy } of maplessCopies(projectConfig.moduleNameMapper, projectConfig.rootDir)) {
    ensureMaplessCopy(source, copy);
  }
}
