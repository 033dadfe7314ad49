import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EncryptionKey } from "./kms-key";

/** Where a secret is replicated: a region, and the key encrypting the replica there. */
export interface SecretReplica {
  /** The region. */
  readonly region: string;
  /** The ARN of a customer-managed key of that region. */
  readonly kmsKeyArn: string;
}

/** Properties of a {@link SecretReplicaKey}. */
export interface SecretReplicaKeyProps {
  /** The key's alias in the replica region, such as `alias/acme-web-prod-secrets-dr`. */
  readonly alias: string;
  /** What the key protects. */
  readonly description: string;
  /** The account. */
  readonly accountId: string;
  /** The replica region. */
  readonly region: string;
  /** The provider of that region. */
  readonly provider: TerraformProvider;
}

/**
 * A key in the DR region for the replicas of a stack's secrets, created by
 * that stack with the DR region's provider: the secrets and their replicas'
 * key are one stack's, so no stack waits for another. The key lives in the
 * DR region whatever happens to the primary region; the DR stacks name it
 * by alias.
 */
export class SecretReplicaKey extends Construct {
  /** The replica location for a secret's `replica` block. */
  readonly replica: SecretReplica;

  constructor(scope: Construct, id: string, props: SecretReplicaKeyProps) {
    super(scope, id);
    const key = new EncryptionKey(this, "key", { alias: props.alias, description: props.description, accountId: props.accountId, provider: props.provider });
    this.replica = { region: props.region, kmsKeyArn: key.arn };
  }
}

/** A secret's `replica` argument: the replica, if any. */
export function replicaArgument(replica: SecretReplica | undefined): { region: string; kmsKeyId: string }[] | undefined {
  return replica ? [{ region: replica.region, kmsKeyId: replica.kmsKeyArn }] : undefined;
}
