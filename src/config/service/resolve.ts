import { ResolvedAccount } from "../account/resolve";
import { AppConfig } from "../app/schema";
import { ResolvedEnvironment } from "../environment/resolve";
import { definedOnly } from "../shared/defined-only";
import { ServiceAlarmThresholds, TIER_PRESETS } from "../shared/tiers";
import { ACCESS_LOG_EXPIRATION_DAYS, APP_FILES_LIFECYCLE, DatabaseCredentials, DEFAULT_APP_USER, DEFAULT_AUTOSCALING, DEFAULT_BASTION_INSTANCE_TYPE, DEFAULT_BUILD_REPOSITORY_LIFECYCLE, DEFAULT_CONTAINER_PORT, DEFAULT_DATABASE_CREDENTIALS, DEFAULT_DEPLOYMENT, DEFAULT_HEALTH_CHECK_GRACE_PERIOD_SECONDS, DEFAULT_HEALTH_CHECK_PATH, DEFAULT_PROXY_PORT, DEFAULT_PROXY_USER, DEFAULT_WAF_RATE_LIMIT, DEREGISTRATION_DELAY_SECONDS } from "./defaults";
import { ImageChoice, imageReference } from "./image";

/** Roles of other accounts that may pull from a repository: the accounts, and the ARN patterns of their roles that may. */
export interface ImagePullers {
  /** The accounts, as ids. */
  readonly accountIds: readonly string[];
  /** The roles of those accounts that may pull, as ARN patterns such as `arn:aws:iam::222222222222:role/acme-web-*-task-execution`. */
  readonly roleArnPatterns: readonly string[];
}

/** Which images of a build repository (and of its replicas) expire: untagged ones, and CI-tagged ones beyond the newest; release tags never. */
export interface BuildRepositoryLifecycle {
  /** How many CI-tagged images are kept. */
  readonly keepCiImages: number;
  /** The tag prefix of CI builds. */
  readonly ciTagPrefix: string;
  /** Days after which untagged images expire. */
  readonly untaggedExpiryDays: number;
}

/** The app's ECR repository, shared by its environments (seed 000's build repository). */
export interface ResolvedBuildRepository {
  /** The repository name, `<project>/<app>`. */
  readonly name: string;
  /** The account that holds it. */
  readonly account: ResolvedAccount;
  /** Its region: the account's primary region. */
  readonly region: string;
  /** Its ARN, known before apply. */
  readonly arn: string;
  /** Its URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly url: string;
  /** Which images expire. */
  readonly lifecycle: BuildRepositoryLifecycle;
  /** Regions it replicates to. */
  readonly replicaRegions: readonly string[];
  /** The task execution roles of other accounts that may pull (none when every environment shares the repository's account). */
  readonly pullers: ImagePullers;
}

/** An HTTPS endpoint: the host name, and where its certificate comes from. */
export interface ResolvedDomain {
  /** The host name. */
  readonly name: string;
  /** The hosted zone for DNS validation and the alias record. @default no record, no validation */
  readonly hostedZoneId?: string;
  /** An existing certificate. @default a certificate DNS-validated in hostedZoneId */
  readonly certificateArn?: string;
}

