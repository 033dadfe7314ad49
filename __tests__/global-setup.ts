import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Once per `jest` run, before any test file: a directory for what test files share within the
 * run (the built-in configuration synthesized once, see writtenOutdir in support/synth.ts). The
 * test processes inherit its path in TEST_SHARED_RUN_DIR; global-teardown.ts removes it.
 */
export default function globalSetup(): void {
  process.env.TEST_SHARED_RUN_DIR = mkdtempSync(join(tmpdir(), "platform-test-run-"));
}
