import { DATABASE_ENGINES, DEFAULT_POSTGRES_VERSION, KNOWN_POSTGRES_VERSIONS, SUPPORTED_POSTGRES_MAJORS } from "../../src/config/database/defaults";
import { issuesOf, deploymentOf, Mutation } from "../support/config-issues";


const deployment = deploymentOf;

describe("the known PostgreSQL versions", () => {
  it("are of supported majors only (each has a role manager test server), and each engine's default is one of them", () => {
    for (const engine of DATABASE_ENGINES) {
      expect(KNOWN_POSTGRES_VERSIONS[engine].every((version) => (SUPPORTED_POSTGRES_MAJORS as readonly string[]).includes(version.split(".")[0]))).toBe(true);
      expect(KNOWN_POSTGRES_VERSIONS[engine]).toContain(DEFAULT_POSTGRES_VERSION[engine]);
    }
    expect(deployment("dev", (c) => (c.apps!.web.database = { engine: "aurora-postgresql-serverless" })).database.engineVersion).toBe("16.10");
  });
});

describe("app settings: tier presets, then the app's, then the environment's", () => {
  it("takes the database from seed 004's table when config says nothing", () => {
    expect(deployment("staging").database).toMatchObject({
      engine: "rds-postgresql",
      engineVersion: "16.11",
      majorVersion: "16",
      instanceClass: "db.t3.small",
      allocatedStorageGb: 30,
      backupRetentionDays: 14,
      multiAz: false,
      deletionProtection: false,
      encrypted: true,
      finalSnapshot: true,
      logRetentionDays: 14,
    });
  });

  it("lets the app change a setting everywhere and an environment change it again", () => {
    const mutate: Mutation = (c) => {
      c.apps!.web.database = { instanceClass: "db.t4g.medium", backupRetentionDays: 21 };
      c.apps!.web.environments!.prod.database = { instanceClass: "db.r7g.xlarge" };
      c.environments.prod.waivers = { backupRetention: "21 days agreed with the data owner until the archive exists" };
    };
    expect(deployment("dev", mutate).database).toMatchObject({ instanceClass: "db.t4g.medium", backupRetentionDays: 21, allocatedStorageGb: 20 });
    expect(deployment("prod", mutate).database).toMatchObject({ instanceClass: "db.r7g.xlarge", backupRetentionDays: 21, allocatedStorageGb: 100 });
  });

  it("takes alarm thresholds from the tier and the app", () => {
    expect(deployment("prod").databaseAlarms).toMatchObject({ cpuPercent: 80, freeStoragePercent: 10 });
    expect(deployment("dev", (c) => (c.apps!.web.databaseAlarms = { cpuPercent: 90 })).databaseAlarms.cpuPercent).toBe(90);
  });

  it("lets an environment turn off the app's incident management with null", () => {
    const mutate: Mutation = (c) => {
      c.apps!.web.alerts = { incidentManagement: { provider: "splunk-on-call", endpointParameter: "/acme/oncall" } };
      c.apps!.web.environments!.dev = { alerts: { incidentManagement: null } };
    };
    expect(deployment("dev", mutate).alerts.incidentManagement).toBeUndefined();
    expect(deployment("uat", mutate).alerts.incidentManagement).toEqual({ provider: "splunk-on-call", endpointParameter: "/acme/oncall" });
  });

  it("always generates the app secret key first, every secret at version 1 until config raises it", () => {
    expect(deployment("dev", (c) => (c.apps!.web.secrets = { salt: {} })).secrets).toEqual([
      { name: "secret-key", length: 64, special: false, version: 1 },
      { name: "salt", length: 48, special: false, version: 1 },
    ]);
  });

  it("takes an environment's secret settings over the app's, and lets the app secret key set its version only", () => {
    const mutate: Mutation = (c) => {
      c.apps!.web.secrets = { salt: { length: 32, version: 2 }, "secret-key": { version: 4 } };
      c.apps!.web.environments!.prod = { ...c.apps!.web.environments!.prod, secrets: { salt: { version: 3 }, pepper: { special: true } } };
    };
    expect(deployment("prod", mutate).secrets).toEqual([
      { name: "secret-key", length: 64, special: false, version: 4 },
      { name: "salt", length: 32, special: false, version: 3 },
      { name: "pepper", length: 48, special: true, version: 1 },
    ]);
    expect(deployment("dev", mutate).secrets.map((secret) => secret.version)).toEqual([4, 2]);
  });

  it("keeps the master password at version 1 until config raises it for an app or an environment", () => {
    expect(deployment("prod", () => undefined).database.masterPasswordVersion).toBe(1);
    const mutate: Mutation = (c) => (c.apps!.web.environments!.prod = { ...c.apps!.web.environments!.prod, database: { masterPasswordVersion: 5 } });
    expect(deployment("prod", mutate).database.masterPasswordVersion).toBe(5);
    expect(deployment("uat", mutate).database.masterPasswordVersion).toBe(1);
  });
});

