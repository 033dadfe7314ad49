import { ConfigError } from "../src/config/shared/errors";
import { exitCodeOf } from "../src/exit-code";
import { printedBy } from "./support/printed";

/** src/exit-code.ts: what npm run synth, cost and explain and the app exit with. */
describe("a command's exit code", () => {
  class UnknownThing extends Error {}

  it("is its work's when the work returns", () => {
    expect(printedBy(() => exitCodeOf(() => 3, [ConfigError]))).toEqual({ result: 3, stdout: "", stderr: "" });
  });

  it("is 1 after the message alone of an error its input caused, with no stack trace", () => {
    const printed = printedBy(() => exitCodeOf(() => { throw new UnknownThing("no such thing: qa"); }, [ConfigError, UnknownThing]));
    expect(printed).toEqual({ result: 1, stdout: "", stderr: "no such thing: qa\n" });
  });

  it("throws any other error, a bug, with its stack trace", () => {
    expect(() => exitCodeOf(() => { throw new TypeError("undefined is not a function"); }, [ConfigError, UnknownThing])).toThrow(TypeError);
  });
});
