import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { ResolvedAccess } from "../../config/delivery/resolve";
import { DEPLOYED_BY_TAG } from "../../config/project/tags";
import { policyDocument, PolicyStatement } from "../security/policy-document";

const MANAGED = {
  readOnly: "arn:aws:iam::aws:policy/ReadOnlyAccess",
  powerUser: "arn:aws:iam::aws:policy/PowerUserAccess",
  administrator: "arn:aws:iam::aws:policy/AdministratorAccess",
} as const;

/** What a developer may operate on their environments' resources (tagged `Environment`): restart, exec into and scale services, open sessions. */
const DEVELOPER_OPERATIONS = ["ecs:UpdateService", "ecs:StopTask", "ecs:ExecuteCommand", "ssm:StartSession", "secretsmanager:GetSecretValue", "rds:RebootDBInstance"];

/** ECR's registry-wide settings: replication, the registry policy and scanning, creation templates, pull-through caches. */
const REGISTRY_WIDE_CHANGES = [
  "ecr:PutReplicationConfiguration",
  "ecr:PutRegistryPolicy",
  "ecr:DeleteRegistryPolicy",
  "ecr:PutRegistryScanningConfiguration",
  "ecr:CreateRepositoryCreationTemplate",
  "ecr:UpdateRepositoryCreationTemplate",
  "ecr:DeleteRepositoryCreationTemplate",
  "ecr:CreatePullThroughCacheRule",
  "ecr:UpdatePullThroughCacheRule",
  "ecr:DeletePullThroughCacheRule",
  "ecr:PutAccountSetting",
];

/**
 * What the break-glass role may do outside its DR regions: STS (the global endpoint's requests name
 * us-east-1; sessions and caller identity) and reads of IAM and Organizations, whose requests name
 * us-east-1 too, to see who may do what when those control planes answer.
 */
const BREAK_GLASS_GLOBAL_ACTIONS = ["sts:*", "iam:Get*", "iam:List*", "organizations:Describe*", "organizations:List*"];

/** Properties of {@link HumanRoles}. */
export interface HumanRolesProps {
  /** The account's access settings, with its human roles. */
  readonly access: ResolvedAccess;
  /** The project name, the roles' prefix. */
  readonly project: string;
  /** The account's audit and state buckets, which even a power user may not change. */
  readonly protectedBuckets: readonly string[];
}

/**
 * Seed 004's roles for people, trusted by one principal (an identity account
 * whose users need MFA, or a SAML provider whose IdP enforces it):
 *
 * - `<project>-developer`, only in an account with dev or staging: read-only,
 *   the day-to-day operations on resources tagged for those environments, and
 *   nothing on resources tagged for another one. In an account several
 *   environments share, the `Environment` tag draws the line the account
 *   boundary cannot.
 * - `<project>-devops`: power user, but read-only in an account with prod.
 * - `<project>-admin`, in every account: administrator, with MFA no older
 *   than the configured age; the only administrator of the audit trail's key
 *   and bucket and of the backup vaults.
 * - `<project>-break-glass`, in an account with a DR network: administrator in
 *   the DR regions only, with MFA no older than 15 minutes, and for a SAML
 *   provider also through the DR region's sign-in endpoint: what people
 *   assume through the DR region's STS endpoint when the primary region (and
 *   with it IAM's and Route 53's control planes) is down.
 */
