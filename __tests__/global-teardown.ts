import { rmSync } from "node:fs";

/** Removes the run's shared directory that global-setup.ts made. */
export default function globalTeardown(): void {
  const dir = process.env.TEST_SHARED_RUN_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
