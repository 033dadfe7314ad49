import type { ResolvedNetwork } from "./resolve";

/**
 * Disaster recovery of an app in an environment with a `drNetwork` (seed
 * 004: prod in us-east-1, DR in eu-west-1, RTO 30 minutes, RPO 5 minutes).
 */

/** Minutes within which S3 Replication Time Control replicates 99.99% of the app files: its only setting. */
export const APP_FILES_REPLICATION_MINUTES = 15;

/** Seed 004's recovery point objective: the most data a failover may lose, in seconds. The DR replica's lag alarm fires above it. */
export const DR_RPO_SECONDS = 300;

/** Where an environment runs: its primary region, or (after a declared failover) its DR region. */
export const ACTIVE_REGIONS = ["primary", "dr"] as const;

/** What an app has in its environment's disaster-recovery region. */
export interface ResolvedDisasterRecovery {
  /** The DR network, in another region of the same account. */
  readonly network: ResolvedNetwork;
  /** The ARN of the primary database, the cross-region replica's source: known from config, so the DR stacks read no state in the primary region. */
  readonly sourceDatabaseArn: string;
  /** The cross-region replica's identifier, `<project>-<app>-<env>-dr`. */
  readonly replicaIdentifier: string;
  /** The replica lag, in seconds, above which the RPO is at risk. */
  readonly rpoSeconds: number;
  /** The app files bucket's replica in the DR region, and the alias of the key encrypting it there. */
  readonly appFiles: { readonly bucket: string; readonly keyAlias: string; readonly replicationMinutes: number };
  /**
   * Whether failover is declared (`activeRegion: "dr"`): the replica is promoted to a standalone,
   * writable instance with the environment's multi-AZ and backups, and replicates no more.
   */
  readonly active: boolean;
}

/** The DR settings of an RDS database whose environment has a DR network; Aurora's global database is not built yet (a synth warning says so). */
export function resolveDisasterRecovery(
  name: string,
  primary: ResolvedNetwork,
  drNetwork: ResolvedNetwork | undefined,
  engine: string,
  activeRegion: (typeof ACTIVE_REGIONS)[number],
): ResolvedDisasterRecovery | undefined {
  if (drNetwork === undefined || engine !== "rds-postgresql") return undefined;
  return {
    network: drNetwork,
    sourceDatabaseArn: `arn:aws:rds:${primary.region}:${primary.account.id}:db:${name}`,
    replicaIdentifier: `${name}-dr`,
    rpoSeconds: DR_RPO_SECONDS,
    appFiles: { bucket: `${name}-${drNetwork.account.id}-${drNetwork.region}-files`, keyAlias: `alias/${name}-files-dr`, replicationMinutes: APP_FILES_REPLICATION_MINUTES },
    active: activeRegion === "dr",
  };
}
