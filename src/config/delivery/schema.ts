import { z } from "zod";
import { name } from "../shared/fields";

/** The OIDC subject forms the CI roles can trust. */
export const SUBJECT_FORMS = ["name", "id", "both"] as const;

/** An IAM role name without a path. */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** A backup vault's ARN: region, account and name. */
export const BACKUP_VAULT_ARN = /^arn:aws:backup:([a-z0-9-]+):(\d{12}):backup-vault:([A-Za-z0-9_-]{2,50})$/;

/** A GitHub numeric id: of a team, a user, an owner or a repository. */
const githubId = z.number().int().positive("must be a GitHub numeric id");

/** Delivery, access and audit: the GitHub settings, who may assume the human roles, CloudTrail's retention and lock, who administers the audit trail and the backups. */
export const deliverySchema = z.strictObject({
  github: z
    .strictObject({
      subjects: z
        .enum(SUBJECT_FORMS, { error: `must be one of ${SUBJECT_FORMS.join(", ")}` })
        .optional()
        .describe(
          'Which OIDC subject forms the roles trust: "name" (`repo:<owner>/<repo>:...`), "id" (GitHub\'s immutable form `repo:<owner>@<owner id>/<repo>@<repo id>:...`), or "both" during a migration.'
        ),
      ids: z
        .strictObject({
          owner: githubId.describe("The numeric id of the repository's owner (user or organization), as the GitHub API's `owner.id` gives it."),
          repository: githubId.describe("The repository's numeric id, as the GitHub API's `id` gives it."),
        })
        .optional()
        .describe('The numeric ids of the repository\'s owner and of the repository, which the "id" form names.'),
      reviewers: z
        .record(
          name,
          z.strictObject({
            teams: z.array(githubId).optional().describe("GitHub team ids whose members may approve the environment's deployments."),
            users: z.array(githubId).optional().describe("GitHub user ids who may approve the environment's deployments."),
          })
        )
        .optional()
        .describe("Required reviewers of each environment's deployments, by environment: GitHub team and user ids."),
      requiredApprovals: z.number().int().min(1, "must be at least 1").max(6, "must be at most 6").optional().describe("Approving reviews a pull request to main needs before it merges."),
    })
    .optional()
    .describe("How GitHub Actions reaches AWS and which GitHub settings the github stack keeps."),
  humans: z
    .strictObject({
      trustedAccountId: z
        .string()
        .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
        .optional()
        .describe("An identity account whose principals may assume the roles (with their own permission to do so)."),
      samlProviderName: z
        .string()
        .regex(/^[\w.-]{1,128}$/, "must be an IAM SAML provider name")
        .optional()
        .describe("A SAML identity provider of each account, by name, such as `okta` (arn:aws:iam::<account>:saml-provider/okta)."),
      adminMfaMaxAgeSeconds: z
        .number()
        .int()
        .min(300, "must be at least 300")
        .max(43200, "must be at most 43200")
        .optional()
        .describe("Seconds since the MFA sign-in within which the admin role may be assumed."),
    })
    .optional()
    .describe("Who may assume the developer, devops and admin roles (seed 004): exactly one of the two."),
  auditRetentionDays: z.number().int().min(90, "must be at least 90").optional().describe("Days CloudTrail's logs are kept, in the bucket and the log group."),
  administratorRoles: z
    .array(z.string().regex(IAM_ROLE_NAME, "must be an IAM role name (1-64 of letters, digits and +=,.@_-)"))
    .min(1, "must name at least one role")
    .optional()
    .describe(
      "IAM role names (the same in each account) that alone administer what no pipeline may touch: the audit trail's key and bucket, the backup vaults and their keys. Default: `<project>-admin` where `humans` is configured, else each account's root user."
    ),
  audit: z
    .strictObject({
      objectLockDays: z
        .number()
        .int()
        .min(1, "must be at least 1")
        .optional()
        .describe("Days each log file is locked in compliance mode (S3 Object Lock): no one, the root user included, deletes it sooner; at most auditRetentionDays."),
      archiveAccount: name.optional().describe("A configured account (a log archive) whose audit bucket receives every account's trail; each account keeps its own bucket when left out."),
    })
    .optional()
    .describe("The audit trail's immutability and where it is archived."),
  backupCopyVaults: z
    .record(name, z.string().regex(BACKUP_VAULT_ARN, "must be a backup vault ARN, arn:aws:backup:<region>:<account id>:backup-vault:<name>"))
    .optional()
    .describe("By environment: a backup vault of a separate backup account (its ARN) that every recovery point of the environment is also copied to, in the environment's region."),
  organization: z
    .strictObject({
      managementAccount: name.describe("The configured account (in `accounts`) that is the organization's management account: the stack's provider and state."),
      id: z
        .string()
        .regex(/^o-[a-z0-9]{10,32}$/, "must be an organization id such as o-a1b2c3d4e5")
        .describe("The organization's id."),
      targets: z
        .array(z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/, "must be a root (r-…), an organizational unit (ou-…-…) or an account id"))
        .min(1, "must name at least one target")
        .describe("Where the policies attach: the root, organizational units or accounts; the platform's accounts must be beneath one."),
    })
    .optional()
    .describe(
      "The organization policies, applied from the management account (none when left out): a service control policy keeping every principal but the administrators off the audit trail, the state backends, the backups and their keys, and a resource control policy letting no principal outside the organization assume a role or reach a bucket, key or secret."
    ),
});
