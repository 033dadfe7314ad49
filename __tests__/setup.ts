import { Testing } from "cdktf";

/*
 * CDKTF records where each token was created: a complete stack trace, read only to word the
 * message of a token error. Under jest each of these traces was source-mapped, about half of
 * every synthesis's time; here the trace is kept, in V8's own format (positions in the
 * compiled JavaScript). Errors thrown by tests and by the code keep their source-mapped stacks.
 */
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({
  captureStackTrace: function captureStackTrace(below?: (...args: never[]) => unknown): string[] {
    const object: { stack: unknown } = { stack: [] };
    const previous = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
    try {
      Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
      // The call sites themselves, not the text jest's source-map support would make of them.
      Error.prepareStackTrace = (_error, callSites) => callSites;
      Error.captureStackTrace(object, below ?? captureStackTrace);
      // CDKTF only joins them (into a message) and counts them: joining formats each call site.
      return object.stack as string[];
    } finally {
      Error.stackTraceLimit = previous.limit;
      Error.prepareStackTrace = previous.prepare;
    }
  },
}));
// The matchers' types (toHaveResourceWithProperties, ...) for every test file.
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
