import { z } from "zod";
import { KNOWN_REGIONS } from "./regions";

/** A percentage strictly between 0 and 100. */
export const percent = z.number().gt(0, "must be above 0").lt(100, "must be below 100");

/** The version of a generated value: raising it generates and writes a new one (rotation). */
export const secretVersion = z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000");

/** Field schemas that several parts of the configuration share. */

/** Names of accounts, networks, environments, apps and secrets: DNS labels that are also Terraform-safe. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;

const NAME_RULE = "2-20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** PostgreSQL identifiers the platform creates (roles, schemas, databases): lowercase, unquoted-safe. */
export const SQL_IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** A DNS- and Terraform-safe name. */
export const name = z.string().regex(NAME_PATTERN, `must be ${NAME_RULE}`);

/** A CloudWatch Logs retention period. */
export const logRetention = z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
  message: `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
});

/** A PostgreSQL identifier that needs no quoting and is not a system name. */
export const sqlIdentifier = z
  .string()
  .regex(SQL_IDENTIFIER_PATTERN, "must be 1-63 characters: lowercase letters, digits and underscores, not starting with a digit")
  .refine((text) => !text.startsWith("pg_"), { message: "the pg_ prefix is reserved by PostgreSQL" });

/** A PostgreSQL extension name as `CREATE EXTENSION` takes it quoted, such as `pgcrypto`, `pg_trgm` or `uuid-ossp`. */
export const extensionName = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]{0,62}$/, "must be an extension name of 1-63 characters: lowercase letters, digits, underscores and hyphens, not starting with a digit or hyphen");

/** The shortest reason a waiver accepts. */
export const MIN_WAIVER_REASON_LENGTH = 10;

/** An AWS commercial region code. */
export const region = z.enum(KNOWN_REGIONS as [string, ...string[]], {
  error: "must be an AWS commercial region code such as us-east-1 or eu-west-1",
});

/** A waiver's reason: why a protection the tier gives is turned off. */
export const reason = z
  .string()
  .trim()
  .min(MIN_WAIVER_REASON_LENGTH, `a waiver needs a reason of at least ${MIN_WAIVER_REASON_LENGTH} characters`);

/** An AWS resource id: a prefix, then 8 or 17 hex digits, such as `sg-0123456789abcdef0`. */
export const awsId = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), `must be ${what} id: ${prefix}- and 8 or 17 hex digits, such as ${prefix}-0123456789abcdef0`);
