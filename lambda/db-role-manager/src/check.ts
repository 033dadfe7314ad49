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
 * Proves the setup works: the migrator creates a table in the schema, the
 * app writes and reads it, and the app can create nothing in the schema or
 * in public. Drops the table afterwards, whatever happened.
 */
export async function check(migrator: Client, app: Client, event: CheckEvent): Promise<CheckStep[]> {
  const table = `${quote(event.schema)}.${quote(`role_check_${randomBytes(6).toString("hex")}`)}`;
  const steps: CheckStep[] = [];
  const attempt = async (step: string, action: () => Promise<unknown>) => {
    try {
      await action();
      steps.push({ step, passed: true });
    } catch (error) {
      steps.push({ step, passed: false, detail: (error as Error).message });
    }
  };
  const refused = async (step: string, action: () => Promise<unknown>) => {
    try {
      await action();
      steps.push({ step, passed: false, detail: "was allowed" });
    } catch (error) {
      const denied = (error as { code?: string }).code === INSUFFICIENT_PRIVILEGE;
      steps.push({ step, passed: denied, ...(denied ? {} : { detail: (error as Error).message }) });
    }
  };

  try {
    await attempt(`${event.roles.migrator} creates a table in ${event.schema}`, () =>
      migrator.query(`CREATE TABLE ${table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL)`),
    );
    await attempt(`${event.roles.app} writes to it`, () => app.query(`INSERT INTO ${table} (note) VALUES ($1)`, ["role manager check"]));
    await attempt(`${event.roles.app} reads it`, async () => {
      const rows = await app.query<{ note: string }>(`SELECT note FROM ${table}`);
      if (rows.rows[0]?.note !== "role manager check") throw new Error(`read ${JSON.stringify(rows.rows)}`);
    });
    await refused(`${event.roles.app} cannot create in ${event.schema}`, () => app.query(`CREATE TABLE ${quote(event.schema)}.role_check_denied (id int)`));
    await refused(`${event.roles.app} cannot create in public`, () => app.query("CREATE TABLE public.role_check_denied (id int)"));
  } finally {
    await attempt("clean up", () => migrator.query(`DROP TABLE IF EXISTS ${table}`));
  }
  return steps;
}