/** The app's ECS service in one environment, with every setting decided. */
export interface ResolvedService {
  /** `<project>-<app>-<env>`: prefix of every name in the service stack. */
  readonly name: string;
  /** The app's image by digest (`<repository>@sha256:...`) or by tag (`<repository>:<tag>`). */
  readonly image: string;
  /** The ECR repository the execution role may pull from, if the image comes from the build repository. */
  readonly buildRepositoryArn?: string;
  /** Whether the image's registry needs the `registry-credentials` secret. */
  readonly registryCredentials: boolean;
  /** The Nginx proxy sidecar, if any: its image, port and user. */
  readonly proxy?: { readonly image: string; readonly port: number; readonly user: string };
  /** The user the app container runs as (never root). */
  readonly user: string;
  /** The app container's port. */
  readonly containerPort: number;
  /** The path health checks probe. */
  readonly healthCheckPath: string;
  /** Seconds failing health checks are ignored after a task starts. */
  readonly healthCheckGracePeriodSeconds: number;
  /** Seconds a deregistering target drains. */
  readonly deregistrationDelaySeconds: number;
  /** Task CPU units. */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /** Fewest tasks. */
  readonly minTasks: number;
  /** Most tasks. */
  readonly maxTasks: number;
  /** Target tracking targets and cooldowns. */
  readonly autoscaling: {
    readonly cpuTargetPercent: number;
    readonly memoryTargetPercent: number;
    readonly requestsPerTarget?: number;
    readonly scaleOutCooldownSeconds: number;
    readonly scaleInCooldownSeconds: number;
  };
  /** Rolling deployment bounds. */
  readonly deployment: { readonly minimumHealthyPercent: number; readonly maximumPercent: number };
  /** Container Insights on the cluster. */
  readonly containerInsights: boolean;
  /** Prefer Fargate Spot. */
  readonly fargateSpot: boolean;
  /** With fargateSpot, tasks kept on on-demand Fargate. */
  readonly onDemandBaseTasks: number;
  /** ECS Exec. */
  readonly execCommand: boolean;
  /** The WAF web ACL's rate limit, or undefined for no WAF. */
  readonly waf?: { readonly rateLimit: number };
  /** Serve HTTPS only: the guardrails then refuse a listener that forwards plain HTTP (uat and prod). */
  readonly httpsRequired: boolean;
  /** The HTTPS endpoint, or undefined for plain HTTP (allowed outside uat and prod only). */
  readonly domain?: ResolvedDomain;
  /** Deletion protection on the load balancer. */
  readonly deletionProtection: boolean;
  /** Retention of the service's log groups, in days. */
  readonly logRetentionDays: number;
  /** The AppConfig agent sidecar. */
  readonly appConfigAgent: boolean;
  /** How the app authenticates to PostgreSQL. */
  readonly databaseCredentials: DatabaseCredentials;
  /** Plain environment variables. */
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** The app files bucket (seed 003) and its lifecycle. */
  readonly appFiles: { readonly bucket: string; readonly lifecycle: { readonly noncurrentVersionExpirationDays: number; readonly infrequentAccessAfterDays: number } };
  /** The load balancer's access log bucket and retention. */
  readonly accessLogs: { readonly bucket: string; readonly expirationDays: number };
}

/** A feature flag's value in one environment. */
export interface ResolvedFeatureFlag {
  /** The flag's key. */
  readonly name: string;
  /** Whether it is on here. */
  readonly enabled: boolean;
  /** What it turns on. */
  readonly description?: string;
}

/** The bastion of one environment. */
export interface ResolvedBastion {
  /** The EC2 instance type. */
  readonly instanceType: string;
  /** The one /32 allowed in over SSH, if any. */
  readonly sshCidr?: string;
}

/** Resolves an app's build repository: in the configured account, or the account of its first environment. */
export function resolveBuildRepository(
  project: string,
  appName: string,
  app: AppConfig,
  environments: readonly ResolvedEnvironment[],
  accounts: ReadonlyMap<string, ResolvedAccount>,
): ResolvedBuildRepository {
  const settings = app.buildRepository ?? {};
  const account = settings.account === undefined ? environments[0].network.account : accounts.get(settings.account)!;
  const name = `${project}/${appName}`;
  const drRegions = environments.flatMap((env) => (env.drNetwork ? [env.drNetwork.region] : []));
  const replicaRegions = settings.replicaRegions ?? drRegions;
  const pullAccountIds = [...new Set(environments.map((env) => env.network.account.id))].filter((id) => id !== account.id);
  return {
    name,
    account,
    region: account.region,
    arn: `arn:aws:ecr:${account.region}:${account.id}:repository/${name}`,
    url: `${account.id}.dkr.ecr.${account.region}.amazonaws.com/${name}`,
    lifecycle: { ...DEFAULT_BUILD_REPOSITORY_LIFECYCLE, ...definedOnly({ keepCiImages: settings.keepCiImages, ciTagPrefix: settings.ciTagPrefix, untaggedExpiryDays: settings.untaggedExpiryDays }) },
    replicaRegions: [...new Set(replicaRegions)].filter((region) => region !== account.region),
    pullers: { accountIds: pullAccountIds, roleArnPatterns: pullAccountIds.map((id) => `arn:aws:iam::${id}:role/${project}-${appName}-*-task-execution`) },
  };
}

