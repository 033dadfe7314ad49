import { z } from "zod";
import { CAPACITY_PROVIDERS, CPU_ARCHITECTURES, MIN_ROOT_VOLUME_GB } from "./defaults";

/** An EC2 instance type as EC2 names it, such as `t3.micro` (which ones are allowed is a validation). */
const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.micro");

const instanceCount = z.number().int("must be a whole number").min(1, "must be at least 1 instance").max(100, "must be at most 100 instances");

/** Where an app's tasks run: Fargate, or EC2 container instances of an Auto Scaling group (issue 23, decision 0012). */
export const capacitySchema = z.strictObject({
  provider: z
    .enum(CAPACITY_PROVIDERS, { error: `must be one of ${CAPACITY_PROVIDERS.join(", ")}` })
    .optional()
    .describe("Where the tasks run: `fargate`, or `ec2` for ECS container instances of an Auto Scaling group behind a capacity provider that the service stack creates."),
  architecture: z
    .enum(CPU_ARCHITECTURES, { error: `must be one of ${CPU_ARCHITECTURES.join(", ")}` })
    .optional()
    .describe("The CPU architecture the image is built for, which the task definition's runtime platform names; with ec2 it must be the instance type's (m6g, m7g, c6g, c7g, r6g, r7g and t4g are ARM64)."),
  instanceType: instanceType.optional().describe("With ec2: the instances' type (families t3, t3a, t4g, m5, m6i, m7i, m6g, m7g, c6i, c6g, c7g, r6i, r6g, r7g)."),
  minInstances: instanceCount.optional().describe("With ec2: the fewest instances, always running (and priced by npm run cost)."),
  maxInstances: instanceCount.optional().describe("With ec2: the most instances ECS managed scaling launches."),
  targetCapacityPercent: z
    .number()
    .int("must be a whole number")
    .min(1, "must be 1 to 100")
    .max(100, "must be 1 to 100")
    .optional()
    .describe("With ec2: the share of the instances managed scaling keeps in use; below 100 keeps spare instances for faster scale-out."),
  spot: z.boolean().optional().describe("With ec2: instances above onDemandBaseInstances are Spot instances (a mixed instances policy, capacity rebalancing and Spot draining)."),
  onDemandBaseInstances: z
    .number()
    .int("must be a whole number")
    .min(0, "must be 0 or more instances")
    .max(100, "must be at most 100 instances")
    .optional()
    .describe("With spot: instances kept on-demand."),
  spotInstanceTypes: z
    .array(instanceType)
    .max(19, "must list at most 19 types (with instanceType, the 20 a mixed instances policy takes)")
    .optional()
    .describe("With spot: further instance types Spot may choose from, of instanceType's architecture and each large enough for a task."),
  spreadAcrossZones: z.boolean().optional().describe("With ec2: spread the service's tasks across availability zones; otherwise bin-pack them on memory."),
  volumeSizeGb: z
    .number()
    .int("must be a whole number")
    .min(MIN_ROOT_VOLUME_GB, `must be at least ${MIN_ROOT_VOLUME_GB} GiB, the ECS-optimized AMI's root volume`)
    .max(1024, "must be at most 1024 GiB")
    .optional()
    .describe("With ec2: each instance's root volume (gp3, encrypted with the capacity's own key), in GiB."),
});

/** An app's capacity settings as they passed the schema. */
export type CapacityConfig = z.output<typeof capacitySchema>;
