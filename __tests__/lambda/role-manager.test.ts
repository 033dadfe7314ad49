import { Client } from "pg";
import { RoleManagerDependencies, run } from "../../lambda/db-role-manager/src/run";
import { startPostgres, TestPostgres } from "../support/postgres";

/**
 * The role manager against a real PostgreSQL server that this test starts.
 * The master user is, as on RDS, not a superuser: it has CREATEDB and
 * CREATEROLE and owns the database. The AWS parts (the secret, IAM tokens)
 * are replaced by password sources: they cannot run here.
 */
const MASTER = { user: "dbadmin", password: "master-password-for-tests" };
const ROLE_PASSWORDS: Record<string, string> = { migrator: "migrator-password", app: "app-password" };

let server: TestPostgres;
let su: Client;
let databaseCount = 0;

beforeAll(async () => {
  server = await startPostgres();
  su = await server.superuser();
  await su.query(`CREATE ROLE dbadmin LOGIN CREATEDB CREATEROLE PASSWORD '${MASTER.password}'`);
}, 60_000);

afterAll(async () => {
  await su?.end();
  await server?.stop();
});

/** A fresh database owned by the master user, as RDS creates it. */
async function freshDatabase(options: { rdsIam?: boolean } = {}): Promise<string> {
  const name = `appdb_${++databaseCount}`;
  await su.query(`CREATE DATABASE ${name} OWNER dbadmin`);
  if (options.rdsIam) await su.query("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam; END IF; END $$");
  return name;
}

function deps(database: string, overrides: Partial<RoleManagerDependencies> = {}): RoleManagerDependencies {
  return {
    connection: { host: server.host, port: server.port, database, ca: server.ca, connectTimeoutMs: 5_000 },
    masterCredentials: async () => MASTER,
    roleCredentials: async (role) => ({ user: role, password: ROLE_PASSWORDS[role] }),
    ...overrides,
  };
}

/** Test-only setup: in AWS the roles log in with IAM tokens; here they get passwords. */
async function givePasswords(): Promise<void> {
  for (const [role, password] of Object.entries(ROLE_PASSWORDS)) await su.query(`ALTER ROLE ${role} PASSWORD '${password}'`);
}

