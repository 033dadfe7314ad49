import { placeholderState, standInEndpoints, startAwsStandIn, TerraformJson } from "../../scripts/offline-plan";
import { ECS_OPTIMIZED_AMI_PARAMETERS } from "../../src/config/capacity/defaults";

/**
 * The offline plan's stand-ins: placeholder outputs shaped like the real ones,
 * and a local server for the AWS calls Terraform makes at plan time (AWS
 * cannot run here; the real provider and Terraform do, in the engine checks).
 */
describe("the offline plan's stand-ins", () => {
  const upstream: TerraformJson = {
    provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["222222222222"] }] },
    output: {
      topic: { value: "${aws_sns_topic.alarm-topic_D89A1C02.arn}" },
      key: { value: "${aws_kms_key.key_F64E54E4.arn}" },
      subnets: { value: ["${aws_subnet.a.id}", "${aws_subnet.b.id}"] },
      vpc: { value: "${aws_vpc.network_vpc.id}" },
      host: { value: "${aws_db_instance.rds_primary.address}" },
      secrets: { value: { "secret-key": "${aws_secretsmanager_secret.secret-key_secret.arn}" } },
      // The service stack's release contract (scripts/release.ts): objects in lists, numbers and booleans.
      release: { value: { strategy: [{ capacityProvider: "FARGATE", weight: 1 }], fenced: false } },
    },
  };

  it("sends Secrets Manager's, SSM's and EC2's calls to the stand-in by AWS_ENDPOINT_URL_<serviceID>, which a caller's AWS_IGNORE_CONFIGURED_ENDPOINT_URLS cannot switch off", () => {
    // The AWS provider's guide "Custom Service Endpoint Configuration": the variables' names and the order endpoints are evaluated in.
    expect({ ...{ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, ...standInEndpoints("http://127.0.0.1:1") }).toEqual({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://127.0.0.1:1",
      AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:1",
      AWS_ENDPOINT_URL_EC2: "http://127.0.0.1:1",
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false",
    });
  });

  it("gives each upstream output a placeholder of its shape: ARNs in the stack's account and region, prefixed ids, lists and objects", () => {
    const state = placeholderState(upstream) as { version: number; outputs: Record<string, { value: unknown; type: unknown }> };
    expect(state.version).toBe(4);
    expect(state.outputs.topic).toEqual({ value: "arn:aws:sns:eu-west-1:222222222222:placeholder-1", type: "string" });
    expect(state.outputs.key.value).toMatch(/^arn:aws:kms:eu-west-1:222222222222:key\/00000000-0000-0000-0000-[0-9a-f]{12}$/);
    expect(state.outputs.subnets).toEqual({ value: [expect.stringMatching(/^subnet-[0-9a-f]{17}$/), expect.stringMatching(/^subnet-[0-9a-f]{17}$/)], type: ["list", "string"] });
    expect(state.outputs.vpc.value).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(state.outputs.host.value).toMatch(/\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(state.outputs.secrets).toEqual({
      value: { "secret-key": expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:222222222222:/) },
      type: ["object", { "secret-key": "string" }],
    });
    // A list of anything but strings is a tuple of its items' types: ["list", "string"] made Terraform refuse the state ("string is required").
    expect(state.outputs.release).toEqual({
      value: { strategy: [{ capacityProvider: expect.any(String), weight: 1 }], fenced: false },
      type: ["object", { strategy: ["tuple", [["object", { capacityProvider: "string", weight: "number" }]]], fenced: "bool" }],
    });
  });

  it("answers GetRandomPassword and GetParameter (an AMI id for AWS's public AMI parameters) with placeholders, and names any call it does not answer", async () => {
    const standIn = await startAwsStandIn();
    const call = async (target: string, input: unknown) => {
      const response = await fetch(standIn.url, { method: "POST", headers: { "x-amz-target": target, "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(input) });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    try {
      expect(await call("secretsmanager.GetRandomPassword", { PasswordLength: 40 })).toEqual({ status: 200, body: { RandomPassword: "P".repeat(40) } });
      const parameter = await call("AmazonSSM.GetParameter", { Name: "/acme/web/pagerduty-endpoint", WithDecryption: true });
      expect(parameter.body.Parameter).toMatchObject({ Name: "/acme/web/pagerduty-endpoint", Type: "SecureString", Value: "https://placeholder.invalid/offline-plan" });
      const ami = await call("AmazonSSM.GetParameter", { Name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" });
      expect(ami.body.Parameter).toMatchObject({ Type: "String", Value: "ami-0123456789abcdef0" });
      // EC2 capacity's ECS-optimized AMI of either architecture (src/config/capacity/defaults.ts); a parameter that names no image id is not taken for one.
      for (const name of Object.values(ECS_OPTIMIZED_AMI_PARAMETERS)) {
        expect((await call("AmazonSSM.GetParameter", { Name: name })).body.Parameter).toMatchObject({ Name: name, Type: "String", Value: "ami-0123456789abcdef0" });
      }
      expect((await call("AmazonSSM.GetParameter", { Name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended" })).body.Parameter.Type).toBe("SecureString");
      expect(await call("secretsmanager.GetSecretValue", {})).toEqual({
        status: 400,
        body: { __type: "UnknownOperationException", message: "the offline plan's stand-in does not answer secretsmanager.GetSecretValue" },
      });
    } finally {
      await standIn.close();
    }
  });
});
