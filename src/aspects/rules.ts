import type { IConstruct } from "constructs";
import { blocks } from "./blocks";
import { CAPACITY_RULES } from "./capacity-rules";
import { RELEASE_RULES } from "./release-rules";
import { objectGuardFinding } from "./object-guard";

/** A resource as the guardrails see it: its type, logical name, construct path and synthesized (snake_case) arguments. */
export interface ResourceView {
  /** The Terraform type, such as `aws_s3_bucket`. */
  readonly type: string;
  /** The logical name in the synthesized JSON. */
  readonly name: string;
  /** The construct path, such as `backend-prod/state-bucket/bucket`. */
  readonly path: string;
  /** The resolved arguments, as they appear in the synthesized JSON. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The construct itself, or the stack for a resource that an override wrote (waivers on the stack apply to it). */
  readonly construct: IConstruct;
}

/** What a rule may ask about the rest of the stack. */
export interface StackView {
  /** Resources of a type whose arguments refer to the given resource. */
  referencing(target: ResourceView, type: string): ResourceView[];
  /** Whether deletion protection is required in this stack (uat and prod tiers, state backends). */
  readonly requireDeletionProtection: boolean;
  /** Whether load balancer listeners must serve HTTPS only, plain HTTP redirecting to it (uat and prod tiers). */
  readonly requireHttps: boolean;
  /** Whether a resource sits in a load balancer's scope. */
  isLoadBalancerScope(resource: ResourceView): boolean;
  /** Whether a CI deploy role applies the stack (not an administrator). */
  readonly pipelineDeployed: boolean;
}

/** One guardrail: policy as code, checked on every resource at synth. */
export interface GuardrailRule {
  /** The id used in messages and waivers. */
  readonly id: string;
  /** What the rule demands. */
  readonly title: string;
  /** Why. */
  readonly rationale: string;
  /** The checkov check(s) it corresponds to, or `none: <why>`. */
  readonly checkov: string;
  /** The resource types it inspects. */
  readonly resourceTypes: readonly string[];
  /** Why the resource violates the rule, or undefined when it complies. */
  readonly check: (resource: ResourceView, stack: StackView) => string | undefined;
}

/** Arguments whose value Terraform stores in state, by resource type; each has a write-only twin (`<argument>_wo`). */
const STORED_SECRET_ARGUMENTS: Record<string, readonly string[]> = {
  aws_db_instance: ["password"],
  aws_rds_cluster: ["master_password"],
  aws_secretsmanager_secret_version: ["secret_string"],
};

/** The AWS services a pipeline stack's roles serve: tasks, functions, the bastion instance, RDS monitoring, flow logs, S3 replication, log forwarding (Firehose, and CloudWatch Logs' subscription filter, whose principal names its region), scheduled jobs (EventBridge Scheduler), blue/green releases (CodeDeploy). */
const WORKLOAD_SERVICE_PRINCIPALS = ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "s3.amazonaws.com", "firehose.amazonaws.com", "logs.<region>.amazonaws.com", "scheduler.amazonaws.com", "codedeploy.amazonaws.com"];

/** Whether a service principal is one a pipeline stack's role may trust. */
const isWorkloadPrincipal = (service: string) => WORKLOAD_SERVICE_PRINCIPALS.includes(service) || /^logs\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com$/.test(service);

const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];
const LOAD_BALANCER_PORTS = [80, 443];

/** An ingress rule in any of the three shapes Terraform has for it. */
interface Ingress {
  readonly cidrs: readonly string[];
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
}

function ingressRules(resource: ResourceView): Ingress[] {
  const c = resource.config;
  const asIngress = (rule: Record<string, unknown>, protocolKey: string): Ingress => ({
    cidrs: [
      ...((rule.cidr_blocks as string[] | undefined) ?? []),
      ...((rule.ipv6_cidr_blocks as string[] | undefined) ?? []),
      ...[rule.cidr_ipv4, rule.cidr_ipv6].filter((cidr): cidr is string => typeof cidr === "string"),
    ],
    protocol: String(rule[protocolKey]),
    fromPort: Number(rule.from_port),
    toPort: Number(rule.to_port),
  });
  switch (resource.type) {
    case "aws_security_group":
      return blocks(c.ingress).map((rule) => asIngress(rule, "protocol"));
    case "aws_security_group_rule":
      return c.type === "ingress" ? [asIngress(c, "protocol")] : [];
    default:
      return [asIngress(c, "ip_protocol")];
  }
}

