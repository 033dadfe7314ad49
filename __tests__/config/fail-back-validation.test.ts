import { issuesOf } from "../support/config-issues";

describe("fail-back configuration (activeRegion \"returning\"): refused where its plan could not apply", () => {
  it("accepts returning for prod, whose RDS database has a DR network", () => {
    expect(issuesOf((c) => (c.environments.prod.activeRegion = "returning"))).toEqual([]);
  });

  it("names the allowed values of activeRegion", () => {
    expect(issuesOf((c) => ((c.environments.prod as { activeRegion?: unknown }).activeRegion = "standby"))).toEqual([
      `  - environments.prod.activeRegion = "standby": must be one of primary, dr, returning`,
    ]);
  });

  it("refuses returning without a DR network: there is no DR writer to rebuild the primary from", () => {
    expect(issuesOf((c) => (c.environments.uat.activeRegion = "returning"))).toEqual([
      `  - environments.uat.activeRegion = "returning": needs a drNetwork: fail-back rebuilds the primary database as a replica of the DR region's writer, and there is none`,
    ]);
  });

  it("refuses returning for an Aurora database, and points to the runbook's manual path", () => {
    const issues = issuesOf((c) => {
      c.apps!.web.database = { ...c.apps!.web.database, engine: "aurora-postgresql-serverless" };
      c.environments.prod.activeRegion = "returning";
    });
    expect(issues).toContain(
      `  - environments.prod.activeRegion = "returning": is built for RDS only, and app web runs aurora-postgresql-serverless in prod: ` +
        `a detached Aurora cluster cannot rejoin its global database, so fail back by hand (a new global database from the DR cluster, ` +
        `a secondary in the primary region, a switchover: docs/runbooks/fail-back.md, "Aurora"), keeping "dr" until the clusters are imported; allowed: "primary" or "dr"`,
    );
    expect(issuesOf((c) => {
      c.apps!.web.database = { ...c.apps!.web.database, engine: "aurora-postgresql-serverless" };
      c.environments.prod.activeRegion = "dr";
    }).filter((line) => line.includes("activeRegion"))).toEqual([]);
  });
});
