import { appEnvironmentNames, mergedBlock, settingPath } from "../app/blocks";
import { AppConfig } from "../app/schema";
import { PlatformConfig } from "../platform/schema";
import { definedOnly } from "../shared/defined-only";
import { ConfigIssue } from "../shared/errors";
import { mustNameMessage } from "../shared/references";
import { withSuggestion } from "../shared/suggest";
import { TIER_PRESETS } from "../shared/tiers";
import { APPCONFIG_AGENT, DEFAULT_BUILD_REPOSITORY_LIFECYCLE, DEFAULT_CONTAINER_PORT, DEFAULT_PROXY_PORT, FARGATE_MEMORY_BY_CPU, MAX_SERVICE_NAME_LENGTH } from "./defaults";
import { imageChoice } from "./image";
import { reachabilityIssues } from "./reachability";

/**
 * Rules about an app's service, build repository, feature flags and bastion
 * that relate fields to each other, checked per environment after the app's
 * and the environment's settings are merged over the tier's presets.
 */

/** Tiers that serve HTTPS only (seed 004: HTTP/S in dev and staging, HTTPS only in uat and prod). */
const HTTPS_ONLY_TIERS: readonly string[] = ["uat", "prod"];

/** A build repository's account that names no account. */
export function buildRepositoryIssues(config: PlatformConfig, appName: string, app: AppConfig): ConfigIssue[] {
  const account = app.buildRepository?.account;
  if (account === undefined || config.accounts[account]) return [];
  return [{ path: `apps.${appName}.buildRepository.account`, value: account, message: mustNameMessage("an account", account, Object.keys(config.accounts)) }];
}

/**
 * The apps whose build repositories replicate from one account share its
 * registry's replica creation template, and so one lifecycle: their
 * lifecycle settings must agree (ECR's template prefix is a namespace, `<project>/`,
 * so one template per region covers every replica of the project).
 */
export function registryLifecycleIssues(config: PlatformConfig): ConfigIssue[] {
  const firstByAccount = new Map<string, { appName: string; lifecycle: Record<LifecycleKey, unknown> }>();
  const issues: ConfigIssue[] = [];
  for (const [appName, app] of Object.entries(config.apps)) {
    const account = repositoryAccount(config, app);
    if (account === undefined || !replicates(config, app, account)) continue;
    const lifecycle = { ...DEFAULT_BUILD_REPOSITORY_LIFECYCLE, ...definedOnly(app.buildRepository ?? {}) };
    const first = firstByAccount.get(account);
    if (!first) {
      firstByAccount.set(account, { appName, lifecycle });
      continue;
    }
    for (const key of LIFECYCLE_KEYS.filter((key) => lifecycle[key] !== first.lifecycle[key])) {
      issues.push({
        path: `apps.${appName}.buildRepository.${key}`,
        value: lifecycle[key],
        message: `must equal that of app ${first.appName} (${String(first.lifecycle[key])}): both repositories replicate from account ${account}, whose registry gives every replica one lifecycle`,
      });
    }
  }
  return issues;
}

const LIFECYCLE_KEYS = ["keepCiImages", "ciTagPrefix", "untaggedExpiryDays"] as const;

type LifecycleKey = (typeof LIFECYCLE_KEYS)[number];

/** The account holding an app's build repository: the configured one, or that of its first environment's network. */
function repositoryAccount(config: PlatformConfig, app: AppConfig): string | undefined {
  const firstEnvironment = config.environments[appEnvironmentNames(config, app)[0]];
  return app.buildRepository?.account ?? config.networks[firstEnvironment?.network]?.account;
}

/** Whether an app's build repository replicates: to its configured regions, or its environments' disaster-recovery regions, outside its own. */
function replicates(config: PlatformConfig, app: AppConfig, account: string): boolean {
  const drRegions = appEnvironmentNames(config, app).flatMap((env) => {
    const drNetwork = config.environments[env]?.drNetwork;
    return drNetwork && config.networks[drNetwork] ? [config.networks[drNetwork].region] : [];
  });
  return (app.buildRepository?.replicaRegions ?? drRegions).some((region) => region !== config.accounts[account]?.region);
}

