import { buildSync, version as esbuildVersion } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { zipSingleFile } from "./zip";

/** The Lambda runtime the bundle targets. */
export const ROLE_MANAGER_RUNTIME = "nodejs22.x";

const SOURCE_DIR = resolve(__dirname, "src");
const ENTRY = join(SOURCE_DIR, "handler.ts");
const LOCK_FILE = resolve(__dirname, "../../package-lock.json");

let bundled: string | undefined;

/** The archive's name; it holds `index.js` (handler `index.handler`). */
export const ROLE_MANAGER_ARCHIVE = "db-role-manager.zip";

/**
 * Bundles the role manager with esbuild into `index.js`, zips it
 * deterministically, and returns the directory holding both. The result is
 * cached under the system's temp directory by a hash of the sources, the
 * lock file and the esbuild version, and memoized per process, so repeated
 * synths cost a hash, not a build. The archive is made here rather than by
 * a CDKTF archive asset, which spawns a process per stack.
 */
export function bundleRoleManager(): string {
  if (bundled) return bundled;
  const dir = join(tmpdir(), `db-role-manager-${sourceHash()}`);
  if (!existsSync(join(dir, ROLE_MANAGER_ARCHIVE))) {
    const staging = `${dir}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    buildSync({
      entryPoints: [ENTRY],
      outfile: join(staging, "index.js"),
      bundle: true,
      platform: "node",
      target: "node22",
      format: "cjs",
      minify: true,
      legalComments: "none",
      external: ["pg-native"],
      logLevel: "error",
    });
    writeFileSync(join(staging, ROLE_MANAGER_ARCHIVE), zipSingleFile("index.js", readFileSync(join(staging, "index.js"))));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  bundled = dir;
  return dir;
}

function sourceHash(): string {
  const hash = createHash("sha256").update(esbuildVersion).update(readFileSync(LOCK_FILE));
  for (const file of sourceFiles(SOURCE_DIR)) hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : [path];
    });
}