const describeIngress = (rule: Ingress) =>
  `${rule.protocol === "-1" ? "all traffic" : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`} from ${rule.cidrs.join(", ")}`;

/** The protection argument of each resource type that supports deletion protection. */
const DELETION_PROTECTION_ARGUMENT: Readonly<Record<string, string>> = {
  aws_db_instance: "deletion_protection",
  aws_rds_cluster: "deletion_protection",
  aws_lb: "enable_deletion_protection",
  aws_alb: "enable_deletion_protection",
  aws_dynamodb_table: "deletion_protection_enabled",
};

const requireCompanion = (
  companionType: string,
  complies: (companion: Record<string, unknown>) => boolean,
  what: string,
): GuardrailRule["check"] => {
  return (resource, stack) =>
    stack.referencing(resource, companionType).some((companion) => complies(companion.config))
      ? undefined
      : `has no ${companionType} that ${what}`;
};

/** A listener's protocol: HTTP when unset, the default of an application load balancer's listener. */
const listenerProtocol = (listener: Readonly<Record<string, unknown>>): string =>
  typeof listener.protocol === "string" ? listener.protocol.toUpperCase() : "HTTP";

/** CloudFront's viewer security policies that accept TLS 1.2 and later only, with the 2021 ciphers or newer (CloudFront Developer Guide, "Supported protocols and ciphers between viewers and CloudFront"). */
const CLOUDFRONT_TLS12_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/** Listener protocols that terminate TLS and so take an ssl_policy. */
const TLS_LISTENER_PROTOCOLS = ["HTTPS", "TLS"];

/**
 * The ELB security policies that accept TLS 1.2 and later only. Not every
 * `ELBSecurityPolicy-TLS13-*` policy qualifies: the `TLS13-1-0` and
 * `TLS13-1-1` ones (and their FIPS variants) still accept TLS 1.0 and 1.1.
 */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

/** Whether every action of a listener or listener rule redirects to HTTPS (and there is at least one). */
function redirectsToHttps(actions: unknown): boolean {
  const list = blocks(actions);
  return list.length > 0 && list.every((action) => action.type === "redirect" && blocks(action.redirect).some((r) => r.protocol === "HTTPS"));
}

/** Load balancer types with HTTP listeners; an unset type is an application load balancer. */
const isApplicationLoadBalancer = (lb: ResourceView) => lb.config.load_balancer_type === undefined || lb.config.load_balancer_type === "application";

/** What a container definition of an ECS task definition lacks to be hardened, or an empty list. */
function containerWeaknesses(container: Record<string, unknown>): string[] {
  const linux = container.linuxParameters as { capabilities?: { drop?: unknown } } | undefined;
  const drop = linux?.capabilities?.drop;
  return [
    ...(container.readonlyRootFilesystem === true ? [] : ["does not set readonlyRootFilesystem = true"]),
    ...(container.privileged === true ? ["sets privileged = true"] : []),
    ...(Array.isArray(drop) && drop.includes("ALL") ? [] : ['does not drop "ALL" in linuxParameters.capabilities.drop']),
  ];
}

/**
 * What a task definition's containers get wrong, one `container "<name>" <finding>` each, joined;
 * undefined when none does. `finding` says what one container gets wrong, or undefined.
 */
function containerFindings(resource: ResourceView, finding: (container: Record<string, unknown>) => string | undefined): string | undefined {
  const containers = containerDefinitions(resource.config.container_definitions);
  if (containers === undefined) return "has container_definitions that are not a literal JSON list, so its containers cannot be checked";
  const findings = containers.flatMap((container, index) => {
    const found = finding(container);
    return found === undefined ? [] : [`container "${typeof container.name === "string" ? container.name : `#${index + 1}`}" ${found}`];
  });
  return findings.length === 0 ? undefined : findings.join("; ");
}

/**
 * The containers of a task definition: `container_definitions` is a JSON
 * string (Terraform interpolations such as `${aws_ecr_repository.x.repository_url}`
 * sit inside its string values, so it still parses), or undefined when it is
 * not a literal JSON list (a `${jsonencode(...)}` expression, say).
 */
function containerDefinitions(value: unknown): Record<string, unknown>[] | undefined {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return Array.isArray(parsed) && parsed.every((c) => c !== null && typeof c === "object" && !Array.isArray(c)) ? (parsed as Record<string, unknown>[]) : undefined;
}

/**
 * The guardrails, in one list: each with its rationale and the checkov check
 * it corresponds to. Waive one for a construct with
 * `waiveGuardrail(scope, id, reason)`; the reason is required.
 */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  {
    id: "s3-public-access-block",
    title: "S3 buckets block all public access",
    rationale: "A bucket policy or ACL mistake must not be able to publish state, logs or user files.",
    checkov: "CKV2_AWS_6, CKV_AWS_53..56",
    resourceTypes: ["aws_s3_bucket"],
    check: requireCompanion(
      "aws_s3_bucket_public_access_block",
      (pab) => ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((flag) => pab[flag] === true),
      "sets all four block/ignore/restrict flags to true",
    ),
  },
  {
    id: "s3-encryption",
    title: "S3 buckets encrypt objects at rest",
    rationale: "Objects stay unreadable on lost media and outside the key's grants; SSE-KMS is required where the service allows it.",
    checkov: "CKV_AWS_19, CKV_AWS_145",
    resourceTypes: ["aws_s3_bucket"],
    check: requireCompanion(
      "aws_s3_bucket_server_side_encryption_configuration",
      (sse) =>
        blocks(sse.rule).some((rule) =>
          blocks(rule.apply_server_side_encryption_by_default).some((d) => ["aws:kms", "aws:kms:dsse", "AES256"].includes(String(d.sse_algorithm))),
        ),
      "sets a default encryption algorithm",
    ),
  },
  {
    id: "s3-versioning",
    title: "S3 buckets keep object versions",
    rationale: "An overwritten or deleted state file or log must be recoverable.",
    checkov: "CKV_AWS_21",
    resourceTypes: ["aws_s3_bucket"],
    check: requireCompanion(
      "aws_s3_bucket_versioning",
      (versioning) => blocks(versioning.versioning_configuration).some((v) => v.status === "Enabled"),
      "enables versioning",
    ),
  },
  {
    id: "s3-app-data-object-guard",
    title: "Buckets holding app data deny every object action and every protection change to all but named roles",
    rationale:
      "An identity policy with s3:* (a deploy role, a developer) must not read, overwrite or delete the app's files or their versions, nor expire, unversion, re-policy or redirect the bucket; only a bucket policy Deny holds against that (issue 19, item 7).",
    checkov: "none: checkov checks that a bucket has a policy, not what it denies",
    resourceTypes: ["aws_s3_bucket"],
    check: objectGuardFinding,
  },
  {
    id: "sg-open-ingress",
    title: "No ingress from 0.0.0.0/0 or ::/0, except 80 and 443 on a load balancer's security group",
    rationale: "Only the load balancer faces the internet; everything else is reached through it, SSM or a single /32.",
    checkov: "CKV_AWS_24, CKV_AWS_25, CKV_AWS_260, CKV_AWS_277",
    resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
    check: (resource, stack) => {
      const open = ingressRules(resource).filter((rule) => rule.cidrs.some((cidr) => OPEN_CIDRS.includes(cidr)));
      const allowed = (rule: Ingress) =>
        stack.isLoadBalancerScope(resource) && rule.protocol === "tcp" && rule.fromPort === rule.toPort && LOAD_BALANCER_PORTS.includes(rule.fromPort);
      const bad = open.filter((rule) => !allowed(rule));
      return bad.length === 0 ? undefined : `admits ${bad.map(describeIngress).join("; ")}`;
    },
  },
  {
    id: "deletion-protection",
    title: "Resources that support deletion protection have it where data must survive (uat, prod, state backends)",
    rationale: "A mistaken destroy or replacement must not delete a production database, load balancer or lock table.",
    checkov: "CKV_AWS_293 (RDS), CKV_AWS_139 (RDS cluster), CKV_AWS_150 (load balancer)",
    resourceTypes: Object.keys(DELETION_PROTECTION_ARGUMENT),
    check: (resource, stack) => {
      const argument = DELETION_PROTECTION_ARGUMENT[resource.type];
      return !stack.requireDeletionProtection || resource.config[argument] === true ? undefined : `does not set ${argument} = true`;
    },
  },
  {
    id: "kms-rotation",
    title: "Symmetric KMS keys rotate yearly",
    rationale: "Rotation limits how much data one key version protects.",
    checkov: "CKV_AWS_7",
    resourceTypes: ["aws_kms_key"],
    check: (resource) => {
      const spec = resource.config.customer_master_key_spec;
      const symmetric = spec === undefined || spec === "SYMMETRIC_DEFAULT";
      return !symmetric || resource.config.enable_key_rotation === true ? undefined : "does not set enable_key_rotation = true";
    },
  },
  {
    id: "log-group-retention",
    title: "Log groups set a retention period",
    rationale: "Logs kept forever cost money and keep personal data longer than needed.",
    checkov: "CKV_AWS_66",
    resourceTypes: ["aws_cloudwatch_log_group"],
    check: (resource) => (Number(resource.config.retention_in_days) > 0 ? undefined : "does not set retention_in_days"),
  },
  {
    id: "log-group-encryption",
    title: "Log groups are encrypted with a customer-managed key",
    rationale: "Logs carry request data; access to them should follow the key's grants.",
    checkov: "CKV_AWS_158",
    resourceTypes: ["aws_cloudwatch_log_group"],
    check: (resource) => (resource.config.kms_key_id ? undefined : "does not set kms_key_id"),
  },
  {
    id: "dynamodb-recovery",
    title: "DynamoDB tables have point-in-time recovery",
    rationale: "A corrupted or deleted item must be restorable.",
    checkov: "CKV_AWS_28",
    resourceTypes: ["aws_dynamodb_table"],
    check: (resource) =>
      blocks(resource.config.point_in_time_recovery).some((pitr) => pitr.enabled === true)
        ? undefined
        : "does not enable point_in_time_recovery",
  },
  {
    id: "dynamodb-encryption",
    title: "DynamoDB tables are encrypted with a customer-managed key",
    rationale: "Access to the data should follow a key the account controls and audits.",
    checkov: "CKV_AWS_119",
    resourceTypes: ["aws_dynamodb_table"],
    check: (resource) =>
      blocks(resource.config.server_side_encryption).some((sse) => sse.enabled === true && Boolean(sse.kms_key_arn))
        ? undefined
        : "does not set server_side_encryption with a kms_key_arn",
  },
  {
    id: "rds-encryption",
    title: "Databases encrypt storage at rest",
    rationale: "Snapshots, replicas and disks of a database hold every row; they must be unreadable without the key.",
    checkov: "CKV_AWS_16, CKV_AWS_96",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    check: (resource) => (resource.config.storage_encrypted === true ? undefined : "does not set storage_encrypted = true"),
  },
  {
    id: "rds-private",
    title: "Database instances are never publicly accessible",
    rationale: "A database is reached from its clients' security groups inside the VPC, never from the internet.",
    checkov: "CKV_AWS_17",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
    check: (resource) => (resource.config.publicly_accessible === false ? undefined : "does not set publicly_accessible = false"),
  },
  {
    id: "rds-iam-auth",
    title: "Databases accept IAM authentication",
    rationale: "Roles log in with short-lived IAM tokens instead of long-lived passwords.",
    checkov: "CKV_AWS_161, CKV_AWS_162",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    check: (resource) =>
      resource.config.iam_database_authentication_enabled === true ? undefined : "does not set iam_database_authentication_enabled = true",
  },
  {
    id: "elasticache-encryption-at-rest",
    title: "Caches encrypt their data at rest with a customer-managed key",
    rationale: "A cache's disk during sync, its swap and its snapshots hold what the app put there; they must be unreadable without a key the account controls.",
    checkov: "CKV_AWS_29, CKV_AWS_191",
    resourceTypes: ["aws_elasticache_replication_group"],
    check: (resource) => {
      const encrypted = resource.config.at_rest_encryption_enabled === true || resource.config.at_rest_encryption_enabled === "true";
      if (!encrypted) return "does not set at_rest_encryption_enabled = true";
      return resource.config.kms_key_id === undefined ? "does not set kms_key_id (a customer-managed key)" : undefined;
    },
  },
  {
    id: "elasticache-encryption-in-transit",
    title: "Caches require TLS",
    rationale: "Clients, replicas and the primary talk over the VPC; TLS required (not preferred) refuses any plain connection, and IAM authentication needs it (ElastiCache User Guide, Authenticating with IAM, Limitations).",
    checkov: "CKV_AWS_30",
    resourceTypes: ["aws_elasticache_replication_group"],
    check: (resource) =>
      resource.config.transit_encryption_enabled === true && resource.config.transit_encryption_mode === "required"
        ? undefined
        : "does not set transit_encryption_enabled = true with transit_encryption_mode = \"required\"",
  },
  {
    id: "elasticache-iam-auth",
    title: "Caches authenticate by IAM through a user group, never with an AUTH token or a user's password",
    rationale:
      "AWS provider 5.100 keeps a replication group's auth_token and a user's passwords in state and has no write-only form of them; IAM authentication needs no stored secret at all (decision 0009). A user that is switched off (`off` access string) authenticates nobody.",
    checkov: "none: CKV_AWS_31 asks for the auth_token this rule refuses",
    resourceTypes: ["aws_elasticache_replication_group", "aws_elasticache_user"],
    check: (resource) => {
      if (resource.type === "aws_elasticache_user") {
        if (resource.config.passwords !== undefined) return "sets passwords, which Terraform stores in state; authenticate the user by IAM";
        const block = resource.config.authentication_mode;
        const mode = ((Array.isArray(block) ? block[0] : block) as { type?: string } | undefined)?.type;
        const off = String(resource.config.access_string ?? "").split(" ")[0] === "off";
        return mode === "iam" || off ? undefined : "neither authenticates by IAM (authentication_mode type iam) nor is switched off (access string starting with off)";
      }
      if (resource.config.auth_token !== undefined) return "sets auth_token, which Terraform stores in state; give it user_group_ids of IAM-authenticated users";
      return resource.config.user_group_ids === undefined ? "sets no user_group_ids: without RBAC, ElastiCache's default user admits any client without a password" : undefined;
    },
  },
  {
    id: "sns-encryption",
    title: "SNS topics are encrypted with a customer-managed key",
    rationale: "Alarm messages name resources and values; access to them should follow a key the account controls.",
    checkov: "CKV_AWS_26",
    resourceTypes: ["aws_sns_topic"],
    check: (resource) => (resource.config.kms_master_key_id ? undefined : "does not set kms_master_key_id"),
  },
  {
    id: "sqs-encryption",
    title: "SQS queues are encrypted with a customer-managed key",
    rationale: "A dead-letter queue keeps what failed for up to 14 days (a scheduled job's command and the error that stopped it); reading it should need a key the account controls and audits.",
    checkov: "CKV_AWS_27",
    resourceTypes: ["aws_sqs_queue"],
    check: (resource) => (resource.config.kms_master_key_id ? undefined : "does not set kms_master_key_id"),
  },
  {
    id: "firehose-encryption",
    title: "Firehose streams encrypt at rest with a customer-managed key, and so does their S3 backup",
    rationale: "A log-forwarding stream buffers the app's log lines for up to its retry duration, and what Splunk refuses lands in a bucket: both must be unreadable without a key the account controls.",
    checkov: "CKV_AWS_240, CKV_AWS_241",
    resourceTypes: ["aws_kinesis_firehose_delivery_stream"],
    check: (resource) => {
      const sse = blocks(resource.config.server_side_encryption)[0];
      if (!sse || !(sse.enabled === true || sse.enabled === "true") || sse.key_type !== "CUSTOMER_MANAGED_CMK" || sse.key_arn === undefined) {
        return "does not set server_side_encryption { enabled = true, key_type = \"CUSTOMER_MANAGED_CMK\", key_arn }";
      }
      const destination = blocks(resource.config.splunk_configuration)[0] ?? blocks(resource.config.http_endpoint_configuration)[0];
      const backup = destination && blocks(destination.s3_configuration)[0];
      return backup && backup.kms_key_arn === undefined ? "writes its failed events to S3 without kms_key_arn" : undefined;
    },
  },
  {
    id: "firehose-token-not-in-state",
    title: "Firehose reads its destination's token from Secrets Manager, never from an argument",
    rationale: "splunk_configuration.hec_token (and an HTTP endpoint's access_key) is stored in state; secrets_manager_configuration names the secret, and Firehose reads it with its role (Amazon Data Firehose Developer Guide, Authenticate with AWS Secrets Manager).",
    checkov: "none: checkov looks for hard-coded tokens, not for tokens kept in state",
    resourceTypes: ["aws_kinesis_firehose_delivery_stream"],
    check: (resource) => {
      const splunk = blocks(resource.config.splunk_configuration)[0];
      if (!splunk) return undefined;
      if (splunk.hec_token !== undefined) return "sets splunk_configuration.hec_token, which Terraform stores in state; use secrets_manager_configuration";
      const secrets = blocks(splunk.secrets_manager_configuration)[0];
      return secrets && (secrets.enabled === true || secrets.enabled === "true") && secrets.secret_arn !== undefined ? undefined : "does not read the HEC token from Secrets Manager (secrets_manager_configuration with enabled = true and secret_arn)";
    },
  },
  {
    id: "prometheus-encryption",
    title: "Prometheus workspaces are encrypted with a customer-managed key",
    rationale: "Metrics name resources, users' paths and business counts; reading them should need a key the account controls and audits.",
    checkov: "none: checkov has no check of Prometheus workspaces' keys",
    resourceTypes: ["aws_prometheus_workspace"],
    check: (resource) => (resource.config.kms_key_arn ? undefined : "does not set kms_key_arn"),
  },
  {
    id: "backup-vault-encryption",
    title: "Backup vaults are encrypted with a customer-managed key",
    rationale: "A recovery point holds the whole database or bucket; restoring it should need a key the account controls and audits.",
    checkov: "CKV_AWS_166",
    resourceTypes: ["aws_backup_vault"],
    check: (resource) => (resource.config.kms_key_arn ? undefined : "does not set kms_key_arn"),
  },
  {
    id: "secret-encryption",
    title: "Secrets Manager secrets are encrypted with a customer-managed key",
    rationale: "Reading a secret then needs both the secret's and the key's permission, and key use is audited.",
    checkov: "CKV_AWS_149",
    resourceTypes: ["aws_secretsmanager_secret"],
    check: (resource) => (resource.config.kms_key_id ? undefined : "does not set kms_key_id"),
  },
  {
    id: "secrets-write-only",
    title: "Passwords and secret values reach AWS through write-only arguments, never through state",
    rationale:
      "Everyone who can plan can read state; a value set in password, master_password or secret_string, or generated by a random_* resource, is stored there. Ephemeral values in *_wo arguments are not.",
    checkov: "none: checkov looks for hard-coded values, not for values kept in state",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster", "aws_secretsmanager_secret_version", "random_password", "random_string"],
    check: (resource) => {
      if (resource.type.startsWith("random_")) return "keeps its result in state; generate the value with an ephemeral resource and write it to a *_wo argument";
      const stored = STORED_SECRET_ARGUMENTS[resource.type].find((argument) => resource.config[argument] !== undefined);
      return stored ? `sets ${stored}, which Terraform stores in state; use ${stored}_wo with ${stored}_wo_version` : undefined;
    },
  },
  {
    id: "rds-replica-source-password",
    title: "A database with replicas, or in a global database, does not let RDS manage its master password",
    rationale:
      "RDS cannot create a read replica of a source that manages its master password in Secrets Manager, and Aurora refuses managed passwords for global database clusters and cross-Region replicas (RDS and Aurora User Guides, Password management with Secrets Manager, Limitations); terraform validate cannot see it, the apply fails.",
    checkov: "none: checkov has no check that relates a replica to its source",
    resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
    check: (resource, stack) => {
      if (resource.config.manage_master_user_password !== true) return undefined;
      if (resource.type === "aws_rds_cluster") {
        return resource.config.global_cluster_identifier === undefined
          ? undefined
          : "sets manage_master_user_password in a global database (global_cluster_identifier), which Aurora refuses";
      }
      const replicas = stack.referencing(resource, "aws_db_instance").filter((replica) => replica.config.replicate_source_db !== undefined);
      return replicas.length === 0
        ? undefined
        : `sets manage_master_user_password while ${replicas.map((replica) => `aws_db_instance.${replica.name}`).join(", ")} replicates it, which RDS refuses to create`;
    },
  },
  {
    id: "default-security-group-closed",
    title: "The default security group of every VPC has no rules",
    rationale: "Resources launched without a security group must get no access at all.",
    checkov: "CKV2_AWS_12",
    resourceTypes: ["aws_vpc"],
    check: requireCompanion(
      "aws_default_security_group",
      (sg) => blocks(sg.ingress).length === 0 && blocks(sg.egress).length === 0,
      "strips its ingress and egress rules",
    ),
  },
  {
    id: "ecr-immutable-tags",
    title: "ECR repositories, and the templates ECR creates replicas from, make image tags immutable",
    rationale:
      "A tag that was reviewed, scanned and deployed must keep naming the same image; a push must not silently replace it. Without a template, ECR creates replicas with mutable tags.",
    checkov: "CKV_AWS_51",
    resourceTypes: ["aws_ecr_repository", "aws_ecr_repository_creation_template"],
    check: (resource) => (resource.config.image_tag_mutability === "IMMUTABLE" ? undefined : 'does not set image_tag_mutability = "IMMUTABLE"'),
  },
  {
    id: "ecr-scan-on-push",
    title: "ECR repositories scan every image on push",
    rationale: "Known vulnerabilities in an image should be reported when it is pushed, before it is deployed (seed 003).",
    checkov: "CKV_AWS_163",
    resourceTypes: ["aws_ecr_repository"],
    check: (resource) =>
      blocks(resource.config.image_scanning_configuration).some((scan) => scan.scan_on_push === true)
        ? undefined
        : "does not set image_scanning_configuration.scan_on_push = true",
  },
  {
    id: "ecr-encryption",
    title: "ECR repositories, and the templates ECR creates replicas from, encrypt images with a customer-managed key",
    rationale: "Pulling an image then needs the key's grant as well as the repository's, and key use is audited. Without a template, ECR creates replicas with AES-256.",
    checkov: "CKV_AWS_136",
    resourceTypes: ["aws_ecr_repository", "aws_ecr_repository_creation_template"],
    check: (resource) =>
      blocks(resource.config.encryption_configuration).some((e) => ["KMS", "KMS_DSSE"].includes(String(e.encryption_type)) && Boolean(e.kms_key))
        ? undefined
        : 'does not set encryption_configuration with encryption_type = "KMS" and a kms_key',
  },
  {
    id: "codebuild-encryption",
    title: "CodeBuild projects encrypt their artifacts with a customer-managed key",
    rationale: "A build's output (a release's task definition) and its cache stay unreadable outside the key's grants; without a key CodeBuild uses the account's AWS managed key, which every principal of the account may use (decision 0015).",
    checkov: "CKV_AWS_147",
    resourceTypes: ["aws_codebuild_project"],
    check: (resource) => (resource.config.encryption_key ? undefined : "does not set encryption_key"),
  },
  {
    id: "codepipeline-artifact-encryption",
    title: "CodePipeline artifact stores are encrypted with a customer-managed key",
    rationale: "A pipeline's artifacts (the app's source, a release's task definition) are readable by whoever may use the store's key; the AWS managed key is every principal's of the account (decision 0015).",
    checkov: "CKV_AWS_219",
    resourceTypes: ["aws_codepipeline"],
    check: (resource) =>
      blocks(resource.config.artifact_store).length > 0 && blocks(resource.config.artifact_store).every((store) => blocks(store.encryption_key).some((key) => key.type === "KMS" && Boolean(key.id)))
        ? undefined
        : 'does not set every artifact_store\'s encryption_key with type "KMS" and an id',
  },
  {
    id: "lb-drop-invalid-headers",
    title: "Application load balancers drop invalid HTTP header fields",
    rationale: "Malformed headers are a tool for request smuggling and desync attacks against the targets behind the load balancer.",
    checkov: "CKV_AWS_131",
    resourceTypes: ["aws_lb", "aws_alb"],
    check: (resource) =>
      !isApplicationLoadBalancer(resource) || resource.config.drop_invalid_header_fields === true ? undefined : "does not set drop_invalid_header_fields = true",
  },
  {
    id: "lb-access-logs",
    title: "Load balancers write access logs to a bucket",
    rationale: "Every request that reached the platform must be traceable after the fact: who, when, what, and how it was answered (seed 000).",
    checkov: "CKV_AWS_91",
    resourceTypes: ["aws_lb", "aws_alb"],
    check: (resource) =>
      resource.config.load_balancer_type === "gateway" || blocks(resource.config.access_logs).some((logs) => logs.enabled === true && Boolean(logs.bucket))
        ? undefined
        : "does not set access_logs with enabled = true and a bucket",
  },
  {
    id: "lb-tls-policy",
    title: "HTTPS and TLS listeners accept TLS 1.2 and later only",
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996); the API's default policy, ELBSecurityPolicy-2016-08, still accepts them.",
    checkov: "CKV_AWS_103",
    resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
    check: (resource) => {
      if (!TLS_LISTENER_PROTOCOLS.includes(listenerProtocol(resource.config))) return undefined;
      const policy = resource.config.ssl_policy;
      if (typeof policy !== "string" || policy === "") return "does not set ssl_policy (the default, ELBSecurityPolicy-2016-08, accepts TLS 1.0)";
      return TLS12_POLICY.test(policy)
        ? undefined
        : `sets ssl_policy = "${policy}", which is not a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-*)`;
    },
  },
  {
    id: "lb-https-only",
    title: "Where the stack requires HTTPS (uat, prod), plain HTTP listeners only redirect to HTTPS",
    rationale: "Requests and cookies must not cross the internet in clear text; HTTP stays open only to send browsers to HTTPS (seed 004).",
    checkov: "CKV_AWS_2",
    resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
    check: (resource, stack) => {
      if (!stack.requireHttps || listenerProtocol(resource.config) !== "HTTP") return undefined;
      if (!redirectsToHttps(resource.config.default_action)) return "serves plain HTTP: in a stack that requires HTTPS, its default_action must redirect to HTTPS";
      const serving = ["aws_lb_listener_rule", "aws_alb_listener_rule"]
        .flatMap((type) => stack.referencing(resource, type))
        .filter((rule) => !redirectsToHttps(rule.config.action));
      return serving.length === 0
        ? undefined
        : `serves plain HTTP through ${serving.map((rule) => `${rule.type}.${rule.name}`).join(", ")}: in a stack that requires HTTPS, its rules must redirect to HTTPS`;
    },
  },
  {
    id: "cloudfront-viewer-tls",
    title: "CloudFront distributions serve their own certificate to viewers with TLS 1.2 (2021 ciphers) or newer",
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996); CloudFront's older security policies still accept them, and the default *.cloudfront.net certificate allows TLS 1.0 (decision 0008).",
    checkov: "CKV_AWS_174",
    resourceTypes: ["aws_cloudfront_distribution"],
    check: (resource) => {
      const certificate = blocks(resource.config.viewer_certificate)[0];
      if (!certificate || certificate.cloudfront_default_certificate === true) return "uses the default CloudFront certificate, whose minimum protocol is TLSv1";
      const version = certificate.minimum_protocol_version;
      return typeof version === "string" && CLOUDFRONT_TLS12_POLICIES.includes(version)
        ? undefined
        : `sets minimum_protocol_version = ${JSON.stringify(version)}: must be one of ${CLOUDFRONT_TLS12_POLICIES.join(", ")}`;
    },
  },
  {
    id: "cloudfront-https-only",
    title: "CloudFront takes HTTPS from viewers (HTTP redirects) and speaks HTTPS only, TLS 1.2, to custom origins",
    rationale: "Requests and cookies must not cross the internet in clear text on either side of the edge (decision 0008).",
    checkov: "CKV_AWS_34 (viewer protocol), CKV2_AWS_42 (origin protocol)",
    resourceTypes: ["aws_cloudfront_distribution"],
    check: (resource) => {
      const behaviors = [...blocks(resource.config.default_cache_behavior), ...blocks(resource.config.ordered_cache_behavior)];
      const plain = behaviors.filter((behavior) => !["redirect-to-https", "https-only"].includes(String(behavior.viewer_protocol_policy)));
      if (plain.length > 0) return `has cache behaviors with viewer_protocol_policy ${plain.map((b) => JSON.stringify(b.viewer_protocol_policy)).join(", ")}: must be redirect-to-https or https-only`;
      const origins = blocks(resource.config.origin).flatMap((origin) => blocks(origin.custom_origin_config));
      const weak = origins.filter((config) => config.origin_protocol_policy !== "https-only" || JSON.stringify(config.origin_ssl_protocols) !== JSON.stringify(["TLSv1.2"]));
      return weak.length === 0 ? undefined : "has a custom origin that is not https-only with origin_ssl_protocols [\"TLSv1.2\"]";
    },
  },
  {
    id: "cloudfront-waf",
    title: "CloudFront distributions are behind a WAF web ACL",
    rationale: "The edge is where requests arrive: rate limits and managed rules apply there (seed 002: CDN -> WAF).",
    checkov: "CKV_AWS_68",
    resourceTypes: ["aws_cloudfront_distribution"],
    check: (resource) => (typeof resource.config.web_acl_id === "string" && resource.config.web_acl_id !== "" ? undefined : "sets no web_acl_id"),
  },
  {
    id: "ecs-container-hardening",
    title: "ECS containers run unprivileged, with a read-only root filesystem and every Linux capability dropped",
    rationale: "A compromised process should be unable to modify its image, escalate through capabilities or reach the host's devices.",
    checkov: "CKV_AWS_336 (read-only root), CKV_AWS_334 (privileged)",
    resourceTypes: ["aws_ecs_task_definition"],
    check: (resource) => containerFindings(resource, (container) => containerWeaknesses(container).join(", ") || undefined),
  },
  {
    id: "ecs-container-non-root",
    title: "ECS containers run as a named unprivileged user, never root",
    rationale:
      "An image without USER runs as root: a process that breaks out of the app then owns every file in the container and any volume it mounts. Setting user in the task definition makes it explicit and reviewable.",
    checkov: "none: checkov checks privileged and the root filesystem, not the user",
    resourceTypes: ["aws_ecs_task_definition"],
    check: (resource) =>
      containerFindings(resource, ({ user }) => {
        if (user === undefined) return "sets no user, so it runs as the image's (root unless the image says otherwise)";
        return typeof user === "string" && !["", "0", "root"].includes(user.split(":")[0]) ? undefined : `runs as ${JSON.stringify(user)}`;
      }),
  },
  {
    id: "ec2-imdsv2",
    title: "EC2 instances require IMDSv2 session tokens",
    rationale: "IMDSv1 answers any request, so an SSRF or open proxy on the instance hands out its role's credentials.",
    checkov: "CKV_AWS_79",
    resourceTypes: ["aws_instance"],
    check: (resource) =>
      blocks(resource.config.metadata_options).some((m) => m.http_tokens === "required" || m.http_endpoint === "disabled")
        ? undefined
        : 'does not set metadata_options.http_tokens = "required"',
  },
  {
    id: "ebs-encryption",
    title: "EC2 instances encrypt their root and EBS volumes",
    rationale: "Volumes and their snapshots hold whatever the instance wrote; they must be unreadable without the key.",
    checkov: "CKV_AWS_8",
    resourceTypes: ["aws_instance"],
    check: (resource) => {
      const problems = [
        ...(blocks(resource.config.root_block_device).some((root) => root.encrypted === true) ? [] : ["does not set root_block_device.encrypted = true"]),
        ...blocks(resource.config.ebs_block_device)
          .filter((device) => device.encrypted !== true)
          .map((device) => `does not set encrypted = true on ebs_block_device ${String(device.device_name)}`),
      ];
      return problems.length === 0 ? undefined : problems.join("; ");
    },
  },
  {
    id: "pipeline-role-trust",
    title: "Roles of pipeline-deployed stacks trust only the AWS services workloads run on",
    rationale:
      "No IAM condition key constrains the trust policy a deploy role writes with iam:CreateRole, and the permissions boundary caps what a role may do, not who may assume it: a role trusting another account, a federated provider or `*` would open the account.",
    checkov: "none: checkov checks for wildcard principals, not for principals other than service ones",
    resourceTypes: ["aws_iam_role"],
    check: (resource, stack) => {
      if (!stack.pipelineDeployed) return undefined;
      const document = typeof resource.config.assume_role_policy === "string" ? (JSON.parse(resource.config.assume_role_policy) as { Statement: { Principal?: unknown }[] }) : undefined;
      if (document === undefined) return "has an assume_role_policy that is not a literal JSON document, so its principals cannot be checked";
      const others = document.Statement.flatMap((statement) => {
        const principal = statement.Principal as Record<string, string | string[]> | string | undefined;
        if (typeof principal !== "object") return [JSON.stringify(principal)];
        return Object.entries(principal).flatMap(([kind, values]) =>
          kind !== "Service" ? [`${kind} ${JSON.stringify(values)}`] : [values].flat().filter((service) => !isWorkloadPrincipal(service)).map((service) => `Service ${service}`),
        );
      });
      return others.length === 0 ? undefined : `trusts ${others.join(", ")}: only ${WORKLOAD_SERVICE_PRINCIPALS.join(", ")} may assume a pipeline stack's role`;
    },
  },
  // EC2 capacity's launch templates, Auto Scaling group and placement (src/aspects/capacity-rules.ts).
  ...CAPACITY_RULES,
  ...RELEASE_RULES,
];
