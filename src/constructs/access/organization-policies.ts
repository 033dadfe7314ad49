import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { Construct } from "constructs";
import type { ResolvedOrganization } from "../../config/delivery/organization";
import { policyDocument, PolicyStatement } from "../security/policy-document";

/** Every principal but the administrators (an SCP applies to the member accounts' principals, the root user included). */
const butTheAdministrators = (organization: ResolvedOrganization) => ({ ArnNotLike: { "aws:PrincipalArn": [...organization.administratorArnPatterns] } });

/**
 * The service control policy: what no principal of a member account but its administrators may do,
 * whatever its own policies say (an SCP caps every identity-based permission, the deploy roles' included).
 */
export function protectPlatformStatements(organization: ResolvedOrganization): PolicyStatement[] {
  const condition = butTheAdministrators(organization);
  return [
    {
      Sid: "NoAuditTrailChanges",
      Effect: "Deny",
      Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"],
      Resource: `arn:aws:cloudtrail:*:*:trail/${organization.trailName}`,
      Condition: condition,
    },
    {
      Sid: "NoChangesToTheAuditAndStateBuckets",
      Effect: "Deny",
      Action: ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration", "s3:PutReplicationConfiguration"],
      Resource: organization.protectedBucketPatterns.map((pattern) => `arn:aws:s3:::${pattern}`),
      Condition: condition,
    },
    {
      Sid: "NoDeletingTheAuditLogs",
      Effect: "Deny",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold"],
      Resource: organization.protectedBucketPatterns.filter((pattern) => pattern.endsWith("-audit")).map((pattern) => `arn:aws:s3:::${pattern}/*`),
      Condition: condition,
    },
    {
      Sid: "NoDisablingOrDeletingThePlatformsKeys",
      Effect: "Deny",
      Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy"],
      Resource: "*",
      Condition: { ...condition, "ForAnyValue:StringLike": { "kms:ResourceAliases": [...organization.protectedKeyAliasPatterns] } },
    },
    {
      Sid: "NoDeletingBackups",
      Effect: "Deny",
      Action: [
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:DeleteBackupVault",
        "backup:PutBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultLockConfiguration",
      ],
      Resource: "*",
      Condition: condition,
    },
  ];
}

/**
 * The resource control policy: the organization's data perimeter on the services RCPs cover
 * (AWS Organizations User Guide, *Resource control policies*: S3, STS, KMS, SQS, Secrets Manager).
 * No principal outside the organization assumes a role (a trust policy a deploy role wrote cannot
 * admit one) or reaches a bucket, key or secret; AWS services acting for the organization, and
 * web-identity and SAML federation (GitHub's OIDC, the SAML provider), which have no organization,
 * are left to the roles' trust policies; the Elastic Load Balancing accounts that write access logs
 * are let into the buckets.
 */
export function dataPerimeterStatements(organization: ResolvedOrganization): PolicyStatement[] {
  const outsiders = { StringNotEqualsIfExists: { "aws:PrincipalOrgID": organization.id }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } };
  return [
    { Sid: "NoRoleAssumedFromOutside", Effect: "Deny", Principal: "*", Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"], Resource: "*", Condition: outsiders },
    { Sid: "NoKeyOrSecretReachedFromOutside", Effect: "Deny", Principal: "*", Action: ["kms:*", "secretsmanager:*"], Resource: "*", Condition: outsiders },
    // Load balancers of the regions opened before August 2022 deliver their access logs as an Elastic Load Balancing account.
    {
      Sid: "NoBucketReachedFromOutside",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: "*",
      Condition: { ...outsiders, StringNotEqualsIfExists: { ...outsiders.StringNotEqualsIfExists, "aws:PrincipalAccount": [...organization.logDeliveryAccounts] } },
    },
  ];
}

/** Properties of {@link OrganizationPolicies}. */
export interface OrganizationPoliciesProps {
  /** The organization policies' settings. */
  readonly organization: ResolvedOrganization;
}

/** The SCP and the RCP, each attached to every configured target. */
export class OrganizationPolicies extends Construct {
  constructor(scope: Construct, id: string, props: OrganizationPoliciesProps) {
    super(scope, id);
    const { organization } = props;
    const policies = [
      {
        id: "protect-platform",
        name: organization.policyNames.serviceControl,
        type: "SERVICE_CONTROL_POLICY",
        description: "Only the administrators change the audit trail, the state backends, the backups and their keys",
        statements: protectPlatformStatements(organization),
      },
      {
        id: "data-perimeter",
        name: organization.policyNames.resourceControl,
        type: "RESOURCE_CONTROL_POLICY",
        description: "No principal outside the organization assumes a role or reaches a bucket, key or secret",
        statements: dataPerimeterStatements(organization),
      },
    ];
    for (const policy of policies) {
      const created = new OrganizationsPolicy(this, policy.id, { name: policy.name, type: policy.type, description: policy.description, content: policyDocument(policy.statements) });
      for (const target of organization.targets) new OrganizationsPolicyAttachment(this, `${policy.id}-${target}`, { policyId: created.id, targetId: target });
    }
  }
}
