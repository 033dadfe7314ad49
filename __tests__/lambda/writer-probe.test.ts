import { readdirSync } from "node:fs";
import { bundleWriterProbe, WRITER_PROBE_ARCHIVE } from "../../lambda/writer-probe/bundle";
import { probeConfiguration } from "../../lambda/writer-probe/src/handler";
import { embeddedMetricLine } from "../../lambda/shared/embedded-metric";
import { probeWriter, ProbeDependencies } from "../../lambda/writer-probe/src/probe";
import { DEFAULT_POSTGRES_VERSION } from "../../src/config/database/defaults";
import { startPostgres, TestPostgres } from "../support/postgres";

/**
 * The writer probe against a real PostgreSQL server of the built-in engine's major, which this
 * test restarts as a standby (in recovery, as an RDS read replica is) and then promotes with
 * `pg_promote()`, as RDS does when it promotes a replica. The IAM token is replaced by a
 * password: RDS's IAM authentication cannot run here.
 */
const MAJOR = DEFAULT_POSTGRES_VERSION["rds-postgresql"].split(".")[0];
const PASSWORD = "probe-password";

describe(`the writer probe against PostgreSQL ${MAJOR}`, () => {
  let server: TestPostgres;
  const dependencies = (overrides: Partial<{ port: number; password: string }> = {}): ProbeDependencies => ({
    connection: { host: server.host, port: overrides.port ?? server.port, database: "postgres", ca: server.ca, connectTimeoutMs: 60_000, applicationName: "writer-probe" },
    credentials: async () => ({ user: "app", password: overrides.password ?? PASSWORD }),
  });

  beforeAll(async () => {
    server = await startPostgres(MAJOR);
    const admin = await server.superuser();
    await admin.query(`CREATE ROLE app LOGIN PASSWORD '${PASSWORD}'`);
    await admin.end();
  });
  afterAll(async () => server?.stop());

  it("finds a primary a writer, then a standby not (in recovery), then the promoted standby a writer again", async () => {
    expect(await probeWriter(dependencies())).toEqual({ writer: 1 });
    await server.restartAsStandby();
    expect(await probeWriter(dependencies())).toEqual({ writer: 0, reason: "in recovery: a replica" });
    const admin = await server.superuser();
    await admin.query("SELECT pg_promote(true, 30)");
    await admin.end();
    expect(await probeWriter(dependencies())).toEqual({ writer: 1 });
  });

  it("finds a server whose sessions are read-only not a writer", async () => {
    const admin = await server.superuser();
    await admin.query("ALTER ROLE app SET default_transaction_read_only = on");
    try {
      expect(await probeWriter(dependencies())).toEqual({ writer: 0, reason: "read-only sessions" });
    } finally {
      await admin.query("ALTER ROLE app RESET default_transaction_read_only");
      await admin.end();
    }
  });

  it("reports not a writer, with why, when it cannot log in or connect: DNS never moves on a guess", async () => {
    expect(await probeWriter(dependencies({ password: "wrong" }))).toEqual({ writer: 0, reason: expect.stringMatching(/could not log in to 127\.0\.0\.1:\d+\/postgres as app/) });
    expect(await probeWriter(dependencies({ port: 1 }))).toEqual({ writer: 0, reason: expect.stringMatching(/could not connect to 127\.0\.0\.1:1\/postgres as app/) });
  });
});

describe("the writer probe's metric and configuration", () => {
  it("writes one embedded-metric line: a standard-resolution datapoint of Writer for the database", () => {
    const line = embeddedMetricLine({ namespace: "Platform/Failover", name: "Writer", dimension: { name: "Database", value: "acme-web-prod-dr" } }, 1, 1_800_000_000_000);
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: 1_800_000_000_000,
        CloudWatchMetrics: [{ Namespace: "Platform/Failover", Dimensions: [["Database"]], Metrics: [{ Name: "Writer", Unit: "None", StorageResolution: 60 }] }],
      },
      Database: "acme-web-prod-dr",
      Writer: 1,
    });
    expect(line).not.toContain("\n");
  });

  it("names every missing variable, and refuses a port that is not one", () => {
    expect(() => probeConfiguration({ DB_HOST: "db" })).toThrow(
      "configuration_error: environment variables missing: DB_PORT, DB_NAME, DB_USER, AWS_REGION, METRIC_NAMESPACE, METRIC_NAME, METRIC_DIMENSION, DB_IDENTIFIER",
    );
    const env = { DB_HOST: "db", DB_PORT: "5432x", DB_NAME: "app", DB_USER: "app", AWS_REGION: "eu-west-1", METRIC_NAMESPACE: "N", METRIC_NAME: "Writer", METRIC_DIMENSION: "Database", DB_IDENTIFIER: "d" };
    expect(() => probeConfiguration(env)).toThrow('DB_PORT = "5432x": must be an integer from 1 to 65535');
    expect(probeConfiguration({ ...env, DB_PORT: "5432" }).metric).toEqual({ namespace: "N", name: "Writer", dimension: { name: "Database", value: "d" } });
  });

  it("bundles into one index.js and its archive", () => {
    expect(readdirSync(bundleWriterProbe()).sort()).toEqual(["index.js", WRITER_PROBE_ARCHIVE]);
  });
});
