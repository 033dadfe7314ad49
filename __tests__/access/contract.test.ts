import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContractRow, parseContractTable, PolicyWorld } from "../support/iam-contract";
import { writtenStacks } from "../support/synth";
import { defaultRun } from "../support/config";

/**
 * The access contract (docs/access-contract.md): every row of its table evaluated over the
 * synthesized policies of the built-in configuration by a maintained IAM policy evaluator.
 */
const DOCUMENT = join(__dirname, "../../docs/access-contract.md");
const rows = parseContractTable(readFileSync(DOCUMENT, "utf8"));

let world: PolicyWorld;
beforeAll(() => {
  world = PolicyWorld.build(
    writtenStacks(),
    defaultRun().platform.accounts.map((account) => ({ name: account.name, id: account.id })),
  );
}, 60_000);

describe("the access contract table", () => {
  it("holds at least 40 adversarial and 15 legitimate cases, with unique ids", () => {
    expect(rows.filter((row) => row.expected === "denied").length).toBeGreaterThanOrEqual(40);
    expect(rows.filter((row) => row.expected === "allowed").length).toBeGreaterThanOrEqual(15);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it("covers every finding of issue 19 (F1 to F10) and decision 0006, with an attack each", () => {
    for (const reference of [...Array.from({ length: 10 }, (_, index) => `F${index + 1}`), "0006"]) {
      const cited = rows.filter((row) => new RegExp(`(^|[^\\w])${reference}([^\\w]|$)`).test(row.why));
      expect({ reference, attacks: cited.filter((row) => row.expected === "denied").length > 0 }).toEqual({ reference, attacks: true });
    }
  });

  const describeRow = (row: ContractRow) => `${row.id} (line ${row.line}): ${row.principal} ${row.action} ${row.resource}${row.context && row.context !== "-" ? ` [${row.context}]` : ""}`;

  it.each(rows.map((row) => [row.id, row] as const))("%s", async (_id, row) => {
    const decision = await world.evaluate(row);
    const actual = decision.result === "Allowed" ? "allowed" : "denied";
    if (actual !== row.expected) {
      throw new Error(
        `${describeRow(row)}: expected ${row.expected}, the evaluator says ${decision.result}` +
          (decision.decisive.length ? `, by ${decision.decisive.join("; ")}` : "") +
          `\nwhy: ${row.why}`,
      );
    }
  });
});

/**
 * The rows of a section of the document for roles that exist only where an option is on, which the
 * built-in configuration has not: evaluated over the synthesized stacks of the example that turns it
 * on, by the same harness, with ids unique across the tables.
 */
function exampleContract(title: string, heading: string, exampleFile: string, least: { readonly denied: number; readonly allowed: number }): void {
  describe(title, () => {
    const exampleRows = parseContractTable(readFileSync(DOCUMENT, "utf8"), heading);
    const example = JSON.parse(readFileSync(join(__dirname, "../../examples", exampleFile), "utf8"));
    let exampleWorld: PolicyWorld;
    beforeAll(() => {
      exampleWorld = PolicyWorld.build(writtenStacks(example), Object.entries(example.accounts as Record<string, { id: string }>).map(([name, account]) => ({ name, id: account.id })));
    }, 60_000);

    it("holds attacks and legitimate paths, with ids unique across the tables", () => {
      expect(exampleRows.filter((row) => row.expected === "denied").length).toBeGreaterThanOrEqual(least.denied);
      expect(exampleRows.filter((row) => row.expected === "allowed").length).toBeGreaterThanOrEqual(least.allowed);
      expect(new Set([...rows, ...exampleRows].map((row) => row.id)).size).toBe(rows.length + exampleRows.length);
    });

    it.each(exampleRows.map((row) => [row.id, row] as const))("%s", async (_id, row) => {
      const decision = await exampleWorld.evaluate(row);
      const actual = decision.result === "Allowed" ? "allowed" : "denied";
      if (actual !== row.expected) throw new Error(`${row.id} (line ${row.line}): expected ${row.expected}, the evaluator says ${decision.result}${decision.decisive.length ? `, by ${decision.decisive.join("; ")}` : ""}\nwhy: ${row.why}`);
    });
  });
}

// Decision 0012: the instance role, the instance profiles and the groups' own Auto Scaling roles.
exampleContract("the EC2 capacity's contract (examples/ec2-capacity.json)", "## EC2 capacity (examples/ec2-capacity.json)", "ec2-capacity.json", { denied: 15, allowed: 10 });
// Decision 0013: its roles exist only where releases are configured.
exampleContract("the releases' contract (examples/blue-green.json)", "## Releases: blue/green and migrations (examples/blue-green.json)", "blue-green.json", { denied: 10, allowed: 8 });
// Decision 0015: the pipeline's roles exist only where it is on.
exampleContract("the pipeline's contract (examples/codepipeline.json)", "## Pipeline: CodePipeline (examples/codepipeline.json)", "codepipeline.json", { denied: 12, allowed: 8 });
// Decision 0014: the scheduler roles, the jobs' queues and schedule groups exist only where an app declares jobs.
exampleContract("the scheduled jobs' contract (examples/scheduled-jobs.json)", "## Scheduled jobs (examples/scheduled-jobs.json)", "scheduled-jobs.json", { denied: 20, allowed: 12 });
