import { buildSync, version as esbuildVersion } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { zipSingleFile } from "./zip";

/** The Lambda runtime every bundle targets. */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** Where Lambda's Node.js runtimes keep the CA bundle that includes the RDS certificate authorities (NODE_EXTRA_CA_CERTS). */
export const LAMBDA_CA_BUNDLE = "/var/runtime/ca-cert.pem";

const LOCK_FILE = resolve(__dirname, "../package-lock.json");

/** Where bundles are cached: beside the project's other caches, kept until `npm ci` replaces node_modules. */
const CACHE_DIR = resolve(__dirname, "../node_modules/.cache/platform/lambda");

/** One function's sources and the archive they become. */
export interface FunctionBundle {
  /** The function's directory under `lambda/`, such as `db-role-manager`: its sources are in `src/`, its entry is `src/handler.ts`. */
  readonly name: string;
  /** The archive's name; it holds `index.js` (handler `index.handler`). */
  readonly archive: string;
}

const bundled = new Map<string, string>();

/**
 * Bundles a function with esbuild into `index.js`, zips it deterministically,
 * and returns the directory holding both. The result is cached in
 * `node_modules/.cache/platform/lambda` by a hash of the sources under `lambda/`, the lock
 * file and the esbuild version, and memoized per
 * process, so repeated synths cost a hash, not a build. The archive is made
 * here rather than by a CDKTF archive asset, which spawns a process per stack.
 */
export function bundleFunction(bundle: FunctionBundle): string {
  const memo = bundled.get(bundle.name);
  if (memo) return memo;
  const sourceDir = resolve(__dirname, bundle.name, "src");
  const dir = join(CACHE_DIR, `${bundle.name}-${sourceHash()}`);
  if (!existsSync(join(dir, bundle.archive))) {
    const staging = `${dir}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    buildSync({
      entryPoints: [join(sourceDir, "handler.ts")],
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
    writeFileSync(join(staging, bundle.archive), zipSingleFile("index.js", readFileSync(join(staging, "index.js"))));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  bundled.set(bundle.name, dir);
  return dir;
}

/** A hash of every source under `lambda/` (functions share modules), the lock file and esbuild's version. */
function sourceHash(): string {
  const hash = createHash("sha256").update(esbuildVersion).update(readFileSync(LOCK_FILE));
  for (const file of sourceFiles(__dirname)) hash.update(file).update(readFileSync(file));
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
