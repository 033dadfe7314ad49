import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { bundleOriginSecret } from "../../lambda/origin-secret/bundle";
import { awsEdgeApi, ModuleLoader, SdkClient } from "../../lambda/origin-secret/src/aws";
import { deleteOriginSecret, EdgeApi, functionCode, Listener, syncOriginSecret, targetsFromEnvironment, Targets } from "../../lambda/origin-secret/src/sync";

const primary: Listener = { region: "us-east-1", listenerArn: "arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/acme-web-prod/1/2", targetGroupArn: "tg-primary" };
const dr: Listener = { region: "eu-west-1", listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:222222222222:listener/app/acme-web-prod-dr/3/4", targetGroupArn: "tg-dr" };
const targets: Targets = { secretId: "arn:secret", functionName: "acme-web-prod-edge", headerName: "x-origin-verify", listeners: [primary, dr], rulePriority: 1 };

/** An EdgeApi that records its calls in order. */
function recordingApi(values: { current: string; previous?: string }): { api: EdgeApi; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    api: {
      secretValues: async () => values,
      putFunction: async (name, code) => void calls.push(`function ${name}: ${code.includes(values.current) ? "current" : "?"}`),
      deleteFunction: async (name) => void calls.push(`delete function ${name}`),
      putHeaderRule: async (listener, priority, header, accepted) => void calls.push(`rule ${listener.region} ${priority} ${header}=${accepted.join("|")}`),
      deleteHeaderRule: async (listener, priority) => void calls.push(`delete rule ${listener.region} ${priority}`),
    },
  };
}

describe("copying the origin secret", () => {
  it("opens both load balancers to the value before CloudFront sends it", async () => {
    const { api, calls } = recordingApi({ current: "new" });
    await expect(syncOriginSecret(targets, api)).resolves.toEqual({ action: "sync", listeners: 2, acceptedValues: 1 });
    expect(calls).toEqual(["rule us-east-1 1 x-origin-verify=new", "rule eu-west-1 1 x-origin-verify=new", "function acme-web-prod-edge: current"]);
  });

  it("after a rotation, the rules take the previous value too, for edge locations still sending it", async () => {
    const { api, calls } = recordingApi({ current: "new", previous: "old" });
    await expect(syncOriginSecret(targets, api)).resolves.toMatchObject({ acceptedValues: 2 });
    expect(calls.slice(0, 2)).toEqual(["rule us-east-1 1 x-origin-verify=new|old", "rule eu-west-1 1 x-origin-verify=new|old"]);
  });

  it("removes its copies on destroy", async () => {
    const { api, calls } = recordingApi({ current: "x" });
    await expect(deleteOriginSecret(targets, api)).resolves.toEqual({ action: "delete", listeners: 2, acceptedValues: 0 });
    expect(calls).toEqual(["delete function acme-web-prod-edge", "delete rule us-east-1 1", "delete rule eu-west-1 1"]);
  });

  it("keeps the listener rules when CloudFront refuses to delete a function a distribution still uses (FunctionInUse)", async () => {
    const { api, calls } = recordingApi({ current: "x" });
    const inUse = Object.assign(new Error("Cannot delete function, it's associated with a distribution"), { name: "FunctionInUse" });
    await expect(deleteOriginSecret(targets, { ...api, deleteFunction: async () => Promise.reject(inUse) })).rejects.toThrow("associated with a distribution");
    expect(calls.filter((call) => call.startsWith("delete rule"))).toEqual([]);
  });

  it("returns nothing of the value (Terraform keeps the result in state)", async () => {
    const result = await syncOriginSecret(targets, recordingApi({ current: "s3cr3tvalue", previous: "0ldvalue" }).api);
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t|0ld/);
  });

  it("writes a CloudFront Function that sets the header on the request, overwriting a viewer's", () => {
    const code = functionCode("X-Origin-Verify", "abc123");
    const request = { headers: { "x-origin-verify": { value: "forged" }, host: { value: "web.example.com" } } };
    const result = runInNewContext(`${code}\nhandler({ request })`, { request });
    expect(result.headers).toEqual({ "x-origin-verify": { value: "abc123" }, host: { value: "web.example.com" } });
  });

  it("reads its targets from the environment, and says which variable is wrong", () => {
    const env = { SECRET_ID: "arn:secret", FUNCTION_NAME: "f", HEADER_NAME: "x-origin-verify", LISTENERS: JSON.stringify([primary]), RULE_PRIORITY: "1" };
    expect(targetsFromEnvironment(env)).toEqual({ secretId: "arn:secret", functionName: "f", headerName: "x-origin-verify", listeners: [primary], rulePriority: 1 });
    expect(() => targetsFromEnvironment({ ...env, SECRET_ID: "" })).toThrow("the environment variable SECRET_ID is not set");
    expect(() => targetsFromEnvironment({ ...env, LISTENERS: "[{}]" })).toThrow("LISTENERS must be a JSON list of {region, listenerArn, targetGroupArn}");
    expect(() => targetsFromEnvironment({ ...env, RULE_PRIORITY: "0" })).toThrow("RULE_PRIORITY must be a whole number from 1 to 50000");
  });
});

