/**
 * What an offline `terraform plan` of a synthesized stack needs, with no AWS
 * account and no network (docs/runbooks/offline-plan.md):
 *
 * - an override file: a local backend, placeholder credentials and no account
 *   checks;
 * - the environment of the `terraform` process: the AWS provider's Secrets
 *   Manager, SSM and EC2 clients pointed at a local stand-in (standInEndpoints);
 * - for each `terraform_remote_state` the stack reads, a local state file of
 *   placeholder outputs, built from the upstream stack's synthesized outputs
 *   (ARN-shaped where the output is an ARN, ids with their resource's prefix,
 *   lists where it is a list), which the override makes the data source read;
 * - the stand-in: a local HTTP server answering the calls Terraform makes at
 *   plan time, `GetRandomPassword` (the ephemeral password generators),
 *   `DescribeSecret` and `GetResourcePolicy` (the DR service's secrets, by
 *   name) and `GetParameter` (the incident management URL, and an AMI id for
 *   AWS's public AMI parameters: the bastion's, the NAT instance's, EC2 capacity's), with placeholders,
 *   and EC2's `DescribeVpcs`, `DescribeVpcAttribute`, `DescribeSubnets` and
 *   `DescribeRouteTables` (an adopted network's data sources) from the
 *   configuration's existing VPCs (scripts/offline-ec2.ts).
 *
 * Mocked because AWS cannot run here; the real provider plans everything else.
 */
import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { answerEc2, StandInVpc } from "./offline-ec2";

/** The parts of a synthesized stack the offline plan reads. */
export interface TerraformJson {
  terraform?: { required_providers?: Record<string, { source: string; version: string }> };
  provider?: { aws?: { alias?: string; region?: string; allowed_account_ids?: string[] }[] };
  data?: { terraform_remote_state?: Record<string, { config: { key: string } }> } & Record<string, unknown>;
  ephemeral?: Record<string, unknown>;
  output?: Record<string, { value: unknown }>;
}

/** Reads a stack's `cdk.tf.json`. */
export function readStack(stackDir: string): TerraformJson {
  return JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as TerraformJson;
}

