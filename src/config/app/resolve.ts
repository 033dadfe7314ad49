import { resolveCdn, ResolvedCdn } from "../cdn/resolve";
import { resolveCache, ResolvedCache } from "../cache/resolve";
import { resolveCapacity, ResolvedCapacity } from "../capacity/resolve";
import { resolveDatabase, ResolvedDatabase } from "../database/resolve";
import { resolveBackup, ResolvedBackup } from "../dr/backup";
import { ResolvedDisasterRecovery, resolveDisasterRecovery } from "../dr/resolve";
import { ResolvedEnvironment } from "../environment/resolve";
import { ResolvedLogForwarding, resolveLogForwarding } from "../log-forwarding/resolve";
import { ResolvedBlueGreen, resolveBlueGreen, ResolvedMigrations, resolveMigrations } from "../release/resolve";
import { ResolvedScheduledJobs, resolveScheduledJobs } from "../scheduled-jobs/resolve";
import { ResolvedTelemetry, resolveTelemetry } from "../telemetry/resolve";
import { resolveDashboard, ResolvedDashboard } from "../observability/resolve";
import { imageChoice } from "../service/image";
import { resolveBastion, ResolvedBastion, ResolvedBuildRepository, ResolvedFeatureFlag, ResolvedService, resolveFeatureFlags, resolveService, resolveServiceAlarms } from "../service/resolve";
import { INITIAL_SECRET_VERSION } from "../database/defaults";
import { definedOnly } from "../shared/defined-only";
import { DatabaseAlarmThresholds, ServiceAlarmThresholds, TIER_PRESETS } from "../shared/tiers";
import { mergedBlock } from "./blocks";
import { AppConfig } from "./schema";

/** The app secret key every app gets (seed 001's Flask secret key). */
export const APP_SECRET_KEY = { name: "secret-key", length: 64, special: false } as const;

/** Characters of a generated secret when config gives no length. */
export const DEFAULT_SECRET_LENGTH = 48;

/** Days a deleted secret can be restored: the longest AWS allows where data must survive, the shortest elsewhere. */
export const SECRET_RECOVERY_WINDOW_DAYS = { protected: 30, unprotected: 7 } as const;

/** Where an environment's alarms go. */
export interface ResolvedAlerts {
  /** E-mail subscribers. */
  readonly emails: readonly string[];
  /** The incident management service, if any: its provider and the SSM parameter holding its URL. */
  readonly incidentManagement?: { readonly provider: string; readonly endpointParameter: string };
}

/** A value the secrets stack generates. */
export interface ResolvedGeneratedSecret {
  /** The secret's name within the app and environment. */
  readonly name: string;
  /** Characters in the value. */
  readonly length: number;
  /** Whether the value may contain punctuation. */
  readonly special: boolean;
  /** The value's version: a new one generates and writes a new value. */
  readonly version: number;
}

/** One app in one environment: what its monitoring, secrets, database and service stacks build. */
export interface ResolvedDeployment {
  /** The app's name. */
  readonly app: string;
  /** The environment. */
  readonly environment: ResolvedEnvironment;
  /** The database. */
  readonly database: ResolvedDatabase;
  /** Database alarm thresholds. */
  readonly databaseAlarms: DatabaseAlarmThresholds;
  /** Alarm subscriptions. */
  readonly alerts: ResolvedAlerts;
  /** Generated secrets, the app secret key first. */
  readonly secrets: readonly ResolvedGeneratedSecret[];
  /** `<project>/<app>/<env>`: the prefix of the app's secret names in Secrets Manager (the master secret is `<prefix>/database/master`). */
  readonly secretNamePrefix: string;
  /** Days a deleted secret can be restored. */
  readonly secretRecoveryWindowDays: number;
  /** The app's build repository (shared by its environments). */
  readonly buildRepository: ResolvedBuildRepository;
  /** The ECS service. */
  readonly service: ResolvedService;
  /** Service alarm thresholds. */
  readonly serviceAlarms: ServiceAlarmThresholds;
  /** Where the tasks run: their CPU architecture, and EC2 container instances where they run on them (decision 0012). @default Fargate, X86_64 */
  readonly capacity: ResolvedCapacity;
  /** Feature flags with this environment's values. */
  readonly featureFlags: readonly ResolvedFeatureFlag[];
  /** The bastion, if on. */
  readonly bastion?: ResolvedBastion;
  /** Disaster recovery in the environment's DR region, where it has a `drNetwork`. @default none */
  readonly dr?: ResolvedDisasterRecovery;
  /** AWS Backup of the app's data in this environment. */
  readonly backup: ResolvedBackup;
  /** The OpenTelemetry collector sidecar, where it is on. @default on in staging, uat and prod, off in dev */
  readonly telemetry?: ResolvedTelemetry;
  /** Forwarding of the service's logs to Splunk, where it is on. @default off */
  readonly logForwarding?: ResolvedLogForwarding;
  /** The cache beside the database, where it is on (the `<app>-<env>-cache` stack, and `-dr-cache` with a DR network). @default on in staging, uat and prod, off in dev */
  readonly cache?: ResolvedCache;
  /** The CDN in front of the load balancer, where it is on (the `<app>-<env>-edge` stack). @default on in prod, off below */
  readonly cdn?: ResolvedCdn;
  /** The environment's CloudWatch dashboard (and its DR region's). @default on in every tier */
  readonly dashboard: ResolvedDashboard;
  /** CodeDeploy blue/green releases of the primary region's service, where they are on (decision 0013). @default off: ECS rolling updates with the circuit breaker */
  readonly blueGreen?: ResolvedBlueGreen;
  /** The migration task the deploy workflow runs before each release, where the app gives a command (decision 0013). @default none */
  readonly migrations?: ResolvedMigrations;
  /** Scheduled jobs (EventBridge Scheduler running the service's task definition), where the app declares any. @default none */
  readonly scheduledJobs?: ResolvedScheduledJobs;
  /**
   * The app's CodePipeline, `<project>-<app>-pipeline`, where it releases this environment (decision
   * 0015): the deploy workflow then applies the service stack but neither migrates nor deploys it.
   * @default none: the deploy workflow releases the environment
   */
  readonly releasedByPipeline?: string;
}

