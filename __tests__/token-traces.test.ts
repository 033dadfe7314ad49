import { Lazy, TerraformOutput, Testing } from "cdktf";
import { captureCallSites } from "../src/token-traces";

/** src/token-traces.ts: tokens keep their creation traces, unformatted, and a token error still shows them. */
describe("token creation traces", () => {
  it("captures every frame below the caller, each naming its file when joined", () => {
    const sites = (function caller() {
      return captureCallSites();
    })();
    expect(sites.length).toBeGreaterThan(1);
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
