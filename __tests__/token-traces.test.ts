import { Lazy, TerraformOutput, Testing } from "cdktf";
import { KNOWN_PLATFORM_VARIABLES } from "../src/config/platform/load";
import { captureCallSites, TOKEN_TRACE_FRAMES, TOKEN_TRACES_VARIABLE, tokenTraceCapture } from "../src/token-traces";

/** src/token-traces.ts: tokens record their creation traces only when asked, unformatted, and a token error says where, or how to see where. */
describe("token creation traces", () => {
  /** CDKTF's module that tokens call for their traces, as __tests__/setup.ts mocks it (traces off unless the run asks). */
  const cdktfStackTrace = jest.requireMock<{ captureStackTrace: ReturnType<typeof tokenTraceCapture> }>("cdktf/lib/tokens/private/stack-trace");
  const asInRun = cdktfStackTrace.captureStackTrace;
  afterEach(() => {
    cdktfStackTrace.captureStackTrace = asInRun;
  });

  /** A synthesis failing on a token that cannot resolve, made on this file's line. */
  const synthWithBrokenToken = () =>
    Testing.synthScope((scope) => {
      new TerraformOutput(scope, "broken", {
        value: Lazy.stringValue({
          produce: () => {
            throw new Error("no value here");
          },
        }),
      });
    });

  it("captures the top frames below the caller, each naming its file when joined", () => {
    // A stack deeper than the frames kept: the trace is cut to its top frames, the caller's first.
    const caller = () => captureCallSites();
    const deep = (depth: number): string[] => (depth === 0 ? caller() : deep(depth - 1));
    const sites = deep(2 * TOKEN_TRACE_FRAMES);
    expect(sites).toHaveLength(TOKEN_TRACE_FRAMES);
    expect(String(sites[0])).toMatch(/^caller /);
    expect(sites.join("\n")).toContain("token-traces.test.ts");
    expect(sites.join("\n")).not.toContain("captureCallSites");
  });

  it(`records call sites only when ${TOKEN_TRACES_VARIABLE}=1, a variable the configuration's check knows`, () => {
    expect(tokenTraceCapture({ [TOKEN_TRACES_VARIABLE]: "1" })).toBe(captureCallSites);
    for (const env of [{}, { [TOKEN_TRACES_VARIABLE]: "0" }, { [TOKEN_TRACES_VARIABLE]: "true" }]) {
      expect(tokenTraceCapture(env)()).toEqual([`(not recorded: run again with ${TOKEN_TRACES_VARIABLE}=1 to see where this token was made)`]);
    }
    expect(KNOWN_PLATFORM_VARIABLES).toContain(TOKEN_TRACES_VARIABLE);
  });

  it(`says where a token that fails to resolve was created when ${TOKEN_TRACES_VARIABLE}=1`, () => {
    cdktfStackTrace.captureStackTrace = tokenTraceCapture({ [TOKEN_TRACES_VARIABLE]: "1" });
    expect(synthWithBrokenToken).toThrow(/^Resolution error: no value here\.\nObject creation stack:\n(.*\n)*\s+at .*token-traces\.test\.ts:\d+:\d+/m);
  });

  it("says how to see where a token that fails to resolve was created when traces are off", () => {
    cdktfStackTrace.captureStackTrace = tokenTraceCapture({});
    expect(synthWithBrokenToken).toThrow(
      `Resolution error: no value here.\nObject creation stack:\n  at (not recorded: run again with ${TOKEN_TRACES_VARIABLE}=1 to see where this token was made)`,
    );
  });
});
