import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMENT_MARKER, notPlanned, renderComment, summarizePlan } from "../../scripts/plan-summary";

/**
 * Real plan JSON, produced here by the offline plan (real Terraform 1.11.4 and AWS provider 5.100.0):
 *   npm run plan -- network-dev --json __tests__/fixtures/plans/network-dev.json
 *   npm run plan -- web-dev-database --state __tests__/fixtures/plans/web-dev-database.prior.tfstate \
 *     --json __tests__/fixtures/plans/web-dev-database-replace.json
 * The second plans against a state holding the dev instance with another master user and database
 * name, which the provider says force its replacement.
 */
const plan = (name: string) => JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "plans", `${name}.json`), "utf8"));
const ARTIFACT = "https://github.com/acme/platform/actions/runs/1/artifacts/2";

describe("the plan summary, on real plan JSON", () => {
  const network = summarizePlan("network-dev", plan("network-dev"));
  const database = summarizePlan("web-dev-database", plan("web-dev-database-replace"));

  it("counts a first apply of a network: everything added, nothing stateful at risk", () => {
    expect(network).toEqual({ stack: "network-dev", planned: true, add: 46, change: 0, replace: 0, destroy: 0, stateful: [] });
  });

  it("counts a replacement as a replacement, not as an add and a destroy, and calls out the database", () => {
    expect(database).toMatchObject({ add: 24, change: 0, replace: 1, destroy: 0 });
    expect(database.stateful).toEqual([{ address: "aws_db_instance.rds_primary_866E6A41", action: "replace" }]);
  });

  it("puts the stateful replacement at the top of a sticky comment, then a row per stack, and no value from the plan", () => {
    const comment = renderComment([network, database, notPlanned("web-prod-monitoring")], { artifactUrl: ARTIFACT });
    const lines = comment.split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines.slice(3, 6)).toEqual(["> [!CAUTION]", "> Stateful resources would be replaced or destroyed:", "> - **replace** `aws_db_instance.rds_primary_866E6A41` in `web-dev-database`"]);
    expect(lines).toContain("| `network-dev` | 46 | 0 | 0 | 0 |");
    expect(lines).toContain("| `web-dev-database` | 24 | 0 | 1 | 0 |");
    expect(lines).toContain("| `web-prod-monitoring` | not planned: see the job log (its deploy job plans it) | | | |");
    expect(lines).toContain("2 of 3 stacks change.");
    expect(comment).toContain(ARTIFACT);
    // Values stay out: the master user name and the CIDR blocks the plans hold are nowhere in the comment.
    expect(JSON.stringify(plan("web-dev-database-replace"))).toContain("dbadmin");
    expect(comment).not.toContain("dbadmin");
    expect(comment).not.toContain("10.10.");
  });

  it("cuts a long comment and says where the full plans are", () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ ...network, stack: `network-${index}` }));
    const comment = renderComment(many, { artifactUrl: ARTIFACT, maxChars: 2000 });
    expect(comment.length).toBeLessThanOrEqual(2000);
    expect(comment).toMatch(/cut at 2000 characters: every stack is in the \[full plans\]\(https:\/\/github.com\/acme\/platform\/actions\/runs\/1\/artifacts\/2\)\.$/);
  });
});
