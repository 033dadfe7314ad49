import { Client } from "pg";

/** Where the database is and how its certificate is trusted. */
export interface ConnectionSettings {
  /** Host name of the writer. */
  readonly host: string;
  /** Port. */
  readonly port: number;
  /** The database to manage. */
  readonly database: string;
  /** PEM of the CA that signed the server's certificate; the runtime's trust store when absent. */
  readonly ca?: string;
  /** Milliseconds to wait for a connection before giving up. */
  readonly connectTimeoutMs: number;
  /** How the session names itself in `pg_stat_activity`. @default "db-role-manager" */
  readonly applicationName?: string;
}

/** A user name and a password (or an IAM authentication token). */
export interface Credentials {
  /** The role to log in as. */
  readonly user: string;
  /** Its password or token. */
  readonly password: string;
}

/**
 * What went wrong, as the result reports it. `refused`: the database holds
 * something the role manager will not take over (a managed role name that is
 * the master user, or a role with powers it cannot remove); nothing changed.
 */
export type ErrorCode = "invalid_event" | "configuration_error" | "connection_failed" | "authentication_failed" | "sql_failed" | "check_failed" | "refused";

/** An error with a code for the result. */
export class RoleManagerFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Seconds any one statement may run. */
const STATEMENT_TIMEOUT_MS = 30_000;

/** Connects over TLS, verifying the server's certificate and host name. */
export async function connect(settings: ConnectionSettings, credentials: Credentials): Promise<Client> {
  const client = new Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: credentials.user,
    password: credentials.password,
    ssl: { rejectUnauthorized: true, ...(settings.ca ? { ca: settings.ca } : {}) },
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: settings.applicationName ?? "db-role-manager",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw classify(error, settings, credentials.user);
  }
}

/** Turns a driver error into a failure that says what to look at. */
function classify(error: unknown, settings: ConnectionSettings, user: string): RoleManagerFailure {
  const { code, message } = error as { code?: string; message?: string };
  const where = `${settings.host}:${settings.port}/${settings.database}`;
  if (code === "28P01" || code === "28000") {
    return new RoleManagerFailure("authentication_failed", `could not log in to ${where} as ${user}: ${message}`);
  }
  return new RoleManagerFailure("connection_failed", `could not connect to ${where} as ${user}: ${message ?? String(error)}`);
}
