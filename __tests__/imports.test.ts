import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const SOURCE_DIRS = ["main.ts", "src", "stacks", "lambda", "scripts", "__tests__"];

function typescriptFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full, { throwIfNoEntry: false }) === undefined) return [];
  if (statSync(full).isFile()) return full.endsWith(".ts") ? [full] : [];
  return readdirSync(full)
    .filter((entry) => entry !== "node_modules")
    .flatMap((entry) => typescriptFiles(join(path, entry)));
}

describe("provider imports", () => {
  it("never import the root of a @cdktf/provider-* package (it costs ~4 s and ~500 MB per process)", () => {
    const rootImport = /(from\s+|require\(\s*|import\(\s*)["']@cdktf\/provider-[a-z]+["']/;
    const offenders = SOURCE_DIRS.flatMap(typescriptFiles)
      .filter((file) => rootImport.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