/** The service of one app in one environment: tier presets, then the app's settings, then the environment's. */
export function resolveService(
  project: string,
  appName: string,
  service: NonNullable<AppConfig["service"]>,
  environment: ResolvedEnvironment,
  repository: ResolvedBuildRepository,
  image: ImageChoice,
): ResolvedService {
  const preset = TIER_PRESETS[environment.tier].service;
  const sized = { ...preset, ...definedOnly(service) };
  const name = `${project}-${appName}-${environment.name}`;
  const accountId = environment.network.account.id;
  const external = service.imageRepository !== undefined;
  return {
    name,
    image: imageReference(service.imageRepository ?? repository.url, image),
    ...(external ? {} : { buildRepositoryArn: repository.arn }),
    registryCredentials: service.registryCredentials ?? false,
    ...(service.proxy ? { proxy: { image: service.proxy.image, port: service.proxy.port ?? DEFAULT_PROXY_PORT, user: service.proxy.user ?? DEFAULT_PROXY_USER } } : {}),
    user: service.user ?? DEFAULT_APP_USER,
    containerPort: service.containerPort ?? DEFAULT_CONTAINER_PORT,
    healthCheckPath: service.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds ?? DEFAULT_HEALTH_CHECK_GRACE_PERIOD_SECONDS,
    deregistrationDelaySeconds: DEREGISTRATION_DELAY_SECONDS,
    cpu: sized.cpu,
    memory: sized.memory,
    minTasks: sized.minTasks,
    maxTasks: sized.maxTasks,
    autoscaling: {
      cpuTargetPercent: service.cpuTargetPercent ?? DEFAULT_AUTOSCALING.cpuTargetPercent,
      memoryTargetPercent: service.memoryTargetPercent ?? DEFAULT_AUTOSCALING.memoryTargetPercent,
      ...(service.requestsPerTarget === undefined ? {} : { requestsPerTarget: service.requestsPerTarget }),
      scaleOutCooldownSeconds: service.scaleOutCooldownSeconds ?? DEFAULT_AUTOSCALING.scaleOutCooldownSeconds,
      scaleInCooldownSeconds: service.scaleInCooldownSeconds ?? DEFAULT_AUTOSCALING.scaleInCooldownSeconds,
    },
    deployment: {
      minimumHealthyPercent: service.minimumHealthyPercent ?? DEFAULT_DEPLOYMENT.minimumHealthyPercent,
      maximumPercent: service.maximumPercent ?? DEFAULT_DEPLOYMENT.maximumPercent,
    },
    containerInsights: sized.containerInsights,
    fargateSpot: sized.fargateSpot,
    onDemandBaseTasks: sized.onDemandBaseTasks,
    execCommand: sized.execCommand,
    httpsRequired: sized.httpsRequired,
    ...(sized.waf ? { waf: { rateLimit: service.wafRateLimit ?? DEFAULT_WAF_RATE_LIMIT } } : {}),
    ...(service.domainName === undefined
      ? {}
      : { domain: { name: service.domainName, ...definedOnly({ hostedZoneId: service.hostedZoneId, certificateArn: service.certificateArn }) } }),
    deletionProtection: environment.settings.deletionProtection,
    logRetentionDays: environment.settings.logRetentionDays,
    appConfigAgent: service.appConfigAgent ?? false,
    databaseCredentials: service.databaseCredentials ?? DEFAULT_DATABASE_CREDENTIALS,
    environmentVariables: service.environmentVariables ?? {},
    appFiles: { bucket: `${name}-${accountId}-files`, lifecycle: APP_FILES_LIFECYCLE },
    accessLogs: { bucket: `${name}-${accountId}-lb-logs`, expirationDays: ACCESS_LOG_EXPIRATION_DAYS },
  };
}

/** Service alarm thresholds: the tier's, then the app's and environment's. */
export function resolveServiceAlarms(environment: ResolvedEnvironment, overrides: NonNullable<AppConfig["serviceAlarms"]>): ServiceAlarmThresholds {
  return { ...TIER_PRESETS[environment.tier].serviceAlarms, ...definedOnly(overrides) };
}

/** The app's declared flags with the environment's values. */
export function resolveFeatureFlags(app: AppConfig, environment: string): ResolvedFeatureFlag[] {
  const overrides = app.environments?.[environment]?.featureFlags ?? {};
  return Object.entries(app.featureFlags ?? {}).map(([name, flag]) => ({
    name,
    enabled: overrides[name] ?? flag.enabled,
    ...(flag.description === undefined ? {} : { description: flag.description }),
  }));
}

/** The bastion, if the merged settings turn it on. */
export function resolveBastion(bastion: NonNullable<AppConfig["bastion"]>): ResolvedBastion | undefined {
  if (!bastion.enabled) return undefined;
  return { instanceType: bastion.instanceType ?? DEFAULT_BASTION_INSTANCE_TYPE, ...(bastion.sshCidr ? { sshCidr: bastion.sshCidr } : {}) };
}
