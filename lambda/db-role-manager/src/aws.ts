import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Signer } from "@aws-sdk/rds-signer";
import { Credentials, RoleManagerFailure } from "./connection";
import type { RoleManagerDependencies } from "./run";

/** Milliseconds to wait for the database before reporting it unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;

/** The variables the function's configuration sets. */
const REQUIRED = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "AWS_REGION"] as const;

/**
 * Dependencies in AWS: the master credentials from the master secret,
 * IAM authentication tokens for the managed roles, and the database named
 * by the environment. `DB_CA_CERT` may carry a PEM; otherwise the runtime's
 * trust store (with NODE_EXTRA_CA_CERTS naming Lambda's RDS bundle) verifies.
 */
export function awsDependencies(env: NodeJS.ProcessEnv, secrets = new SecretsManagerClient({ region: env.AWS_REGION })): RoleManagerDependencies {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new RoleManagerFailure("configuration_error", `environment variables missing: ${missing.join(", ")}`);
  const port = parsePort(env.DB_PORT!);
  const host = env.DB_HOST!;
  return {
    connection: { host, port, database: env.DB_NAME!, connectTimeoutMs: CONNECT_TIMEOUT_MS, ...(env.DB_CA_CERT ? { ca: env.DB_CA_CERT } : {}) },
    masterCredentials: () => readMasterSecret(secrets, env.DB_SECRET_ARN!),
    roleCredentials: async (role) => ({
      user: role,
      password: await new Signer({ hostname: host, port, username: role, region: env.AWS_REGION }).getAuthToken(),
    }),
  };
}

/** DB_PORT as a TCP port; anything but an integer 1-65535 is a configuration error. */
export function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new RoleManagerFailure("configuration_error", `DB_PORT = ${JSON.stringify(text)}: must be an integer from 1 to 65535`);
  }
  return port;
}

/**
 * Reads `{ "username", "password" }` from the master secret.
 * Errors never quote the secret: JSON.parse's message would.
 */
export async function readMasterSecret(client: SecretsManagerClient, secretArn: string): Promise<Credentials> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    throw new RoleManagerFailure("configuration_error", `could not read the master secret ${secretArn}: ${(error as Error).message}`);
  }
  if (text === undefined) throw new RoleManagerFailure("configuration_error", `the master secret ${secretArn} has no SecretString`);
  let secret: unknown;
  try {
    secret = JSON.parse(text);
  } catch {
    throw new RoleManagerFailure("configuration_error", `the master secret ${secretArn} is not JSON`);
  }
  const { username, password } = (typeof secret === "object" && secret !== null ? secret : {}) as { username?: unknown; password?: unknown };
  if (typeof username !== "string" || typeof password !== "string") {
    throw new RoleManagerFailure("configuration_error", `the master secret ${secretArn} has no string username and password`);
  }
  return { user: username, password };
}
