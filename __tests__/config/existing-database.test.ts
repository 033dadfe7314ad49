import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { issuesOf, Mutation } from "../support/config-issues";

type Database = NonNullable<NonNullable<NonNullable<PlatformConfigInput["apps"]>[string]["database"]>["existing"]>;

/** The adopted VPC of examples/existing-vpc.json, for network `dev` of the built-in configuration. */
const vpc = JSON.parse(readFileSync(join(__dirname, "../../examples/existing-vpc.json"), "utf8")).networks.lowers.existing;

/** An existing database in the built-in configuration's nonprod account (111111111111), us-east-1. */
const database = (): Database => ({
  host: "orders.c0ffee123456.us-east-1.rds.amazonaws.com",
  databaseName: "orders",
  secretArn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:orders/web-AbCdEf",
  securityGroupId: "sg-0123456789abcdef0",
});

/** Network `dev` adopting a VPC, and app web's dev environment using an existing database, changed by `change`. */
const useExisting =
  (change: (existing: Database, config: PlatformConfigInput) => void = () => undefined): Mutation =>
  (config) => {
    config.networks.dev = { account: "nonprod", region: "us-east-1", existing: structuredClone(vpc) };
    const existing = database();
    config.apps!.web.environments!.dev = { ...config.apps!.web.environments!.dev, database: { existing } };
    change(existing, config);
  };

const BESIDE = "must be left out beside apps.web.environments.dev.database.existing";
/** Issues as the loader lists them. */
const listed = (mutate: Mutation) => issuesOf(mutate).map((line) => line.replace(/^ {2}- /, ""));

describe("apps.<app>.database.existing: an existing database, validated", () => {
  it("accepts an existing database in an environment whose network adopts its VPC, and app-wide settings for the other environments", () => {
    expect(listed(useExisting())).toEqual([]);
    expect(listed(useExisting((_, config) => (config.apps!.web.database = { engine: "aurora-postgresql-serverless", readReplica: true })))).toEqual([]);
    expect(listed(useExisting((existing) => Object.assign(existing, { port: 6432, kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef" })))).toEqual([]);
  });

  it.each([
    ["a host", useExisting((e) => (e.host = "Orders_DB")), `apps.web.environments.dev.database.existing.host = "Orders_DB": must be a lowercase DNS name such as orders.abcdefghijkl.us-east-1.rds.amazonaws.com`],
    ["a port", useExisting((e) => (e.port = 80)), `apps.web.environments.dev.database.existing.port = 80: must be at least 1150`],
    [
      "a database name",
      useExisting((e) => (e.databaseName = "1orders")),
      `apps.web.environments.dev.database.existing.databaseName = "1orders": must be a database name of 1-63 characters: letters, digits, _, $ and -, starting with a letter or _`,
    ],
    [
      "a secret's full ARN",
      useExisting((e) => (e.secretArn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:orders/web")),
      `apps.web.environments.dev.database.existing.secretArn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:orders/web": must be a Secrets Manager secret's full ARN, with the six characters after its name, such as arn:aws:secretsmanager:us-east-1:111111111111:secret:orders/app-AbCdEf`,
    ],
    [
      "a key ARN, not an alias",
      useExisting((e) => (e.kmsKeyArn = "arn:aws:kms:us-east-1:111111111111:alias/orders")),
      `apps.web.environments.dev.database.existing.kmsKeyArn = "arn:aws:kms:us-east-1:111111111111:alias/orders": must be a KMS key ARN (key/<id>, not an alias), such as arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555`,
    ],
    [
      "a security group id",
      useExisting((e) => (e.securityGroupId = "orders-db")),
      `apps.web.environments.dev.database.existing.securityGroupId = "orders-db": must be a security group id: sg- and 8 or 17 hex digits, such as sg-0123456789abcdef0`,
    ],
  ])("refuses a malformed field: %s", (_, mutate, message) => {
    expect(listed(mutate)).toEqual([message]);
  });

  it.each([
    [
      "engine settings in the same environment",
      useExisting((_, c) => Object.assign(c.apps!.web.environments!.dev.database!, { engine: "aurora-postgresql-serverless" })),
      `apps.web.environments.dev.database.engine = "aurora-postgresql-serverless": ${BESIDE}: the platform creates no database: existing describes the one the app uses`,
    ],
    [
      "a read replica in the same environment",
      useExisting((_, c) => Object.assign(c.apps!.web.environments!.dev.database!, { readReplica: true })),
      `apps.web.environments.dev.database.readReplica = true: ${BESIDE}: the platform creates no database: existing describes the one the app uses`,
    ],
    [
      "database alarm thresholds in the same environment",
      useExisting((_, c) => (c.apps!.web.environments!.dev.databaseAlarms = { cpuPercent: 70 })),
      `apps.web.environments.dev.databaseAlarms.cpuPercent = 70: ${BESIDE}: the platform creates no database alarms: the database's are its owner's`,
    ],
    [
      "the service's databaseCredentials in the same environment",
      useExisting((_, c) => (c.apps!.web.environments!.dev.service = { databaseCredentials: "master-secret" })),
      `apps.web.environments.dev.service.databaseCredentials = "master-secret": ${BESIDE}: the app logs in with the username and password of existing.secretArn`,
    ],
    [
      "a network that creates its VPC",
      (config: PlatformConfigInput) => (config.apps!.web.environments!.dev = { database: { existing: database() } }),
      `apps.web.environments.dev.database.existing.securityGroupId = "sg-0123456789abcdef0": needs environment dev's network dev to adopt the database's VPC (networks.dev.existing): the platform admits the tasks' security group to the database's, which works only within one VPC`,
    ],
    [
      "a secret in another account under the AWS managed key",
      useExisting((e) => (e.secretArn = "arn:aws:secretsmanager:us-east-1:999999999999:secret:orders/web-AbCdEf")),
      `apps.web.environments.dev.database.existing.secretArn = "arn:aws:secretsmanager:us-east-1:999999999999:secret:orders/web-AbCdEf": is in account 999999999999, not the environment's 111111111111: give existing.kmsKeyArn, the secret's customer managed key (a secret under the AWS managed key cannot be read from another account)`,
    ],
    [
      "a key in another region than its secret",
      useExisting((e) => (e.kmsKeyArn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555")),
      `apps.web.environments.dev.database.existing.kmsKeyArn = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555": is in region eu-west-1, but the secret is in us-east-1: a secret's key is in the secret's region`,
    ],
  ])("refuses %s", (_, mutate, message) => {
    expect(listed(mutate)).toEqual([message]);
  });

  it("refuses an existing database in an environment with a DR network, whose stacks replicate a database the platform creates", () => {
    const issues = listed((config) => (config.apps!.web.environments!.prod.database = { existing: database() }));
    expect(issues).toContain(
      `apps.web.environments.prod.database.existing = "orders.c0ffee123456.us-east-1.rds.amazonaws.com": cannot be used in environment prod, which has drNetwork prod-dr: its DR stacks replicate and promote a database the platform creates; leave out drNetwork or the existing database`,
    );
  });

  it("names the app-wide field where an app-wide existing database meets app-wide engine settings", () => {
    const issues = listed(
      useExisting((existing, config) => {
        delete config.apps!.web.environments!.dev.database;
        config.apps!.web.environments = { dev: config.apps!.web.environments!.dev };
        config.apps!.web.database = { existing, instanceClass: "db.t4g.small" };
      }),
    );
    expect(issues).toEqual([`apps.web.database.instanceClass = "db.t4g.small": must be left out beside apps.web.database.existing: the platform creates no database: existing describes the one the app uses`]);
  });
});
