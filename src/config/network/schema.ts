import { z } from "zod";
import { parseCidr } from "../shared/cidr";
import { awsId, logRetention, name, reason, region } from "../shared/fields";
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

/** A VPC's IPv4 block: a network address with a prefix in `range`, for the reason `why`. */
const vpcBlock = (range: { min: number; max: number }, why: string, example: string) =>
  z.string().superRefine((text, ctx) => {
    const cidr = parseCidr(text);
    if (!cidr) {
      ctx.addIssue({ code: "custom", message: `must be an IPv4 CIDR block such as ${example}` });
    } else if (cidr.hostBitsSet) {
      ctx.addIssue({ code: "custom", message: "must be a network address: its host bits must be zero" });
    } else if (cidr.prefix < range.min || cidr.prefix > range.max) {
      ctx.addIssue({ code: "custom", message: `must have a prefix from /${range.min} to /${range.max}, ${why}` });
    }
  });

const vpcCidr = vpcBlock(VPC_PREFIX_RANGE, "so that the subnet plan's /+8 subnets fit", "10.10.0.0/16");

/** The VPC prefix lengths AWS accepts (/16 to /28). */
const AWS_VPC_PREFIX_RANGE = { min: 16, max: 28 } as const;

const existingVpcCidr = vpcBlock(AWS_VPC_PREFIX_RANGE, "as AWS allows for a VPC", "10.60.0.0/16");

const ZONE_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;
const zoneName = z.string().regex(ZONE_PATTERN, "must be zone names such as us-east-1a");

const existingSubnets = (tier: string) =>
  z
    .array(
      z.strictObject({
        id: awsId("subnet", "a subnet").describe("The subnet's id."),
        zone: z.string().regex(ZONE_PATTERN, "must be a zone name such as us-east-1a").describe("The subnet's availability zone; the plan fails if AWS says otherwise."),
      }),
    )
    .describe(tier);

/** An existing VPC and subnets a network adopts: the platform creates none of them and checks them at plan time. */
export const existingVpcSchema = z
  .strictObject({
    vpcId: awsId("vpc", "a VPC").describe("The VPC's id."),
    cidr: existingVpcCidr.describe("The VPC's primary IPv4 block: the endpoint security group admits it; the plan fails if AWS says otherwise."),
    subnets: z
      .strictObject({
        public: existingSubnets("Subnets for the load balancer (and a bastion admitting SSH): one per zone, at least two zones."),
        private: existingSubnets("Subnets for the tasks and interface endpoints: one per zone, at least two zones."),
        database: existingSubnets("Subnets for the database subnet group and the role manager: one per zone, at least two zones."),
      })
      .describe("The subnets the platform places things in, by tier."),
    privateEgress: z
      .enum(["nat", "none"], { error: 'must be "nat" (the private subnets route to the internet through a NAT you run) or "none"' })
      .describe('Whether the private subnets reach the internet: "nat" through a NAT the VPC\'s owner runs, or "none", which makes the reachability rules and endpoint defaults those of natMode "none".'),
    privateRouteTableIds: z
      .array(awsId("rtb", "a route table"))
      .optional()
      .describe("The private subnets' route tables: they get the S3 and DynamoDB gateway endpoints and, in a DR pair, the peering routes. Without them, no gateway endpoints."),
  })
  .describe("An existing VPC and subnets to adopt instead of creating them (leave out cidr, azCount, availabilityZones, natMode and natInstanceType).");

/** One VPC network: its account, region, CIDR block and zones, and its changes to the tier's NAT, flow logs and endpoints. */
export const networkSchema = z.strictObject({
  account: name.describe("The account the VPC lives in."),
  region: region.describe("The VPC's region."),
  cidr: vpcCidr.optional().describe("The VPC's IPv4 block; required unless the network adopts an existing VPC."),
  azCount: z
    .number()
    .int()
    .min(2, "must be at least 2: load balancers and database subnet groups need two zones")
    .max(MAX_PLAN_AZS, `must be at most ${MAX_PLAN_AZS}, the zones the subnet plan leaves room for`)
    .optional()
    .describe("How many availability zones to spread subnets over."),
  availabilityZones: z
    .array(zoneName)
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
  existing: existingVpcSchema.optional(),
});
