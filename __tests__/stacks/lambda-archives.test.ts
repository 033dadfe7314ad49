import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writtenOutdir, writtenStacks } from "../support/synth";

/**
 * The Lambda functions' archives in what `cdktf synth` writes: each function names its archive by a
 * path relative to its stack's directory, from where Terraform uploads it. Terraform reads the file
 * only at apply, so a plan (the engine checks' offline plans too) passes without it: this checks that
 * it is there, a zip, in the stack's directory.
 */
describe("the Lambda functions' archives in the synthesized output", () => {
  const outdir = writtenOutdir();
  const functions = [...writtenStacks()].flatMap(([stack, json]) =>
    Object.entries<Record<string, unknown>>(json.resource?.aws_lambda_function ?? {}).map(([name, fn]) => ({ stack, name, filename: String(fn.filename) })),
  );

  it("covers the role managers, the writer probe, the reachability probe and the origin secret's function", () => {
    expect([...new Set(functions.map(({ filename }) => filename.split("/").pop()))].sort()).toEqual([
      "db-role-manager.zip",
      "origin-secret.zip",
      "reachability-probe.zip",
      "writer-probe.zip",
    ]);
  });

  it.each(functions.map((fn) => [`${fn.stack} ${fn.name}`, fn] as const))("%s: its archive is a zip in the stack's directory", (_, { stack, filename }) => {
    expect(filename).toMatch(/^assets\/[^/]+\/[^/]+\/[^/]+\.zip$/);
    const path = join(outdir, "stacks", stack, filename);
    expect(existsSync(path)).toBe(true);
    // A zip's local file header: PK\x03\x04.
    expect(readFileSync(path).subarray(0, 4).toString("hex")).toBe("504b0304");
  });
});
