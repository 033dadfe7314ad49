import { z } from "zod";
import { name } from "../shared/fields";

/** The OIDC subject forms the CI roles can trust. */
export const SUBJECT_FORMS = ["name", "id", "both"] as const;

/** A GitHub numeric id: of a team, a user, an owner or a repository. */
const githubId = z.number().int().positive("must be a GitHub numeric id");

/** Delivery, access and audit: the GitHub settings, who may assume the human roles, CloudTrail's retention. */
export const deliverySchema = z.strictObject({
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
