import { Client, escapeIdentifier as quote } from "pg";
import { RoleManagerFailure } from "./connection";

/** What one grantee gets on an object: `grant` is ensured, `keep` is left alone, anything else is revoked. */
export interface Wanted {
  /** Privileges granted when missing, e.g. CONNECT. */
  readonly grant: readonly string[];
  /** Privileges it may hold without the role manager granting them (PUBLIC's USAGE on schema public). */
  readonly keep?: readonly string[];
}

/** An object whose privileges converge, for the grantees named; other grantees are not the role manager's business. */
export interface PrivilegeTarget {
  /** How the report names it, e.g. `ON SCHEMA app`. */
  readonly label: string;
  /** What GRANT and REVOKE name, e.g. `ON SCHEMA "app"`. */
  readonly on: string;
  /** Put before GRANT and REVOKE: `ALTER DEFAULT PRIVILEGES ... ` for default privileges. */
  readonly prefix: string;
  /** A query of its ACL as (grantee, privilege) rows, with PUBLIC as `PUBLIC`. */
  readonly acl: { readonly sql: string; readonly params: readonly unknown[] };
  /** `PUBLIC` or a role name, and what it gets. */
  readonly grantees: Readonly<Record<string, Wanted>>;
}

/** An exploded ACL entry's grantee by name; 0 is PUBLIC. */
const GRANTEE = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type AS privilege";

/**
 * Where a database's and a schema's privileges live. A NULL ACL is the
 * default: on a database, PUBLIC may CONNECT and use TEMPORARY.
 */
const CATALOGS = {
  DATABASE: { table: "pg_database", name: "datname", acl: "datacl", owner: "datdba", aclType: "d" },
  SCHEMA: { table: "pg_namespace", name: "nspname", acl: "nspacl", owner: "nspowner", aclType: "n" },
} as const;

/** The privileges on a database or a schema. */
export function objectTarget(kind: keyof typeof CATALOGS, name: string, grantees: Record<string, Wanted>): PrivilegeTarget {
  const catalog = CATALOGS[kind];
  return {
    label: `ON ${kind} ${name}`,
    on: `ON ${kind} ${quote(name)}`,
    prefix: "",
    acl: {
      sql: `SELECT ${GRANTEE} FROM ${catalog.table} o, aclexplode(coalesce(o.${catalog.acl}, acldefault('${catalog.aclType}', o.${catalog.owner}))) a WHERE o.${catalog.name} = $1`,
      params: [name],
    },
    grantees,
  };
}

/** The kinds of objects default privileges cover, with their pg_default_acl type. */
const DEFAULT_ACL_TYPES = { TABLES: "r", SEQUENCES: "S", ROUTINES: "f" } as const;

/** The privileges `owner`'s future objects of `kind` in `schema` get (ALTER DEFAULT PRIVILEGES). */
export function defaultPrivilegesTarget(owner: string, schema: string, kind: keyof typeof DEFAULT_ACL_TYPES, grantees: Record<string, Wanted>): PrivilegeTarget {
  return {
    label: `ON ${kind} ${owner} creates IN SCHEMA ${schema}`,
    on: `ON ${kind}`,
    prefix: `ALTER DEFAULT PRIVILEGES FOR ROLE ${quote(owner)} IN SCHEMA ${quote(schema)} `,
    acl: {
      sql: `SELECT ${GRANTEE} FROM pg_default_acl d, aclexplode(d.defaclacl) a
            WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = $1)
              AND d.defaclnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $2) AND d.defaclobjtype = $3`,
      params: [owner, schema, DEFAULT_ACL_TYPES[kind]],
    },
    grantees,
  };
}

/** For each managed grantee: what it lacks and what it holds beyond the wanted. */
async function differences(client: Client, target: PrivilegeTarget): Promise<{ grantee: string; missing: string[]; extra: string[] }[]> {
  const rows = (await client.query<{ grantee: string; privilege: string }>(target.acl.sql, [...target.acl.params])).rows;
  return Object.entries(target.grantees).map(([grantee, wanted]) => {
    const held = new Set(rows.filter((row) => row.grantee === grantee).map((row) => row.privilege));
    return {
      grantee,
      missing: wanted.grant.filter((privilege) => !held.has(privilege)),
      extra: [...held].filter((privilege) => !wanted.grant.includes(privilege) && !(wanted.keep ?? []).includes(privilege)).sort(),
    };
  });
}

/**
 * Grants what the managed grantees lack and revokes what they hold beyond
 * it, then reads the ACL again: a grant the master cannot revoke (another
 * grantor's) fails the run instead of being reported as revoked.
 */
export async function convergePrivileges(client: Client, target: PrivilegeTarget): Promise<{ granted: string[]; revoked: string[] }> {
  const granted: string[] = [];
  const revoked: string[] = [];
  for (const { grantee, missing, extra } of await differences(client, target)) {
    const sqlGrantee = grantee === "PUBLIC" ? "PUBLIC" : quote(grantee);
    if (missing.length > 0) {
      await client.query(`${target.prefix}GRANT ${missing.join(", ")} ${target.on} TO ${sqlGrantee}`);
      granted.push(`${missing.join(", ")} ${target.label} TO ${grantee}`);
    }
    if (extra.length > 0) {
      await client.query(`${target.prefix}REVOKE ${extra.join(", ")} ${target.on} FROM ${sqlGrantee}`);
      revoked.push(`${extra.join(", ")} ${target.label} FROM ${grantee}`);
    }
  }
  if (granted.length + revoked.length === 0) return { granted, revoked };
  const left = (await differences(client, target)).filter(({ missing, extra }) => missing.length + extra.length > 0);
  if (left.length > 0) {
    const what = left.map(({ grantee, missing, extra }) =>
      [extra.length > 0 ? `${grantee} still holds ${extra.join(", ")}` : "", missing.length > 0 ? `${grantee} still lacks ${missing.join(", ")}` : ""]
        .filter(Boolean)
        .join(", "),
    );
    throw new RoleManagerFailure("refused", `${target.label}: ${what.join("; ")} (granted by a role the master cannot act for)`);
  }
  return { granted, revoked };
}
