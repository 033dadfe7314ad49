import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchBlocker, BatchEnd, BatchOutcome, BatchStack, runBatch, testFile, writeBatch } from "../../scripts/terraform-test-batch";
import { writtenStacks } from "../support/synth";
import { terraformRuns } from "../support/terraform";

/**
 * The engine checks' batches (scripts/terraform-test-batch.ts) with the real Terraform CLI, on stacks
 * that need no provider but Terraform's own (`terraform_data`), so no mirror: each stack's outcome is
 * its own, a failing one names its error and leaves the others planned, and the root module's rules
 * hold for each stack as they do for `terraform plan` in its directory.
 */

/** Stacks by directory name: their Terraform JSON. */
const STACKS: Record<string, object> = {
  planned: { resource: { terraform_data: { note: { input: "a" } } }, output: { note: { value: "${terraform_data.note.output}" } } },
  // A root module's output holding a sensitive value must say so; a child module's need not (Terraform's rule for root modules).
  "sensitive-output": { output: { token: { value: '${sensitive("x")}' } } },
  "undeclared-reference": { output: { id: { value: "${terraform_data.missing.id}" } } },
  // No root module's output may hold an ephemeral value.
  "ephemeral-output": { variable: { token: { default: "a", ephemeral: true } }, output: { token: { value: "${var.token}" } } },
  // Only a root module may hold an import block, and a batch loads each stack as a module of its own configuration.
  "import-block": { resource: { terraform_data: { adopted: { input: "a" } } }, import: [{ to: "terraform_data.adopted", id: "a" }] },
};

/** A batch of the named stacks run by runBatch: how it ended and each stack's outcome. */
async function batchOf(names: string[]): Promise<{ end: BatchEnd; outcomes: Map<string, BatchOutcome> }> {
  const dir = mkdtempSync(join(tmpdir(), "terraform-test-batch-"));
  try {
    const stacks: BatchStack[] = names.map((name) => ({ label: `label of ${name}`, slug: name }));
    for (const name of names.filter((name) => STACKS[name])) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "main.tf.json"), JSON.stringify(STACKS[name]));
    }
    writeBatch(dir, {}, stacks);
    const outcomes = new Map<string, BatchOutcome>();
    const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    const end = await runBatch(dir, stacks, env, (outcome) => outcomes.set(outcome.stack.slug, outcome));
    return { end, outcomes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("a batch of stacks planned by one terraform test", () => {
  it("writes one run block per stack: a plan of the stack's directory as its module, without refresh", () => {
    expect(testFile("web-dev-secrets")).toBe('run "plan" {\n  command = plan\n  module {\n    source = "./web-dev-secrets"\n  }\n  plan_options {\n    refresh = false\n  }\n}\n');
  });

  (terraformRuns ? it : it.skip)("reports each stack on its own: the planned one with its plan's summary, each failing one with its own error", async () => {
    const { end, outcomes } = await batchOf(["ephemeral-output", "planned", "sensitive-output", "undeclared-reference"]);
    expect(end).toEqual({ code: 1 });
    expect([...outcomes.keys()].sort()).toEqual(["ephemeral-output", "planned", "sensitive-output", "undeclared-reference"]);
    expect(outcomes.get("ephemeral-output")).toMatchObject({ passed: false, detail: expect.stringContaining("Error: Ephemeral value not allowed") });
    expect(outcomes.get("planned")).toMatchObject({ passed: true, detail: "Plan: 1 to add, 0 to change, 0 to destroy." });
    expect(outcomes.get("sensitive-output")).toMatchObject({ passed: false, detail: expect.stringContaining("Error: Output refers to sensitive values") });
    expect(outcomes.get("sensitive-output")!.detail).not.toContain("terraform_data.missing");
    expect(outcomes.get("undeclared-reference")).toMatchObject({ passed: false, detail: expect.stringContaining("Reference to undeclared resource") });
    expect(outcomes.get("undeclared-reference")!.detail).toContain("terraform_data.missing");
  });

  (terraformRuns ? it : it.skip)("reports no stack when the batch's init fails (a stack with an import block, or no directory), and says why", async () => {
    for (const names of [["planned", "import-block"], ["absent"]]) {
      const { end, outcomes } = await batchOf(names);
      expect(outcomes.size).toBe(0);
      expect(end).toEqual({ initFailed: expect.stringMatching(names.includes("absent") ? /Unreadable module directory[\s\S]*lstat absent/ : /Import blocks are\s+only allowed in the root module/) });
    }
  });
});

describe("what keeps a stack out of batches (planned alone with terraform plan in its own directory)", () => {
  const json = (blocks: object) => JSON.stringify({ resource: { terraform_data: { x: { input: "a" } } }, ...blocks });
  it.each([
    ["an import block", json({ import: [{ to: "terraform_data.x", id: "a" }] })],
    ["a check block", json({ check: { up: { assert: [{ condition: "${true}", error_message: "down" }] } } })],
    ["file (read from the working directory)", json({ output: { o: { value: '${file("assets/x.txt")}' } } })],
    ["abspath (read from the working directory)", json({ output: { o: { value: '${abspath("assets")}' } } })],
    ["templatefile (read from the working directory)", json({ output: { o: { value: '${templatefile("t.tpl", {})}' } } })],
    ["path.cwd (read from the working directory)", json({ output: { o: { value: "${path.cwd}" } } })],
    ["path.root (read from the working directory)", json({ output: { o: { value: "${path.root}" } } })],
  ])("%s", (why, stack) => {
    expect(batchBlocker(stack)).toBe(why);
  });

  it("keeps none of the built-in configuration's stacks out", () => {
    const stacks = writtenStacks();
    expect(stacks.size).toBeGreaterThan(40);
    expect([...stacks].filter(([, json]) => batchBlocker(JSON.stringify(json)) !== undefined).map(([id]) => id)).toEqual([]);
  });

  it("keeps none of these out: resources, data sources, ephemeral blocks, outputs, moved and removed blocks, a Lambda's archive path", () => {
    const stack = {
      resource: { aws_lambda_function: { f: { filename: "assets/role-manager/db-role-manager.zip", profile: "${path.module}" } } },
      data: { terraform_remote_state: { network: { backend: "s3" } } },
      ephemeral: { aws_secretsmanager_random_password: { p: {} } },
      output: { o: { value: "${aws_lambda_function.f.arn}" } },
      moved: [{ from: "a.b", to: "a.c" }],
      removed: [{ from: "a.d", lifecycle: { destroy: false } }],
    };
    expect(batchBlocker(JSON.stringify(stack))).toBeUndefined();
  });
});