describe("app validation: one message per rule, naming field, value and what is allowed", () => {
  it.each<[string, Mutation, string]>([
    ["engine", (c) => (c.apps!.web.database = { engine: "mysql" as any }), `apps.web.database.engine = "mysql": must be one of rds-postgresql, aurora-postgresql-serverless`],
    ["engine version", (c) => (c.apps!.web.database = { engineVersion: "16" }), `apps.web.database.engineVersion = "16": must be a PostgreSQL major.minor version such as 16.11`],
    ["instance class", (c) => (c.apps!.web.database = { instanceClass: "t3.micro" }), `apps.web.database.instanceClass = "t3.micro": must be an RDS instance class such as db.t3.micro`],
    ["storage", (c) => (c.apps!.web.database = { allocatedStorageGb: 10 }), `apps.web.database.allocatedStorageGb = 10: must be at least 20 GB`],
    ["backups", (c) => (c.apps!.web.database = { backupRetentionDays: 40 }), `apps.web.database.backupRetentionDays = 40: must be at most 35 days`],
    ["monitoring interval", (c) => (c.apps!.web.database = { enhancedMonitoringIntervalSeconds: 20 }), `apps.web.database.enhancedMonitoringIntervalSeconds = 20: must be one of 0, 1, 5, 10, 15, 30, 60`],
    ["capacity step", (c) => (c.apps!.web.database = { maxCapacity: 2.3 }), `apps.web.database.maxCapacity = 2.3: must be a multiple of 0.5 ACU`],
    ["role identifier", (c) => (c.apps!.web.database = { appRole: "App-User" }), `apps.web.database.appRole = "App-User": must be 1-63 characters: lowercase letters, digits and underscores`],
    ["reserved prefix", (c) => (c.apps!.web.database = { schema: "pg_app" }), `apps.web.database.schema = "pg_app": the pg_ prefix is reserved by PostgreSQL`],
    ["e-mail", (c) => (c.apps!.web.alerts = { emails: ["oncall"] }), `apps.web.alerts.emails[0] = "oncall": must be an e-mail address`],
    [
      "incident provider",
      (c) => (c.apps!.web.alerts = { incidentManagement: { provider: "opsgenie" as any, endpointParameter: "/x" } }),
      `apps.web.alerts.incidentManagement.provider = "opsgenie": must be one of pagerduty, splunk-on-call`,
    ],
    [
      "endpoint parameter",
      (c) => (c.apps!.web.alerts = { incidentManagement: { provider: "pagerduty", endpointParameter: "https://events.pagerduty.com/x" } }),
      `apps.web.alerts.incidentManagement.endpointParameter = "https://events.pagerduty.com/x": must be an SSM parameter name such as /acme/web/pagerduty-url`,
    ],
    ["secret length", (c) => (c.apps!.web.secrets = { salt: { length: 8 } }), `apps.web.secrets.salt.length = 8: must be at least 16 characters`],
    ["threshold", (c) => (c.apps!.web.databaseAlarms = { cpuPercent: 120 }), `apps.web.databaseAlarms.cpuPercent = 120: must be below 100`],
    [
      "storage ceiling below storage",
      (c) => (c.apps!.web.environments!.prod = { database: { maxAllocatedStorageGb: 60 } }),
      `apps.web.environments.prod.database.maxAllocatedStorageGb = 60: must be at least the allocated storage of 100 GB in environment prod`,
    ],
    [
      "min capacity above max",
      (c) => (c.apps!.web.database = { minCapacity: 8 }),
      `apps.web.database.minCapacity = 8: must be at most the maximum capacity of 2 ACUs in environment dev`,
    ],
    ["same roles", (c) => (c.apps!.web.database = { appRole: "migrator" }), `apps.web.database.appRole = "migrator": must differ from migratorRole: the app must not own the schema`],
    [
      "secret key redefined",
      (c) => (c.apps!.web.secrets = { "secret-key": { length: 32 } }),
      `apps.web.secrets.secret-key = {"length":32}: is the app secret key every app gets (64 letters and digits): only its version may be set; give further secrets other names`,
    ],
    [
      "secret key redefined in an environment",
      (c) => (c.apps!.web.environments!.dev = { secrets: { "secret-key": { special: true, version: 2 } } }),
      `apps.web.environments.dev.secrets.secret-key = {"special":true,"version":2}: is the app secret key every app gets (64 letters and digits): only its version may be set`,
    ],
    ["secret version", (c) => (c.apps!.web.secrets = { salt: { version: 0 } }), `apps.web.secrets.salt.version = 0: must be at least 1`],
    ["fractional secret version", (c) => (c.apps!.web.secrets = { salt: { version: 1.5 } }), `apps.web.secrets.salt.version = 1.5: must be a whole number`],
    [
      "master password version",
      (c) => (c.apps!.web.environments!.prod = { database: { masterPasswordVersion: -1 } }),
      `apps.web.environments.prod.database.masterPasswordVersion = -1: must be at least 1`,
    ],
    [
      "an RDS version RDS no longer creates",
      (c) => (c.apps!.web.database = { engineVersion: "16.6" }),
      `apps.web.database.engineVersion = "16.6": is not a version rds-postgresql is known to create: one of 15.13, 15.14, 15.15, 16.9, 16.10, 16.11, 17.5, 17.6, 17.7 (a newer release goes into KNOWN_POSTGRES_VERSIONS in src/config/database/defaults.ts)`,
    ],
    [
      "an RDS version that Aurora does not have",
      (c) => (c.apps!.web.environments!.prod = { database: { engine: "aurora-postgresql-serverless", engineVersion: "16.11" } }),
      `apps.web.environments.prod.database.engineVersion = "16.11": is not a version aurora-postgresql-serverless is known to create: one of 15.14, 16.10, 17.6`,
    ],
    [
      "unsupported engine major",
      (c) => (c.apps!.web.database = { engineVersion: "14.12" }),
      `apps.web.database.engineVersion = "14.12": must be of a supported PostgreSQL major: 15, 16, 17`,
    ],
    [
      "managed role named like the master user",
      (c) => (c.apps!.web.database = { migratorRole: "dbadmin" }),
      `apps.web.database.migratorRole = "dbadmin": must not be the master user dbadmin: the role manager would alter the user it logs in as`,
    ],
    [
      "extension name",
      (c) => (c.apps!.web.database = { extensions: ["uuid-ossp", "Bad Name"] }),
      `apps.web.database.extensions[1] = "Bad Name": must be an extension name of 1-63 characters: lowercase letters, digits, underscores and hyphens`,
    ],
    [
      "no Secrets Manager endpoint",
      (c) => (c.networks.staging.interfaceEndpoints = { services: ["ecr.api"] }),
      `networks.staging.interfaceEndpoints.services = ["ecr.api"]: must include "secretsmanager": app web has a database in environment staging, and its role manager reaches secretsmanager from the database subnets, which have no route out of the VPC`,
    ],
  ])("%s", (_rule, mutate, expected) => {
    const issues = issuesOf(mutate);
    expect(issues.some((line) => line.startsWith(`  - ${expected}`))).toBe(true);
  });
});
