import { connect, ConnectionSettings, Credentials } from "../../db-role-manager/src/connection";

/** What the probe needs: where the database is, and how to log in (an IAM token in AWS, a password in tests). */
export interface ProbeDependencies {
  /** The DR database's endpoint (the cluster endpoint for Aurora: the writer once detached). */
  readonly connection: ConnectionSettings;
  /** Credentials, asked for on each probe (an IAM token lives 15 minutes). */
  readonly credentials: () => Promise<Credentials>;
}

/** What one probe found. */
export interface ProbeResult {
  /** 1 when the database accepts writes (not in recovery, not read-only), else 0. */
  readonly writer: 0 | 1;
  /** Why it is not a writer, when it is not. */
  readonly reason?: string;
}

/**
 * Whether the database takes writes now: logged in, `pg_is_in_recovery()` is
 * false (a replica, RDS's or Aurora's, is in recovery until promoted or
 * detached) and the session is not read-only. Anything that stops the probe
 * from knowing (no connection, no login, a timeout) is "not a writer": DNS
 * must never move on a guess.
 */
export async function probeWriter(dependencies: ProbeDependencies): Promise<ProbeResult> {
  try {
    const client = await connect(dependencies.connection, await dependencies.credentials());
    try {
      const { rows } = await client.query<{ in_recovery: boolean; read_only: string }>(
        "SELECT pg_is_in_recovery() AS in_recovery, current_setting('transaction_read_only') AS read_only",
      );
      const [{ in_recovery: inRecovery, read_only: readOnly }] = rows;
      if (inRecovery) return { writer: 0, reason: "in recovery: a replica" };
      if (readOnly !== "off") return { writer: 0, reason: "read-only sessions" };
      return { writer: 1 };
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    return { writer: 0, reason: (error as Error).message };
  }
}
