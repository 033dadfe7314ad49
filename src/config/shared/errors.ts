import type { z } from "zod";

/** One problem with a configuration: where, what was found, and what is allowed. */
export interface ConfigIssue {
  /** The field path, such as `networks.dev.cidr`. */
  readonly path: string;
  /** The value found there (undefined when the field is missing). */
  readonly value: unknown;
  /** What is allowed, or why the value is wrong. */
  readonly message: string;
}

/** A configuration that cannot be used; carries every issue found, not just the first. */
export class ConfigError extends Error {
  /** Every issue found. */
  readonly issues: readonly ConfigIssue[];

  constructor(source: string, issues: readonly ConfigIssue[]) {
    super(`Invalid platform configuration (${source}), ${issues.length} issue(s):\n${issues.map(formatIssue).join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** `  - networks.dev.cidr = "10.10.0.1/16": must be a network address` */
export function formatIssue(issue: ConfigIssue): string {
  const shown = issue.value === undefined ? "(missing)" : JSON.stringify(issue.value);
  return `  - ${issue.path || "(root)"} = ${shown}: ${issue.message}`;
}

/** Turns a path of keys into `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** `is required (a string)`, `must be an array, not a number`: a type error in words. */
function typeMessage(expected: string, value: unknown): string {
  const withArticle = (type: string) => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
  if (value === undefined) return `is required (${withArticle(expected)})`;
  const actual = value === null ? "null" : Array.isArray(value) ? "an array" : withArticle(typeof value);
  return `must be ${withArticle(expected)}, not ${actual}`;
}

/** Converts zod's issues (parsed with `reportInput`) into ours. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = formatPath(issue.path);
    switch (issue.code) {
      case "invalid_key":
        return issue.issues.map((inner) => ({ path, value: issue.input, message: `is not an allowed key: ${inner.message}` }));
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          value: (issue.input as Record<string, unknown>)[key],
          message: "is not a known field (check its spelling)",
        }));
      case "invalid_type":
        // zod's own words ("Invalid input: expected string, received number") name neither the field's meaning nor the fix.
        return [{ path, value: issue.input, message: issue.message.startsWith("Invalid input") ? typeMessage(issue.expected, issue.input) : issue.message }];
      default:
        return [{ path, value: issue.input, message: issue.message }];
    }
  });
}
