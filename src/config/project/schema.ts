import { z } from "zod";
import { region } from "../shared/fields";

/** The project name also prefixes S3 bucket names, which AWS limits to 63 characters. */
export const PROJECT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;

const PROJECT_NAME_RULE = "2-16 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

/** Tags every stack sets itself; extra project tags may not redefine them. */
export const PLATFORM_TAG_KEYS = ["Project", "Environment", "ManagedBy", "CostAllocation", "Owner", "Repository"] as const;

const tagKey = z
  .string()
  .regex(/^[\w .:/=+\-@]{1,128}$/, "tag keys must be 1-128 letters, digits, spaces or _.:/=+-@")
  .refine((key) => !(PLATFORM_TAG_KEYS as readonly string[]).includes(key), {
    message: `may not redefine a platform tag (${PLATFORM_TAG_KEYS.join(", ")})`,
  })
  .refine((key) => !key.toLowerCase().startsWith("aws:"), { message: "the aws: prefix is reserved by AWS" });

/** Project-wide settings: the name prefix, the owner, the default region, extra tags, the repository. */
export const projectSchema = z.strictObject({
  name: z.string().regex(PROJECT_NAME_PATTERN, `must be ${PROJECT_NAME_RULE}`).describe("Prefix of every name; part of state keys and bucket names."),
  owner: z.string().min(1, "must name the owning team").max(256).describe("The team that owns the platform (the Owner tag)."),
  defaultRegion: region.describe("The region for anything that has no region of its own."),
  tags: z.record(tagKey, z.string().max(256, "tag values are at most 256 characters")).default({}).describe("Extra tags on every resource."),
  repository: z
    .string()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "must be a GitHub repository as owner/name")
    .describe("The GitHub repository of this platform, `owner/name` (the Repository tag)."),
});
