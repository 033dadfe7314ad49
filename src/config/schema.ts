import { z } from "zod";
import { parseCidr } from "./cidr";
import { KNOWN_REGIONS } from "./regions";
import { MAX_PLAN_AZS, VPC_PREFIX_RANGE } from "./subnet-plan";
import { appSchema } from "./app-schema";
import { logRetention, name } from "./fields";
import { ACTIVE_REGIONS } from "./dr";
import { NAT_MODES, TIERS } from "./tiers";

/**
 * The shape of a platform configuration: the built-in default and any JSON
 * file named by `PLATFORM_CONFIG`. Single-field rules live here; rules that
 * relate fields to each other live in `validate.ts`.
 */

/** The project name also prefixes S3 bucket names, which AWS limits to 63 characters. */
export const PROJECT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const PROJECT_NAME_RULE = "2-16 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

/** AWS services a network can reach through interface endpoints (`com.amazonaws.<region>.<service>`). */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "kms",
  "sts",
  "monitoring",
  "ecs",
  "ecs-agent",
  "ecs-telemetry",
  "appconfig",
  "appconfigdata",
  "sns",
] as const;

/** Tags every stack sets itself; extra project tags may not redefine them. */
export const PLATFORM_TAG_KEYS = ["Project", "Environment", "ManagedBy", "CostAllocation", "Owner", "Repository"] as const;

/** The OIDC subject forms the CI roles can trust. */
export const SUBJECT_FORMS = ["name", "id", "both"] as const;

/** The shortest reason a waiver accepts. */
export const MIN_WAIVER_REASON_LENGTH = 10;

const region = z.enum(KNOWN_REGIONS as [string, ...string[]], {
  error: "must be an AWS commercial region code such as us-east-1 or eu-west-1",
});
const reason = z
  .string()
  .trim()
  .min(MIN_WAIVER_REASON_LENGTH, `a waiver needs a reason of at least ${MIN_WAIVER_REASON_LENGTH} characters`);

const vpcCidr = z.string().superRefine((text, ctx) => {
  const cidr = parseCidr(text);
  if (!cidr) {
    ctx.addIssue({ code: "custom", message: "must be an IPv4 CIDR block such as 10.10.0.0/16" });
  } else if (cidr.hostBitsSet) {
    ctx.addIssue({ code: "custom", message: "must be a network address: its host bits must be zero" });
  } else if (cidr.prefix < VPC_PREFIX_RANGE.min || cidr.prefix > VPC_PREFIX_RANGE.max) {
    ctx.addIssue({
      code: "custom",
      message: `must have a prefix from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, so that the subnet plan's /+8 subnets fit`,
    });
  }
});

const tagKey = z
  .string()
  .regex(/^[\w .:/=+\-@]{1,128}$/, "tag keys must be 1-128 letters, digits, spaces or _.:/=+-@")
  .refine((key) => !(PLATFORM_TAG_KEYS as readonly string[]).includes(key), {
    message: `may not redefine a platform tag (${PLATFORM_TAG_KEYS.join(", ")})`,
  })
  .refine((key) => !key.toLowerCase().startsWith("aws:"), { message: "the aws: prefix is reserved by AWS" });

const projectSchema = z.strictObject({
  /** Prefix of every name; part of state keys and bucket names. */
  name: z.string().regex(PROJECT_NAME_PATTERN, `must be ${PROJECT_NAME_RULE}`),
  /** The team that owns the platform (the Owner tag). */
  owner: z.string().min(1, "must name the owning team").max(256),
  /** The region for anything that has no region of its own. */
  defaultRegion: region,
  /** Extra tags on every resource. */
  tags: z.record(tagKey, z.string().max(256, "tag values are at most 256 characters")).default({}),
  /** The GitHub repository of this platform, `owner/name` (the Repository tag). */
  repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "must be a GitHub repository as owner/name"),
});

const accountSchema = z.strictObject({
  /** The 12-digit AWS account id. */
  id: z.string({ error: "must be a 12-digit AWS account id as a string, in quotes (a number would lose leading zeros)" }).regex(/^\d{12}$/, "must be a 12-digit AWS account id"),
  /** The region of the account's state backend. */
  region,
});

const networkSchema = z.strictObject({
  /** The account the VPC lives in. */
  account: name,
  /** The VPC's region. */
  region,
  /** The VPC's IPv4 block. */
  cidr: vpcCidr,
  /** How many availability zones to spread subnets over. */
  azCount: z
    .number()
    .int()
    .min(2, "must be at least 2: load balancers and database subnet groups need two zones")
    .max(MAX_PLAN_AZS, `must be at most ${MAX_PLAN_AZS}, the zones the subnet plan leaves room for`)
    .optional(),
  /** Explicit zone names, for regions whose zone letters differ per account. */
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be zone names such as us-east-1a")).optional(),
  /** The tier whose presets the network takes; derived from its environments when left out. */
  tier: z.enum(TIERS).optional(),
  /** NAT mode; the tier's preset when left out. */
  natMode: z.enum(NAT_MODES, { error: `must be one of ${NAT_MODES.join(", ")}` }).optional(),
  /** The NAT instance's EC2 type, with natMode "instance"; t4g.nano when left out. */
  natInstanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t4g.nano").optional(),
  /** VPC flow logs; the tier's preset when left out. */
  flowLogs: z
    .strictObject({
      /** Whether flow logs are on. */
      enabled: z.boolean().optional(),
      /** Retention of the flow log group in days. */
      retentionDays: logRetention.optional(),
    })
    .optional(),
  /** Reasons for turning off a protection that the prod tier requires. */
  waivers: z
    .strictObject({
      /** Why flow logs are off. */
      flowLogs: reason.optional(),
    })
    .optional(),
  /** Interface endpoints for private workloads; by default the set a network without NAT needs. */
  interfaceEndpoints: z
    .strictObject({
      /** The services to reach. */
      services: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).optional(),
      /** How many zones get an endpoint network interface (each costs per hour). */
      azCount: z.number().int().min(1, "must be at least 1").optional(),
    })
    .optional(),
});

