import { suiteTimes, testTimeLines, type JestJsonResult } from "../../scripts/test-times";

const suite = (name: string, seconds: number, tests: number, status = "passed") => ({
  name: `/repo/${name}`,
  status,
  startTime: 1_000,
  endTime: 1_000 + seconds * 1000,
  assertionResults: Array(tests).fill({}),
});
const result = (failed = 0): JestJsonResult => ({
  numTotalTestSuites: 3,
  numTotalTests: 180,
  numFailedTests: failed,
  numFailedTestSuites: failed > 0 ? 1 : 0,
  testResults: [suite("__tests__/a.test.ts", 2.5, 5), suite("__tests__/lambda/role-manager.test.ts", 21.94, 171), suite("__tests__/b.test.ts", 2.5, 1, failed > 0 ? "failed" : "passed")],
});

describe("the bench's test suite figures", () => {
  it("lists the files slowest first, by the wall time jest measured, relative to the repository", () => {
    expect(suiteTimes(result(), "/repo")).toEqual([
      { path: "__tests__/lambda/role-manager.test.ts", seconds: 21.94, tests: 171 },
      { path: "__tests__/a.test.ts", seconds: 2.5, tests: 5 },
      { path: "__tests__/b.test.ts", seconds: 2.5, tests: 1 },
    ]);
  });

  it("prints the run's time and counts, then the slowest files", () => {
    expect(testTimeLines(result(), "/repo", 64.04, 2)).toEqual([
      "npm test: 64.0 s, 3 files, 180 tests, all passed",
      "  slowest files:",
      "    21.9 s  __tests__/lambda/role-manager.test.ts (171 tests)",
      "     2.5 s  __tests__/a.test.ts (5 tests)",
    ]);
    expect(testTimeLines(result(1), "/repo", 64, 3)).toEqual([
      "npm test: 64.0 s, 3 files, 180 tests, 1 test failed in 1 file",
      "  failed: __tests__/b.test.ts",
      "  slowest files:",
      "    21.9 s  __tests__/lambda/role-manager.test.ts (171 tests)",
      "     2.5 s  __tests__/a.test.ts (5 tests)",
      "     2.5 s  __tests__/b.test.ts (1 test)",
    ]);
  });
});
