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

/** Days a scheduled key deletion waits, the longest AWS allows, so a mistake can be undone. */
const DELETION_WINDOW_DAYS = 30;

/**
 * A symmetric customer-managed KMS key with yearly rotation, an alias, and a
 * key policy that delegates to the account's IAM policies plus any service
 * statements.
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
      policy: policyDocument([
        {
          Sid: "AccountAdministersKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...(props.serviceStatements ?? []),
      ]),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      provider: props.provider,
    });
    new KmsAlias(this, "alias", { name: props.alias, targetKeyId: this.key.keyId, provider: props.provider });
    this.arn = this.key.arn;
    this.aliasName = props.alias;
  }
}
