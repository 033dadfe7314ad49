import { Testing } from "cdktf";
import { buildPlatform } from "../support/synth";

/**
 * No synthesized file holds a secret value, and no state will: passwords and
 * generated secrets are ephemeral values, which reach AWS through write-only
 * arguments only (Terraform refuses them anywhere else, and stores neither).
 * So no stack has a random_* resource (whose result is kept in state), no
 * resource sets a plain secret argument, an ephemeral reference appears in a
 * `*_wo` argument only, and no file holds an incident management URL.
 */
const SECRET_ARGUMENTS = ["password", "master_password", "secret_string", "secret_binary"];
const LITERAL_URL = /https:\/\/[^"$]*(pagerduty|victorops|splunk)/i;

interface Finding {
  readonly where: string;
  readonly what: string;
}

/** Every string below `node`, with the argument path that holds it. */
function strings(node: unknown, path: string): [string, string][] {
  if (typeof node === "string") return [[path, node]];
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, child]) => strings(child, path ? `${path}.${key}` : key));
}

function findSecrets(stackId: string, json: Record<string, any>): Finding[] {
  const findings: Finding[] = [];
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    if (type.startsWith("random_")) findings.push({ where: `${stackId} ${type}`, what: "a random_* resource, whose result Terraform keeps in state" });
    for (const [name, config] of Object.entries<Record<string, any>>(resources)) {
      for (const argument of SECRET_ARGUMENTS) {
        if (config[argument] !== undefined) {
          findings.push({ where: `${stackId} ${type}.${name}.${argument}`, what: `a secret argument set to ${JSON.stringify(config[argument])}` });
        }
      }
      for (const [path, text] of strings(config, "")) {
        const argument = path.split(".")[0];
        if (text.includes("ephemeral.") && !argument.endsWith("_wo")) {
          findings.push({ where: `${stackId} ${type}.${name}.${path}`, what: "an ephemeral value in an argument that is not write-only" });
        }
      }
    }
  }
  for (const [path, text] of strings({ output: json.output ?? {}, locals: json.locals ?? {} }, "")) {
    if (text.includes("ephemeral.")) findings.push({ where: `${stackId} ${path}`, what: "an ephemeral value in an output or local" });
  }
  // A Splunk HEC endpoint is a host, not a secret (its token is in Secrets Manager, and a hec_token argument fails the guardrails).
  if (LITERAL_URL.test(JSON.stringify(json, (key, value) => (key === "hec_endpoint" ? undefined : value)))) findings.push({ where: stackId, what: "an incident management URL" });
  return findings;
}

describe("no secret in any synthesized file or state", () => {
  const { app } = buildPlatform();
  const stacks = app.node.children.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack as any))] as const);

  it("finds nothing in any stack of the default configuration", () => {
    // 45, and the cache stacks of staging, uat, prod and prod's DR region.
    // ... and prod's edge stack (the CDN, decision 0008).
    expect(stacks.length).toBe(50);
    expect(stacks.flatMap(([id, json]) => findSecrets(id, json))).toEqual([]);
  });

  it("generates every password and secret with an ephemeral block: one per secrets and per database stack's secret, and the edge stack's origin secret", () => {
    const generators = stacks.map(([id, json]) => [id, Object.keys(json.ephemeral?.aws_secretsmanager_random_password ?? {}).length] as const).filter(([, count]) => count > 0);
    expect(generators).toEqual(
      [...["dev", "staging", "uat", "prod"].flatMap((env) => [[`web-${env}-secrets`, 1], [`web-${env}-database`, 1]]), ["web-prod-edge", 1]].sort(([a], [b]) => stacks.findIndex(([id]) => id === a) - stacks.findIndex(([id]) => id === b)),
    );
  });

  it("needs no provider beyond AWS in any stack but the github one, so the engine checks can load all the others", () => {
    expect(stacks.filter(([, json]) => Object.keys(json.terraform?.required_providers ?? {}).some((provider) => provider !== "aws")).map(([id]) => id)).toEqual(["github-platform"]);
  });

  it("would notice a literal password, a random resource, an ephemeral value in a stored argument or output, or a pasted URL", () => {
    const planted = {
      resource: {
        aws_db_instance: { db: { password: "hunter2hunter2", tags: { note: "${ephemeral.aws_secretsmanager_random_password.p.random_password}" } } },
        random_password: { stray: { length: 16 } },
        aws_sns_topic_subscription: { page: { endpoint: "https://events.pagerduty.com/integration/abc/enqueue" } },
      },
      output: { leak: { value: "${ephemeral.aws_secretsmanager_random_password.p.random_password}" } },
    };
    expect(findSecrets("web-dev-database", planted).map((f) => `${f.where}: ${f.what}`)).toEqual([
      'web-dev-database aws_db_instance.db.password: a secret argument set to "hunter2hunter2"',
      "web-dev-database aws_db_instance.db.tags.note: an ephemeral value in an argument that is not write-only",
      "web-dev-database random_password: a random_* resource, whose result Terraform keeps in state",
      "web-dev-database output.leak.value: an ephemeral value in an output or local",
      "web-dev-database: an incident management URL",
    ]);
  });
});
