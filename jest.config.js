/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Tests wait on readiness (a server's answer, a process's exit), never on a clock; this limit,
  // for every test and hook, only stops a hang (jest's 5 s default failed tests that were only slow on a busy machine).
  testTimeout: 120_000,
  // One test process per core: jest's default (cores - 1) ran everything in one process on 2 cores.
  maxWorkers: "100%",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // A directory the run's test files share (the built-in configuration synthesized once per run).
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  // The provider packages without their inline source maps (__tests__/support/mapless-packages.ts),
  // made by the global setup under this directory.
  moduleNameMapper: Object.fromEntries(
    ["@cdktf/provider-aws", "@cdktf/provider-github"].map((name) => [`^${name}/lib/(.*)$`, `<rootDir>/node_modules/.cache/platform/mapless/${name}/lib/$1`]),
  ),
  // Known slow files first when jest has not timed them yet (a clean clone, CI).
  testSequencer: "<rootDir>/__tests__/support/slow-files-first.js",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
};
