import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPlatformRun, parseConfig } from "../../src/config/platform/load";
import { estimateStack } from "../../src/cost/estimate";
import { explainEnvironment } from "../../src/explain/explanation";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { runOf } from "../support/config";

/**
 * examples/existing-database.json: examples/existing-vpc.json with dev and staging using existing
 * databases in the adopted VPC (staging's secret under a customer managed key, on port 6432); prod
 * creates its own database.
 */
const EXAMPLE = join(__dirname, "../../examples/existing-database.json");
const example = JSON.parse(readFileSync(EXAMPLE, "utf8"));
const existing = (env: "dev" | "staging") => example.apps.web.environments[env].database.existing;
const run = runOf(example);
const { app, platform } = buildPlatform(run);
const stacks = (env: string) => {
  const deployment = platform.deployments.get(`web-${env}`)!;
  return { database: new SynthesizedStack(deployment.database), service: new SynthesizedStack(deployment.service), backup: new SynthesizedStack(deployment.backup) };
};
const dev = stacks("dev");
const staging = stacks("staging");

/** Resource types of a database the platform creates, and of what comes with it. */
const CREATED_DATABASE_TYPES = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_db_parameter_group",
  "aws_rds_cluster_parameter_group",
  "aws_db_event_subscription",
  "aws_secretsmanager_secret",
  "aws_kms_key",
  "aws_cloudwatch_metric_alarm",
  "aws_cloudwatch_log_group",
  "aws_lambda_function",
  "aws_iam_role",
];

/** The app container's definition in a service stack. */
function appContainer(service: SynthesizedStack): { environment: { name: string; value: string }[]; secrets: { name: string; valueFrom: string }[] } {
  const [taskDefinition] = service.resources("aws_ecs_task_definition");
  return JSON.parse(taskDefinition.container_definitions).find((container: { name: string }) => container.name === "app");
}

/** The statements of the task execution role's inline policy. */
function executionStatements(service: SynthesizedStack): { Sid: string; Action: string | string[]; Resource: string | string[] }[] {
  const policy = service.resources("aws_iam_role_policy").find((candidate) => candidate.__name.startsWith("roles_execution"))!;
  return JSON.parse(policy.policy).Statement;
}