/** The CLI configuration that installs providers from the mirror only and reaches no registry. */
export function cliConfiguration(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["*/*/*"]\n  }\n}\n`;
}

/** `aws` -> registry.terraform.io/hashicorp/aws; `integrations/github` -> registry.terraform.io/integrations/github. */
function providerAddress(source: string): string {
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** Providers the stack requires that the mirror does not hold, as `address version`. */
export function missingProviders(config: TerraformJson, mirror: string): string[] {
  return Object.values(config.terraform?.required_providers ?? {})
    .map((provider) => ({ address: providerAddress(provider.source), version: provider.version }))
    .filter(({ address, version }) => {
      const dir = join(mirror, address);
      const name = address.split("/").pop();
      return !existsSync(join(dir, version)) && !(existsSync(dir) && readdirSync(dir).some((file) => file.startsWith(`terraform-provider-${name}_${version}_`)));
    })
    .map(({ address, version }) => `${address} ${version}`);
}

/** Id prefixes AWS gives, for placeholder ids that pass the provider's format checks. */
const ID_PREFIXES: Record<string, string> = { aws_vpc: "vpc-", aws_subnet: "subnet-", aws_security_group: "sg-" };

/** ARN services by resource type, where the type's name does not say it. */
const ARN_SERVICES: Record<string, string> = { aws_sns_topic: "sns", aws_kms_key: "kms", aws_secretsmanager_secret: "secretsmanager", aws_iam_role: "iam" };

/** A placeholder for one `${type.name.attribute}` output of a stack in `account` and `region`. */
function placeholder(expression: string, account: string, region: string, index: number): string {
  const match = /^\$\{([a-z0-9_]+)\.([^.]+)\.([a-z0-9_]+)\}$/.exec(expression);
  if (!match) return `placeholder-${index}`;
  const [, type, , attribute] = match;
  const hex = index.toString(16).padStart(17, "0");
  switch (attribute) {
    case "arn": {
      const service = ARN_SERVICES[type] ?? type.split("_")[1];
      const resource = type === "aws_kms_key" ? `key/00000000-0000-0000-0000-${hex.slice(-12)}` : `placeholder-${index}`;
      return `arn:aws:${service}:${service === "iam" ? "" : region}:${account}:${resource}`;
    }
    case "id":
      return type === "aws_kms_key" ? `00000000-0000-0000-0000-${hex.slice(-12)}` : `${ID_PREFIXES[type] ?? ""}${hex}`;
    case "address":
    case "endpoint":
      return `placeholder-${index}.cluster-abcdefghijkl.${region}.rds.amazonaws.com`;
    case "resource_id":
    case "cluster_resource_id":
      return `db-PLACEHOLDER${hex.toUpperCase()}`;
    default:
      return `placeholder-${index}`;
  }
}

/**
 * A Terraform state (format 4) holding only outputs: the upstream stack's, each
 * a placeholder of its shape: strings, lists of strings and objects of those,
 * as the platform's outputs are.
 */
export function placeholderState(upstream: TerraformJson): Record<string, unknown> {
  const provider = upstream.provider?.aws?.[0];
  const account = provider?.allowed_account_ids?.[0] ?? "000000000000";
  const region = provider?.region ?? "us-east-1";
  let index = 0;
  const outputs = Object.fromEntries(
    Object.entries(upstream.output ?? {}).map(([name, output]) => {
      const shaped = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(shaped);
        if (typeof value === "string") return placeholder(value, account, region, ++index);
        if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shaped(inner)]));
        return value;
      };
      const value = shaped(output.value);
      return [name, { value, type: stateType(value) }];
    }),
  );
  return { version: 4, terraform_version: "1.11.4", serial: 1, lineage: "offline-plan-placeholders", outputs, resources: [] };
}

/** The type Terraform records for an output value in state: strings, numbers, booleans, lists of strings, and tuples and objects of any of them. */
function stateType(value: unknown): unknown {
  if (Array.isArray(value)) return value.every((item) => typeof item === "string") ? ["list", "string"] : ["tuple", value.map(stateType)];
  if (value && typeof value === "object") return ["object", Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, stateType(inner)]))];
  return typeof value === "number" ? "number" : typeof value === "boolean" ? "bool" : "string";
}

/** The stack id a remote state's key names: `<project>/<stack id>.tfstate`. */
const upstreamStackId = (key: string) => basename(key, ".tfstate");

/** The backend of an offline plan: local state in the working directory. */
const OFFLINE_BACKEND = { local: { path: "terraform.tfstate" } };

/**
 * Writes the override and the placeholder states into `work`, a copy of a
 * synthesized stack, for a plan run with standInEndpoints in its environment;
 * the upstream stacks' outputs come from `stacksDir`. Returns the upstream
 * stacks whose outputs were stood in.
 */
export function prepareOfflinePlan(work: string, stacksDir: string): string[] {
  const config = readStack(work);
  const remoteStates = Object.entries(config.data?.terraform_remote_state ?? {});
  const stateOverrides = Object.fromEntries(
    remoteStates.map(([name, remote]) => {
      const upstream = upstreamStackId(remote.config.key);
      const file = join(work, `placeholder-${upstream}.tfstate.json`);
      writeFileSync(file, JSON.stringify(placeholderState(readStack(join(stacksDir, upstream))), null, 2));
      return [name, { backend: "local", config: { path: file } }];
    }),
  );
  const override = {
    terraform: { backend: OFFLINE_BACKEND },
    // One override per provider configuration, matched by alias: the stack's own and each regional one.
    provider: {
      aws: (config.provider?.aws ?? [{}]).map(({ alias }) => ({
        ...(alias ? { alias } : {}),
        access_key: "placeholder",
        secret_key: "placeholder",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        allowed_account_ids: null,
      })),
    },
    ...(remoteStates.length > 0 ? { data: { terraform_remote_state: stateOverrides } } : {}),
  };
  writeFileSync(join(work, "zz_offline_plan_override.tf.json"), JSON.stringify(override, null, 2));
  return remoteStates.map(([, remote]) => upstreamStackId(remote.config.key));
}

/**
 * The environment that sends the AWS provider's plan-time calls to Secrets Manager, SSM and EC2 to the
 * stand-in at `url`: the AWS SDKs' service-specific endpoint variables (AWS SDKs and Tools Reference
 * Guide, "Service-specific endpoints"), `AWS_ENDPOINT_URL_<serviceID>`, which the AWS provider reads
 * after its own `endpoints` block (none in the synthesized stacks) and before a shared configuration
 * file's (its guide "Custom Service Endpoint Configuration", the order endpoints are evaluated in).
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, which would make it ignore them, is set to false, so that a
 * setting in the caller's environment cannot send the calls to AWS. Every other service keeps AWS's
 * endpoint, unreachable here, so a plan-time call the stand-in does not expect fails the plan. An
 * `endpoints` block in the override did the same, but the provider validates that block's few hundred
 * attributes when Terraform configures it: about 2.3 s of CPU in every plan (web-dev-secrets: 7.0 s
 * with the block, 4.6 s with these variables).
 */
export function standInEndpoints(url: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_SECRETS_MANAGER: url, AWS_ENDPOINT_URL_SSM: url, AWS_ENDPOINT_URL_EC2: url, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" };
}

/**
 * AWS's public parameters that hold an AMI id: Amazon Linux's latest (`/aws/service/ami-...`) and the
 * ECS-optimized AMIs' `image_id` (`/aws/service/ecs/optimized-ami/.../image_id`, EC2 capacity).
 */
const PUBLIC_AMI_PARAMETERS = [/^\/aws\/service\/ami-/, /^\/aws\/service\/ecs\/optimized-ami\/.+\/image_id$/];

/** Whether a parameter is one of AWS's public ones naming an AMI. */
const isPublicAmiParameter = (name: string) => PUBLIC_AMI_PARAMETERS.some((pattern) => pattern.test(name));

/** Placeholder answers to the AWS calls Terraform makes at plan time, by `X-Amz-Target`. */
const STAND_IN_ANSWERS: Partial<Record<string, (request: Record<string, unknown>) => unknown>> = {
  "secretsmanager.GetRandomPassword": (request) => ({ RandomPassword: "P".repeat(Number(request.PasswordLength ?? 32)) }),
  // The DR service finds the secrets' replicas by name.
  "secretsmanager.DescribeSecret": (request) => ({
    ARN: `arn:aws:secretsmanager:offline-plan:000000000000:secret:${String(request.SecretId)}-AbCdEf`,
    Name: request.SecretId,
    // The data source formats both dates and has no case for their absence.
    CreatedDate: 1767225600,
    LastChangedDate: 1767225600,
  }),
  "secretsmanager.GetResourcePolicy": (request) => ({ ARN: `arn:aws:secretsmanager:offline-plan:000000000000:secret:${String(request.SecretId)}-AbCdEf`, Name: request.SecretId }),
  "AmazonSSM.GetParameter": (request) => ({
    Parameter: {
      Name: request.Name,
      // AWS's public AMI parameters hold an AMI id; the platform's own hold an incident endpoint URL.
      Type: isPublicAmiParameter(String(request.Name)) ? "String" : "SecureString",
      Value: isPublicAmiParameter(String(request.Name)) ? "ami-0123456789abcdef0" : "https://placeholder.invalid/offline-plan",
      Version: 1,
      ARN: `arn:aws:ssm:us-east-1:000000000000:parameter${String(request.Name)}`,
      DataType: "text",
    },
  }),
};

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The local stand-in for plan-time AWS calls; an unknown call is answered with an error naming it.
 * JSON calls are told by their `X-Amz-Target`; EC2's Query calls (no target, a form body) are
 * answered from `existingVpcs`, the configuration's adopted VPCs (scripts/offline-ec2.ts).
 */
export async function startAwsStandIn(existingVpcs: readonly StandInVpc[] = []): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const target = String(request.headers["x-amz-target"] ?? "");
    void body(request).then((text) => {
      if (!target && String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        const ec2 = answerEc2(text, existingVpcs);
        response.writeHead(ec2.status, { "content-type": "text/xml;charset=UTF-8" });
        response.end(ec2.xml);
        return;
      }
      const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const answer = STAND_IN_ANSWERS[target];
      response.writeHead(answer ? 200 : 400, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(answer ? answer(input) : { __type: "UnknownOperationException", message: `the offline plan's stand-in does not answer ${target}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
