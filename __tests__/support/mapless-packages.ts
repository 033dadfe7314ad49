import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Copies of the provider packages' JavaScript without their inline source maps, for jest.
 *
 * Each class file of `@cdktf/provider-aws` ends in a base64 source map, about 70% of its bytes
 * (ecs-task-definition: 292 kB, 207 kB of it the map). Jest gives every test file its own modules,
 * so each test file that builds the platform read and compiled about 21 MB of provider classes,
 * 14 MB of it maps no test reads: in all, about a sixth of the suite's CPU time. jest.config.js
 * maps each such package's `lib/` to a copy that has no maps (moduleNameMapper), and the run's
 * global setup makes the copies once per installed version; the code itself is byte for byte the
 * package's. A stack trace through a provider class then names the compiled JavaScript.
 */

/** The marker a finished copy holds: the package version it was made from. */
const MARKER = ".copied-from-version";

/** The last line of a compiled file that carries its source map inline. */
const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,[A-Za-z0-9+/=]*\s*$/;

/**
 * The packages a normalized jest moduleNameMapper sends to copies: each entry mapping `^<package>/lib/(.*)$`
 * to `<directory>/<package>/lib/$1` other than the package's own, whose copy is `<directory>/<package>`.
 */
export function maplessCopies(moduleNameMapper: readonly (readonly [string, string | string[]])[], rootDir: string): { source: string; copy: string }[] {
  return moduleNameMapper.flatMap(([pattern, target]) => {
    const name = /^\^(.+)\/lib\/\(\.\*\)\$$/.exec(pattern)?.[1];
    const path = Array.isArray(target) ? target[0] : target;
    const source = name && join(rootDir, "node_modules", name);
    if (!name || !source || !path.endsWith(`/${name}/lib/$1`) || path.startsWith(`${source}/`)) return [];
    return [{ source, copy: path.slice(0, -"/lib/$1".length) }];
  });
}

/** Makes `copy` from the package at `source` unless it holds a copy of the same version; whole or not at all. */
export function ensureMaplessCopy(source: string, copy: string): void {
  const { version } = JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as { version: string };
  const marker = join(copy, MARKER);
  if (existsSync(marker) && readFileSync(marker, "utf8") === version) return;
  mkdirSync(dirname(copy), { recursive: true });
  const building = mkdtempSync(`${copy}.building-`);
  copyWithoutMaps(join(source, "lib"), join(building, "lib"));
  writeFileSync(join(building, MARKER), version);
  rmSync(copy, { recursive: true, force: true });
  try {
    renameSync(building, copy);
  } catch {
    // Another jest run finished its copy first: it wins.
    rmSync(building, { recursive: true, force: true });
  }
}

/** Copies the JavaScript files of a directory tree, each without its inline source map. */
function copyWithoutMaps(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyWithoutMaps(join(from, entry.name), join(to, entry.name));
    else if (entry.name.endsWith(".js")) writeFileSync(join(to, entry.name), readFileSync(join(from, entry.name), "utf8").replace(INLINE_MAP, "\n"));
  }
}
