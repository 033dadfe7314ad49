import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Testing } from "cdktf";
import { EphemeralResource } from "../../../src/constructs/terraform/ephemeral-resource";

describe("EphemeralResource: a Terraform ephemeral block, which CDKTF 0.21 has no class for", () => {
  const synthesize = () => {
    let secretName = "";
    let generatorName = "";
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const secret = new SecretsmanagerSecret(scope, "secret", { name: "example" });
        const generator = new EphemeralResource(scope, "generator", {
          type: "aws_secretsmanager_random_password",
          config: { password_length: 32, exclude_characters: secret.name },
          dependsOn: [secret],
        });
        new SecretsmanagerSecretVersion(scope, "version", { secretId: secret.id, secretStringWo: generator.attribute("random_password"), secretStringWoVersion: 1 });
        secretName = secret.friendlyUniqueId;
        generatorName = generator.friendlyUniqueId;
      }),
    );
    return { json, secretName, generatorName };
  };

  it("emits the block under `ephemeral` with its arguments, resolved tokens and dependencies", () => {
    const { json, secretName, generatorName } = synthesize();
    expect(json.ephemeral).toEqual({
      aws_secretsmanager_random_password: {
        [generatorName]: {
          password_length: 32,
          exclude_characters: `\${aws_secretsmanager_secret.${secretName}.name}`,
          depends_on: [`aws_secretsmanager_secret.${secretName}`],
        },
      },
    });
  });

  it("refers to an attribute as ephemeral.<type>.<name>.<attribute>, the form a write-only argument takes", () => {
    const { json, generatorName } = synthesize();
    const [version] = Object.values<Record<string, unknown>>(json.resource.aws_secretsmanager_secret_version);
    expect(version.secret_string_wo).toBe(`\${ephemeral.aws_secretsmanager_random_password.${generatorName}.random_password}`);
  });

  it("leaves depends_on out when there is nothing to wait for", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new EphemeralResource(scope, "generator", { type: "aws_secretsmanager_random_password", config: { password_length: 16 } });
      }),
    );
    expect(Object.values(json.ephemeral.aws_secretsmanager_random_password)).toEqual([{ password_length: 16 }]);
  });
});
