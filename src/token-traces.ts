import { createRequire } from "node:module";

/**
 * CDKTF records where each token was created (every attribute reference, every Lazy value): a
 * stack trace, read only to word the message of a token that fails to resolve. Capturing them was
 * about two thirds of the time it takes to build the platform's constructs. So, as the AWS CDK does
 * unless CDK_DEBUG is set, tokens record no trace unless asked (`PLATFORM_TOKEN_TRACES=1`), and a
 * token error says how to ask. When asked, each trace is kept as V8's call sites, unformatted
 * (formatting them, source-mapped under tsx and jest, was a third of a synthesis's CPU time) and
 * only its top frames. The synthesized output is the same either way.
 */

/** The environment variable that turns token creation traces on (`1`); any other value, or none, leaves them off. */
export const TOKEN_TRACES_VARIABLE = "PLATFORM_TOKEN_TRACES";

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

/** The one line a token's trace holds when traces are off: CDKTF prints it where the trace would be. */
const NOT_RECORDED: string[] = Object.freeze([
  `(not recorded: run again with ${TOKEN_TRACES_VARIABLE}=1 to see where this token was made)`,
]) as string[];

/** What CDKTF's tokens call for their creation traces, as `env` asks: call sites, or the line saying how to get them. */
export function tokenTraceCapture(env: NodeJS.ProcessEnv = process.env): (below?: (...args: never[]) => unknown) => string[] {
  return env[TOKEN_TRACES_VARIABLE] === "1" ? captureCallSites : () => NOT_RECORDED;
}

/** Makes CDKTF's tokens record their creation traces as `env` asks (see above), for the rest of the process. */
export function recordTokenTraces(env: NodeJS.ProcessEnv = process.env): void {
  // CDKTF's private module that tokens call for their creation traces (cdktf is pinned: package.json).
  const cdktfStackTrace = createRequire(__filename)("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: typeof captureCallSites };
  cdktfStackTrace.captureStackTrace = tokenTraceCapture(env);
}
