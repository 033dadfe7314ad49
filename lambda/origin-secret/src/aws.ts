import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { EdgeApi, Listener } from "./sync";

/**
 * An AWS SDK v3 client as this function uses it. The CloudFront and Elastic Load Balancing clients
 * are the Lambda Node.js runtime's own (`@aws-sdk/client-cloudfront`,
 * `@aws-sdk/client-elastic-load-balancing-v2`), left out of the bundle; commands are built by name.
 */
export interface SdkClient {
  send(command: unknown): Promise<SdkResponse>;
}

/** The fields of the responses this function reads. */
export interface SdkResponse {
  readonly ETag?: string;
  readonly SecretString?: string;
  readonly Rules?: readonly { readonly RuleArn?: string; readonly Priority?: string }[];
  readonly NextMarker?: string;
}

/** An SDK package: its client and command classes by name. */
export type SdkModule = Readonly<Record<string, new (input: object) => unknown>>;

/** Where the SDK packages come from: the runtime's (`require`), or fakes in tests. */
export type ModuleLoader = (name: string) => SdkModule;

/** The runtime's SDK packages. */
// The packages are the Lambda runtime's, outside the bundle: loaded by name at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtimeModules: ModuleLoader = (name) => require(name) as SdkModule;

/** CloudFront Functions run this JavaScript runtime (2.0 is the one with key value stores and ES 2020 syntax). */
const FUNCTION_RUNTIME = "cloudfront-js-2.0";

/** An SDK error's name, such as `NoSuchFunctionExists`. */
const errorName = (error: unknown): string | undefined => (error as { name?: string })?.name;

/** Reads a secret stage; undefined where the secret has no version in it (AWSPREVIOUS before the first rotation). */
async function secretStage(client: SdkClient, secretId: string, stage: string): Promise<string | undefined> {
  try {
    const response = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    return response.SecretString;
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException" && stage !== "AWSCURRENT") return undefined;
    // The SDK's message names the secret and the missing permission, never a value.
    throw new Error(`could not read ${stage} of the origin secret ${secretId}: ${(error as Error).message}`);
  }
}

/** The calls of {@link EdgeApi} on AWS. */
export function awsEdgeApi(load: ModuleLoader = runtimeModules, secrets: SdkClient = new SecretsManagerClient({})): EdgeApi {
  const cloudfront = load("@aws-sdk/client-cloudfront");
  const elb = load("@aws-sdk/client-elastic-load-balancing-v2");
  const cloudfrontClient = new cloudfront.CloudFrontClient({}) as SdkClient;
  const elbClients = new Map<string, SdkClient>();
  const elbClient = (region: string): SdkClient => {
    if (!elbClients.has(region)) elbClients.set(region, new elb.ElasticLoadBalancingV2Client({ region }) as SdkClient);
    return elbClients.get(region)!;
  };
  const functionEtag = async (name: string): Promise<string | undefined> => {
    try {
      return (await cloudfrontClient.send(new cloudfront.DescribeFunctionCommand({ Name: name, Stage: "DEVELOPMENT" }))).ETag;
    } catch (error) {
      if (errorName(error) === "NoSuchFunctionExists") return undefined;
      throw error;
    }
  };
  const ruleAt = async (listener: Listener, priority: number): Promise<string | undefined> => {
    let marker: string | undefined;
    do {
      const page = await elbClient(listener.region).send(new elb.DescribeRulesCommand({ ListenerArn: listener.listenerArn, ...(marker ? { Marker: marker } : {}) }));
      const rule = (page.Rules ?? []).find((r) => r.Priority === String(priority));
      if (rule?.RuleArn) return rule.RuleArn;
      marker = page.NextMarker;
    } while (marker);
    return undefined;
  };
  return {
    async secretValues(secretId) {
      const current = await secretStage(secrets, secretId, "AWSCURRENT");
      if (current === undefined || current === "") throw new Error(`the origin secret ${secretId} has no current value`);
      const previous = await secretStage(secrets, secretId, "AWSPREVIOUS");
      return { current, ...(previous !== undefined ? { previous } : {}) };
    },
    async putFunction(name, code, comment) {
      const config = { Comment: comment, Runtime: FUNCTION_RUNTIME };
      const etag = await functionEtag(name);
      const written =
        etag === undefined
          ? await cloudfrontClient.send(new cloudfront.CreateFunctionCommand({ Name: name, FunctionConfig: config, FunctionCode: Buffer.from(code) }))
          : await cloudfrontClient.send(new cloudfront.UpdateFunctionCommand({ Name: name, IfMatch: etag, FunctionConfig: config, FunctionCode: Buffer.from(code) }));
      await cloudfrontClient.send(new cloudfront.PublishFunctionCommand({ Name: name, IfMatch: written.ETag }));
    },
    async deleteFunction(name) {
      const etag = await functionEtag(name);
      if (etag !== undefined) await cloudfrontClient.send(new cloudfront.DeleteFunctionCommand({ Name: name, IfMatch: etag }));
    },
    async putHeaderRule(listener, priority, header, values) {
      const conditions = [{ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: header, Values: [...values] } }];
      const actions = [{ Type: "forward", TargetGroupArn: listener.targetGroupArn }];
      const ruleArn = await ruleAt(listener, priority);
      const client = elbClient(listener.region);
      if (ruleArn === undefined) await client.send(new elb.CreateRuleCommand({ ListenerArn: listener.listenerArn, Priority: priority, Conditions: conditions, Actions: actions }));
      else await client.send(new elb.ModifyRuleCommand({ RuleArn: ruleArn, Conditions: conditions, Actions: actions }));
    },
    async deleteHeaderRule(listener, priority) {
      const ruleArn = await ruleAt(listener, priority);
      if (ruleArn !== undefined) await elbClient(listener.region).send(new elb.DeleteRuleCommand({ RuleArn: ruleArn }));
    },
  };
}
