import type { ResolvedDeployment } from "../../config/app/resolve";
import { databaseLogin } from "../../config/database/resolve";

/** `secret-key` -> `SECRET_KEY`. */
const environmentName = (secretName: string) => secretName.toUpperCase().replace(/-/g, "_");

/** Whether the app logs in with the master secret's password instead of an IAM token as the app role (or an existing database's secret). */
export const usesMasterSecret = (deployment: ResolvedDeployment) => databaseLogin(deployment.database, deployment.service.databaseCredentials) === "master-secret";

/**
 * `secret-key:1,database/master:2`: the versions of the secrets the tasks
 * read, so that rotating one (config raises its version) changes the task
 * definition and the service replaces its tasks, which then read the new value.
 */
function secretVersions(deployment: ResolvedDeployment): string {
  const versions = deployment.secrets.map((secret) => `${secret.name}:${secret.version}`);
  return [...versions, ...(usesMasterSecret(deployment) ? [`database/master:${deployment.database.masterPasswordVersion}`] : [])].join(",");
}

/** Where the app's OpenTelemetry SDK sends traces and metrics (the collector's OTLP HTTP port on the task's loopback), and what it calls itself. */
function collectorEnvironment(deployment: ResolvedDeployment): Record<string, string> {
  if (!deployment.telemetry) return {};
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deployment.telemetry.ports.otlpHttp}`,
    OTEL_SERVICE_NAME: deployment.app,
    OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${deployment.environment.name}`,
  };
}

/** Where a region's tasks find their files, flags and database. */
export interface ContainerSite {
  /** The region the tasks run in. */
  readonly region: string;
  /** Whether the OpenTelemetry collector runs beside the app there (the DR region's pilot light runs none). @default false */
  readonly collector?: boolean;
  /** The app files bucket of that region. */
  readonly appFilesBucket: string;
  /** The feature flags' AppConfig ids of that region. */
  readonly featureFlags: Readonly<Record<string, string>>;
  /** The database's host name there. */
  readonly databaseAddress: string;
  /** The cache there, where the app has one: its primary endpoint's host name and its replication group's id (which IAM authentication tokens name). @default no cache */
  readonly cache?: { readonly address: string; readonly replicationGroupId: string };
}

/** The app container's environment, the same in both regions but for where things are. */
export function containerEnvironment(deployment: ResolvedDeployment, site: ContainerSite): Record<string, string> {
  const { service, database } = deployment;
  return {
    ...service.environmentVariables,
    ...site.featureFlags,
    ...(site.collector ? collectorEnvironment(deployment) : {}),
    APP_FILES_BUCKET: site.appFilesBucket,
    AWS_REGION: site.region,
    DB_HOST: site.databaseAddress,
    DB_PORT: String(database.port),
    DB_NAME: database.databaseName,
    // An existing database's user comes from its secret (existingDatabaseSecrets).
    ...(database.existing ? {} : { DB_USER: usesMasterSecret(deployment) ? database.masterUsername : database.appRole }),
    DB_AUTH: databaseLogin(database, service.databaseCredentials),
    // Tasks read secrets when they start: a rotation's new version makes a new revision, which replaces every task.
    SECRET_VERSIONS: secretVersions(deployment),
    ...cacheEnvironment(deployment, site.cache),
  };
}

/** The cache's variables where the app has one: TLS and IAM authentication as its user, no password. */
function cacheEnvironment(deployment: ResolvedDeployment, cache: ContainerSite["cache"]): Record<string, string> {
  if (!deployment.cache || !cache) return {};
  return {
    CACHE_HOST: cache.address,
    CACHE_PORT: String(deployment.cache.port),
    CACHE_NAME: cache.replicationGroupId,
    CACHE_USER: deployment.cache.userId,
    CACHE_AUTH: "iam",
    CACHE_TLS: "true",
  };
}

/** The app container's secrets: each generated secret as its upper-case name, and the master password where the app uses it. */
export function containerSecrets(secretArns: Readonly<Record<string, string>>, masterSecretArn: string | undefined): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(secretArns).map(([secretName, arn]) => [environmentName(secretName), arn])),
    ...(masterSecretArn === undefined ? {} : { DB_PASSWORD: `${masterSecretArn}:password::` }),
  };
}

/**
 * An existing database's credentials as the app container's secrets, DB_USER and DB_PASSWORD from
 * the `username` and `password` keys of its secret (ECS `valueFrom` `<arn>:<json-key>::`), or none.
 */
export function existingDatabaseSecrets(deployment: ResolvedDeployment): Record<string, string> {
  const existing = deployment.database.existing;
  return existing ? { DB_USER: `${existing.secretArn}:username::`, DB_PASSWORD: `${existing.secretArn}:password::` } : {};
}
