import { readdirSync } from "node:fs";
import { SUPPORTED_POSTGRES_MAJORS } from "../../src/config/database/defaults";
import { describeRoleManager } from "./role-manager-cases";

// The role manager against a real PostgreSQL 15 server (role-manager-cases.ts says how it is made to look like RDS).
describeRoleManager("15");

describe("the role manager's test files", () => {
  it("cover every PostgreSQL major the configuration accepts, one file each", () => {
    const files = readdirSync(__dirname).filter((file) => /^role-manager-pg\d+\.test\.ts$/.test(file));
    expect(files.map((file) => /\d+/.exec(file)![0]).sort()).toEqual([...SUPPORTED_POSTGRES_MAJORS].sort());
  });
});
