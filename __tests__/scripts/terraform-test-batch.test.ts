import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchOutcome, BatchStack, runBatch, testFile, writeBatch } from "../../scripts/terraform-test-batch";

/**
 * The engine checks' batches (scripts/terraform-test-batch.ts) with the real Terraform CLI, on stacks
 * that need no provider but Terraform's own (`terraform_data`), so no mirror: each stack's outcome is
 * its own, a failing one names its error and leaves the others planned, and the root module's rules
 * hold for each stack as they do for `terraform plan` in its directory.
 */
const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Stacks by directory name: their Terraform JSON. */
const STACKS: Record<string, object> = {
  planned: { resource: { terraform_data: { note: { input: "a" } } }, output: { note: { value: "${terraform_data.note.output}" } } },
  // A root module's output holding a sensitive value must say so; a child module's need not (Terraform's rule for root modules).
  "sensitive-output": { output: { token: { value: '${sensitive("x")}' } } },
  "undeclared-reference": { output: { id: { value: "${terraform_data.missing.id}" } } },
};

async function batchOf(names: string[]): Promise<Map<string, BatchOutcome>> {
  const dir = mkdtempSync(join(tmpdir(), "terraform-test-batch-"));
  try {
    const stacks: BatchStack[] = names.map((name) => ({ label: `label of ${name}`, slug: name }));
    for (const name of names) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "main.tf.json"), JSON.stringify(STACKS[name]));
    }
    writeBatch(dir, {}, stacks);
    const outcomes = new Map<string, BatchOutcome>();
    const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    await runBatch(dir, stacks, env, (outcome) => outcomes.set(outcome.stack.slug, outcome));
    return outcomes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("a batch of stacks planned by one terraform test", () => {
  it("writes one run block per stack: a plan of the stack's directory as its module, without refresh", () => {
    expect(testFile("web-dev-secrets")).toBe('run "plan" {\n  command = plan\n  module {\n    source = "./web-dev-secrets"\n  }\n  plan_options {\n    refresh = false\n  }\n}\n');
  });

  (hasTerraform ? it : it.skip)("reports each stack on its own: the planned one with its plan's summary, each failing one with its own error", async () => {
    const outcomes = await batchOf(["planned", "sensitive-output", "undeclared-reference"]);
    expect([...outcomes.keys()].sort()).toEqual(["planned", "sensitive-output", "undeclared-reference"]);
    expect(outcomes.get("planned")).toMatchObject({ passed: true, detail: "Plan: 1 to add, 0 to change, 0 to destroy." });
    expect(outcomes.get("sensitive-output")).toMatchObject({ passed: false, detail: expect.stringContaining("Error: Output refers to sensitive values") });
    expect(outcomes.get("sensitive-output")!.detail).not.toContain("terraform_data.missing");
    expect(outcomes.get("undeclared-reference")).toMatchObject({ passed: false, detail: expect.stringContaining("Reference to undeclared resource") });
    expect(outcomes.get("undeclared-reference")!.detail).toContain("terraform_data.missing");
  });

  (hasTerraform ? it : it.skip)("fails every stack of a batch whose init fails, with init's error, and plans none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "terraform-test-batch-"));
    try {
      // No directory for the stack: the test file's module cannot be installed.
      const stacks = [{ label: "absent", slug: "absent" }];
      writeBatch(dir, {}, stacks);
      const outcomes: BatchOutcome[] = [];
      await runBatch(dir, stacks, { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" }, (outcome) => outcomes.push(outcome));
      expect(outcomes).toEqual([{ stack: stacks[0], passed: false, detail: expect.stringMatching(/^terraform init of its batch failed:\n[\s\S]*absent/), seconds: 0 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
