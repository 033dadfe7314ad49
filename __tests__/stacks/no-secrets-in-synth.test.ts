import { Testing } from "cdktf";
import { buildPlatform } from "../support/synth";

/**
 * Secret values live in the secrets stacks' state only: no other stack has a
 * random_* resource, and no synthesized file of any stack holds a literal
 * password, secret string or incident management URL.
 */
const SECRET_ARGUMENTS = ["password", "master_password", "secret_string", "secret_binary"];
const LITERAL_URL = /https:\/\/[^"$]*(pagerduty|victorops|splunk)/i;

interface Finding {
  readonly where: string;
  readonly what: string;
}

function findSecrets(stackId: string, json: Record<string, any>): Finding[] {
  const findings: Finding[] = [];
  const isSecretsStack = stackId.endsWith("-secrets");
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    if (type.startsWith("random_") && !isSecretsStack) findings.push({ where: `${stackId} ${type}`, what: "a random_* resource outside a secrets stack" });
    for (const [name, config] of Object.entries<Record<string, any>>(resources)) {
      for (const argument of SECRET_ARGUMENTS) {
        const value = config[argument];
        if (value === undefined) continue;
        const generated = isSecretsStack && typeof value === "string" && /^\$\{random_password\.[^.]+\.result\}$/.test(value);
        if (!generated) findings.push({ where: `${stackId} ${type}.${name}.${argument}`, what: `a secret argument set to ${JSON.stringify(value)}` });
      }
    }
  }
  if (LITERAL_URL.test(JSON.stringify(json))) findings.push({ where: stackId, what: "an incident management URL" });
  return findings;
}

describe("no secret in any synthesized file", () => {
  const { app } = buildPlatform();
  const stacks = app.node.children.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack as any))] as const);

  it("finds nothing in any stack of the default configuration", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(19);
    expect(stacks.flatMap(([id, json]) => findSecrets(id, json))).toEqual([]);
  });

  it("keeps the random provider in the secrets stacks only", () => {
    const withRandom = stacks.filter(([, json]) => json.terraform?.required_providers?.random).map(([id]) => id);
    expect(withRandom).toEqual(["web-dev-secrets", "web-staging-secrets", "web-uat-secrets", "web-prod-secrets"]);
  });

  it("would notice a literal password, a stray random resource or a pasted URL", () => {
    const planted = {
      resource: {
        aws_db_instance: { db: { password: "hunter2hunter2" } },
        random_password: { stray: { length: 16 } },
        aws_sns_topic_subscription: { page: { endpoint: "https://events.pagerduty.com/integration/abc/enqueue" } },
      },
    };
    expect(findSecrets("web-dev-database", planted).map((f) => f.what)).toEqual([
      'a secret argument set to "hunter2hunter2"',
      "a random_* resource outside a secrets stack",
      "an incident management URL",
    ]);
  });
});
