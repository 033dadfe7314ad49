import { Client, escapeIdentifier as quote } from "pg";
import type { ManageReport } from "../../lambda/db-role-manager/src/manage";
import { RoleManagerDependencies, RoleManagerResult, run } from "../../lambda/db-role-manager/src/run";
import { startPostgres, TestPostgres } from "../support/postgres";
import { createRdsIam, makeRdsLike, RDS_MASTER } from "../support/rds";

/**
 * The role manager against a real PostgreSQL server of each major version
 * the configuration accepts, made to look like RDS: the master user is not a
 * superuser but CREATEROLE CREATEDB, a member of rds_superuser, and owns the
 * databases; rds_iam exists. The AWS parts (the secret, IAM tokens) are
 * replaced by passwords: they cannot run here. Each test gets a fresh
 * database and starts with no managed roles (roles are cluster-wide, so
 * they are dropped after each test).
 *
 * Under load every step only takes longer: each wait is on the server (a
 * query, a connection) and the time limits are jest's testTimeout, against a
 * hang. No two tests share a database name, so nothing one test left running
 * can reach another's.
 */
const ROLE_PASSWORDS: Record<string, string> = { migrator: "migrator-password", app: "app-password" };

/** The report of a run that changed nothing. */
const NOTHING: ManageReport = {
  createdRoles: [],
  alteredRoles: [],
  grantedMemberships: [],
  granted: [],
  revoked: [],
  schema: "unchanged",
  createdExtensions: [],
  movedExtensions: [],
  warnings: [],
};

/** What a first run on a fresh database with the default event reports. */
function firstRunReport(database: string): ManageReport {
  return {
    ...NOTHING,
    createdRoles: ["migrator", "app"],
    grantedMemberships: ["migrator -> dbadmin", "rds_iam -> migrator", "rds_iam -> app"],
    granted: [
      `CONNECT ON DATABASE ${database} TO migrator`,
      `CONNECT ON DATABASE ${database} TO app`,
      "USAGE ON SCHEMA app TO app",
      "SELECT, INSERT, UPDATE, DELETE ON TABLES migrator creates IN SCHEMA app TO app",
      "USAGE ON SEQUENCES migrator creates IN SCHEMA app TO app",
      "EXECUTE ON ROUTINES migrator creates IN SCHEMA app TO app",
    ],
    revoked: [`CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`],
    schema: "created",
  };
}

/** The changes of a manage result, failing the test with the error when it is not ok. */
function changesOf(result: RoleManagerResult): ManageReport {
  if (!result.ok || result.action !== "manage") throw new Error(`manage failed: ${JSON.stringify(result)}`);
  return result.changes;
}

/**
 * The role manager's tests against a server of PostgreSQL `major`: one test file per supported
 * major calls this (role-manager-pg<major>.test.ts), so that jest runs the majors side by side.
 */
