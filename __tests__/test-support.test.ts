import { TerraformOutput, Token } from "cdktf";
import { buildPlatform, defaultRun, SynthesizedStack, writtenOutdir, writtenStacks } from "./support/synth";

/** What the test helpers share between tests, and what keeps the sharing safe. */
describe("the shared built-in platform", () => {
  it("is built once per test file, and a private one on request", () => {
    expect(buildPlatform()).toBe(buildPlatform());
    expect(buildPlatform(defaultRun()).app).not.toBe(buildPlatform().app);
  });

  it("refuses to be shared once a test has added a construct to it", () => {
    const { platform } = buildPlatform();
    const stack = platform.networks.get("dev")!;
    const before = new SynthesizedStack(stack).text;
    new TerraformOutput(stack, "added-by-a-test", { value: "x" });
    expect(() => buildPlatform()).toThrow("a test added constructs to the shared built-in platform of buildPlatform()");
    // A stack that changed is synthesized again, not read from memory.
    expect(new SynthesizedStack(stack).json.output["added-by-a-test"]).toEqual({ value: "x" });
    expect(before).not.toContain("added-by-a-test");
  });
});

describe("the written stacks of the built-in configuration", () => {
  it("are synthesized once per run into one directory, and parsed afresh for each caller", () => {
    expect(writtenOutdir()).toBe(writtenOutdir());
    const first = writtenStacks();
    // 45, the four cache stacks (web-staging-, web-uat-, web-prod- and web-prod-dr-cache) and prod's edge stack.
    expect(first.size).toBe(50);
    first.get("network-dev")!.changedByATest = true;
    expect(writtenStacks().get("network-dev")!.changedByATest).toBeUndefined();
  });
});

describe("token creation stacks under jest (setup.ts)", () => {
  it("still say where a token was made", () => {
    expect(() => Token.asAny(() => 1)).toThrow(/created at:\nnew Intrinsic \(.*intrinsic\.js:\d+:\d+\)\n.*Token\.asAny/);
  });
});
