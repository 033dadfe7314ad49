import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "./policy-document";

/** Properties of an {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** The alias, including the `alias/` prefix. */
  readonly alias: string;
  /** What the key protects. */
  readonly description: string;
  /** The account that owns the key; its IAM policies govern use of the key. */
  readonly accountId: string;
  /** Key policy statements for AWS services that use the key on the account's behalf. @default none */
  readonly serviceStatements?: readonly PolicyStatement[];
  /**
   * Named key administrators instead of the account's IAM policies: only these principals (matched
   * by `aws:PrincipalArn`, so a role that is deleted and made again keeps its place) administer the
   * key, an explicit deny keeps every other principal from {@link KEY_ADMINISTRATION_ACTIONS}, and
   * the account's IAM policies may grant the `iamMayUse` actions alone (a `kms:*` in a pipeline
   * role then cannot disable, delete or re-policy the key). KMS's policy lockout safety check stays
   * on: whoever applies the key must be one of the administrators.
   * @default the account's IAM policies administer and use the key (`kms:*` to the account)
   */
  readonly administrators?: { readonly principalArns: readonly string[]; readonly iamMayUse: readonly string[] };
  /** Refuse `terraform destroy` of the key. @default false */
  readonly preventDestroy?: boolean;
  /** The provider of the key's region. @default the stack's provider */
  readonly provider?: TerraformProvider;
}

/**
 * A key policy statement letting CloudWatch Logs encrypt the named log
 * groups of one region, and nothing else, with the key.
 */
export function logsServiceStatement(region: string, logGroupArns: readonly string[]): PolicyStatement {
  return {
    Sid: "CloudWatchLogsEncryptsTheseLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [...logGroupArns] } },
  };
}

/** What only a key's named administrators may do: change its policy, disable it, delete it, stop its rotation, change its tags and description. */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:DeleteImportedKeyMaterial",
  "kms:UpdateKeyDescription",
  "kms:TagResource",
  "kms:UntagResource",
] as const;

/** Reading a key's metadata, which a read-only role needs to plan the key's stack: no use of the key. */
export const KEY_METADATA_ACTIONS = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"] as const;

/** A key policy's statements for the account: IAM-delegated `kms:*`, or named administrators with an IAM-delegated use. */
function accountStatements(accountId: string, administrators: EncryptionKeyProps["administrators"]): PolicyStatement[] {
  const account = `arn:aws:iam::${accountId}:root`;
  if (!administrators) return [{ Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: account }, Action: "kms:*", Resource: "*" }];
  const named = { ArnEquals: { "aws:PrincipalArn": [...administrators.principalArns] } };
  return [
    { Sid: "NamedAdministratorsAdministerTheKey", Effect: "Allow", Principal: { AWS: account }, Action: "kms:*", Resource: "*", Condition: named },
    {
      Sid: "NoOneElseAdministersTheKey",
      Effect: "Deny",
      Principal: "*",
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [...administrators.principalArns] } },
    },
    ...(administrators.iamMayUse.length > 0
      ? [{ Sid: "AccountUsesTheKeyThroughIam", Effect: "Allow" as const, Principal: { AWS: account }, Action: [...administrators.iamMayUse], Resource: "*" }]
      : []),
  ];
}

/** Days a scheduled key deletion waits, the longest AWS allows, so a mistake can be undone. */
const DELETION_WINDOW_DAYS = 30;

/**
 * A symmetric customer-managed KMS key with yearly rotation, an alias, and a
 * key policy that delegates to the account's IAM policies (or names its
 * administrators and delegates only its use) plus any service statements.
 */
export class EncryptionKey extends Construct {
  /** The key. */
  readonly key: KmsKey;
  /** The key's ARN. */
  readonly arn: string;
  /** The alias name, `alias/...`. */
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: DELETION_WINDOW_DAYS,
      policy: policyDocument([...accountStatements(props.accountId, props.administrators), ...(props.serviceStatements ?? [])]),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      provider: props.provider,
    });
    new KmsAlias(this, "alias", { name: props.alias, targetKeyId: this.key.keyId, provider: props.provider });
    this.arn = this.key.arn;
    this.aliasName = props.alias;
  }
}
