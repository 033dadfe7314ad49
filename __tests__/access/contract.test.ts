import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContractRow, parseContractTable, PolicyWorld } from "../support/iam-contract";
import { defaultRun, writtenStacks } from "../support/synth";

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

/** Decision 0013's rows, over the synthesized stacks of examples/blue-green.json (its roles exist only where releases are configured). */
describe("the releases' contract (examples/blue-green.json)", () => {
  const releaseRows = parseContractTable(readFileSync(DOCUMENT, "utf8"), "## Releases: blue/green and migrations (examples/blue-green.json)");
  const example = JSON.parse(readFileSync(join(__dirname, "../../examples/blue-green.json"), "utf8"));
  let releases: PolicyWorld;
  beforeAll(() => {
    releases = PolicyWorld.build(writtenStacks(example), Object.entries(example.accounts as Record<string, { id: string }>).map(([name, account]) => ({ name, id: account.id })));
  }, 60_000);

  it("holds attacks and legitimate paths, with ids unique across both tables", () => {
    expect(releaseRows.filter((row) => row.expected === "denied").length).toBeGreaterThanOrEqual(10);
    expect(releaseRows.filter((row) => row.expected === "allowed").length).toBeGreaterThanOrEqual(8);
    expect(new Set([...rows, ...releaseRows].map((row) => row.id)).size).toBe(rows.length + releaseRows.length);
  });

  it.each(releaseRows.map((row) => [row.id, row] as const))("%s", async (_id, row) => {
    const decision = await releases.evaluate(row);
    const actual = decision.result === "Allowed" ? "allowed" : "denied";
    if (actual !== row.expected) throw new Error(`${row.id} (line ${row.line}): expected ${row.expected}, the evaluator says ${decision.result}${decision.decisive.length ? `, by ${decision.decisive.join("; ")}` : ""}\nwhy: ${row.why}`);
  });
});

/** Decision 0015's rows, over the synthesized stacks of examples/codepipeline.json (the pipeline's roles exist only where it is on). */
describe("the pipeline's contract (examples/codepipeline.json)", () => {
  const pipelineRows = parseContractTable(readFileSync(DOCUMENT, "utf8"), "## Pipeline: CodePipeline (examples/codepipeline.json)");
  const example = JSON.parse(readFileSync(join(__dirname, "../../examples/codepipeline.json"), "utf8"));
  let pipelines: PolicyWorld;
  beforeAll(() => {
    pipelines = PolicyWorld.build(writtenStacks(example), Object.entries(example.accounts as Record<string, { id: string }>).map(([name, account]) => ({ name, id: account.id })));
  }, 60_000);

  it("holds attacks and legitimate paths, with ids unique across the tables", () => {
    expect(pipelineRows.filter((row) => row.expected === "denied").length).toBeGreaterThanOrEqual(12);
    expect(pipelineRows.filter((row) => row.expected === "allowed").length).toBeGreaterThanOrEqual(8);
    expect(new Set([...rows, ...pipelineRows].map((row) => row.id)).size).toBe(rows.length + pipelineRows.length);
  });

  it.each(pipelineRows.map((row) => [row.id, row] as const))("%s", async (_id, row) => {
    const decision = await pipelines.evaluate(row);
    const actual = decision.result === "Allowed" ? "allowed" : "denied";
    if (actual !== row.expected) throw new Error(`${row.id} (line ${row.line}): expected ${row.expected}, the evaluator says ${decision.result}${decision.decisive.length ? `, by ${decision.decisive.join("; ")}` : ""}\nwhy: ${row.why}`);
  });
});