export function describeRoleManager(major: string): void {
  describe(`the database role manager against PostgreSQL ${major}`, () => {
    let server: TestPostgres;
    let su: Client;
    let baselineRoles: string[];
    const databases: string[] = [];
    let databasesCreated = 0;

    beforeAll(async () => {
      server = await startPostgres(major);
      su = await server.superuser();
      await makeRdsLike(su);
      baselineRoles = (await su.query<{ rolname: string }>("SELECT rolname FROM pg_roles")).rows.map((row) => row.rolname);
    });

    afterAll(async () => {
      await su?.end();
      await server?.stop();
    });

    afterEach(async () => {
      for (const client of superuserOf.values()) await (await client).end();
      superuserOf.clear();
      for (const database of databases.splice(0)) await su.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
      const roles = (await su.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE NOT (rolname = ANY($1))", [baselineRoles])).rows;
      if (roles.length > 0) await su.query(`DROP ROLE ${roles.map((row) => quote(row.rolname)).join(", ")}`);
    });

    /**
     * A superuser session in a test's database, opened on first use and closed after the test: the
     * test's setup and catalog reads share it instead of logging in for each (a login costs the server a
     * backend). Its statements change catalogs only, never the session.
     */
    const superuserOf = new Map<string, Promise<Client>>();
    function superuserIn(database: string): Promise<Client> {
      if (!superuserOf.has(database)) superuserOf.set(database, server.superuser(database));
      return superuserOf.get(database)!;
    }

    /** A fresh database owned by the master user, as RDS creates it. */
    async function freshDatabase(): Promise<string> {
      const name = `appdb_${++databasesCreated}`;
      await su.query(`CREATE DATABASE ${name} OWNER ${RDS_MASTER.user}`);
      databases.push(name);
      return name;
    }

    function deps(database: string, overrides: Partial<RoleManagerDependencies> = {}): RoleManagerDependencies {
      return {
        // A limit the role manager needs in AWS; a loaded machine can take seconds to accept a connection.
        connection: { host: server.host, port: server.port, database, ca: server.ca, connectTimeoutMs: 60_000 },
        masterCredentials: async () => RDS_MASTER,
        roleCredentials: async (role) => ({ user: role, password: ROLE_PASSWORDS[role] }),
        ...overrides,
      };
    }

    /** A manage run that must succeed; its report. */
    async function manage(database: string, event: Record<string, unknown> = {}): Promise<ManageReport> {
      return changesOf(await run({ action: "manage", ...event }, deps(database)));
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

    /** Runs statements in `database` as the superuser or as the master user. */
    async function execute(database: string, as: "superuser" | "master", statements: string[]): Promise<void> {
      if (as === "superuser") {
        const client = await superuserIn(database);
        for (const statement of statements) await client.query(statement);
        return;
      }
      const client = await connectAs(database, RDS_MASTER.user, RDS_MASTER.password);
      try {
        for (const statement of statements) await client.query(statement);
      } finally {
        await client.end();
      }
    }

    /**
     * An ACL column as text, NULL (the default) spelled out and its entries
     * sorted, so that equal ACLs compare equal whatever order grants came in.
     */
    const acl = (column: string, kind?: string, owner?: string) =>
      `(SELECT array_agg(item::text ORDER BY item::text) FROM unnest(${kind ? `coalesce(${column}, acldefault(${kind}, ${owner}))` : column}) AS item)::text`;

    /** What a reviewer would compare: roles and their attributes, memberships, schemas, ACLs, default ACLs, settings, extensions, relations. */
    async function catalogState(database: string) {
      const db = await superuserIn(database);
      const query = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
      return {
        roles: await query(
          "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolinherit FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1",
        ),
        memberships: await query(
          "SELECT pg_get_userbyid(roleid) AS role, pg_get_userbyid(member) AS member, pg_get_userbyid(grantor) AS grantor, admin_option FROM pg_auth_members WHERE roleid >= 16384 ORDER BY 1, 2, 3",
        ),
        schemas: await query(`SELECT nspname, pg_get_userbyid(nspowner) AS owner, ${acl("nspacl", "'n'", "nspowner")} AS nspacl FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' ORDER BY 1`),
        defaultAcls: await query(`SELECT pg_get_userbyid(defaclrole) AS role, defaclnamespace::regnamespace::text AS schema, defaclobjtype, ${acl("defaclacl")} AS defaclacl FROM pg_default_acl ORDER BY 1, 2, 3`),
        settings: await query("SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = $1)", [database]),
        databaseAcl: await query(`SELECT ${acl("datacl", "'d'", "datdba")} AS datacl FROM pg_database WHERE datname = $1`, [database]),
        extensions: await query("SELECT extname, extnamespace::regnamespace::text AS schema FROM pg_extension ORDER BY 1"),
        relations: await query(
          `SELECT relnamespace::regnamespace::text AS schema, relname, relkind, ${acl("relacl", `(CASE relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char"`, "relowner")} AS relacl FROM pg_class WHERE relnamespace::regnamespace::text IN ('app', 'public') ORDER BY 1, 2`,
        ),
        routines: await query(`SELECT pronamespace::regnamespace::text AS schema, proname, ${acl("proacl", "'f'", "proowner")} AS proacl FROM pg_proc WHERE pronamespace::regnamespace::text IN ('app', 'public') ORDER BY 1, 2`),
      };
    }

    /** Objects a check may have left: tables, functions, schemas, roles and temporary tables named role_check_*. */
    async function checkLeftovers(database: string) {
      const db = await superuserIn(database);
      const query = async (sql: string) => (await db.query(sql)).rows;
      return [
        ...(await query("SELECT 'relation ' || relname AS object FROM pg_class WHERE relname LIKE 'role\\_check\\_%'")),
        ...(await query("SELECT 'routine ' || proname AS object FROM pg_proc WHERE proname LIKE 'role\\_check\\_%'")),
        ...(await query("SELECT 'schema ' || nspname AS object FROM pg_namespace WHERE nspname LIKE 'role\\_check\\_%'")),
        ...(await query("SELECT 'role ' || rolname AS object FROM pg_roles WHERE rolname LIKE 'role\\_check\\_%'")),
      ];
    }

    describe("manage", () => {
      it("sets up an empty database and reports each change: roles, the master's membership, rds_iam, privileges, schema", async () => {
        const database = await freshDatabase();
        expect(await manage(database)).toEqual(firstRunReport(database));
        const state = await catalogState(database);
        expect(state.schemas.find((s: any) => s.nspname === "app")).toEqual({ nspname: "app", owner: "migrator", nspacl: "{app=U/migrator,migrator=UC/migrator}" });
        expect(state.settings).toEqual([{ setconfig: ["search_path=app, public"] }]);
        expect(state.databaseAcl).toEqual([{ datacl: "{app=c/dbadmin,dbadmin=CTc/dbadmin,migrator=c/dbadmin}" }]);
        expect(state.roles.filter((r: any) => ["app", "migrator"].includes(r.rolname))).toEqual(
          ["app", "migrator"].map((rolname) => ({
            rolname, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true, rolreplication: false, rolbypassrls: false, rolinherit: true,
          })),
        );
        expect(state.memberships).toEqual(
          expect.arrayContaining([expect.objectContaining({ role: "rds_iam", member: "app" }), expect.objectContaining({ role: "rds_iam", member: "migrator" })]),
        );
      });

      it("converges: a second and a third run change nothing, report nothing and leave the same catalog", async () => {
        const database = await freshDatabase();
        const event = { extensions: ["pgcrypto", "uuid-ossp"] };
        expect(await manage(database, event)).toEqual({ ...firstRunReport(database), createdExtensions: ["pgcrypto", "uuid-ossp"] });
        const after = await catalogState(database);
        expect(await manage(database, event)).toEqual(NOTHING);
        expect(await catalogState(database)).toEqual(after);
        expect(await manage(database, event)).toEqual(NOTHING);
        expect(await catalogState(database)).toEqual(after);
      });

      it("lets the master act for the migrator even when the roles exist from before without that membership (PostgreSQL 16+ gives a CREATEROLE user only ADMIN on roles it creates)", async () => {
        const database = await freshDatabase();
        await execute(database, "master", ["CREATE ROLE migrator LOGIN", "CREATE ROLE app LOGIN"]);
        const before = (await su.query("SELECT pg_has_role('dbadmin', 'migrator', 'USAGE') AS usage")).rows[0];
        expect(before).toEqual({ usage: false });
        expect(await manage(database)).toEqual({ ...firstRunReport(database), createdRoles: [] });
        if (server.versionNum >= 160000) {
          expect((await su.query("SELECT pg_has_role('dbadmin', 'migrator', 'SET') AND pg_has_role('dbadmin', 'migrator', 'USAGE') AS ok")).rows[0]).toEqual({ ok: true });
        }
      });

      it("serializes concurrent runs with an advisory lock: all succeed, one sets up, the others find nothing to do", async () => {
        const database = await freshDatabase();
        const reports = await Promise.all(Array.from({ length: 6 }, () => manage(database)));
        expect(reports.filter((report) => report.createdRoles.length > 0)).toEqual([firstRunReport(database)]);
        expect(reports.filter((report) => report.createdRoles.length === 0)).toEqual(Array(5).fill(NOTHING));
        expect(await manage(database)).toEqual(NOTHING);
      });

      it("creates extensions in public, also after a first run has put the app schema first on the search path, and quotes names such as uuid-ossp", async () => {
        const database = await freshDatabase();
        await manage(database);
        expect(await manage(database, { extensions: ["uuid-ossp", "pgcrypto", "pg_trgm"] })).toEqual({ ...NOTHING, createdExtensions: ["uuid-ossp", "pgcrypto", "pg_trgm"] });
        expect((await catalogState(database)).extensions).toEqual([
          { extname: "pg_trgm", schema: "public" },
          { extname: "pgcrypto", schema: "public" },
          { extname: "plpgsql", schema: "pg_catalog" },
          { extname: "uuid-ossp", schema: "public" },
        ]);
        await givePasswords();
        const app = await connectAs(database, "app", ROLE_PASSWORDS.app);
        expect((await app.query("SELECT length(uuid_generate_v4()::text) AS n, length(gen_salt('bf')) > 0 AS salted")).rows).toEqual([{ n: 36, salted: true }]);
        await app.end();
      });

      /** What the role manager did before extensions had a schema: CREATE EXTENSION on the database's search path, which puts the app schema first. */
      async function extensionLeftInAppSchema(database: string, extension: string): Promise<void> {
        await manage(database);
        await execute(database, "master", [`CREATE EXTENSION ${quote(extension)}`]);
        expect((await catalogState(database)).extensions).toContainEqual({ extname: extension, schema: "app" });
      }

      it("moves an extension that an earlier run left in the app schema to public, and reports the move", async () => {
        const database = await freshDatabase();
        await extensionLeftInAppSchema(database, "uuid-ossp");
        // Moving needs ownership of the extension's objects, which a trusted extension's creator lacks; here the master gets them.
        await execute(database, "superuser", [
          `DO $$ DECLARE f regprocedure; BEGIN
             FOR f IN SELECT objid::regprocedure FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'uuid-ossp') AND classid = 'pg_proc'::regclass AND deptype = 'e'
             LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO dbadmin', f); END LOOP; END $$`,
        ]);
        expect(await manage(database, { extensions: ["uuid-ossp"] })).toEqual({ ...NOTHING, movedExtensions: ["uuid-ossp: app -> public"] });
        expect((await catalogState(database)).extensions).toContainEqual({ extname: "uuid-ossp", schema: "public" });
        expect(await manage(database, { extensions: ["uuid-ossp"] })).toEqual(NOTHING);
      });

      it("warns, changing nothing else, about an extension in the app schema that the master cannot move", async () => {
        const database = await freshDatabase();
        await extensionLeftInAppSchema(database, "pgcrypto");
        const before = await catalogState(database);
        const report = await manage(database, { extensions: ["pgcrypto"] });
        expect(report).toEqual({ ...NOTHING, warnings: [expect.stringMatching(/^extension pgcrypto is in schema app and could not be moved to public: must be owner of function \w+ \(the owner of its objects can move it, or drop it and let the role manager create it again\)$/)] });
        expect(await catalogState(database)).toEqual(before);
      });

      it("reports a missing rds_iam role as a warning instead of skipping it silently", async () => {
        const database = await freshDatabase();
        await su.query("DROP ROLE rds_iam");
        try {
          const report = await manage(database);
          expect(report.warnings).toEqual(["role rds_iam does not exist: migrator and app cannot log in with IAM authentication (RDS always has it)"]);
          expect(report.grantedMemberships).toEqual(["migrator -> dbadmin"]);
        } finally {
          await createRdsIam(su);
        }
      });

      /** A drift from the contract, how to apply it, and what the repairing run reports beyond NOTHING. */
      const drifts: [string, "superuser" | "master", (db: string) => string[], Partial<ManageReport>][] = [
        ["CREATE on the app schema for app", "superuser", () => ["GRANT CREATE ON SCHEMA app TO app"], { revoked: ["CREATE ON SCHEMA app FROM app"] }],
        ["CREATE on public for app", "superuser", () => ["GRANT CREATE ON SCHEMA public TO app"], { revoked: ["CREATE ON SCHEMA public FROM app"] }],
        ["CREATE on public for PUBLIC", "superuser", () => ["GRANT CREATE ON SCHEMA public TO PUBLIC"], { revoked: ["CREATE ON SCHEMA public FROM PUBLIC"] }],
        ["USAGE on the app schema for PUBLIC", "superuser", () => ["GRANT USAGE ON SCHEMA app TO PUBLIC"], { revoked: ["USAGE ON SCHEMA app FROM PUBLIC"] }],
        ["CREATE and TEMPORARY on the database for app", "superuser", (db) => [`GRANT CREATE, TEMPORARY ON DATABASE ${db} TO app`], {
          revoked: ["CREATE, TEMPORARY ON DATABASE {db} FROM app"],
        }],
        ["TEMPORARY on the database for migrator", "superuser", (db) => [`GRANT TEMPORARY ON DATABASE ${db} TO migrator`], { revoked: ["TEMPORARY ON DATABASE {db} FROM migrator"] }],
        ["CONNECT on the database for PUBLIC", "superuser", (db) => [`GRANT CONNECT ON DATABASE ${db} TO PUBLIC`], { revoked: ["CONNECT ON DATABASE {db} FROM PUBLIC"] }],
        ["app a member of migrator", "master", () => ["GRANT migrator TO app"], { revoked: ["membership in migrator FROM app"] }],
        ["migrator a member of app", "master", () => ["GRANT app TO migrator"], { revoked: ["membership in app FROM migrator"] }],
        ["CREATEROLE and CREATEDB on app", "superuser", () => ["ALTER ROLE app CREATEROLE CREATEDB"], { alteredRoles: ["app NOCREATEROLE NOCREATEDB"] }],
        ["CREATEROLE on migrator", "superuser", () => ["ALTER ROLE migrator CREATEROLE"], { alteredRoles: ["migrator NOCREATEROLE"] }],
        ["NOLOGIN on app", "superuser", () => ["ALTER ROLE app NOLOGIN"], { alteredRoles: ["app LOGIN"] }],
        ["the schema owned by the master", "superuser", () => ["ALTER SCHEMA app OWNER TO dbadmin"], { schema: "owner corrected" }],
        ["USAGE on the app schema lost by app", "superuser", () => ["REVOKE USAGE ON SCHEMA app FROM app"], { granted: ["USAGE ON SCHEMA app TO app"] }],
        ["CONNECT lost by migrator", "superuser", (db) => [`REVOKE CONNECT ON DATABASE ${db} FROM migrator`], { granted: ["CONNECT ON DATABASE {db} TO migrator"] }],
        ["a default privilege lost", "superuser", () => ["ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA app REVOKE DELETE ON TABLES FROM app"], {
          granted: ["DELETE ON TABLES migrator creates IN SCHEMA app TO app"],
        }],
        ["a default privilege added", "superuser", () => ["ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA app GRANT TRUNCATE ON TABLES TO app"], {
          revoked: ["TRUNCATE ON TABLES migrator creates IN SCHEMA app FROM app"],
        }],
      ];

      it.each(drifts)("repairs a drift: %s, reporting the repair, back to the clean catalog", async (_drift, as, sql, expected) => {
        const database = await freshDatabase();
        await manage(database);
        const clean = await catalogState(database);
        await execute(database, as, sql(database));
        expect(await catalogState(database)).not.toEqual(clean);
        const named = JSON.parse(JSON.stringify(expected).replaceAll("{db}", database)) as Partial<ManageReport>;
        expect(await manage(database)).toEqual({ ...NOTHING, ...named });
        expect(await catalogState(database)).toEqual(clean);
      });

      it("revokes a membership granted by a superuser on 15, and on 16+, where only a superuser can revoke it, fails naming it and changes nothing", async () => {
        const database = await freshDatabase();
        await manage(database);
        const clean = await catalogState(database);
        await execute(database, "superuser", ["GRANT migrator TO app"]);
        const drifted = await catalogState(database);
        const result = await run({ action: "manage" }, deps(database));
        if (server.versionNum < 160000) {
          expect(changesOf(result)).toEqual({ ...NOTHING, revoked: ["membership in migrator FROM app"] });
          expect(await catalogState(database)).toEqual(clean);
        } else {
          expect(result).toEqual({
            ok: false,
            action: "manage",
            error: {
              code: "refused",
              message: 'app is a member of migrator by a grant of postgres, which dbadmin cannot revoke: permission denied to revoke privileges granted by role "postgres"',
            },
          });
          expect(await catalogState(database)).toEqual(drifted);
        }
      });

      /** Roles the role manager refuses to manage, how they come about, and the error. */
      const refusals: [string, string[], Record<string, unknown>, string][] = [
        ["a managed role named like the master user", [], { roles: { app: "dbadmin" } }, 'roles.app = "dbadmin" is the user this run connects as: the role manager never manages the role it runs as'],
        ["an existing superuser of a managed role's name", ["CREATE ROLE app LOGIN SUPERUSER"], {}, "role app exists with SUPERUSER: it is not a role the role manager made, and dbadmin cannot remove that"],
        ["an existing role with REPLICATION", ["CREATE ROLE migrator LOGIN REPLICATION"], {}, "role migrator exists with REPLICATION: it is not a role the role manager made"],
        ["an existing role with BYPASSRLS", ["CREATE ROLE app LOGIN BYPASSRLS"], {}, "role app exists with BYPASSRLS: it is not a role the role manager made"],
      ];

      it.each(refusals)("refuses %s, changing nothing", async (_case, setup, event, message) => {
        const database = await freshDatabase();
        await execute(database, "superuser", setup);
        const before = await catalogState(database);
        const result = await run({ action: "manage", ...event }, deps(database));
        expect(result).toMatchObject({ ok: false, action: "manage", error: { code: "refused" } });
        expect((result as any).error.message).toContain(message);
        expect(await catalogState(database)).toEqual(before);
      });

      it("refuses a REPLICATION drift on a role it manages, since the master cannot remove it, changing nothing", async () => {
        const database = await freshDatabase();
        await manage(database);
        await execute(database, "superuser", ["ALTER ROLE app REPLICATION", "GRANT CREATE ON SCHEMA public TO app"]);
        const before = await catalogState(database);
        const result = await run({ action: "manage" }, deps(database));
        expect(result).toMatchObject({ ok: false, error: { code: "refused", message: expect.stringContaining("role app exists with REPLICATION") } });
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

      it("lets the app read and write tables the migrator creates later, through default privileges, and not drop them", async () => {
        const database = await freshDatabase();
        await manage(database);
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

      it("leaves PUBLIC unable to connect to the database or create in schema public", async () => {
        const database = await freshDatabase();
        await manage(database);
        await su.query("CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'");
        await expect(connectAs(database, "stranger", "stranger-password")).rejects.toThrow(`permission denied for database "${database}"`);
        await su.query(`GRANT CONNECT ON DATABASE ${database} TO stranger`);
        const stranger = await connectAs(database, "stranger", "stranger-password");
        await expect(stranger.query("CREATE TABLE public.intruder (id int)")).rejects.toThrow("permission denied for schema public");
        await expect(stranger.query("CREATE TABLE app.intruder (id int)")).rejects.toThrow("permission denied for schema app");
        await stranger.end();
      });
    });

    describe("check", () => {
      const passingSteps = [
        "migrator creates a table, its sequence and a function in app",
        "app inserts into it",
        "app reads it",
        "app updates it",
        "app takes a value from its sequence",
        "app executes the function",
        "app deletes from it",
        "app cannot create a schema",
        "app cannot create in app",
        "app cannot create in public",
        "app cannot create temporary tables",
        "app cannot create roles",
        "app cannot act as migrator",
        "PUBLIC cannot connect to the database",
        "clean up",
      ];

      it("proves the contract with the roles' own logins and leaves nothing behind", async () => {
        const database = await freshDatabase();
        await manage(database);
        await givePasswords();
        const before = await catalogState(database);
        expect(await run({ action: "check" }, deps(database))).toEqual({
          ok: true,
          action: "check",
          database,
          steps: passingSteps.map((step) => ({ step, passed: true })),
        });
        expect(await checkLeftovers(database)).toEqual([]);
        expect(await catalogState(database)).toEqual(before);
      });

      /** A breach of the contract, made after manage ran, and the steps that must then fail. */
      const breaches: [string, (db: string) => string, string[]][] = [
        ["CREATE on public for app", () => "GRANT CREATE ON SCHEMA public TO app", ["app cannot create in public: was allowed"]],
        ["CREATEROLE for app", () => "ALTER ROLE app CREATEROLE", ["app cannot create roles: was allowed"]],
        ["CREATE on the database for app", (db) => `GRANT CREATE ON DATABASE ${db} TO app`, ["app cannot create a schema: was allowed"]],
        ["TEMPORARY on the database for app", (db) => `GRANT TEMPORARY ON DATABASE ${db} TO app`, ["app cannot create temporary tables: was allowed"]],
        ["CREATE on the app schema for app", () => "GRANT CREATE ON SCHEMA app TO app", ["app cannot create in app: was allowed"]],
        ["app a member of migrator", () => "GRANT migrator TO app", ["app cannot create in app: was allowed", "app cannot act as migrator: was allowed"]],
        ["CONNECT on the database for PUBLIC", (db) => `GRANT CONNECT ON DATABASE ${db} TO PUBLIC`, ["PUBLIC cannot connect to the database: PUBLIC has CONNECT"]],
        ["no UPDATE by default on the migrator's tables", () => "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA app REVOKE UPDATE ON TABLES FROM app", [
          "app updates it: permission denied for table {table}",
        ]],
      ];

      it.each(breaches)("fails when the contract is breached (%s), naming the failing steps, and leaves nothing behind", async (_breach, sql, failing) => {
        const database = await freshDatabase();
        await manage(database);
        await givePasswords();
        await execute(database, "superuser", [sql(database)]);
        const before = await catalogState(database);
        const result = await run({ action: "check" }, deps(database));
        expect(result).toMatchObject({ ok: false, action: "check", error: { code: "check_failed" } });
        const steps = (result as Extract<RoleManagerResult, { ok: false }>).steps!;
        expect(steps.map((step) => step.step)).toEqual(passingSteps);
        const table = /role_check_[0-9a-f]{12}/.exec(JSON.stringify(steps))?.[0];
        const failed = steps.filter((step) => !step.passed).map((step) => `${step.step}: ${step.detail}`);
        expect(failed).toEqual(failing.map((line) => line.replace("{table}", table ?? "")));
        expect((result as any).error.message).toBe(failed.join("; "));
        expect(await checkLeftovers(database)).toEqual([]);
        expect(await catalogState(database)).toEqual(before);
      });
    });

    describe("input and connection errors", () => {
      it.each([
        [{ action: "manage", schema: "app; DROP SCHEMA public" }, `schema = "app; DROP SCHEMA public": must be 1-63 characters: lowercase letters, digits and underscores, not starting with a digit`],
        [{ action: "manage", roles: { app: 'x" SUPERUSER' } }, `roles.app = "x\\" SUPERUSER": must be 1-63 characters`],
        [{ action: "manage", roles: { migrator: "postgres" } }, `roles.migrator = "postgres": must not be a reserved role`],
        [{ action: "manage", roles: { migrator: "app", app: "app" } }, "roles = {\"migrator\":\"app\",\"app\":\"app\"}: migrator and app must be different roles"],
        [{ action: "manage", schema: "public" }, `schema = "public": must not be public or information_schema`],
        [{ action: "manage", schema: "uuid-ossp" }, `schema = "uuid-ossp": must be 1-63 characters: lowercase letters, digits and underscores`],
        [{ action: "manage", extensions: ["-ossp"] }, `extensions.0 = "-ossp": must be 1-63 characters: lowercase letters, digits, underscores and hyphens, not starting with a digit or hyphen`],
        [{ action: "manage", extensions: ["uuid ossp"] }, `extensions.0 = "uuid ossp": must be 1-63 characters: lowercase letters, digits, underscores and hyphens`],
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
    });
  });
}
