import { Client, escapeIdentifier as quote } from "pg";
import type { ManageEvent } from "./event";
import { placeExtensions } from "./extensions";
import { convergePrivileges, defaultPrivilegesTarget, objectTarget, PrivilegeTarget } from "./privileges";
import { ensureMasterActsFor, ensureRoles, grantRdsIam, refuseForeignRoles, revokeMembership, Session } from "./roles";

/** What a manage run changed; all lists empty (and the schema unchanged) on a database that was already set up. */
export interface ManageReport {
  /** Roles created. */
  readonly createdRoles: string[];
  /** Managed roles whose attributes drifted, with the ALTER ROLE options that repaired them, e.g. `app LOGIN NOCREATEROLE`. */
  readonly alteredRoles: string[];
  /** Role memberships granted, as `role -> member`. */
  readonly grantedMemberships: string[];
  /** Privileges granted, e.g. `CONNECT ON DATABASE app TO app`. */
  readonly granted: string[];
  /** Privileges and memberships revoked, e.g. `CREATE ON SCHEMA app FROM app`, `membership in migrator FROM app`. */
  readonly revoked: string[];
  /** Whether the schema was created (or its owner corrected). */
  readonly schema: "created" | "owner corrected" | "unchanged";
  /** Extensions created. */
  readonly createdExtensions: string[];
  /** Extensions moved into the extension schema, as `name: from -> to`. */
  readonly movedExtensions: string[];
  /** What the run could not do and did not fail for, e.g. a missing `rds_iam`. */
  readonly warnings: string[];
}

/**
 * The advisory lock every manage run takes first in its transaction, so that
 * concurrent runs on one database wait for each other instead of racing
 * (two runs both creating the roles): 1919904869, ASCII "role" as a 32-bit
 * integer. Released by COMMIT or ROLLBACK.
 */
export const MANAGE_LOCK_KEY = 1919904869;

/** The privileges that the contract gives, per object, for the grantees the role manager answers for. */
function privilegeTargets(database: string, event: ManageEvent): PrivilegeTarget[] {
  const { migrator, app } = event.roles;
  const nothing = { grant: [] };
  return [
    objectTarget("DATABASE", database, { PUBLIC: nothing, [migrator]: { grant: ["CONNECT"] }, [app]: { grant: ["CONNECT"] } }),
    objectTarget("SCHEMA", event.schema, { PUBLIC: nothing, [app]: { grant: ["USAGE"] } }),
    objectTarget("SCHEMA", "public", { PUBLIC: { grant: [], keep: ["USAGE"] }, [app]: { grant: [], keep: ["USAGE"] } }),
    defaultPrivilegesTarget(migrator, event.schema, "TABLES", { [app]: { grant: ["SELECT", "INSERT", "UPDATE", "DELETE"] } }),
    defaultPrivilegesTarget(migrator, event.schema, "SEQUENCES", { [app]: { grant: ["USAGE"] } }),
    defaultPrivilegesTarget(migrator, event.schema, "ROUTINES", { [app]: { grant: ["EXECUTE"] } }),
  ];
}

/**
 * Converges the roles, schema and privileges on the contract in one
 * transaction, serialized by MANAGE_LOCK_KEY, so that a failure or a refusal
 * changes nothing and concurrent runs give one result. Idempotent: a second
 * run changes nothing and reports nothing. Every name is quoted.
 */
export async function manage(client: Client, database: string, event: ManageEvent): Promise<ManageReport> {
  const { migrator, app } = event.roles;
  const [a, s, db] = [quote(app), quote(event.schema), quote(database)];
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MANAGE_LOCK_KEY]);
    const session = await currentSession(client);
    const existing = await refuseForeignRoles(client, session, event.roles);

    const roles = await ensureRoles(client, [migrator, app], existing);
    const masterGrant = await ensureMasterActsFor(client, session, migrator);
    const rdsIam = await grantRdsIam(client, [migrator, app]);
    const memberships = [...(await revokeMembership(client, session, migrator, app)), ...(await revokeMembership(client, session, app, migrator))];

    const schema = await ensureSchema(client, event.schema, migrator);
    const privileges = { granted: [] as string[], revoked: [] as string[] };
    for (const target of privilegeTargets(database, event)) {
      const changes = await convergePrivileges(client, target);
      privileges.granted.push(...changes.granted);
      privileges.revoked.push(...changes.revoked);
    }
    // Objects the migrator made before default privileges applied to them (or that lost their grants).
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${a}`);
    await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${a}`);
    await client.query(`GRANT EXECUTE ON ALL ROUTINES IN SCHEMA ${s} TO ${a}`);
    await client.query(`ALTER DATABASE ${db} SET search_path TO ${s}, public`);

    const extensions = await placeExtensions(client, event.extensions);
    await client.query("COMMIT");
    return {
      createdRoles: roles.created,
      alteredRoles: roles.altered,
      grantedMemberships: [...masterGrant, ...rdsIam.granted],
      granted: privileges.granted,
      revoked: [...memberships, ...privileges.revoked],
      schema,
      createdExtensions: extensions.created,
      movedExtensions: extensions.moved,
      warnings: [...rdsIam.warnings, ...extensions.warnings],
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** The user this run is, who logged in, and the server's version. */
async function currentSession(client: Client): Promise<Session> {
  const row = (
    await client.query<{ user: string; session_user: string; version: string }>(
      "SELECT current_user AS user, session_user, current_setting('server_version_num') AS version",
    )
  ).rows[0];
  return { user: row.user, sessionUser: row.session_user, version: Number(row.version) };
}

/** Creates the schema owned by the migrator, or gives it back to the migrator. */
async function ensureSchema(client: Client, schema: string, migrator: string): Promise<ManageReport["schema"]> {
  const owner = await client.query<{ owner: string }>("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1", [schema]);
  if (owner.rows.length === 0) {
    await client.query(`CREATE SCHEMA ${quote(schema)} AUTHORIZATION ${quote(migrator)}`);
    return "created";
  }
  if (owner.rows[0].owner === migrator) return "unchanged";
  await client.query(`ALTER SCHEMA ${quote(schema)} OWNER TO ${quote(migrator)}`);
  return "owner corrected";
}
