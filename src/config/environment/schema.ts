import { z } from "zod";
import { logRetention, name, reason } from "../shared/fields";
import { TIERS } from "../shared/tiers";

/**
 * Where an environment runs: its primary region; its DR region after a declared failover ("dr");
 * or its DR region while a replica of the DR writer is rebuilt in the primary region, the first
 * step of a fail-back ("returning"; the second is "primary" again).
 */
export const ACTIVE_REGIONS = ["primary", "dr", "returning"] as const;

/** One of {@link ACTIVE_REGIONS}. */
export type ActiveRegion = (typeof ACTIVE_REGIONS)[number];

/** One environment: its tier, its networks, its overrides of the tier's presets and the waivers that explain them. */
export const environmentSchema = z.strictObject({
  network: name.describe("The network the environment runs in."),
  drNetwork: name.optional().describe("A network in another region for disaster recovery, peered with the primary one."),
  activeRegion: z
    .enum(ACTIVE_REGIONS, { error: `must be one of ${ACTIVE_REGIONS.join(", ")}` })
    .optional()
    .describe(
      'Where the environment runs: "dr" declares a failover (the DR replica is promoted, the primary region fenced); "returning" rebuilds the primary region\'s database as a replica of the DR writer (fail-back step 1); "primary" again returns to the original layout (step 2).'
    ),
  monthlyBudgetUsd: z
    .number()
    .positive("must be a positive number of US dollars a month")
    .optional()
    .describe("The most the environment should cost a month in fixed charges, USD: synth warns when `npm run cost`'s estimate is above it."),
  drStandbyTasks: z
    .union([z.literal(0), z.literal(1)], { error: "must be 0 or 1: the pilot light's size while standing by" })
    .optional()
    .describe("Tasks the DR region's pilot-light service runs while standing by: 0 (cheapest) or 1 (warm, checked by its load balancer)."),
  tier: z.enum(TIERS, { error: `must be one of ${TIERS.join(", ")}` }).describe("The tier whose presets the environment takes."),
  overrides: z
    .strictObject({
      deletionProtection: z.boolean().optional().describe("Deletion protection on resources that hold data."),
      multiAz: z.boolean().optional().describe("Multi-AZ deployment of stateful resources."),
      encryption: z.boolean().optional().describe("Encryption at rest."),
      logRetentionDays: logRetention.optional().describe("Log retention in days."),
    })
    .default({})
    .describe("Per-environment changes to the tier's presets."),
  waivers: z
    .strictObject({
      deletionProtection: reason.optional().describe("Why deletion protection is off."),
      multiAz: reason.optional().describe("Why multi-AZ is off."),
      encryption: reason.optional().describe("Why encryption is off."),
      logRetention: reason.optional().describe("Why logs are kept for less than the tier's retention."),
      imageTag: reason.optional().describe("Why an app runs an image by tag, not by digest."),
      waf: reason.optional().describe("Why an app runs without WAF."),
      execCommand: reason.optional().describe("Why ECS Exec is on."),
      backupRetention: reason.optional().describe("Why backups are kept for less than the tier's retention."),
      alertSubscribers: reason.optional().describe("Why an app's alarms go to nobody."),
      reviewers: reason.optional().describe("Why the environment deploys with no required reviewer (`delivery.github.reviewers.<env>`)."),
    })
    .default({})
    .describe("Reasons for turning off a protection that the prod tier requires."),
});
