import { Client, escapeIdentifier as quote } from "pg";
import { RoleManagerFailure } from "./connection";

/** The first `server_version_num` with PostgreSQL 16's membership options (INHERIT, SET) and per-grantor grants. */
export const PG16 = 160000;

/** What pg_roles says about a role. */
export interface RoleRow {
  readonly rolname: string;
  readonly rolsuper: boolean;
  readonly rolreplication: boolean;
  readonly rolbypassrls: boolean;
  readonly rolcreaterole: boolean;
  readonly rolcreatedb: boolean;
  readonly rolcanlogin: boolean;
}

/**
 * Powers no managed role may have and that the RDS master cannot remove
 * (only a superuser can, or on 16+ a role holding the attribute itself).
 */
const FOREIGN_POWERS = [
  ["rolsuper", "SUPERUSER"],
  ["rolreplication", "REPLICATION"],
  ["rolbypassrls", "BYPASSRLS"],
] as const;

/** What a managed role must be, as the pg_roles column, its wanted value and the ALTER ROLE option that sets it. */
const REQUIRED_ATTRIBUTES = [
  ["rolcanlogin", true, "LOGIN"],
  ["rolcreaterole", false, "NOCREATEROLE"],
  ["rolcreatedb", false, "NOCREATEDB"],
] as const;

/** Who this session is: the names it must never manage. */
export interface Session {
  /** `current_user`: the master user. */
  readonly user: string;
  /** `session_user`: who logged in. */
  readonly sessionUser: string;
  /** `server_version_num`, e.g. 160006. */
  readonly version: number;
}

/**
 * Refuses, before anything changes, roles the role manager must not take
 * over: the user it runs as, and an existing role with SUPERUSER,
 * REPLICATION or BYPASSRLS. The role manager only ever creates plain LOGIN
 * roles, so such a role is someone else's, and the master could not strip
 * those powers anyway. Returns the managed roles that exist.
 */
export async function refuseForeignRoles(client: Client, session: Session, roles: Readonly<Record<string, string>>): Promise<RoleRow[]> {
  for (const [key, name] of Object.entries(roles)) {
    if (name === session.user || name === session.sessionUser) {
      throw new RoleManagerFailure("refused", `roles.${key} = "${name}" is the user this run connects as: the role manager never manages the role it runs as`);
    }
  }
  const existing = (
    await client.query<RoleRow>(
      "SELECT rolname, rolsuper, rolreplication, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname = ANY($1)",
      [Object.values(roles)],
    )
  ).rows;
  for (const row of existing) {
    const powers = FOREIGN_POWERS.filter(([column]) => row[column]).map(([, option]) => option);
    if (powers.length > 0) {
      throw new RoleManagerFailure(
        "refused",
        `role ${row.rolname} exists with ${powers.join(", ")}: it is not a role the role manager made, and ${session.user} cannot remove that; ` +
          "have an administrator remove it, or choose another role name",
      );
    }
  }
  return existing;
}

/** Creates the missing roles (LOGIN, nothing more) and sets LOGIN NOCREATEROLE NOCREATEDB on existing ones that drifted. */
export async function ensureRoles(client: Client, roles: readonly string[], existing: readonly RoleRow[]): Promise<{ created: string[]; altered: string[] }> {
  const created: string[] = [];
  const altered: string[] = [];
  for (const role of roles) {
    const row = existing.find((candidate) => candidate.rolname === role);
    if (!row) {
      await client.query(`CREATE ROLE ${quote(role)} LOGIN`);
      created.push(role);
      continue;
    }
    const options = REQUIRED_ATTRIBUTES.filter(([column, wanted]) => row[column] !== wanted).map(([, , option]) => option);
    if (options.length === 0) continue;
    await client.query(`ALTER ROLE ${quote(role)} ${options.join(" ")}`);
    altered.push(`${role} ${options.join(" ")}`);
  }
  return { created, altered };
}

/**
 * Makes the master able to act for `role`: to hand it the schema (which
 * needs SET on 16+) and to set default privileges and grant on what it owns
 * (which needs its privileges, INHERIT). On 16+ a CREATEROLE user is only
 * given ADMIN on the roles it creates, which pg_has_role counts as MEMBER,
 * so the options are checked and granted explicitly. Returns the grant made.
 */
export async function ensureMasterActsFor(client: Client, session: Session, role: string): Promise<string[]> {
  const modern = session.version >= PG16;
  const can = async () =>
    (
      await client.query<{ ok: boolean }>(
        modern ? "SELECT pg_has_role($1, 'USAGE') AND pg_has_role($1, 'SET') AS ok" : "SELECT pg_has_role($1, 'USAGE') AS ok",
        [role],
      )
    ).rows[0].ok;
  if (await can()) return [];
  await client.query(`GRANT ${quote(role)} TO CURRENT_USER${modern ? " WITH INHERIT TRUE, SET TRUE" : ""}`);
  if (!(await can())) {
    throw new RoleManagerFailure("sql_failed", `${session.user} was granted ${role} but still cannot use its privileges (is ${session.user} NOINHERIT?)`);
  }
  return [`${role} -> ${session.user}`];
}

/** Grants `rds_iam` (IAM authentication) to each role; a server without `rds_iam` gets a warning, not silence. */
export async function grantRdsIam(client: Client, roles: readonly string[]): Promise<{ granted: string[]; warnings: string[] }> {
  const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam'")).rows.length > 0;
  if (!exists) {
    return { granted: [], warnings: [`role rds_iam does not exist: ${roles.join(" and ")} cannot log in with IAM authentication (RDS always has it)`] };
  }
  const granted: string[] = [];
  for (const role of roles) {
    if ((await client.query<{ member: boolean }>("SELECT pg_has_role($1, 'rds_iam', 'MEMBER') AS member", [role])).rows[0].member) continue;
    await client.query(`GRANT rds_iam TO ${quote(role)}`);
    granted.push(`rds_iam -> ${role}`);
  }
  return { granted, warnings: [] };
}

/**
 * Revokes the direct membership of `member` in `role`. On 16+ each grantor's
 * grant is a grant of its own, so each is revoked by name; one the master
 * cannot revoke (made by a superuser) is refused with the grantor named.
 */
export async function revokeMembership(client: Client, session: Session, role: string, member: string): Promise<string[]> {
  const grantors = (
    await client.query<{ grantor: string }>(
      `SELECT pg_get_userbyid(m.grantor) AS grantor FROM pg_auth_members m
       WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = $1) AND m.member = (SELECT oid FROM pg_roles WHERE rolname = $2)`,
      [role, member],
    )
  ).rows.map((row) => row.grantor);
  if (grantors.length === 0) return [];
  if (session.version < PG16) {
    await client.query(`REVOKE ${quote(role)} FROM ${quote(member)}`);
  } else {
    for (const grantor of grantors) {
      try {
        await client.query(`REVOKE ${quote(role)} FROM ${quote(member)} GRANTED BY ${quote(grantor)}`);
      } catch (error) {
        throw new RoleManagerFailure(
          "refused",
          `${member} is a member of ${role} by a grant of ${grantor}, which ${session.user} cannot revoke: ${(error as Error).message}`,
        );
      }
    }
  }
  return [`membership in ${role} FROM ${member}`];
}
