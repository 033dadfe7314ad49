import { z } from "zod";
import { name } from "../shared/fields";
import { APPROVAL_TIMEOUT_BOUNDS, BUILD_COMPUTE_TYPES, BUILD_TIMEOUT_BOUNDS, SCAN_SEVERITIES } from "./defaults";

/** An app's CodePipeline (seed 003; decision 0015), for teams that do not build and deploy with GitHub Actions. */
export const pipelineSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe(
      "Build and release the app with CodePipeline: the app's repository through a CodeConnections connection (an administrator completes its handshake once, docs/runbooks/codepipeline.md), an image build gated on its ECR scan, then each environment in deploy order with a manual approval before every one but the first, its migration and a CodeDeploy blue/green release.",
    ),
  branch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,255}$/, "must be a branch name such as main")
    .optional()
    .describe("The branch of the app's repository (apps.<app>.repository, else the project's) whose pushes start the pipeline."),
  environments: z
    .array(name)
    .min(1, "must name at least one environment")
    .optional()
    .describe(
      "The environments the pipeline releases to, in deploy order whatever the order here (lowest tier first, as the deploy workflow): each in the build repository's account and region, with blue/green on. Every environment of the app when left out.",
    ),
  failOnSeverity: z
    .enum(SCAN_SEVERITIES, { error: `must be one of ${SCAN_SEVERITIES.join(", ")}` })
    .optional()
    .describe("The lowest ECR scan finding severity that fails the build, before any environment sees the image (HIGH fails on HIGH and CRITICAL findings)."),
  computeType: z
    .enum(BUILD_COMPUTE_TYPES, { error: `must be one of ${BUILD_COMPUTE_TYPES.join(", ")}` })
    .optional()
    .describe("The image build's CodeBuild compute type (`BUILD_GENERAL1_SMALL`: 3 GB, 2 vCPUs)."),
  buildTimeoutMinutes: z
    .number()
    .int()
    .min(BUILD_TIMEOUT_BOUNDS.min, `must be at least ${BUILD_TIMEOUT_BOUNDS.min} minutes`)
    .max(BUILD_TIMEOUT_BOUNDS.max, `must be at most ${BUILD_TIMEOUT_BOUNDS.max} minutes (CodeBuild's limit)`)
    .optional()
    .describe("Minutes the image build may run, its scan wait included."),
  buildContext: z
    .string()
    .regex(/^(\.|[A-Za-z0-9_][A-Za-z0-9._/-]{0,254})$/, "must be a directory of the repository, such as . or app")
    .optional()
    .describe("The directory of the app's repository that `docker build` builds (its Dockerfile at the top)."),
  approvalTimeoutMinutes: z
    .number()
    .int()
    .min(APPROVAL_TIMEOUT_BOUNDS.min, `must be at least ${APPROVAL_TIMEOUT_BOUNDS.min} minutes`)
    .max(APPROVAL_TIMEOUT_BOUNDS.max, `must be at most ${APPROVAL_TIMEOUT_BOUNDS.max} minutes (60 days, CodePipeline's limit)`)
    .optional()
    .describe("Minutes a manual approval waits before it fails the run."),
  artifactExpiryDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").optional().describe("Days the artifact bucket keeps a run's artifacts."),
});

/** A pipeline block as it passed the schema. */
export type PipelineConfig = z.output<typeof pipelineSchema>;
