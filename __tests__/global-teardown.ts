import { rmSync } from "node:fs";

/** Removes the run's directory that global-setup.ts made, its temporary files with it, and gives TMPDIR back. */
export default function globalTeardown(): void {
  const dir = process.env.TEST_SHARED_RUN_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (process.env.TEST_OUTER_TMPDIR) process.env.TMPDIR = process.env.TEST_OUTER_TMPDIR;
}
