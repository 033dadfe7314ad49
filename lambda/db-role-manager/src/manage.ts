import { Client, escapeIdentifier as quote } from "pg";
import type { ManageEvent } from "./event";

/** What a manage run changed; empty lists on a database that was already set up. */
export interface ManageReport {
  /** Roles created. */
  readonly createdRoles: string[];
  /** Role memberships granted, as `role -> member`. */
  readonly grantedMemberships: string[];
  /** Whether the schema was created (or its owner corrected). */
  schema: "created" | "owner corrected" | "unchanged";
  /** Extensions created. */
  readonly createdExtensions: string[];
}

/**
 * Sets up the roles, schema and privileges in one transaction, so that a
 * failure changes nothing. Idempotent: every step checks or is a grant or
 * revoke that can be repeated. Every name is quoted as an identifier.
 */
export async function manage(client: Client, database: string, event: ManageEvent): Promise<ManageReport> {
  const { migrator, app } = event.roles;
  const [m, a, s, db] = [quote(migrator), quote(app), quote(event.schema), quote(database)];
  const report: ManageReport = { createdRoles: [], grantedMemberships: [], schema: "unchanged", createdExtensions: [] };
  await client.query("BEGIN");
  try {
    const existing = await names(client, "SELECT rolname AS name FROM pg_roles WHERE rolname = ANY($1)", [[migrator, app]]);
    for (const role of [migrator, app].filter((name) => !existing.includes(name))) {
      await client.query(`CREATE ROLE ${quote(role)} LOGIN`);
      report.createdRoles.push(role);
    }

    // The master user needs membership in the migrator to hand it the schema and set its default privileges.
    await grantMembership(client, migrator, undefined, report);
    const rdsIam = await names(client, "SELECT rolname AS name FROM pg_roles WHERE rolname = 'rds_iam'", []);
    if (rdsIam.length > 0) {
      for (const role of [migrator, app]) await grantMembership(client, "rds_iam", role, report);
    }

    await client.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${m}, ${a}`);

    const owner = await client.query<{ owner: string }>(
      "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1",
      [event.schema],
    );
    if (owner.rows.length === 0) {
      await client.query(`CREATE SCHEMA ${s} AUTHORIZATION ${m}`);
      report.schema = "created";
    } else if (owner.rows[0].owner !== migrator) {
      await client.query(`ALTER SCHEMA ${s} OWNER TO ${m}`);
      report.schema = "owner corrected";
    }
    await client.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
    await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${a}`);
    await client.query(`ALTER DATABASE ${db} SET search_path TO ${s}, public`);

    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${m} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${a}`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${m} IN SCHEMA ${s} GRANT USAGE ON SEQUENCES TO ${a}`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${m} IN SCHEMA ${s} GRANT EXECUTE ON ROUTINES TO ${a}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${a}`);
    await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${a}`);
    await client.query(`GRANT EXECUTE ON ALL ROUTINES IN SCHEMA ${s} TO ${a}`);

    const installed = await names(client, "SELECT extname AS name FROM pg_extension WHERE extname = ANY($1)", [event.extensions]);
    for (const extension of event.extensions.filter((name) => !installed.includes(name))) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${quote(extension)}`);
      report.createdExtensions.push(extension);
    }
    await client.query("COMMIT");
    return report;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function names(client: Client, sql: string, params: unknown[]): Promise<string[]> {
  return (await client.query<{ name: string }>(sql, params)).rows.map((row) => row.name);
}

/** Grants `role` to `member` (the current user when undefined) unless it already is a member. */
async function grantMembership(client: Client, role: string, member: string | undefined, report: ManageReport): Promise<void> {
  const isMember = await client.query<{ member: boolean }>(
    member === undefined ? "SELECT pg_has_role($1, 'MEMBER') AS member" : "SELECT pg_has_role($2, $1, 'MEMBER') AS member",
    member === undefined ? [role] : [role, member],
  );
  if (isMember.rows[0].member) return;
  await client.query(`GRANT ${quote(role)} TO ${member === undefined ? "CURRENT_USER" : quote(member)}`);
  report.grantedMemberships.push(`${role} -> ${member ?? "current user"}`);
}
