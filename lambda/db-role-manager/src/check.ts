import { Client, escapeIdentifier as quote } from "pg";
import { randomBytes } from "node:crypto";
import type { CheckEvent } from "./event";

/** One step of a check and how it went. */
export interface CheckStep {
  /** What was tried. */
  readonly step: string;
  /** Whether it behaved as intended. */
  readonly passed: boolean;
  /** What happened when it did not. */
  readonly detail?: string;
}

/** PostgreSQL's insufficient_privilege error code. */
const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * Proves the contract with the roles' own logins: the migrator creates a
 * table (with its sequence) and a function in the schema; the app reads,
 * writes, updates and deletes its rows, takes values from the sequence and
 * executes the function; the app cannot create a schema, create in the app
 * schema or in public, create temporary tables, create roles or act as the
 * migrator; and PUBLIC cannot connect to the database. Leaves nothing
 * behind: each attempt that must be refused runs in a transaction that is
 * always rolled back, and the migrator's objects are dropped whatever
 * happened.
 */
export async function check(migrator: Client, app: Client, event: CheckEvent): Promise<CheckStep[]> {
  const { migrator: m, app: a } = event.roles;
  const name = `role_check_${randomBytes(6).toString("hex")}`;
  const schema = quote(event.schema);
  const table = `${schema}.${quote(name)}`;
  const routine = `${schema}.${quote(`${name}_count`)}`;
  const steps: CheckStep[] = [];
  const attempt = async (step: string, action: () => Promise<unknown>) => {
    try {
      await action();
      steps.push({ step, passed: true });
    } catch (error) {
      steps.push({ step, passed: false, detail: (error as Error).message });
    }
  };
  const refused = async (step: string, sql: string) => {
    await app.query("BEGIN");
    try {
      await app.query(sql);
      steps.push({ step, passed: false, detail: "was allowed" });
    } catch (error) {
      const denied = (error as { code?: string }).code === INSUFFICIENT_PRIVILEGE;
      steps.push({ step, passed: denied, ...(denied ? {} : { detail: (error as Error).message }) });
    } finally {
      await app.query("ROLLBACK");
    }
  };
  const changesOneRow = (sql: string) => async () => {
    const result = await app.query(sql);
    if (result.rowCount !== 1) throw new Error(`changed ${result.rowCount} rows, not 1`);
  };

  try {
    await attempt(`${m} creates a table, its sequence and a function in ${event.schema}`, async () => {
      await migrator.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, note text NOT NULL)`);
      await migrator.query(`CREATE FUNCTION ${routine}() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM ${table}$$`);
    });
    await attempt(`${a} inserts into it`, () => app.query(`INSERT INTO ${table} (note) VALUES ($1)`, ["role manager check"]));
    await attempt(`${a} reads it`, async () => {
      const rows = await app.query<{ note: string }>(`SELECT note FROM ${table}`);
      if (rows.rows.length !== 1 || rows.rows[0].note !== "role manager check") throw new Error(`read ${JSON.stringify(rows.rows)}`);
    });
    await attempt(`${a} updates it`, changesOneRow(`UPDATE ${table} SET note = 'updated'`));
    await attempt(`${a} takes a value from its sequence`, () => app.query("SELECT nextval(pg_get_serial_sequence($1, 'id'))", [table]));
    await attempt(`${a} executes the function`, () => app.query(`SELECT ${routine}()`));
    await attempt(`${a} deletes from it`, changesOneRow(`DELETE FROM ${table}`));
    await refused(`${a} cannot create a schema`, `CREATE SCHEMA ${quote(name)}`);
    await refused(`${a} cannot create in ${event.schema}`, `CREATE TABLE ${schema}.${quote(`${name}_denied`)} (id int)`);
    await refused(`${a} cannot create in public`, `CREATE TABLE public.${quote(`${name}_denied`)} (id int)`);
    await refused(`${a} cannot create temporary tables`, `CREATE TEMPORARY TABLE ${quote(`${name}_denied`)} (id int)`);
    await refused(`${a} cannot create roles`, `CREATE ROLE ${quote(name)}`);
    await refused(`${a} cannot act as ${m}`, `SET ROLE ${quote(m)}`);
    await attempt("PUBLIC cannot connect to the database", async () => {
      const row = (await app.query<{ allowed: boolean }>("SELECT has_database_privilege('public', current_database(), 'CONNECT') AS allowed")).rows[0];
      if (row.allowed) throw new Error("PUBLIC has CONNECT");
    });
  } finally {
    await attempt("clean up", async () => {
      await migrator.query(`DROP FUNCTION IF EXISTS ${routine}()`);
      await migrator.query(`DROP TABLE IF EXISTS ${table}`);
    });
  }
  return steps;
}