export class HumanRoles extends Construct {
  constructor(scope: Construct, id: string, props: HumanRolesProps) {
    super(scope, id);
    const humans = props.access.humans;
    if (!humans) return;
    const accountId = props.access.account.id;
    const trust = (mfaMaxAgeSeconds?: number, signInRegions: readonly string[] = []) => {
      const principal = humans.access.principal;
      if (principal.kind === "saml") {
        // A regional sign-in endpoint is the assertion's audience when people sign in through it (IAM User Guide, "Configure your SAML 2.0 IdP with relying party trust and adding claims").
        const audiences = ["https://signin.aws.amazon.com/saml", ...signInRegions.map((region) => `https://${region}.signin.aws.amazon.com/saml`)];
        return policyDocument([
          {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/${principal.providerName}` },
            Action: "sts:AssumeRoleWithSAML",
            Condition: { StringEquals: { "SAML:aud": audiences.length === 1 ? audiences[0] : audiences } },
          },
        ]);
      }
      return policyDocument([
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${principal.accountId}:root` },
          Action: "sts:AssumeRole",
          Condition: {
            Bool: { "aws:MultiFactorAuthPresent": true },
            ...(mfaMaxAgeSeconds === undefined ? {} : { NumericLessThan: { "aws:MultiFactorAuthAge": mfaMaxAgeSeconds } }),
          },
        },
      ]);
    };
    const role = (name: string, description: string, managed: string, mfaMaxAgeSeconds?: number, signInRegions?: readonly string[]) => {
      const created = new IamRole(this, name, { name: `${props.project}-${name}`, description, assumeRolePolicy: trust(mfaMaxAgeSeconds, signInRegions) });
      new IamRolePolicyAttachment(this, `${name}-managed`, { role: created.name, policyArn: managed });
      return created;
    };

    if (humans.developerEnvironments.length > 0) {
      const environments = [...humans.developerEnvironments];
      const developer = role("developer", `Developers: read-only, and operations on ${environments.join(" and ")} only`, MANAGED.readOnly);
      const statements: PolicyStatement[] = [
        {
          Sid: "OperateTheirEnvironments",
          Effect: "Allow",
          Action: DEVELOPER_OPERATIONS,
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceTag/Environment": environments } },
        },
        {
          Sid: "NothingOfAnotherEnvironment",
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:ResourceTag/Environment": environments }, Null: { "aws:ResourceTag/Environment": "false" } },
        },
        // Object reads carry no bucket tag: the other environments' buckets by name.
        {
          Sid: "NoObjectsOfAnotherEnvironment",
          Effect: "Deny",
          Action: ["s3:GetObject", "s3:GetObjectVersion"],
          NotResource: environments.map((environment) => `arn:aws:s3:::${props.project}-*-${environment}-*/*`),
        },
      ];
      new IamRolePolicy(this, "developer-policy", { role: developer.id, name: "their-environments", policy: policyDocument(statements) });
    }
    const devops = role(
      "devops",
      humans.devopsReadOnly ? "DevOps: read-only in this account, which holds prod" : "DevOps: everything but IAM, Organizations, the audit trail and what administrators apply",
      humans.devopsReadOnly ? MANAGED.readOnly : MANAGED.powerUser,
    );
    if (!humans.devopsReadOnly) {
      new IamRolePolicy(this, "devops-policy", {
        role: devops.id,
        name: "not-the-guards",
        policy: policyDocument([
          { Sid: "NoAuditTrailChanges", Effect: "Deny", Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:Put*"], Resource: "*" },
          {
            Sid: "NoChangesToWhatAnAdministratorApplies",
            Effect: "Deny",
            Action: [
              "kms:ScheduleKeyDeletion",
              "kms:DisableKey",
              "kms:DisableKeyRotation",
              "kms:PutKeyPolicy",
              "logs:Delete*",
              "logs:Put*",
              "logs:DisassociateKmsKey",
              "logs:AssociateKmsKey",
              "backup:Delete*",
              "backup:Put*",
              "backup:Update*",
              "dynamodb:Delete*",
              // The lock tables' items: another's lock or digest overwritten blocks or breaks an apply.
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:BatchWriteItem",
              // The build repository: only the image workflow's push role writes images.
              "ecr:Put*",
              "ecr:Delete*",
              "ecr:Set*",
              // Archiving an image (UpdateImageStorageClass) makes it unpullable.
              "ecr:Update*",
              "ecr:BatchDeleteImage",
              "ecr:InitiateLayerUpload",
              "ecr:UploadLayerPart",
              "ecr:CompleteLayerUpload",
              // Tags: untagged, a resource would fall outside this very denial.
              "kms:TagResource",
              "kms:UntagResource",
              "kms:CreateGrant",
              "kms:RevokeGrant",
              "ecr:TagResource",
              "ecr:UntagResource",
              "logs:TagResource",
              "logs:UntagResource",
              "logs:TagLogGroup",
              "logs:UntagLogGroup",
              "dynamodb:TagResource",
              "dynamodb:UntagResource",
              "backup:TagResource",
              "backup:UntagResource",
              "cloudtrail:AddTags",
              "cloudtrail:RemoveTags",
              "sns:TagResource",
              "sns:UntagResource",
            ],
            Resource: "*",
            Condition: { StringEquals: { [`aws:ResourceTag/${DEPLOYED_BY_TAG}`]: "administrator" } },
          },
          // The registry's settings carry no tags: where replicas go, who may pull, how they are created.
          { Sid: "NoRegistryWideChanges", Effect: "Deny", Action: REGISTRY_WIDE_CHANGES, Resource: "*" },
          {
            Sid: "NoChangesToTheAuditAndStateBuckets",
            Effect: "Deny",
            Action: ["s3:Delete*", "s3:PutBucket*", "s3:PutLifecycleConfiguration", "s3:PutObject*", "s3:RestoreObject", "s3:PutReplicationConfiguration"],
            Resource: props.protectedBuckets.flatMap((bucket) => [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]),
          },
        ]),
      });
    }
    role("admin", `Administrators, with MFA at most ${humans.access.adminMfaMaxAgeSeconds} s old`, MANAGED.administrator, humans.access.adminMfaMaxAgeSeconds);
    const { breakGlass } = humans;
    if (breakGlass) {
      const regions = [...breakGlass.regions];
      const created = role(
        "break-glass",
        `Break-glass with the primary region down: administrators in ${regions.join(", ")} only, with MFA at most ${breakGlass.mfaMaxAgeSeconds} s old`,
        MANAGED.administrator,
        breakGlass.mfaMaxAgeSeconds,
        regions,
      );
      new IamRolePolicy(this, "break-glass-policy", {
        role: created.id,
        name: "dr-regions-only",
        policy: policyDocument([
          // Outside the DR regions nothing but STS (sessions, identity) and reads of IAM and Organizations (global services, whose requests name us-east-1): a recovery, not a second admin role.
          { Sid: "OnlyTheDrRegions", Effect: "Deny", NotAction: BREAK_GLASS_GLOBAL_ACTIONS, Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": regions } } },
        ]),
      });
    }
  }
}
