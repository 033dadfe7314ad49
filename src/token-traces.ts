import { createRequire } from "node:module";

/**
 * CDKTF records where each token was created (every attribute reference, every Lazy value): a
 * complete stack trace, read only to word the message of a token that fails to resolve. Formatting
 * those traces, source-mapped under tsx and jest, was a third of a synthesis's CPU time. This
 * keeps each trace as V8's call sites, unformatted and only its top frames: a token error still
 * lists where the token was made (positions in the compiled JavaScript), and nothing else changes.
 */

/**
 * How many frames a trace keeps: the token's maker and its callers up to the stack or construct that
 * made it. CDKTF keeps every frame, down through the construct tree to the app or test runner, and
 * capturing them all was a twentieth of the test suite's CPU time.
 */
export const TOKEN_TRACE_FRAMES = 16;

/** The call sites of the stack below `below`, its top TOKEN_TRACE_FRAMES frames, formatted only if someone reads them. */
export function captureCallSites(below?: (...args: never[]) => unknown): string[] {
  const object: { stack: unknown } = { stack: [] };
  const previous = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
  try {
    Error.stackTraceLimit = TOKEN_TRACE_FRAMES;
    // The call sites themselves, not the text a source-map support would make of them.
    Error.prepareStackTrace = (_error, callSites) => callSites;
    Error.captureStackTrace(object, below ?? captureCallSites);
    // CDKTF only joins them (into a message) and counts them: joining formats each call site.
    return object.stack as string[];
  } finally {
    Error.stackTraceLimit = previous.limit;
    Error.prepareStackTrace = previous.prepare;
  }
}

/** CDKTF's private module that tokens call for their creation traces (cdktf is pinned: package.json). */
const cdktfStackTrace = createRequire(__filename)("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: typeof captureCallSites };

/** Makes CDKTF's tokens record unformatted call sites (see above) for the rest of the process. */
export function recordTokenTracesUnformatted(): void {
  cdktfStackTrace.captureStackTrace = captureCallSites;
}
