const { relative } = require("node:path");
const TestSequencer = require("@jest/test-sequencer").default;

/**
 * Jest runs the files it timed before slowest first (its cache); a file it never ran, as on a
 * clean clone or in CI, goes by file size. The three PostgreSQL suites are 4-line files of 15 s
 * each: by size they ran last, one core idle behind them (a run with no timings: 143 s; with them
 * first, 117 s). Files jest has no time for but that are known to be slow go first, slowest first, by the
 * seconds below (measured on 2 cores; `npm run bench` prints the current slowest files). A file's
 * own time, once jest has one, always wins over these.
 */
const KNOWN_SECONDS = {
  "__tests__/lambda/role-manager-pg15.test.ts": 15,
  "__tests__/access/sweeps.test.ts": 14,
  "__tests__/lambda/role-manager-pg17.test.ts": 14,
  "__tests__/lambda/role-manager-pg16.test.ts": 14,
  "__tests__/scripts/synth.test.ts": 10,
  "__tests__/scripts/cost.test.ts": 7,
  "__tests__/stacks/import-existing.test.ts": 7,
  "__tests__/physical-names.test.ts": 5,
  "__tests__/access/contract.test.ts": 5,
  "__tests__/stacks/fail-back.test.ts": 4,
  "__tests__/cost/tier-budgets.test.ts": 4,
};

class SlowFilesFirst extends TestSequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const known = (test) => (this.time(test) == null ? KNOWN_SECONDS[relative(test.context.config.rootDir, test.path)] : undefined);
    const first = ordered.filter((test) => known(test) !== undefined).sort((a, b) => known(b) - known(a));
    return [...first, ...ordered.filter((test) => known(test) === undefined)];
  }
}

module.exports = SlowFilesFirst;