describe("an app using an existing database (examples/existing-database.json)", () => {
  it("creates no database, secret, key, alarms, logs or role manager; only the clients' group and one rule on the database's group, whose VPC the plan checks", () => {
    for (const { database } of [dev, staging]) {
      expect(CREATED_DATABASE_TYPES.filter((type) => database.resources(type).length > 0)).toEqual([]);
      expect(database.json.ephemeral).toBeUndefined();
      expect(Object.keys(database.json.resource).sort()).toEqual(["aws_security_group", "aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule"]);
    }
    const [group] = Object.values(dev.database.json.data.aws_security_group) as { id: string; lifecycle: { postcondition: { condition: string }[] } }[];
    expect(group.id).toBe(existing("dev").securityGroupId);
    expect(group.lifecycle.postcondition.map((check) => check.condition)).toEqual([`\${self.vpc_id == "${example.networks.lowers.existing.vpcId}"}`]);
    const [clients] = dev.database.resources("aws_security_group");
    expect(clients.vpc_id).toBe(example.networks.lowers.existing.vpcId);
    const [ingress] = staging.database.resources("aws_vpc_security_group_ingress_rule");
    expect(ingress).toMatchObject({ security_group_id: existing("staging").securityGroupId, from_port: 6432, to_port: 6432, ip_protocol: "tcp" });
    expect(ingress.referenced_security_group_id).toBe(SynthesizedStack.ref("aws_security_group", staging.database.resources("aws_security_group")[0]));
  });

  it("still creates prod's own database, in the same configuration", () => {
    const prod = new SynthesizedStack(platform.deployments.get("web-prod")!.database);
    expect(prod.resources("aws_db_instance").length).toBeGreaterThan(0);
    expect(prod.resources("aws_secretsmanager_secret").length).toBe(1);
  });

  it("passes host, port and name to the app, and the secret's username and password as ECS secrets", () => {
    for (const [env, { service }] of [["dev", dev], ["staging", staging]] as const) {
      const given = existing(env);
      const container = appContainer(service);
      const variables = Object.fromEntries(container.environment.map(({ name, value }) => [name, value]));
      expect(variables).toMatchObject({ DB_HOST: given.host, DB_PORT: String(given.port ?? 5432), DB_NAME: given.databaseName, DB_AUTH: "existing-secret" });
      expect(variables.DB_USER).toBeUndefined();
      const secrets = Object.fromEntries(container.secrets.map(({ name, valueFrom }) => [name, valueFrom]));
      expect(secrets.DB_USER).toBe(`${given.secretArn}:username::`);
      expect(secrets.DB_PASSWORD).toBe(`${given.secretArn}:password::`);
    }
  });

  it("lets the execution role read that secret only and decrypt with its key only; the task role has no rds-db:connect", () => {
    const arns = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
    for (const [env, { service }] of [["dev", dev], ["staging", staging]] as const) {
      const given = existing(env);
      const statements = executionStatements(service);
      const read = arns(statements.find((statement) => statement.Sid === "InjectSecrets")!.Resource);
      // The secrets stack's own secret (a remote state reference) and the existing database's secret: no other literal ARN.
      expect(read.filter((arn) => !arn.startsWith("${"))).toEqual([given.secretArn]);
      const decrypt = arns(statements.find((statement) => statement.Sid === "DecryptSecrets")!.Resource);
      expect(decrypt.filter((arn) => !arn.startsWith("${"))).toEqual(given.kmsKeyArn ? [given.kmsKeyArn] : []);
      expect(service.text).not.toContain("rds-db:connect");
    }
  });

  it("leaves the database's backups to its owner: nothing in its stack carries the backup plan's tag, and the backup stack names no database", () => {
    for (const { database, backup } of [dev, staging]) {
      expect(database.text).not.toContain("BackupPlan");
      expect(backup.text).not.toMatch(/arn:aws:rds:|rds\.amazonaws\.com/);
      const [selection] = backup.resources("aws_backup_selection");
      expect(selection.resources).toEqual(["*"]);
    }
  });

  it("is not priced by npm run cost: the database stack's only charges are none", () => {
    expect(estimateStack(dev.database.json)).toEqual([]);
  });

  it("is shown as existing by npm run explain, with no database alarms", () => {
    const config = parseConfig(example, "test");
    const sections = explainEnvironment(config, run.platform, "staging").sections;
    const database = sections.find((section) => section.title.startsWith("app web: database"))!;
    expect(database.title).toBe("app web: database (existing: the platform creates no database, secret, alarms or backups, and adds one ingress rule to its group)");
    expect(database.settings.map(({ key, value, source }) => [key, value, source])).toEqual([
      ["existing.host", existing("staging").host, "apps.web.environments.staging.database.existing"],
      ["existing.port", 6432, "apps.web.environments.staging.database.existing"],
      ["existing.databaseName", "orders", "apps.web.environments.staging.database.existing"],
      ["existing.secretArn", existing("staging").secretArn, "apps.web.environments.staging.database.existing"],
      ["existing.kmsKeyArn", existing("staging").kmsKeyArn, "apps.web.environments.staging.database.existing"],
      ["existing.securityGroupId", existing("staging").securityGroupId, "apps.web.environments.staging.database.existing"],
    ]);
    expect(sections.some((section) => section.title === "app web: database alarms")).toBe(false);
    const credentials = sections.find((section) => section.title === "app web: service")!.settings.find((setting) => setting.key === "databaseCredentials");
    expect(credentials?.value).toBe("existing-secret");
  });

  it("synthesizes every stack of the example, with no configuration warning", () => {
    expect(loadPlatformRun({ PLATFORM_CONFIG: EXAMPLE }).warnings).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });
});
