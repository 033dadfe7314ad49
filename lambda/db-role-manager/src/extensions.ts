import { Client, escapeIdentifier as quote } from "pg";

/**
 * The schema extensions live in: `public`, named explicitly. Without a
 * schema, CREATE EXTENSION uses the first schema on the search path, which
 * after a first run is the app schema (manage puts it first), so where an
 * extension landed would depend on the run's history, and the migrator's
 * schema would hold objects the master owns. `public` is owned by the
 * database owner (the master), only the master can create in it, and PUBLIC
 * may use it, so the app and the migrator reach extension functions through
 * their search path `app, public`.
 */
export const EXTENSION_SCHEMA = "public";

/** What placing the extensions changed. */
export interface ExtensionChanges {
  /** Extensions created. */
  readonly created: string[];
  /** Extensions moved, as `name: from -> to`. */
  readonly moved: string[];
  /** Extensions left where they are because they cannot move, and why. */
  readonly warnings: string[];
}

/** Creates missing extensions in EXTENSION_SCHEMA and moves relocatable ones found elsewhere. */
export async function placeExtensions(client: Client, names: readonly string[]): Promise<ExtensionChanges> {
  const changes: ExtensionChanges = { created: [], moved: [], warnings: [] };
  const installed = (
    await client.query<{ name: string; schema: string; relocatable: boolean }>(
      "SELECT e.extname AS name, n.nspname AS schema, e.extrelocatable AS relocatable FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ANY($1)",
      [names],
    )
  ).rows;
  for (const name of names) {
    const found = installed.find((extension) => extension.name === name);
    if (!found) {
      await client.query(`CREATE EXTENSION ${quote(name)} WITH SCHEMA ${quote(EXTENSION_SCHEMA)}`);
      changes.created.push(name);
    } else if (found.schema !== EXTENSION_SCHEMA) {
      const moved = found.relocatable ? await moveExtension(client, name) : { refused: "it is not relocatable" };
      if (moved === true) changes.moved.push(`${name}: ${found.schema} -> ${EXTENSION_SCHEMA}`);
      else changes.warnings.push(`extension ${name} is in schema ${found.schema} and could not be moved to ${EXTENSION_SCHEMA}: ${moved.refused}`);
    }
  }
  return changes;
}

/** PostgreSQL's insufficient_privilege error code. */
const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * Moves a relocatable extension to EXTENSION_SCHEMA. That needs ownership of
 * its objects too, which a trusted extension's creator lacks (the bootstrap
 * superuser owns them), so a refusal is undone to a savepoint and returned
 * rather than failing the run.
 */
async function moveExtension(client: Client, name: string): Promise<true | { refused: string }> {
  await client.query("SAVEPOINT move_extension");
  try {
    await client.query(`ALTER EXTENSION ${quote(name)} SET SCHEMA ${quote(EXTENSION_SCHEMA)}`);
    await client.query("RELEASE SAVEPOINT move_extension");
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
    await client.query("ROLLBACK TO SAVEPOINT move_extension");
    return { refused: `${(error as Error).message} (the owner of its objects can move it, or drop it and let the role manager create it again)` };
  }
}