/** The image an environment runs: named once per level, by tag or by digest, and never by a CI tag the lifecycle expires. */
function imageIssues(app: AppConfig, appName: string, envName: string, imageRepository: string | undefined): ConfigIssue[] {
  const choice = imageChoice(app, appName, envName);
  if (choice === undefined) {
    return [
      {
        path: settingPath(app, appName, envName, "service", "imageTag"),
        value: undefined,
        message: `is required: the image tag or imageDigest to run in environment ${envName} (set it for the app or per environment)`,
      },
    ];
  }
  if (choice.tag !== undefined && choice.digest !== undefined) {
    return [{ path: `${choice.path}.imageDigest`, value: choice.digest, message: `and ${choice.path}.imageTag (${choice.tag}) are both set: name the image once, by digest or by tag` }];
  }
  const ciTagPrefix = app.buildRepository?.ciTagPrefix ?? DEFAULT_BUILD_REPOSITORY_LIFECYCLE.ciTagPrefix;
  if (imageRepository === undefined && choice.tag?.startsWith(ciTagPrefix)) {
    return [
      {
        path: `${choice.path}.imageTag`,
        value: choice.tag,
        message: `is a CI tag (prefix ${ciTagPrefix}), which the build repository's lifecycle expires once newer CI images push it out, and then a scale-out or rollback cannot pull it: run a release tag`,
      },
    ];
  }
  return [];
}

/**
 * The pilot-light service in an environment's DR region: its
 * name fits with the `-dr` suffix, its load balancer can get a certificate there (validated in the
 * hosted zone, where the failover records also go: a certificateArn names a certificate of one
 * region), and the build repository replicates its image there.
 */
function drServiceIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string, serviceName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const drNetwork = environment.drNetwork === undefined ? undefined : config.networks[environment.drNetwork];
  if (drNetwork === undefined) return [];
  const service = mergedBlock(app, envName, "service");
  const issues: ConfigIssue[] = [];
  const drName = `${serviceName}-dr`;
  if (drName.length > MAX_SERVICE_NAME_LENGTH) {
    issues.push({
      path: `environments.${envName}.drNetwork`,
      value: environment.drNetwork,
      message: `makes the DR service name ${drName} (${drName.length} characters) longer than ${MAX_SERVICE_NAME_LENGTH}: load balancer and target group names are limited to 32; shorten the project, app or environment name`,
    });
  }
  if (service.domainName !== undefined && service.hostedZoneId === undefined) {
    issues.push({
      path: settingPath(app, appName, envName, "service", "hostedZoneId"),
      value: undefined,
      message: `is required with domainName ${service.domainName} in environment ${envName}, which has a drNetwork: the DR load balancer's certificate is validated in the zone and the failover records go there (a certificateArn serves one region only)`,
    });
  }
  const replicaRegions = app.buildRepository?.replicaRegions;
  const account = repositoryAccount(config, app);
  const repositoryRegion = account === undefined ? undefined : config.accounts[account]?.region;
  if (service.imageRepository === undefined && replicaRegions !== undefined && drNetwork.region !== repositoryRegion && !replicaRegions.includes(drNetwork.region)) {
    issues.push({
      path: `apps.${appName}.buildRepository.replicaRegions`,
      value: replicaRegions,
      message: `must include ${drNetwork.region}, the DR region of environment ${envName}: its pilot-light service pulls the image from the replica there`,
    });
  }
  return issues;
}

