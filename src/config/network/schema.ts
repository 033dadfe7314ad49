import { z } from "zod";
import { parseCidr } from "../shared/cidr";
import { logRetention, name, reason, region } from "../shared/fields";
import { NAT_MODES, TIERS } from "../shared/tiers";
import { MAX_PLAN_AZS, VPC_PREFIX_RANGE } from "./subnet-plan";

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

/** One VPC network: its account, region, CIDR block and zones, and its changes to the tier's NAT, flow logs and endpoints. */
export const networkSchema = z.strictObject({
  account: name.describe("The account the VPC lives in."),
  region: region.describe("The VPC's region."),
  cidr: vpcCidr.describe("The VPC's IPv4 block."),
  azCount: z
    .number()
    .int()
    .min(2, "must be at least 2: load balancers and database subnet groups need two zones")
    .max(MAX_PLAN_AZS, `must be at most ${MAX_PLAN_AZS}, the zones the subnet plan leaves room for`)
    .optional()
    .describe("How many availability zones to spread subnets over."),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be zone names such as us-east-1a"))
    .optional()
    .describe("Explicit zone names, for regions whose zone letters differ per account."),
  tier: z.enum(TIERS).optional().describe("The tier whose presets the network takes; derived from its environments when left out."),
  natMode: z
    .enum(NAT_MODES, { error: `must be one of ${NAT_MODES.join(", ")}` })
    .optional()
    .describe("NAT mode; the tier's preset when left out."),
  natInstanceType: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t4g.nano")
    .optional()
    .describe('The NAT instance\'s EC2 type, with natMode "instance"; t4g.nano when left out.'),
  flowLogs: z
    .strictObject({
      enabled: z.boolean().optional().describe("Whether flow logs are on."),
      retentionDays: logRetention.optional().describe("Retention of the flow log group in days."),
    })
    .optional()
    .describe("VPC flow logs; the tier's preset when left out."),
  waivers: z
    .strictObject({
      flowLogs: reason.optional().describe("Why flow logs are off."),
    })
    .optional()
    .describe("Reasons for turning off a protection that the prod tier requires."),
  interfaceEndpoints: z
    .strictObject({
      services: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).optional().describe("The services to reach."),
      azCount: z.number().int().min(1, "must be at least 1").optional().describe("How many zones get an endpoint network interface (each costs per hour)."),
    })
    .optional()
    .describe("Interface endpoints for private workloads; by default the set a network without NAT needs."),
});
