import type { PolicyStatement } from "../../src/constructs/security/policy-document";
import type { SynthesizedStack } from "./synth";

/** The statements of the bucket policy at a construct path, such as `app-files/policy`. */
export const bucketPolicyStatements = (stack: SynthesizedStack, path: string): PolicyStatement[] =>
  JSON.parse(stack.resource("aws_s3_bucket_policy", path).policy).Statement;

/** Whether an IAM action pattern (with `*`) matches an action. */
const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`, "i").test(action);

/** A string or a list of them, as a list. */
const listed = (value: string | readonly string[] | undefined): readonly string[] => (typeof value === "string" ? [value] : (value ?? []));

/** The Deny statements of a policy that name an action (by pattern) on a resource (exactly). */
export const denialsOf = (statements: readonly PolicyStatement[], action: string, resource: string): PolicyStatement[] =>
  statements.filter(
    (statement) => statement.Effect === "Deny" && listed(statement.Action).some((pattern) => matches(pattern, action)) && listed(statement.Resource).includes(resource),
  );

/** The condition operators of a statement, such as `ArnNotEquals` or `Bool`. */
export const conditionOperators = (statement: PolicyStatement): string[] => Object.keys(statement.Condition ?? {}).sort();