const environmentSchema = z.strictObject({
  /** The network the environment runs in. */
  network: name,
  /** A network in another region for disaster recovery, peered with the primary one. */
  drNetwork: name.optional(),
  /** Where the environment runs: "dr" declares a failover (the DR replica is promoted); "primary" when left out. */
  activeRegion: z.enum(ACTIVE_REGIONS, { error: `must be one of ${ACTIVE_REGIONS.join(", ")}` }).optional(),
  /** Tasks the DR region's pilot-light service runs while standing by: 0 (cheapest) or 1 (warm, checked by its load balancer). @default 1 */
  drStandbyTasks: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1: the pilot light's size while standing by" }).optional(),
  /** The tier whose presets the environment takes. */
  tier: z.enum(TIERS, { error: `must be one of ${TIERS.join(", ")}` }),
  /** Per-environment changes to the tier's presets. */
  overrides: z
    .strictObject({
      /** Deletion protection on resources that hold data. */
      deletionProtection: z.boolean().optional(),
      /** Multi-AZ deployment of stateful resources. */
      multiAz: z.boolean().optional(),
      /** Encryption at rest. */
      encryption: z.boolean().optional(),
      /** Log retention in days. */
      logRetentionDays: logRetention.optional(),
    })
    .default({}),
  /** Reasons for turning off a protection that the prod tier requires. */
  waivers: z
    .strictObject({
      /** Why deletion protection is off. */
      deletionProtection: reason.optional(),
      /** Why multi-AZ is off. */
      multiAz: reason.optional(),
      /** Why encryption is off. */
      encryption: reason.optional(),
      /** Why logs are kept for less than the tier's retention. */
      logRetention: reason.optional(),
      /** Why an app runs an image by tag, not by digest. */
      imageTag: reason.optional(),
      /** Why an app runs without WAF. */
      waf: reason.optional(),
      /** Why ECS Exec is on. */
      execCommand: reason.optional(),
      /** Why backups are kept for less than the tier's retention. */
      backupRetention: reason.optional(),
      /** Why an app's alarms go to nobody. */
      alertSubscribers: reason.optional(),
    })
    .default({}),
});

const notEmpty = (record: Record<string, unknown>) => Object.keys(record).length > 0;

/** The whole configuration. */
const githubId = z.number().int().positive("must be a GitHub numeric id");

const deliverySchema = z.strictObject({
  /** How GitHub Actions reaches AWS and which GitHub settings the github stack keeps. */
  github: z
    .strictObject({
      /**
       * Which OIDC subject forms the roles trust: "name" (`repo:<owner>/<repo>:...`), "id" (GitHub's
       * immutable form `repo:<owner>@<owner id>/<repo>@<repo id>:...`), or "both" during a migration.
       */
      subjects: z.enum(SUBJECT_FORMS, { error: `must be one of ${SUBJECT_FORMS.join(", ")}` }).optional(),
      /** The numeric ids of the repository's owner and of the repository, which the "id" form names. */
      ids: z.strictObject({ owner: githubId, repository: githubId }).optional(),
      /** Required reviewers of each environment's deployments, by environment: GitHub team and user ids. */
      reviewers: z.record(name, z.strictObject({ teams: z.array(githubId).optional(), users: z.array(githubId).optional() })).optional(),
      /** Approving reviews a pull request to main needs before it merges. */
      requiredApprovals: z.number().int().min(1, "must be at least 1").max(6, "must be at most 6").optional(),
    })
    .optional(),
  /** Who may assume the developer, devops and admin roles (seed 004): exactly one of the two. */
  humans: z
    .strictObject({
      /** An identity account whose principals may assume the roles (with their own permission to do so). */
      trustedAccountId: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id").optional(),
      /** A SAML identity provider of each account, by name, such as `okta` (arn:aws:iam::<account>:saml-provider/okta). */
      samlProviderName: z.string().regex(/^[\w.-]{1,128}$/, "must be an IAM SAML provider name").optional(),
      /** Seconds since the MFA sign-in within which the admin role may be assumed. */
      adminMfaMaxAgeSeconds: z.number().int().min(300, "must be at least 300").max(43200, "must be at most 43200").optional(),
    })
    .optional(),
  /** Days CloudTrail's logs are kept, in the bucket and the log group. */
  auditRetentionDays: z.number().int().min(90, "must be at least 90").optional(),
});

export const platformConfigSchema = z.strictObject({
  /** Project-wide settings. */
  project: projectSchema,
  /** AWS accounts by name. */
  accounts: z.record(name, accountSchema).refine(notEmpty, "must define at least one account"),
  /** VPC networks by name. */
  networks: z.record(name, networkSchema).refine(notEmpty, "must define at least one network"),
  /** Environments by name. */
  environments: z.record(name, environmentSchema).refine(notEmpty, "must define at least one environment"),
  /** Applications by name. */
  apps: z.record(name, appSchema).default({}),
  /** Delivery, access and audit: GitHub Actions' roles, the GitHub settings, the human roles, CloudTrail. */
  delivery: deliverySchema.default({}),
});

/** A configuration as written (before defaults). */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;

/** A configuration that passed the schema. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;

/** One network as it passed the schema. */
export type NetworkConfig = PlatformConfig["networks"][string];

/** One environment as it passed the schema. */
export type EnvironmentConfig = PlatformConfig["environments"][string];
