import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EncryptionKey } from "./kms-key";

/** Where a secret is replicated: a region, and the key encrypting the replica there. */
export interface SecretReplica {
  /** The region. */
  readonly region: string;
  /** The ARN of a customer-managed key of that region. */
  readonly kmsKeyArn: string;
  /**
   * The DR region is the writer (failover declared, or failing back): the runbook has stopped
   * replication to the replica, which is now a standalone secret there that the DR service reads.
   * The secret then ignores changes to its `replica` block: Terraform neither replicates again
   * (which would fail on, or with an overwrite clobber, the standalone secret) nor removes the
   * replica (`RemoveRegionsFromReplication` deletes the replica secret). @default false
   */
  readonly standalone?: boolean;
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
  /** Replication to the replicas has been stopped (the DR region is the writer): see {@link SecretReplica.standalone}. @default false */
  readonly standalone?: boolean;
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
    this.replica = { region: props.region, kmsKeyArn: key.arn, standalone: props.standalone ?? false };
  }
}

/** A secret's `replica` argument: the replica, if any. */
export function replicaArgument(replica: SecretReplica | undefined): { region: string; kmsKeyId: string }[] | undefined {
  return replica ? [{ region: replica.region, kmsKeyId: replica.kmsKeyArn }] : undefined;
}

/**
 * A secret's replica arguments (terraform-provider-aws `aws_secretsmanager_secret`): the `replica`
 * block; `force_overwrite_replica_secret`, so that the first apply after a fail-back, which adds the
 * replica again where the standalone copy of the failover still holds the name, overwrites that copy
 * with the primary's value instead of failing (`ReplicateSecretToRegions`: without it, a secret of
 * the same name in the region fails the replication); and, while the replica is standalone,
 * `ignore_changes` on `replica` (see {@link SecretReplica.standalone}).
 */
export function replicaSettings(replica: SecretReplica | undefined): {
  replica?: { region: string; kmsKeyId: string }[];
  forceOverwriteReplicaSecret?: boolean;
  lifecycle?: { ignoreChanges: string[] };
} {
  if (!replica) return {};
  return {
    replica: replicaArgument(replica),
    // Only used when a replica is added; kept while fenced too, so that fencing plans no change to it.
    forceOverwriteReplicaSecret: true,
    ...(replica.standalone ? { lifecycle: { ignoreChanges: ["replica"] } } : {}),
  };
}
