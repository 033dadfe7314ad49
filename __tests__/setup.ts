/*
 * CDKTF records where each token was created: a stack trace, read only to word the message of a
 * token error. Under jest, as in main.ts, tokens record none unless PLATFORM_TOKEN_TRACES=1 asks,
 * and then as unformatted call sites (src/token-traces.ts): capturing them was most of the time it
 * takes to build the platform's constructs, and formatting them, source-mapped, half of every
 * synthesis's time. Errors thrown by tests and by the code keep their source-mapped stacks.
 *
 * Nothing here loads CDKTF: a test file that never builds a stack does not load it. The files using
 * CDKTF's jest matchers (toHaveResourceWithProperties, ...) call Testing.setupJest() themselves.
 */
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({
  captureStackTrace: jest.requireActual<typeof import("../src/token-traces")>("../src/token-traces").tokenTraceCapture(),
}));
