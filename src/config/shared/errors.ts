import type { z } from "zod";
import { didYouMean, withSuggestion } from "./suggest";

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

/** Longer than this, a value's nested objects and lists are shown as `{…}` and `[…]`, so the message stays readable. */
const LONGEST_SHOWN_VALUE = 100;

/** The value as JSON; a long object or list with its nested ones elided: `{"alerts":{…},"service":{…}}`. */
function shownValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json.length <= LONGEST_SHOWN_VALUE || value === null || typeof value !== "object") return json;
  const elided = (child: unknown) => (child === null || typeof child !== "object" ? JSON.stringify(child) : Array.isArray(child) ? "[…]" : "{…}");
  if (Array.isArray(value)) return `[${value.map(elided).join(",")}]`;
  return `{${Object.entries(value).map(([key, child]) => `${JSON.stringify(key)}:${elided(child)}`).join(",")}}`;
}

/** `  - networks.dev.cidr = "10.10.0.1/16": must be a network address` */
export function formatIssue(issue: ConfigIssue): string {
  const shown = issue.value === undefined ? "(missing)" : shownValue(issue.value);
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

/** The schema inside wrappers (optional, nullable, default, pipe's input): the one whose shape or items matter. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  const inner = def.innerType ?? def.in;
  return inner ? unwrap(inner) : schema;
}

/** The field names an object of `schema` at `path` takes (records and arrays followed through their values). */
export function knownFieldsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = unwrap(schema);
  for (const key of path) {
    const def = node._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType; element?: z.core.$ZodType };
    const next: z.core.$ZodType | undefined = def.type === "object" ? def.shape?.[String(key)] : def.type === "record" ? def.valueType : def.type === "array" ? def.element : undefined;
    if (next === undefined) return [];
    node = unwrap(next);
  }
  const def = node._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

/** Why a field is refused, with the closest known field (or the known ones when none is close). */
function unknownFieldMessage(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  if (suggestion) return `is not a known field: ${suggestion.trim()}`;
  return known.length > 0 ? `is not a known field; the fields here are ${known.join(", ")}` : "is not a known field (check its spelling)";
}

/** An option that is not one: `must be one of dev, staging, uat, prod; did you mean "staging"?` (zod's own words, "Invalid option: expected one of "dev"|…", replaced). */
function optionMessage(issue: z.core.$ZodIssueInvalidValue): string {
  const options = issue.values.map(String);
  const allowed = options.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${options.join(", ")}`;
  return withSuggestion(issue.message.startsWith("Invalid") ? allowed : issue.message, issue.input, options);
}

/** Converts zod's issues (parsed with `reportInput`) into ours; with the schema, an unknown field names the closest known one. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], schema?: z.core.$ZodType): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = formatPath(issue.path);
    switch (issue.code) {
      case "invalid_key":
        return issue.issues.map((inner) => ({ path, value: issue.input, message: `is not an allowed key: ${inner.message}` }));
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          value: (issue.input as Record<string, unknown>)[key],
          message: unknownFieldMessage(key, schema ? knownFieldsAt(schema, issue.path) : []),
        }));
      case "invalid_type":
        // zod's own words ("Invalid input: expected string, received number") name neither the field's meaning nor the fix.
        return [{ path, value: issue.input, message: issue.message.startsWith("Invalid input") ? typeMessage(issue.expected, issue.input) : issue.message }];
      case "invalid_value":
        return [{ path, value: issue.input, message: optionMessage(issue) }];
      default:
        return [{ path, value: issue.input, message: issue.message }];
    }
  });
}
