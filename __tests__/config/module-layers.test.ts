import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * src/config is arranged by domain (network, database, service, ...), each
 * with its schema, resolution and validation side by side. Imports go one
 * way: shared helpers, then schemas and defaults, then resolution, then
 * validation, then loading; never back, and never in a cycle.
 */
const CONFIG = resolve(__dirname, "../../src/config");

/** A module's layer: what it may import is at its own layer or below. */
function layer(module: string): number {
  const [folder, file] = module.split("/");
  if (folder === "shared") return 0;
  if (file === "schema" || file === "defaults" || file === "subnet-plan" || file === "default-config") return 1;
  if (file.startsWith("validate") || file === "warnings") return 3;
  if (folder === "platform" && (file === "load" || file === "select" || file === "json-duplicates")) return 4;
  return 2;
}

function modules(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of readdirSync(CONFIG)) {
    for (const file of readdirSync(join(CONFIG, folder))) {
      const module = `${folder}/${file.replace(/\.ts$/, "")}`;
      const source = readFileSync(join(CONFIG, folder, file), "utf8");
      const imports = [...source.matchAll(/from "(\.[^"]+)"/g)].map((match) => relative(CONFIG, resolve(dirname(join(CONFIG, module)), match[1])));
      graph.set(module, imports);
    }
  }
  return graph;
}

describe("src/config's module structure", () => {
  const graph = modules();

  it("has one folder per domain and no file at its top level", () => {
    expect(readdirSync(CONFIG).sort()).toEqual(["account", "app", "cache", "capacity", "cdn", "database", "delivery", "dr", "environment", "log-forwarding", "network", "observability", "pipeline", "platform", "project", "release", "scheduled-jobs", "service", "shared", "telemetry"]);
    for (const imports of graph.values()) for (const target of imports) expect(graph.has(target)).toBe(true);
  });

  it("imports only from its own layer or a lower one", () => {
    const upward = [...graph].flatMap(([module, imports]) => imports.filter((target) => layer(target) > layer(module)).map((target) => `${module} -> ${target}`));
    expect(upward).toEqual([]);
  });

  it("has no import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (module: string, path: string[]) => {
      if (state.get(module) === "done") return;
      if (state.get(module) === "visiting") {
        cycles.push([...path.slice(path.indexOf(module)), module].join(" -> "));
        return;
      }
      state.set(module, "visiting");
      for (const target of graph.get(module) ?? []) visit(target, [...path, module]);
      state.set(module, "done");
    };
    for (const module of graph.keys()) visit(module, []);
    expect(cycles).toEqual([]);
  });
});