/** Rules about an app's service in one environment: its image, name length, DR service, ports, certificate, feature flags and reachability (reachability.ts). */
export function serviceIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const environment = config.environments[envName];
  const service = { ...TIER_PRESETS[environment.tier].service, ...mergedBlock(app, envName, "service") };
  const where = (key: string) => settingPath(app, appName, envName, "service", key);
  const issues: ConfigIssue[] = [];
  const add = (key: string, value: unknown, message: string) => issues.push({ path: where(key), value, message });

  issues.push(...imageIssues(app, appName, envName, service.imageRepository));
  if (service.registryCredentials && service.imageRepository === undefined) {
    add("registryCredentials", true, "needs imageRepository: the build repository is pulled with the task execution role, not credentials");
  }
  const memories = FARGATE_MEMORY_BY_CPU[service.cpu];
  if (!memories) {
    add("cpu", service.cpu, `must be a Fargate CPU value: one of ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}`);
  } else if (!memories.includes(service.memory)) {
    add("memory", service.memory, `must be a memory size Fargate allows with ${service.cpu} CPU units: ${memories[0]} to ${memories[memories.length - 1]} MiB (${memories.join(", ")})`);
  }
  if (service.minTasks > service.maxTasks) {
    add("minTasks", service.minTasks, `must be at most maxTasks (${service.maxTasks}) in environment ${envName}`);
  }
  if (!service.httpsRequired && HTTPS_ONLY_TIERS.includes(environment.tier)) {
    add("httpsRequired", false, `cannot be turned off in a ${environment.tier}-tier environment: seed 004 serves HTTPS only in uat and prod`);
  } else if (service.httpsRequired && service.domainName === undefined) {
    add("domainName", undefined, `is required in environment ${envName}: it serves HTTPS only, which needs a host name and a certificate`);
  }
  if (service.domainName !== undefined && service.hostedZoneId === undefined && service.certificateArn === undefined) {
    add("hostedZoneId", undefined, `or certificateArn is required with domainName ${service.domainName}: a certificate is validated in the zone, or an existing one is used`);
  }
  for (const key of ["hostedZoneId", "certificateArn"] as const) {
    if (service[key] !== undefined && service.domainName === undefined) add(key, service[key], "needs domainName");
  }
  const serviceName = `${config.project.name}-${appName}-${envName}`;
  if (serviceName.length > MAX_SERVICE_NAME_LENGTH) {
    issues.push({
      path: `apps.${appName}.environments.${envName}`,
      value: serviceName,
      message: `makes the service name ${serviceName} (${serviceName.length} characters) longer than ${MAX_SERVICE_NAME_LENGTH}: load balancer and target group names are limited to 32; shorten the project, app or environment name`,
    });
  }
  return [
    ...issues,
    ...drServiceIssues(config, appName, app, envName, serviceName),
    ...portIssues(where, service),
    ...certificateIssues(config, where, envName, service.certificateArn),
    ...featureFlagIssues(appName, app, envName),
    ...reachabilityIssues(config, appName, app, envName, service),
  ];
}

/** The containers of one task share a network namespace: the app, the proxy and the AppConfig agent need ports of their own. */
function portIssues(
  where: (key: string) => string,
  service: { containerPort?: number; proxy?: { port?: number } | null; appConfigAgent?: boolean },
): ConfigIssue[] {
  const appPort = service.containerPort ?? DEFAULT_CONTAINER_PORT;
  const sidecars = [
    ...(service.proxy ? [{ what: "the proxy's port", port: service.proxy.port ?? DEFAULT_PROXY_PORT }] : []),
    ...(service.appConfigAgent ? [{ what: "the AppConfig agent's port", port: APPCONFIG_AGENT.port }] : []),
  ];
  const issues: ConfigIssue[] = sidecars
    .filter((sidecar) => sidecar.port === appPort)
    .map((sidecar) => ({ path: where("containerPort"), value: appPort, message: `is ${sidecar.what}: the containers of a task share one network namespace, so the app needs another port` }));
  if (sidecars.length === 2 && sidecars[0].port === sidecars[1].port) {
    issues.push({ path: where("proxy"), value: service.proxy, message: `listens on ${APPCONFIG_AGENT.port}, the AppConfig agent's port: give the proxy another port` });
  }
  return issues;
}

/** ACM certificates are regional and an ALB uses one only from its own account and region. */
function certificateIssues(config: PlatformConfig, where: (key: string) => string, envName: string, certificateArn: string | undefined): ConfigIssue[] {
  const network = config.networks[config.environments[envName].network];
  const account = network && config.accounts[network.account];
  const match = certificateArn && /^arn:aws:acm:([a-z0-9-]+):(\d{12}):/.exec(certificateArn);
  if (!match || !network || !account) return [];
  const [, region, accountId] = match;
  if (region === network.region && accountId === account.id) return [];
  return [
    {
      path: where("certificateArn"),
      value: certificateArn,
      message: `must be a certificate of the load balancer's account ${account.id} and region ${network.region} (environment ${envName}); this one is in ${accountId}, ${region}, which the load balancer cannot use`,
    },
  ];
}

function featureFlagIssues(appName: string, app: AppConfig, envName: string): ConfigIssue[] {
  const declared = Object.keys(app.featureFlags ?? {});
  return Object.keys(app.environments?.[envName]?.featureFlags ?? {})
    .filter((flag) => !declared.includes(flag))
    .map((flag) => ({
      path: `apps.${appName}.environments.${envName}.featureFlags.${flag}`,
      value: app.environments![envName].featureFlags![flag],
      message: withSuggestion(`overrides a flag that apps.${appName}.featureFlags does not declare (declared: ${declared.length ? declared.join(", ") : "none"})`, flag, declared),
    }));
}