async function connectAs(database: string, user: string, password: string): Promise<Client> {
  const client = new Client({ host: server.host, port: server.port, database, user, password, ssl: { ca: server.ca, rejectUnauthorized: true } });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** What a reviewer would compare before and after: roles, schemas, memberships, default ACLs, database settings. */
async function catalogState(database: string) {
  const db = await server.superuser(database);
  try {
    const query = async (sql: string) => (await db.query(sql)).rows;
    return {
      roles: await query("SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1"),
      schemas: await query("SELECT nspname, pg_get_userbyid(nspowner) AS owner, nspacl::text FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' ORDER BY 1"),
      memberships: await query("SELECT pg_get_userbyid(roleid) AS role, pg_get_userbyid(member) AS member FROM pg_auth_members ORDER BY 1, 2"),
      defaultAcls: await query("SELECT defaclobjtype, defaclacl::text FROM pg_default_acl ORDER BY 1"),
      settings: await query("SELECT setconfig FROM pg_db_role_setting ORDER BY 1"),
      databaseAcl: await query(`SELECT datacl::text FROM pg_database WHERE datname = '${database}'`),
    };
  } finally {
    await db.end();
  }
}

describe("the database role manager against a real PostgreSQL", () => {
  it("sets up an empty database: roles, schema, privileges, search path", async () => {
    const database = await freshDatabase({ rdsIam: true });
    const result = await run({ action: "manage" }, deps(database));
    expect(result).toEqual({
      ok: true,
      action: "manage",
      database,
      changes: {
        createdRoles: ["migrator", "app"],
        grantedMemberships: ["migrator -> current user", "rds_iam -> migrator", "rds_iam -> app"],
        schema: "created",
        createdExtensions: [],
      },
    });
    const state = await catalogState(database);
    expect(state.schemas.find((s: any) => s.nspname === "app")).toMatchObject({ owner: "migrator" });
    expect(state.settings).toEqual([{ setconfig: ["search_path=app, public"] }]);
    expect(state.memberships).toEqual(expect.arrayContaining([{ role: "rds_iam", member: "app" }, { role: "rds_iam", member: "migrator" }]));
  });

  it("is idempotent: a second run succeeds, creates nothing and leaves the same state", async () => {
    const database = await freshDatabase();
    expect((await run({ action: "manage" }, deps(database))).ok).toBe(true);
    const before = await catalogState(database);
    const again = await run({ action: "manage" }, deps(database));
    expect(again).toEqual({
      ok: true,
      action: "manage",
      database,
      changes: { createdRoles: [], grantedMemberships: [], schema: "unchanged", createdExtensions: [] },
    });
    expect(await catalogState(database)).toEqual(before);
  });

  it("creates configured extensions", async () => {
    const database = await freshDatabase();
    const result = await run({ action: "manage", extensions: ["pgcrypto"] }, deps(database));
    expect(result).toMatchObject({ ok: true, changes: { createdExtensions: ["pgcrypto"] } });
  });

  it("passes its own check: the migrator creates, the app writes and reads, the app creates nothing", async () => {
    const database = await freshDatabase();
    await run({ action: "manage" }, deps(database));
    await givePasswords();
    const result = await run({ action: "check" }, deps(database));
    expect(result).toEqual({
      ok: true,
      action: "check",
      database,
      steps: [
        { step: "migrator creates a table in app", passed: true },
        { step: "app writes to it", passed: true },
        { step: "app reads it", passed: true },
        { step: "app cannot create in app", passed: true },
        { step: "app cannot create in public", passed: true },
        { step: "clean up", passed: true },
      ],
    });
    const leftovers = await connectAs(database, "migrator", ROLE_PASSWORDS.migrator);
    expect((await leftovers.query("SELECT tablename FROM pg_tables WHERE schemaname = 'app'")).rows).toEqual([]);
    await leftovers.end();
  });

  it("lets the app read and write tables the migrator creates later, through default privileges", async () => {
    const database = await freshDatabase();
    await run({ action: "manage" }, deps(database));
    await givePasswords();
    const migrator = await connectAs(database, "migrator", ROLE_PASSWORDS.migrator);
    await migrator.query("CREATE TABLE orders (id serial PRIMARY KEY, item text)");
    await migrator.query("CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.orders'");
    await migrator.end();
    const app = await connectAs(database, "app", ROLE_PASSWORDS.app);
    await app.query("INSERT INTO orders (item) VALUES ('tea')");
    await app.query("UPDATE orders SET item = 'green tea'");
    expect((await app.query("SELECT item FROM orders")).rows).toEqual([{ item: "green tea" }]);
    expect((await app.query("SELECT order_count() AS n")).rows).toEqual([{ n: "1" }]);
    await expect(app.query("DROP TABLE orders")).rejects.toThrow("must be owner of table orders");
    await app.end();
  });

  it("leaves PUBLIC unable to create in schema public or connect to the database", async () => {
    const database = await freshDatabase();
    await run({ action: "manage" }, deps(database));
    await su.query("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stranger') THEN CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'; END IF; END $$");
    await expect(connectAs(database, "stranger", "stranger-password")).rejects.toThrow(`permission denied for database "${database}"`);
    await su.query(`GRANT CONNECT ON DATABASE ${database} TO stranger`);
    const stranger = await connectAs(database, "stranger", "stranger-password");
    await expect(stranger.query("CREATE TABLE public.intruder (id int)")).rejects.toThrow("permission denied for schema public");
    await expect(stranger.query("CREATE TABLE app.intruder (id int)")).rejects.toThrow("permission denied for schema app");
    await stranger.end();
  });

  it.each([
    [{ action: "manage", schema: "app; DROP SCHEMA public" }, `schema = "app; DROP SCHEMA public": must be 1-63 characters: lowercase letters, digits and underscores, not starting with a digit`],
    [{ action: "manage", roles: { app: 'x" SUPERUSER' } }, `roles.app = "x\\" SUPERUSER": must be 1-63 characters`],
    [{ action: "manage", roles: { migrator: "postgres" } }, `roles.migrator = "postgres": must not be a reserved role`],
    [{ action: "manage", roles: { migrator: "app", app: "app" } }, "roles = {\"migrator\":\"app\",\"app\":\"app\"}: migrator and app must be different roles"],
    [{ action: "manage", schema: "public" }, `schema = "public": must not be public or information_schema`],
    [{ action: "manage", extensions: ["pg_stat_statements"] }, `extensions.0 = "pg_stat_statements": the pg_ prefix is reserved by PostgreSQL`],
    [{ action: "manage", drop: true }, `(event) = {"action":"manage","drop":true}: Unrecognized key: "drop" (drop)`],
    [{ action: "drop" }, `action = "drop": must be one of manage, check`],
    [null, "action = undefined: must be one of manage, check"],
  ])("rejects a bad event before connecting, changing nothing: %j", async (event, message) => {
    const database = await freshDatabase();
    const before = await catalogState(database);
    const result = await run(event, deps(database, { masterCredentials: () => Promise.reject(new Error("must not connect")) }));
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_event" } });
    expect((result as any).error.message).toContain(message);
    expect(await catalogState(database)).toEqual(before);
  });

  it("rolls back everything when a step fails part-way", async () => {
    const database = await freshDatabase();
    const before = await catalogState(database);
    const result = await run({ action: "manage", extensions: ["no_such_extension"] }, deps(database));
    expect(result).toMatchObject({ ok: false, action: "manage", error: { code: "sql_failed" } });
    expect((result as any).error.message).toContain('extension "no_such_extension" is not available');
    expect(await catalogState(database)).toEqual(before);
  });

  it("reports a wrong master password as an authentication failure", async () => {
    const database = await freshDatabase();
    const result = await run({ action: "manage" }, deps(database, { masterCredentials: async () => ({ user: "dbadmin", password: "wrong" }) }));
    expect(result).toEqual({
      ok: false,
      action: "manage",
      error: { code: "authentication_failed", message: `could not log in to 127.0.0.1:${server.port}/${database} as dbadmin: password authentication failed for user "dbadmin"` },
    });
  });

  it("reports an unreachable database as a connection failure", async () => {
    const closed = { host: "127.0.0.1", port: 1, database: "appdb", ca: server.ca, connectTimeoutMs: 2_000 };
    const result = await run({ action: "manage" }, { ...deps("appdb"), connection: closed });
    expect(result).toMatchObject({ ok: false, error: { code: "connection_failed" } });
    expect((result as any).error.message).toMatch(/^could not connect to 127\.0\.0\.1:1\/appdb as dbadmin: connect ECONNREFUSED/);
  });

  it("refuses a server whose certificate it does not trust", async () => {
    const database = await freshDatabase();
    const untrusted = { ...deps(database).connection, ca: undefined };
    const result = await run({ action: "manage" }, { ...deps(database), connection: untrusted });
    expect(result).toMatchObject({ ok: false, error: { code: "connection_failed", message: expect.stringContaining("self-signed certificate") } });
  });

  it("reports a failed check step with its reason", async () => {
    const database = await freshDatabase();
    await run({ action: "manage" }, deps(database));
    await givePasswords();
    const owner = await server.superuser(database);
    await owner.query("GRANT CREATE ON SCHEMA public TO app");
    const result = await run({ action: "check" }, deps(database));
    await owner.end();
    expect(result).toMatchObject({ ok: false, action: "check", error: { code: "check_failed", message: "app cannot create in public: was allowed" } });
  });
});
