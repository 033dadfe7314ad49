import type { PlatformConfigInput } from "../../src/config/platform/schema";
import { estimateSynthesis } from "../../src/cost/budgets";
import type { StackCostLine } from "../../src/cost/estimate";
import { defaultConfigCopy, runOf } from "../support/config";
import { writtenOutdir } from "../support/synth";

/**
 * Decisions 0005 and 0007: while prod is failed over (`activeRegion: "dr"`) or failing back (`"returning"`), `npm run cost`
 * still estimates every environment, and prices prod's databases as they then are. Each configuration is synthesized once
 * for the run (support/synth.ts), and estimated once here.
 *
 * Prices (src/cost/price-table.ts), 730 hours a month, Multi-AZ at twice the instance and the storage:
 * - RDS PostgreSQL db.r6g.large: $0.225 an hour in us-east-1, $0.25 in eu-west-1;
 * - its storage, gp3 or gp2 alike: $0.115 per GB-month in us-east-1, $0.127 in eu-west-1;
 * - Aurora Serverless v2 (aurora-postgresql): $0.12 per ACU-hour in us-east-1, $0.13 in eu-west-1.
 * The built-in prod: db.r6g.large, Multi-AZ, 100 GB, an in-region read replica, its DR copy in eu-west-1; on Aurora, 2 ACUs minimum.
 */

/** The built-in configuration with prod's activeRegion set, on Aurora if asked. */
function prodIn(activeRegion: "dr" | "returning", aurora = false): PlatformConfigInput {
  const config = defaultConfigCopy();
  config.environments.prod.activeRegion = activeRegion;
  if (aurora) config.apps!.web.environments!.prod.database = { engine: "aurora-postgresql-serverless" };
  return config;
}

/** The estimate of a configuration's synthesis with each environment against its budget, made once per configuration for the file. */
function estimated(config: PlatformConfigInput): ReturnType<typeof estimateSynthesis> {
  const key = JSON.stringify(config);
  if (!estimates.has(key)) estimates.set(key, estimateSynthesis(writtenOutdir(config), runOf(config).platform));
  return estimates.get(key)!;
}
const estimates = new Map<string, ReturnType<typeof estimateSynthesis>>();

/** Prod's database lines: stack, item, region, quantity and monthly amount (to the cent). */
function prodDatabaseLines(estimate: ReturnType<typeof estimated>["estimate"]) {
  const prod = estimate.environments.find((group) => group.name === "prod")!;
  return prod.lines
    .filter((line: StackCostLine) => /^(RDS|Aurora) /.test(line.item))
    .map((line) => ({ stack: line.stack, item: line.item, region: line.region, quantity: line.quantity, monthlyUsd: Math.round(line.monthlyUsd * 100) / 100 }));
}

describe("the cost estimate while prod is failed over or failing back", () => {
  const standing = estimated(defaultConfigCopy());

  describe.each(["dr", "returning"] as const)('activeRegion "%s"', (activeRegion) => {
    const { estimate, budgets } = estimated(prodIn(activeRegion));

    it("estimates every environment, the others as they stand by, and checks each against its budget", () => {
      expect(estimate.environments.map((group) => group.name).sort()).toEqual(["dev", "prod", "staging", "uat"]);
      for (const name of ["dev", "staging", "uat"]) {
        expect(estimate.environments.find((group) => group.name === name)!.monthlyUsd).toBeCloseTo(standing.estimate.environments.find((group) => group.name === name)!.monthlyUsd, 9);
      }
      expect(budgets.map((check) => check.environment)).toEqual(["dev", "staging", "uat", "prod"]);
    });
  });

  /** An expected line of prod's database stack in us-east-1, or (`dr`) of its DR database stack in eu-west-1. */
  const primary = (item: string, quantity: number, monthlyUsd: number) => ({ stack: "web-prod-database", item, region: "us-east-1", quantity, monthlyUsd });
  const dr = (item: string, quantity: number, monthlyUsd: number) => ({ stack: "web-prod-dr-database", item, region: "eu-west-1", quantity, monthlyUsd });
  // The promoted replica, the writer in both states, Multi-AZ: 0.25 × 2 × 730 = 365.00; 100 × 0.127 × 2 = 25.40 (it declares
  // no storage type: gp2, the provider's default, at gp3's price).
  const drWriter = [dr("RDS postgres db.r6g.large, Multi-AZ", 1, 365), dr("RDS gp2 storage, Multi-AZ", 100, 25.4)];

  it('prices the promoted DR replica as prod\'s writer (db.r6g.large, Multi-AZ, 100 GB) beside the fenced stale primary and its replica, with activeRegion "dr"', () => {
    expect(prodDatabaseLines(estimated(prodIn("dr")).estimate)).toEqual([
      // The stale primary, fenced but running: 0.225 × 2 × 730 = 328.50; 100 × 0.115 × 2 = 23.00.
      primary("RDS postgres db.r6g.large, Multi-AZ", 1, 328.5),
      primary("RDS gp3 storage, Multi-AZ", 100, 23),
      // Its in-region replica: 0.225 × 730 = 164.25; 100 × 0.115 = 11.50.
      primary("RDS postgres db.r6g.large read replica", 1, 164.25),
      primary("RDS gp3 storage", 100, 11.5),
      ...drWriter,
    ]);
  });

  it('prices the returning primary as a Multi-AZ replica of the DR writer, its engine and storage found in the DR region\'s stack, with activeRegion "returning"', () => {
    expect(prodDatabaseLines(estimated(prodIn("returning")).estimate)).toEqual([
      // The replica of the DR writer that replaced the stale primary, Multi-AZ as prod is, on its own gp3: 328.50 and 23.00 as
      // the stale primary. No in-region replica.
      primary("RDS postgres db.r6g.large read replica, Multi-AZ", 1, 328.5),
      primary("RDS gp3 storage, Multi-AZ", 100, 23),
      ...drWriter,
    ]);
  });

  it('prices the detached Aurora secondary with the second instance a Multi-AZ prod gets, with activeRegion "dr" (Aurora has no "returning")', () => {
    const { estimate, budgets } = estimated(prodIn("dr", true));
    expect(budgets.map((check) => check.environment)).toEqual(["dev", "staging", "uat", "prod"]);
    // The primary cluster's writer and reader: 2 × 0.12 × 730 = 175.20 each; the detached cluster's two: 2 × 0.13 × 730 = 189.80 each.
    const acus = (stack: string, region: string, monthlyUsd: number) => ({ stack, item: "Aurora Serverless v2 aurora-postgresql minimum capacity", region, quantity: 2, monthlyUsd });
    expect(prodDatabaseLines(estimate)).toEqual([
      acus("web-prod-database", "us-east-1", 175.2),
      acus("web-prod-database", "us-east-1", 175.2),
      acus("web-prod-dr-database", "eu-west-1", 189.8),
      acus("web-prod-dr-database", "eu-west-1", 189.8),
    ]);
  });
});
