import type { Client } from "pg";
import { check, CheckStep } from "./check";
import { connect, ConnectionSettings, Credentials, ErrorCode, RoleManagerFailure } from "./connection";
import { parseEvent } from "./event";
import { manage, ManageReport } from "./manage";

/** What the role manager needs from its surroundings: AWS in Lambda, a local server in tests. */
export interface RoleManagerDependencies {
  /** Where the database is. */
  readonly connection: ConnectionSettings;
  /** The master user's credentials (the database stack's master secret in AWS). */
  readonly masterCredentials: () => Promise<Credentials>;
  /** A password or token for one of the managed roles (an IAM token in AWS). */
  readonly roleCredentials: (role: string) => Promise<Credentials>;
}

/** The outcome of one invocation. */
export type RoleManagerResult =
  | { readonly ok: true; readonly action: "manage"; readonly database: string; readonly changes: ManageReport }
  | { readonly ok: true; readonly action: "check"; readonly database: string; readonly steps: CheckStep[] }
  | { readonly ok: false; readonly action: unknown; readonly error: { readonly code: ErrorCode; readonly message: string }; readonly steps?: CheckStep[] };

/** Validates the event, then manages or checks; never throws. */
export async function run(input: unknown, deps: RoleManagerDependencies): Promise<RoleManagerResult> {
  const action = (input as { action?: unknown } | null)?.action;
  const parsed = parseEvent(input);
  if (!parsed.ok) return failure(action, "invalid_event", parsed.message);
  const { event } = parsed;
  const database = deps.connection.database;
  const clients: Client[] = [];
  const open = async (credentials: Promise<Credentials>) => {
    const client = await connect(deps.connection, await credentials);
    clients.push(client);
    return client;
  };
  try {
    if (event.action === "manage") {
      const changes = await manage(await open(deps.masterCredentials()), database, event);
      return { ok: true, action: "manage", database, changes };
    }
    const migrator = await open(deps.roleCredentials(event.roles.migrator));
    const app = await open(deps.roleCredentials(event.roles.app));
    const steps = await check(migrator, app, event);
    const failed = steps.filter((step) => !step.passed);
    if (failed.length > 0) {
      return { ...failure("check", "check_failed", failed.map((step) => `${step.step}: ${step.detail}`).join("; ")), steps };
    }
    return { ok: true, action: "check", database, steps };
  } catch (error) {
    if (error instanceof RoleManagerFailure) return failure(event.action, error.code, error.message);
    return failure(event.action, "sql_failed", (error as Error).message);
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

function failure(action: unknown, code: ErrorCode, message: string): Extract<RoleManagerResult, { ok: false }> {
  return { ok: false, action, error: { code, message } };
}
