import { z } from "zod";

/**
 * The events the role manager takes, validated before it connects anywhere.
 * Names become SQL identifiers, so they are checked here and quoted when used.
 */

/** Lowercase identifiers that need no quoting; anything else is refused. */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Extension names: as identifiers, and `-` too (`uuid-ossp`). They are
 * always quoted when used.
 */
export const EXTENSION_PATTERN = /^[a-z_][a-z0-9_-]{0,62}$/;

/** Roles that PostgreSQL or RDS define, which the role manager must never create or alter. */
const RESERVED_ROLES = ["public", "postgres", "none", "current_user", "session_user", "current_role", "rdsadmin", "rdsrepladmin"];

/** Schemas the role manager must never take over. */
const RESERVED_SCHEMAS = ["public", "information_schema"];

/** The actions the role manager takes. */
export const ACTIONS = ["manage", "check"] as const;

const identifier = z
  .string({ error: "must be a string" })
  .regex(IDENTIFIER_PATTERN, "must be 1-63 characters: lowercase letters, digits and underscores, not starting with a digit")
  .refine((name) => !name.startsWith("pg_"), { message: "the pg_ prefix is reserved by PostgreSQL" });

/** Extension names may start with pg_ (pg_trgm, pg_stat_statements): the prefix is reserved for roles and schemas. */
const extensionName = z
  .string({ error: "must be a string" })
  .regex(EXTENSION_PATTERN, "must be 1-63 characters: lowercase letters, digits, underscores and hyphens, not starting with a digit or hyphen");

const roleName = identifier.refine((name) => !RESERVED_ROLES.includes(name) && !name.startsWith("rds"), {
  message: `must not be a reserved role (${RESERVED_ROLES.join(", ")}, rds*)`,
});

const schemaName = identifier.refine((name) => !RESERVED_SCHEMAS.includes(name), {
  message: `must not be ${RESERVED_SCHEMAS.join(" or ")}`,
});

const roles = z
  .strictObject({
    /** Owns the schema and runs migrations. */
    migrator: roleName.default("migrator"),
    /** The app: reads and writes data, creates nothing. */
    app: roleName.default("app"),
  })
  .default({ migrator: "migrator", app: "app" })
  .refine((value) => value.migrator !== value.app, { message: "migrator and app must be different roles" });

const manageEvent = z.strictObject({
  action: z.literal("manage"),
  roles,
  schema: schemaName.default("app"),
  extensions: z.array(extensionName).default([]),
});

const checkEvent = z.strictObject({
  action: z.literal("check"),
  roles,
  schema: schemaName.default("app"),
});

/** `{ "action": "manage", ... }`: create or repair the roles, schema and privileges. */
export type ManageEvent = z.output<typeof manageEvent>;

/** `{ "action": "check" }`: prove the roles work as intended. */
export type CheckEvent = z.output<typeof checkEvent>;

/** A validated event. */
export type RoleManagerEvent = ManageEvent | CheckEvent;

/** Validates an event; the message names each bad field, its value and what is allowed. */
export function parseEvent(input: unknown): { ok: true; event: RoleManagerEvent } | { ok: false; message: string } {
  const action = typeof input === "object" && input !== null ? (input as { action?: unknown }).action : undefined;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
    return { ok: false, message: `action = ${JSON.stringify(action)}: must be one of ${ACTIONS.join(", ")}` };
  }
  const parsed = (action === "manage" ? manageEvent : checkEvent).safeParse(input);
  if (parsed.success) return { ok: true, event: parsed.data };
  const message = parsed.error.issues
    .map((issue) => {
      const path = issue.path.join(".") || "(event)";
      const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], input);
      const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
      return `${path} = ${JSON.stringify(value)}: ${issue.message}${keys}`;
    })
    .join("; ");
  return { ok: false, message };
}
