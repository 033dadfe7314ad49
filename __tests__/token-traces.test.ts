import { Lazy, TerraformOutput, Testing } from "cdktf";
import { captureCallSites, TOKEN_TRACE_FRAMES } from "../src/token-traces";

/** src/token-traces.ts: tokens keep their creation traces, unformatted, and a token error still shows them. */
describe("token creation traces", () => {
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

  it("still says where a token that fails to resolve was created", () => {
    const synth = () =>
      Testing.synthScope((scope) => {
        new TerraformOutput(scope, "broken", {
          value: Lazy.stringValue({
            produce: () => {
              throw new Error("no value here");
            },
          }),
        });
      });
    expect(synth).toThrow(/^Resolution error: no value here\.\nObject creation stack:\n(.*\n)*\s+at .*token-traces\.test\.ts:\d+:\d+/m);
  });
});
