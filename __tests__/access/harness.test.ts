import { parseContractTable, PolicyWorld } from "../support/iam-contract";

/** The harness on a small hand-written world: it resolves references, fails loudly, and sets the context AWS would. */
const ACCOUNTS = [{ name: "main", id: "123456789012" }];
const provider = { aws: [{ allowed_account_ids: ["123456789012"], region: "us-east-1", default_tags: [{ tags: { Environment: "dev", Project: "acme" } }] }] };
const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

function world(extra: Record<string, any> = {}, rolePolicy: object = { Effect: "Allow", Action: ["kms:Decrypt", "s3:GetObject", "secretsmanager:GetSecretValue"], Resource: ["${aws_kms_key.key.arn}", "arn:aws:s3:::bucket-a/*", "${data.terraform_remote_state.secrets.outputs.secret_arn}"] }) {
  const app = {
    provider,
    terraform: { backend: { s3: { bucket: "state", key: "acme/app.tfstate" } } },
    data: { terraform_remote_state: { secrets: { config: { key: "acme/secrets.tfstate" } } } },
    resource: {
      aws_iam_role: { role: { name: "app", assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }) } },
      aws_iam_role_policy: { inline: { name: "app", role: "${aws_iam_role.role.id}", policy: policy(rolePolicy) } },
      aws_kms_key: { key: { tags: { Name: "key" } } },
      aws_kms_alias: { alias: { name: "alias/app", target_key_id: "${aws_kms_key.key.key_id}" } },
      aws_s3_bucket: { bucket: { bucket: "bucket-a", tags: { Environment: "prod" } }, state: { bucket: "state" } },
      ...extra,
    },
  };
  const secrets = {
    provider,
    terraform: { backend: { s3: { bucket: "state", key: "acme/secrets.tfstate" } } },
    resource: { aws_secretsmanager_secret: { secret: { name: "app/secret" } } },
    output: { secret_arn: { value: "${aws_secretsmanager_secret.secret.arn}" } },
  };
  return PolicyWorld.build(
    new Map<string, Record<string, any>>([
      ["app", app],
      ["secrets", secrets],
    ]),
    ACCOUNTS,
  );
}

describe("the access contract's harness", () => {
  it("resolves references to resources, remote state outputs, aliases and secrets into the ARNs AWS would give", async () => {
    const built = world();
    const role = built.roles.get("arn:aws:iam::123456789012:role/app")!;
    expect(JSON.stringify(role.identityPolicies[0].policy)).toContain("arn:aws:kms:us-east-1:123456789012:key/app.key");
    expect(JSON.stringify(role.identityPolicies[0].policy)).toMatch(/arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/secret-\w{6}/);
    expect(built.resolveArn("arn:aws:kms:us-east-1:<main>:key/<alias/app>")).toBe("arn:aws:kms:us-east-1:123456789012:key/app.key");
    const read = await built.evaluate({ principal: "app@main", action: "secretsmanager:GetSecretValue", resource: "arn:aws:secretsmanager:us-east-1:<main>:secret:app/secret", context: "" });
    expect(read.result).toBe("Allowed");
    const decrypt = await built.evaluate({ principal: "app@main", action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:<main>:key/<alias/app>", context: "" });
    expect(decrypt).toMatchObject({ result: "Allowed", simulated: { context: { "kms:ResourceAliases": ["alias/app"], "aws:ResourceTag/Environment": "dev", "aws:ResourceTag/Name": "key" } } });
  });

  it("gives S3 requests no bucket tags: S3 evaluates none without ABAC, and objects carry none", async () => {
    const decision = await world().evaluate({ principal: "app@main", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-a/file", context: "" });
    expect(decision.result).toBe("Allowed");
    expect(Object.keys(decision.simulated.context).filter((key) => key.startsWith("aws:ResourceTag/"))).toEqual([]);
  });

  it("applies a queue's policy, which names the queue by URL, to requests on the queue", async () => {
    const queue = {
      aws_sqs_queue: { dlq: { name: "app-dlq" } },
      aws_sqs_queue_policy: {
        dlq: { queue_url: "${aws_sqs_queue.dlq.url}", policy: policy({ Effect: "Deny", Principal: "*", Action: "sqs:SendMessage", Resource: "${aws_sqs_queue.dlq.arn}", Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/other" } } }) },
      },
    };
    const built = world(queue, { Effect: "Allow", Action: "sqs:SendMessage", Resource: "${aws_sqs_queue.dlq.arn}" });
    const send = await built.evaluate({ principal: "app@main", action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:<main>:app-dlq", context: "" });
    expect(send).toMatchObject({ result: "ExplicitlyDenied", simulated: { context: { "aws:ResourceTag/Environment": "dev" } } });
  });

  it("fails loudly on a reference it cannot resolve, never dropping the statement", () => {
    expect(() => world({}, { Effect: "Deny", Action: "s3:*", Resource: "${aws_unknown_thing.x.arn}" })).toThrow(/names a resource the stack does not declare/);
    expect(() => world({ aws_glue_job: { x: { name: "x" } } }, { Effect: "Deny", Action: "s3:*", Resource: "${aws_glue_job.x.arn}" })).toThrow(/no rule for aws_glue_job/);
    expect(() => world({}, { Effect: "Deny", Action: "s3:*", Resource: '${jsonencode(["a"])}' })).toThrow(/cannot resolve/);
    expect(() => world({ aws_efs_file_system_policy: { f: { file_system_id: "fs-1", policy: "{}" } } })).toThrow(/access policy the harness does not model/);
    expect(() => world({ aws_sqs_queue_policy: { q: { queue_url: "q", policy: "{}" } } })).toThrow(/names no queue URL of the world/);
    expect(() => world({ aws_iam_user: { u: { name: "u" } } })).toThrow(/IAM resource the harness does not model/);
  });

  it("refuses a row it cannot evaluate: an unknown resource, principal, or a context key the action does not carry", async () => {
    const built = world();
    await expect(built.evaluate({ principal: "app@main", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-typo/file", context: "" })).rejects.toThrow(/no resource of the synthesized world/);
    await expect(built.evaluate({ principal: "app@main", action: "s3:GetObject", resource: "arn:aws:s3:::state/acme/typo.tfstate", context: "" })).rejects.toThrow(/is no stack's state/);
    await expect(built.evaluate({ principal: "nobody@main", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-a/file", context: "" })).rejects.toThrow(/no role/);
    await expect(built.evaluate({ principal: "app@main", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-a/file", context: "aws:ResourceTag/Environment=dev" })).rejects.toThrow(/carries no aws:ResourceTag\/Environment/);
  });

  it("parses the contract table's rows, backticks and escaped pipes included", () => {
    const rows = parseContractTable(
      ["| id | principal | action | resource | context | expected | why |", "| --- | --- | --- | --- | --- | --- | --- |", "| X-1 | `app@main` | `s3:GetObject` | `arn:aws:s3:::b/k` | - | denied | a \\| b |"].join("\n"),
    );
    expect(rows).toEqual([{ id: "X-1", principal: "app@main", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: "-", expected: "denied", why: "a | b", line: 3 }]);
    expect(() => parseContractTable("| id | principal | action | resource | context | expected | why |\n| - |\n| X | a | b | c | d | maybe | e |")).toThrow(/allowed or denied/);
  });
});