/**
 * The app's generated secrets in one environment, the app secret key first:
 * the environment's settings for a secret over the app's, over the defaults.
 */
function resolveSecrets(app: AppConfig, environment: string): ResolvedGeneratedSecret[] {
  const own = app.environments?.[environment]?.secrets ?? {};
  const names = [...new Set([APP_SECRET_KEY.name, ...Object.keys(app.secrets ?? {}), ...Object.keys(own)])];
  return names.map((secretName) => {
    const settings = { ...definedOnly(app.secrets?.[secretName] ?? {}), ...definedOnly(own[secretName] ?? {}) };
    const version = settings.version ?? INITIAL_SECRET_VERSION;
    if (secretName === APP_SECRET_KEY.name) return { ...APP_SECRET_KEY, version };
    return { name: secretName, length: settings.length ?? DEFAULT_SECRET_LENGTH, special: settings.special ?? false, version };
  });
}

/** Resolves one app in one environment: tier presets, then the app's settings, then the environment's. */
export function resolveDeployment(
  project: string,
  name: string,
  app: AppConfig,
  environment: ResolvedEnvironment,
  buildRepository: ResolvedBuildRepository,
): ResolvedDeployment {
  const preset = TIER_PRESETS[environment.tier];
  const database = mergedBlock(app, environment.name, "database");
  const alerts = mergedBlock(app, environment.name, "alerts");
  const service = mergedBlock(app, environment.name, "service");
  const bastion = resolveBastion(mergedBlock(app, environment.name, "bastion"));
  const resolvedDatabase = resolveDatabase(database, environment);
  const image = imageChoice(app, name, environment.name)!;
  const resolvedService = resolveService(project, name, service, environment, buildRepository, image);
  const cdn = resolveCdn(mergedBlock(app, environment.name, "cdn"), { tier: environment.tier, service: resolvedService, secretNamePrefix: `${project}/${name}/${environment.name}`, dr: environment.drNetwork !== undefined });
  const dr = resolveDisasterRecovery({ name: `${project}-${name}-${environment.name}`, environment, engine: resolvedDatabase.engine, service: resolvedService, repository: buildRepository, image });
  const cache = resolveCache(`${project}-${name}-${environment.name}`, mergedBlock(app, environment.name, "cache"), mergedBlock(app, environment.name, "cacheAlarms"), environment, dr);
  return {
    app: name,
    environment,
    database: resolvedDatabase,
    databaseAlarms: { ...preset.databaseAlarms, ...definedOnly(mergedBlock(app, environment.name, "databaseAlarms")) },
    alerts: {
      emails: alerts.emails ?? [],
      ...(alerts.incidentManagement ? { incidentManagement: alerts.incidentManagement } : {}),
    },
    secretNamePrefix: `${project}/${name}/${environment.name}`,
    secretRecoveryWindowDays: SECRET_RECOVERY_WINDOW_DAYS[environment.settings.deletionProtection ? "protected" : "unprotected"],
    secrets: resolveSecrets(app, environment.name),
    buildRepository,
    service: resolvedService,
    serviceAlarms: resolveServiceAlarms(environment, mergedBlock(app, environment.name, "serviceAlarms")),
    capacity: resolveCapacity(`${project}-${name}-${environment.name}`, mergedBlock(app, environment.name, "capacity"), environment),
    featureFlags: resolveFeatureFlags(app, environment.name),
    ...definedOnly({ dr }),
    backup: resolveBackup(`${project}-${name}-${environment.name}`, environment.tier, resolvedDatabase.backupRetentionDays, dr),
    dashboard: resolveDashboard(environment.tier, mergedBlock(app, environment.name, "dashboard")),
    ...(bastion ? { bastion } : {}),
    ...definedOnly({
      telemetry: resolveTelemetry(project, name, resolvedService.name, environment.tier, mergedBlock(app, environment.name, "telemetry")),
      logForwarding: resolveLogForwarding(resolvedService.name, environment.network.account.id, `${project}/${name}/${environment.name}`, environment.tier, mergedBlock(app, environment.name, "logForwarding")),
      blueGreen: resolveBlueGreen(resolvedService, environment.tier, mergedBlock(app, environment.name, "blueGreen")),
      migrations: resolveMigrations(resolvedService.name, mergedBlock(app, environment.name, "migrations")),
      scheduledJobs: resolveScheduledJobs(app, environment.name, resolvedService, dr),
    }),
    ...(cache ? { cache } : {}),
    ...(cdn ? { cdn } : {}),
  };
}

/** The master secret's name in Secrets Manager, `<project>/<app>/<env>/database/master` (its DR replica has the same name). */
export function masterSecretName(deployment: Pick<ResolvedDeployment, "secretNamePrefix">): string {
  return `${deployment.secretNamePrefix}/database/master`;
}

/** The private registry's credentials secret's name, `<project>/<app>/<env>/registry-credentials` (its DR replica has the same name). */
export function registryCredentialsSecretName(deployment: Pick<ResolvedDeployment, "secretNamePrefix">): string {
  return `${deployment.secretNamePrefix}/registry-credentials`;
}