/** Fake SDK packages: each command records its name and input; replies come from `reply`. */
function fakeSdk(reply: (command: string, input: any) => any) {
  const sent: [string, any][] = [];
  const client = class implements SdkClient {
    constructor(readonly config: unknown) {}
    async send(command: { name: string; input: unknown }) {
      sent.push([command.name, command.input]);
      return reply(command.name, command.input);
    }
  };
  const command = (name: string) =>
    class {
      readonly name = name;
      constructor(readonly input: unknown) {}
    };
  const names = ["DescribeFunctionCommand", "CreateFunctionCommand", "UpdateFunctionCommand", "PublishFunctionCommand", "DeleteFunctionCommand", "DescribeRulesCommand", "CreateRuleCommand", "ModifyRuleCommand", "DeleteRuleCommand"];
  const module = Object.fromEntries([["CloudFrontClient", client], ["ElasticLoadBalancingV2Client", client], ...names.map((name) => [name, command(name)])]);
  const load: ModuleLoader = () => module;
  const secrets: SdkClient = {
    send: async (command: any) => {
      sent.push(["GetSecretValue", command.input]);
      return reply("GetSecretValue", command.input);
    },
  };
  return { sent, api: awsEdgeApi(load, secrets) };
}

describe("the AWS calls", () => {
  const notFound = (name: string) => Object.assign(new Error(name), { name });

  it("reads AWSCURRENT and AWSPREVIOUS; no previous value before the first rotation", async () => {
    const { api } = fakeSdk((_, input) => {
      if (input.VersionStage === "AWSPREVIOUS") throw notFound("ResourceNotFoundException");
      return { SecretString: "cur" };
    });
    await expect(api.secretValues("arn:secret")).resolves.toEqual({ current: "cur" });
  });

  it("creates the function when it does not exist, then publishes the version it wrote", async () => {
    const { api, sent } = fakeSdk((name) => {
      if (name === "DescribeFunctionCommand") throw notFound("NoSuchFunctionExists");
      return { ETag: "E1" };
    });
    await api.putFunction("acme-web-prod-edge", "code", "comment");
    expect(sent.map(([name]) => name)).toEqual(["DescribeFunctionCommand", "CreateFunctionCommand", "PublishFunctionCommand"]);
    expect(sent[1][1]).toMatchObject({ Name: "acme-web-prod-edge", FunctionConfig: { Comment: "comment", Runtime: "cloudfront-js-2.0" } });
    expect(sent[2][1]).toEqual({ Name: "acme-web-prod-edge", IfMatch: "E1" });
  });

  it("updates an existing function against its ETag", async () => {
    const { api, sent } = fakeSdk((name) => ({ ETag: name === "DescribeFunctionCommand" ? "E0" : "E2" }));
    await api.putFunction("f", "code", "c");
    expect(sent.map(([name, input]) => [name, input.IfMatch])).toEqual([
      ["DescribeFunctionCommand", undefined],
      ["UpdateFunctionCommand", "E0"],
      ["PublishFunctionCommand", "E2"],
    ]);
  });

  it("creates the listener rule at its priority, or modifies the one there", async () => {
    const rules = [{ RuleArn: "rule-default", Priority: "default" }];
    const { api, sent } = fakeSdk((name) => (name === "DescribeRulesCommand" ? { Rules: rules } : {}));
    await api.putHeaderRule(primary, 1, "x-origin-verify", ["a", "b"]);
    expect(sent[1]).toEqual([
      "CreateRuleCommand",
      { ListenerArn: primary.listenerArn, Priority: 1, Conditions: [{ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "x-origin-verify", Values: ["a", "b"] } }], Actions: [{ Type: "forward", TargetGroupArn: "tg-primary" }] },
    ]);
    rules.push({ RuleArn: "rule-1", Priority: "1" });
    await api.putHeaderRule(primary, 1, "x-origin-verify", ["a"]);
    expect(sent.at(-1)).toEqual(["ModifyRuleCommand", expect.objectContaining({ RuleArn: "rule-1" })]);
  });

  it("deletes only what exists", async () => {
    const { api, sent } = fakeSdk((name) => {
      if (name === "DescribeFunctionCommand") throw notFound("NoSuchFunctionExists");
      return { Rules: [] };
    });
    await api.deleteHeaderRule(primary, 1);
    await api.deleteFunction("f");
    expect(sent.map(([name]) => name)).toEqual(["DescribeRulesCommand", "DescribeFunctionCommand"]);
  });
});

describe("the bundle", () => {
  it("takes the CloudFront and Elastic Load Balancing clients from the Lambda runtime and bundles the rest", () => {
    const code = readFileSync(join(bundleOriginSecret(), "index.js"), "utf8");
    expect(code).toContain('"@aws-sdk/client-cloudfront"');
    expect(code).toContain('"@aws-sdk/client-elastic-load-balancing-v2"');
    // The SDK clients' operation names (CloudFront's carry its API version): neither client is in the bundle, Secrets Manager's is.
    expect(code).not.toContain("CreateFunction2020_05_31");
    expect(code).not.toMatch(/ElasticLoadBalancing_v10|elasticloadbalancing\.amazonaws/);
    expect(code).toContain("secretsmanager.");
  });
});
