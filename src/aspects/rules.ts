import type { TerraformResource } from "cdktf";

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
  /** The construct itself. */
  readonly construct: TerraformResource;
}

/** What a rule may ask about the rest of the stack. */
export interface StackView {
  /** Resources of a type whose arguments refer to the given resource. */
  referencing(target: ResourceView, type: string): ResourceView[];
  /** Whether deletion protection is required in this stack (uat and prod tiers, state backends). */
  readonly requireDeletionProtection: boolean;
  /** Whether a resource sits in a load balancer's scope. */
  isLoadBalancerScope(resource: ResourceView): boolean;
}

/** One guardrail: policy as code, checked on every resource at synth. */
export interface GuardrailRule {
  /** The id used in messages and waivers. */
  readonly id: string;
  /** What the rule demands. */
  readonly title: string;
  /** Why. */
  readonly rationale: string;
  /** The checkov check(s) it corresponds to. */
  readonly checkov: string;
  /** The resource types it inspects. */
  readonly resourceTypes: readonly string[];
  /** Why the resource violates the rule, or undefined when it complies. */
  readonly check: (resource: ResourceView, stack: StackView) => string | undefined;
}

/** A nested block: CDKTF writes single blocks as objects and repeated blocks as lists. */
function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

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
    id: "sns-encryption",
    title: "SNS topics are encrypted with a customer-managed key",
    rationale: "Alarm messages name resources and values; access to them should follow a key the account controls.",
    checkov: "CKV_AWS_26",
    resourceTypes: ["aws_sns_topic"],
    check: (resource) => (resource.config.kms_master_key_id ? undefined : "does not set kms_master_key_id"),
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
];
