/*
 * CDKTF records where each token was created: a complete stack trace, read only to word the
 * message of a token error. Under jest each of these traces was source-mapped, about half of
 * every synthesis's time; here the trace is kept unformatted (src/token-traces.ts), as main.ts
 * keeps it. Errors thrown by tests and by the code keep their source-mapped stacks.
 *
 * Nothing here loads CDKTF: a test file that never builds a stack does not load it. The files using
 * CDKTF's jest matchers (toHaveResourceWithProperties, ...) call Testing.setupJest() themselves.
 */
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({
  captureStackTrace: jest.requireActual<typeof import("../src/token-traces")>("../src/token-traces").captureCallSites,
}));
