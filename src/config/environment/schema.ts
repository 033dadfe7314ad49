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
  /** The network the environment runs in. */
  network: name,
  /** A network in another region for disaster recovery, peered with the primary one. */
  drNetwork: name.optional(),
  /**
   * Where the environment runs: "dr" declares a failover (the DR replica is promoted, the primary
   * region fenced); "returning" rebuilds the primary region's database as a replica of the DR writer
   * (fail-back step 1); "primary" again returns to the original layout (step 2). @default "primary"
   */
  activeRegion: z.enum(ACTIVE_REGIONS, { error: `must be one of ${ACTIVE_REGIONS.join(", ")}` }).optional(),
  /** The most the environment should cost a month in fixed charges, USD: synth warns when `npm run cost`'s estimate is above it. @default the tier's (seed 004) */
  monthlyBudgetUsd: z.number().positive("must be a positive number of US dollars a month").optional(),
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
      /** Why the environment deploys with no required reviewer (`delivery.github.reviewers.<env>`). */
      reviewers: reason.optional(),
    })
    .default({}),
});
