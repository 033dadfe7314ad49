/**
 * Failover, fencing and fail-back as configuration (decision 0005, runbooks failover.md and
 * fail-back.md). `environments.<env>.activeRegion` walks an environment with a DR network through:
 *
 * | activeRegion | writer | primary region | DR region |
 * | --- | --- | --- | --- |
 * | `primary` | primary | the writer, the service at its range | a replica, the pilot light |
 * | `dr` | DR | fenced: service at 0, database refusing its clients, stale primary ready to be replaced | the promoted writer |
 * | `returning` | DR | fenced; the stale primary replaced by a replica of the DR writer | the writer, ready to be replaced |
 * | `primary` again | primary | the replica promoted; fencing lifted | replaced by a replica of the new primary |
 */
import type { ActiveRegion } from "../environment/schema";

/** Whether the DR region holds the environment's writer: failed over (`dr`) or failing back (`returning`). The primary region is fenced then. */
export const drIsWriter = (activeRegion: ActiveRegion | undefined): boolean => activeRegion === "dr" || activeRegion === "returning";

/** Tasks the primary region's service runs, and autoscaling may run, while the DR region is the writer: none, so nothing writes to the stale primary. */
export const FENCED_TASKS = 0;

/** Where the runbook of the fail-back (and its manual Aurora path) lives, for messages. */
export const FAIL_BACK_RUNBOOK = "docs/runbooks/fail-back.md";

/**
 * Hexadecimal characters of a fail-back marker's id (a `terraform_data` UUID, fixed at its creation)
 * that name the final snapshot of a database a fail-back replaces: unique for each failover, so a
 * second fail-back's snapshot does not collide with the first's (RDS refuses an existing name).
 */
export const FAIL_BACK_SNAPSHOT_ID_CHARS = 8;
