import { z } from "zod";
import { accountSchema } from "../account/schema";
import { appSchema } from "../app/schema";
import { deliverySchema } from "../delivery/schema";
import { environmentSchema } from "../environment/schema";
import { networkSchema } from "../network/schema";
import { projectSchema } from "../project/schema";
import { name } from "../shared/fields";

/**
 * The shape of a platform configuration: the built-in default and any JSON
 * file, composed of each domain's schema (project, account, network,
 * environment, app, delivery). Single-field rules live in those schemas;
 * rules that relate fields to each other live in each domain's `validate.ts`.
 */

const notEmpty = (record: Record<string, unknown>) => Object.keys(record).length > 0;

/** The whole configuration. */
export const platformConfigSchema = z.strictObject({
  $schema: z.string().optional().describe("The JSON Schema this file follows, such as `./schema/platform.schema.json`, so that editors complete and check the fields; the platform ignores it."),
  project: projectSchema.describe("Project-wide settings."),
  accounts: z.record(name, accountSchema).refine(notEmpty, "must define at least one account").describe("AWS accounts by name."),
  networks: z.record(name, networkSchema).refine(notEmpty, "must define at least one network").describe("VPC networks by name."),
  environments: z.record(name, environmentSchema).refine(notEmpty, "must define at least one environment").describe("Environments by name."),
  apps: z.record(name, appSchema).default({}).describe("Applications by name."),
  delivery: deliverySchema.default({}).describe("Delivery, access and audit: GitHub Actions' roles, the GitHub settings, the human roles, CloudTrail."),
});

/** A configuration as written (before defaults). */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;

/** A configuration that passed the schema. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;

/** One network as it passed the schema. */
export type NetworkConfig = PlatformConfig["networks"][string];

/** One environment as it passed the schema. */
export type EnvironmentConfig = PlatformConfig["environments"][string];
