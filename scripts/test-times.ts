/**
 * What `npm run bench` says of the test suite, read from jest's `--json` result: the run's
 * counts and its slowest test files, each with the wall time jest measured for it.
 */

/** The part of jest's `--json` result read here. */
export interface JestJsonResult {
  readonly numTotalTestSuites: number;
  readonly numTotalTests: number;
  readonly numFailedTests: number;
  readonly numFailedTestSuites: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly assertionResults: readonly unknown[];
  }[];
}

/** One test file's time. */
export interface SuiteTime {
  /** Its path relative to the repository. */
  readonly path: string;
  readonly seconds: number;
  readonly tests: number;
}

const relative = (path: string, root: string) => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);

/** The test files of a run, slowest first, with paths relative to `root`. */
export function suiteTimes(result: JestJsonResult, root: string): SuiteTime[] {
  return result.testResults
    .map((suite) => ({
      path: relative(suite.name, root),
      seconds: (suite.endTime - suite.startTime) / 1000,
      tests: suite.assertionResults.length,
    }))
    .sort((a, b) => b.seconds - a.seconds || a.path.localeCompare(b.path));
}

/** "1 test", "2 tests". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The bench's lines for one run of the suite that took `seconds` of wall time. */
export function testTimeLines(result: JestJsonResult, root: string, seconds: number, slowest = 5): string[] {
  const failedFiles = result.testResults.filter((suite) => suite.status === "failed").map((suite) => relative(suite.name, root));
  const failed = result.numFailedTests > 0 || result.numFailedTestSuites > 0;
  return [
    `npm test: ${seconds.toFixed(1)} s, ${count(result.numTotalTestSuites, "file")}, ${count(result.numTotalTests, "test")}, ` +
      (failed ? `${count(result.numFailedTests, "test")} failed in ${count(result.numFailedTestSuites, "file")}` : "all passed"),
    ...(failedFiles.length > 0 ? [`  failed: ${failedFiles.join(", ")}`] : []),
    `  slowest files:`,
    ...suiteTimes(result, root)
      .slice(0, slowest)
      .map((suite) => `  ${suite.seconds.toFixed(1).padStart(6)} s  ${suite.path} (${count(suite.tests, "test")})`),
  ];
}
