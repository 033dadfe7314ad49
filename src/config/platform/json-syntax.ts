/**
 * Where a JSON text stops being JSON, as a line and a column: JSON.parse says
 * a character offset at best, and on this Node (20) often nothing
 * (`Unexpected token '}', ... is not valid JSON`). A small reader of the JSON
 * grammar (RFC 8259) that stops at the first error.
 */

/** The first syntax error of a JSON text: 1-based line and column, and what was expected there. */
export interface JsonSyntaxError {
  /** The line, from 1. */
  readonly line: number;
  /** The column, from 1, in characters. */
  readonly column: number;
  /** What the reader expected, such as `expected "," or "}" after a property value`. */
  readonly message: string;
  /** The text of that line, to show. */
  readonly lineText: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WORDS = ["true", "false", "null"] as const;

/** The first syntax error in `text`, or undefined when JSON.parse would accept it. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const found = () => (at >= text.length ? "the end of the file" : `'${text[at]}'`);
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text.charCodeAt(at) < 0x20) throw new Stop(at, "a control character (such as a line break) inside a string: write it as an escape such as \\n");
      if (text[at] === "\\") {
        if (/^u[0-9a-fA-F]{4}/.test(text.slice(at + 1, at + 6))) at += 6;
        else if (`"\\/bfnrt`.includes(text[at + 1] ?? "")) at += 2;
        else throw new Stop(at, `an invalid escape ${JSON.stringify(text.slice(at, at + 2))} in a string`);
      } else at++;
    }
    if (at >= text.length) throw new Stop(at, "a string that is never closed with a quote");
    at++;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === "{") {
      at++;
      space();
      if (text[at] === "}") return void at++;
      for (;;) {
        space();
        if (text[at] !== '"') throw new Stop(at, `expected a property name in double quotes, found ${found()}${text[at] === "}" ? " (a comma after the last property?)" : ""}`);
        string();
        space();
        if (text[at] !== ":") throw new Stop(at, `expected ":" after the property name, found ${found()}`);
        at++;
        value();
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "}") return void at++;
        else throw new Stop(at, `expected "," or "}" after a property value, found ${found()}`);
      }
    }
    if (char === "[") {
      at++;
      space();
      if (text[at] === "]") return void at++;
      for (;;) {
        value();
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "]") return void at++;
        else throw new Stop(at, `expected "," or "]" after an array item, found ${found()}`);
      }
    }
    if (char === '"') return string();
    NUMBER.lastIndex = at;
    if (NUMBER.test(text)) return void (at = NUMBER.lastIndex);
    const word = WORDS.find((candidate) => text.startsWith(candidate, at));
    if (word) return void (at += word.length);
    throw new Stop(at, `expected a value (an object, array, string, number, true, false or null), found ${found()}`);
  };
  try {
    value();
    space();
    if (at < text.length) throw new Stop(at, `expected the end of the file after the value, found ${found()}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.at).split("\n");
    const line = before.length;
    return { line, column: before[line - 1].length + 1, message: error.message, lineText: (text.split("\n")[line - 1] ?? "").trimEnd() };
  }
}
