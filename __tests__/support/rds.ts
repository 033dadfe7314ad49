import type { Client } from "pg";

/**
 * Makes a test server look like RDS PostgreSQL where the role manager can
 * tell: the master user is not a superuser but `LOGIN CREATEROLE CREATEDB`
 * and a member of `rds_superuser`, which holds `rds_iam` WITH ADMIN OPTION,
 * so the master can grant `rds_iam` (on PostgreSQL 16+ a CREATEROLE user may
 * grant only roles it has ADMIN OPTION on). Tests create their databases
 * owned by the master, as RDS does.
 */

/** The master user's credentials, as the master secret holds them. */
export const RDS_MASTER = { user: "dbadmin", password: "master-password-for-tests" } as const;

/** Creates `rds_iam` as RDS has it: NOLOGIN, granted to `rds_superuser` with ADMIN OPTION. */
export async function createRdsIam(su: Client): Promise<void> {
  await su.query("CREATE ROLE rds_iam NOLOGIN");
  await su.query("GRANT rds_iam TO rds_superuser WITH ADMIN OPTION");
}

/** Sets up `rds_superuser`, `rds_iam` and the master user on a fresh server. */
export async function makeRdsLike(su: Client): Promise<void> {
  await su.query("CREATE ROLE rds_superuser NOLOGIN");
  await createRdsIam(su);
  await su.query(`CREATE ROLE ${RDS_MASTER.user} LOGIN NOSUPERUSER CREATEROLE CREATEDB PASSWORD '${RDS_MASTER.password}'`);
  await su.query(`GRANT rds_superuser TO ${RDS_MASTER.user}`);
}
