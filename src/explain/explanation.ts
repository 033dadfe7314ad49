import { cacheSections } from "./cache";
import { capacitySections } from "./capacity";
import { cdnSections } from "./cdn";
import { pipelineSections } from "./pipeline";
import { releaseSections } from "./release";
import { AppConfig } from "../config/app/schema";
import { ResolvedDeployment } from "../config/app/resolve";
import { DatabaseEngine } from "../config/database/defaults";
import { databaseLogin } from "../config/database/resolve";
import { ResolvedEnvironment } from "../config/environment/resolve";
import { isStandbyDrNetwork, ResolvedNetwork } from "../config/network/resolve";
import { ResolvedPlatform } from "../config/platform/resolve";
import { EnvironmentConfig, PlatformConfig } from "../config/platform/schema";
import { didYouMean } from "../config/shared/suggest";
import { observabilitySections } from "./observability";
import { scheduledJobsSections } from "./scheduled-jobs";
import { Tier } from "../config/shared/tiers";
import { PRICE_TABLE } from "../cost/price-table";
import { AppBlockName, appSettingSource, environmentFieldSource, environmentSettingSource, networkSettingSource, Source } from "./sources";

/** One resolved setting and where it came from. */
export interface ExplainedSetting {
  /** The setting, as the configuration names it (`cpu`, `flowLogs.enabled`). */
  readonly key: string;
  /** Its resolved value: what the stacks receive. */
  readonly value: unknown;
  /** Where it came from ({@link Source}). */
  readonly source: Source;
}

/** A group of settings: a network, the environment, or one block of an app. */
export interface ExplainedSection {
  /** What the settings belong to, such as `network prod (us-east-1)` or `app web: service`. */
  readonly title: string;
  /** Its settings, in the order the configuration documents them. */
  readonly settings: readonly ExplainedSetting[];
}

/** An environment's resolved settings, each with its source. */
export interface Explanation {
  /** The environment. */
  readonly environment: string;
  /** Its tier. */
  readonly tier: Tier;
  /** Its networks, itself and its apps, one section each. */
  readonly sections: readonly ExplainedSection[];
}

/** A setting of an app block: its key, the config keys that set it (the key itself when left out), and its resolved value. */
interface AppSetting {
  readonly key: string;
  readonly configKeys?: readonly string[];
  readonly engine?: DatabaseEngine;
  readonly value: (deployment: ResolvedDeployment) => unknown;
}

const DATABASE_SETTINGS: readonly AppSetting[] = [
  { key: "engine", value: (d) => d.database.engine },
  { key: "engineVersion", value: (d) => d.database.engineVersion },
  { key: "instanceClass", engine: "rds-postgresql", value: (d) => d.database.instanceClass },
  { key: "allocatedStorageGb", engine: "rds-postgresql", value: (d) => d.database.allocatedStorageGb },
  { key: "maxAllocatedStorageGb", engine: "rds-postgresql", value: (d) => d.database.maxAllocatedStorageGb },
  { key: "minCapacity", engine: "aurora-postgresql-serverless", value: (d) => d.database.minCapacity },
  { key: "maxCapacity", engine: "aurora-postgresql-serverless", value: (d) => d.database.maxCapacity },
  { key: "backupRetentionDays", value: (d) => d.database.backupRetentionDays },
  { key: "finalSnapshot", value: (d) => d.database.finalSnapshot },
  { key: "readReplica", value: (d) => d.database.readReplica },
  { key: "enhancedMonitoringIntervalSeconds", value: (d) => d.database.enhancedMonitoringIntervalSeconds },
  { key: "autoMinorVersionUpgrade", value: (d) => d.database.autoMinorVersionUpgrade },
  { key: "databaseName", value: (d) => d.database.databaseName },
  { key: "migratorRole", value: (d) => d.database.migratorRole },
  { key: "appRole", value: (d) => d.database.appRole },
  { key: "schema", value: (d) => d.database.schema },
  { key: "extensions", value: (d) => d.database.extensions },
  { key: "masterPasswordVersion", value: (d) => d.database.masterPasswordVersion },
];

/** An existing database's settings (`database.existing`), in place of those of a database the platform creates. */
const EXISTING_DATABASE_SETTINGS: readonly AppSetting[] = [
  { key: "existing.host", configKeys: ["existing"], value: (d) => d.database.existing?.host },
  { key: "existing.port", configKeys: ["existing"], value: (d) => d.database.existing?.port },
  { key: "existing.databaseName", configKeys: ["existing"], value: (d) => d.database.existing?.databaseName },
  { key: "existing.secretArn", configKeys: ["existing"], value: (d) => d.database.existing?.secretArn },
  { key: "existing.kmsKeyArn", configKeys: ["existing"], value: (d) => d.database.existing?.kmsKeyArn ?? "aws/secretsmanager (AWS managed)" },
  { key: "existing.securityGroupId", configKeys: ["existing"], value: (d) => d.database.existing?.securityGroupId },
];

const SERVICE_SETTINGS: readonly AppSetting[] = [
  { key: "image", configKeys: ["imageDigest", "imageTag", "imageRepository"], value: (d) => d.service.image },
  { key: "registryCredentials", value: (d) => d.service.registryCredentials },
  { key: "cpu", value: (d) => d.service.cpu },
  { key: "memory", value: (d) => d.service.memory },
  { key: "minTasks", value: (d) => d.service.minTasks },
  { key: "maxTasks", value: (d) => d.service.maxTasks },
  { key: "fargateSpot", value: (d) => d.service.fargateSpot },
  { key: "onDemandBaseTasks", value: (d) => d.service.onDemandBaseTasks },
  { key: "cpuTargetPercent", value: (d) => d.service.autoscaling.cpuTargetPercent },
  { key: "memoryTargetPercent", value: (d) => d.service.autoscaling.memoryTargetPercent },
  { key: "requestsPerTarget", value: (d) => d.service.autoscaling.requestsPerTarget },
  { key: "minimumHealthyPercent", value: (d) => d.service.deployment.minimumHealthyPercent },
  { key: "maximumPercent", value: (d) => d.service.deployment.maximumPercent },
  { key: "containerPort", value: (d) => d.service.containerPort },
  { key: "healthCheckPath", value: (d) => d.service.healthCheckPath },
  { key: "user", value: (d) => d.service.user },
  { key: "containerInsights", value: (d) => d.service.containerInsights },
  { key: "execCommand", value: (d) => d.service.execCommand },
  { key: "httpsRequired", value: (d) => d.service.httpsRequired },
  { key: "domainName", value: (d) => d.service.domain?.name },
  { key: "waf", value: (d) => d.service.waf !== undefined },
  { key: "wafRateLimit", value: (d) => d.service.waf?.rateLimit },
  { key: "appConfigAgent", value: (d) => d.service.appConfigAgent },
  { key: "databaseCredentials", value: (d) => databaseLogin(d.database, d.service.databaseCredentials) },
];

/** An environment name that the configuration does not have. */
export class UnknownEnvironmentError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`environment ${JSON.stringify(name)} is not in this configuration; ${didYouMean(name, known)}its environments are ${known.join(", ")}`);
  }
}

/** Explains one environment of a configuration that passed validation, from the platform resolved from it. */
export function explainEnvironment(config: PlatformConfig, platform: ResolvedPlatform, envName: string): Explanation {
  const environment = platform.environments.find((candidate) => candidate.name === envName);
  if (!environment) throw new UnknownEnvironmentError(envName, platform.environments.map((env) => env.name));
  const deployments = platform.apps.flatMap((app) => app.deployments.filter((deployment) => deployment.environment.name === envName).map((deployment) => ({ app, deployment })));
  return {
    environment: envName,
    tier: environment.tier,
    sections: [
      networkSection(config, environment.network, "network"),
      ...(environment.drNetwork ? [networkSection(config, environment.drNetwork, "DR network")] : []),
      environmentSection(config, environment),
      ...waiverSections(config, envName, environment),
      ...deployments.flatMap(({ app, deployment }) => [
        ...appSections(config, { name: app.name, config: config.apps[app.name] }, deployment),
        ...pipelineSections({ name: app.name, config: config.apps[app.name] }, app.pipeline, envName),
      ]),
    ],
  };
}

function networkSection(config: PlatformConfig, network: ResolvedNetwork, role: string): ExplainedSection {
  const source = (path: string[], otherwise: string) => networkSettingSource(config, network.name, network.tier, path, otherwise);
  const standby = (what: string) => (isStandbyDrNetwork(config, network.name) ? `; ${what} while it is a standby DR network` : "");
  const own = config.networks[network.name];
  const egress = network.existing ? network.existing.privateEgress : network.natMode !== "none";
  const endpointDefault = egress ? "the database subnets' Secrets Manager endpoint" : "what private workloads need without NAT, decision 0001";
  const existing = network.existing;
  return {
    title: `${role} ${network.name} (${network.region}, account ${network.account.name})`,
    settings: [
      ...(existing ? [{ key: "existing.vpcId", value: existing.vpcId, source: `networks.${network.name}.existing.vpcId (adopted: the platform creates no VPC, subnets, routes or NAT)` }] : []),
      { key: "cidr", value: network.cidr, source: `networks.${network.name}.${existing ? "existing.cidr" : "cidr"}` },
      { key: "tier", value: network.tier, source: own.tier ? `networks.${network.name}.tier` : "the strictest tier of its environments" },
      existing
        ? { key: "zones", value: network.zones, source: `networks.${network.name}.existing.subnets.private` }
        : { key: "zones", value: network.zones, source: source([own.availabilityZones ? "availabilityZones" : "azCount"], `the region's first ${network.zones.length} zones`) },
      existing
        ? { key: "existing.privateEgress", value: existing.privateEgress ? "nat" : "none", source: `networks.${network.name}.existing.privateEgress` }
        : { key: "natMode", value: network.natMode, source: source(["natMode"], "tier") + (own.natMode ? "" : standby("one NAT gateway")) },
      ...(network.natInstance ? [{ key: "natInstanceType", value: network.natInstance.instanceType, source: source(["natInstanceType"], "src/config/shared/tiers.ts") }] : []),
      { key: "flowLogs.enabled", value: network.flowLogs.enabled, source: source(["flowLogs", "enabled"], "tier") },
      { key: "flowLogs.retentionDays", value: network.flowLogs.retentionDays, source: source(["flowLogs", "retentionDays"], "tier") },
      { key: "interfaceEndpoints.services", value: network.interfaceEndpoints.services, source: source(["interfaceEndpoints", "services"], endpointDefault) },
      {
        key: "interfaceEndpoints.azCount",
        value: network.interfaceEndpoints.azCount,
        source: source(["interfaceEndpoints", "azCount"], "tier") + (own.interfaceEndpoints?.azCount === undefined ? standby("one endpoint zone") : ""),
      },
    ],
  };
}

function environmentSection(config: PlatformConfig, resolved: ResolvedEnvironment): ExplainedSection {
  const envName = resolved.name;
  const settings = resolved.settings;
  const environment = config.environments[envName];
  return {
    title: `environment ${envName}`,
    settings: [
      { key: "tier", value: environment.tier, source: `environments.${envName}.tier` },
      { key: "deletionProtection", value: settings.deletionProtection, source: environmentSettingSource(config, envName, "deletionProtection", "deletionProtection") },
      { key: "multiAz", value: settings.multiAz, source: environmentSettingSource(config, envName, "multiAz", "multiAz") },
      { key: "encryption", value: settings.encryption, source: environmentSettingSource(config, envName, "encryption", "encryption") },
      { key: "logRetentionDays", value: settings.logRetentionDays, source: environmentSettingSource(config, envName, "logRetentionDays", "logRetention") },
      { key: "monthlyBudgetUsd", value: resolved.monthlyBudgetUsd, source: budgetSource(environment, envName, resolved.tier) },
      { key: "drNetwork", value: resolved.drNetwork?.name, source: resolved.drNetwork ? `environments.${envName}.drNetwork` : "none configured" },
      ...(resolved.drNetwork
        ? [
            { key: "activeRegion", value: resolved.activeRegion, source: environmentFieldSource(config, envName, "activeRegion") },
            { key: "drStandbyTasks", value: resolved.drStandbyTasks, source: environmentFieldSource(config, envName, "drStandbyTasks") },
          ]
        : []),
    ],
  };
}

/** Where an environment's budget comes from: its own, else its tier's preset, with the tier's DR allowance when it has a DR network. */
function budgetSource(environment: EnvironmentConfig, envName: string, tier: Tier): string {
  if (environment.monthlyBudgetUsd !== undefined) return `environments.${envName}.monthlyBudgetUsd`;
  return environment.drNetwork === undefined ? `tier preset ${tier}` : `tier preset ${tier}, with its DR allowance (environments.${envName}.drNetwork)`;
}

/** The environment's waivers and its networks', each with its reason: the protections turned off on purpose. */
function waiverSections(config: PlatformConfig, envName: string, resolved: ResolvedEnvironment): ExplainedSection[] {
  const networks = [resolved.network, ...(resolved.drNetwork ? [resolved.drNetwork] : [])];
  const settings = [
    ...Object.entries(config.environments[envName].waivers).map(([key, reason]) => ({ key, value: reason, source: `environments.${envName}.waivers.${key}` })),
    ...networks.flatMap((network) =>
      Object.entries(config.networks[network.name].waivers ?? {}).map(([key, reason]) => ({ key: `${network.name}.${key}`, value: reason, source: `networks.${network.name}.waivers.${key}` })),
    ),
  ].filter((setting) => setting.value !== undefined);
  return settings.length > 0 ? [{ title: "waivers (protections turned off, with their reasons)", settings }] : [];
}

/** The environment's dashboards (its region's, and its DR region's) and what they cost, or that they are off. */
function dashboardSettings(deployment: ResolvedDeployment, block: (name: AppBlockName, settings: readonly AppSetting[]) => ExplainedSetting[]): ExplainedSetting[] {
  const settings = block("dashboard", [
    { key: "enabled", value: (d) => d.dashboard.enabled },
    { key: "periodSeconds", value: (d) => d.dashboard.periodSeconds },
  ]);
  if (!deployment.dashboard.enabled) return settings;
  const { service, environment, dr } = deployment;
  const dashboards = [`${service.name} (${environment.network.region})`, ...(dr ? [`${dr.service.name} (${dr.network.region})`] : [])];
  const { dashboardMonth, freeDashboardsPerAccount } = PRICE_TABLE.global.cloudwatch;
  return [
    ...settings,
    { key: "dashboards", value: dashboards, source: "the service stacks (src/constructs/monitoring/dashboard.ts)" },
    {
      key: "monthlyUsd",
      value: dashboards.length * dashboardMonth,
      source: `src/cost/price-table.ts: $${dashboardMonth} per dashboard a month; an account's first ${freeDashboardsPerAccount} are free (not deducted)`,
    },
  ];
}

function appSections(config: PlatformConfig, app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const tier = deployment.environment.tier;
  const block = (name: AppBlockName, settings: readonly AppSetting[]): ExplainedSetting[] =>
    settings
      .filter((setting) => setting.engine === undefined || setting.engine === deployment.database.engine)
      .map((setting) => ({ key: setting.key, value: setting.value(deployment), source: appSettingSource(app, envName, tier, name, setting.configKeys ?? [setting.key]) }));
  const thresholds = (name: "databaseAlarms" | "serviceAlarms", values: object) => block(name, Object.keys(values).map((key) => ({ key, value: () => (values as Record<string, unknown>)[key] })));
  const flags = app.config.environments?.[envName]?.featureFlags ?? {};
  const sections: ExplainedSection[] = [
    ...(deployment.database.existing
      ? [{ title: `app ${app.name}: database (existing: the platform creates no database, secret, alarms or backups, and adds one ingress rule to its group)`, settings: block("database", EXISTING_DATABASE_SETTINGS) }]
      : [
          { title: `app ${app.name}: database`, settings: block("database", DATABASE_SETTINGS) },
          { title: `app ${app.name}: database alarms`, settings: thresholds("databaseAlarms", deployment.databaseAlarms) },
        ]),
    { title: `app ${app.name}: service`, settings: block("service", SERVICE_SETTINGS) },
    { title: `app ${app.name}: service alarms`, settings: thresholds("serviceAlarms", deployment.serviceAlarms) },
    { title: `app ${app.name}: dashboard`, settings: dashboardSettings(deployment, block) },
    {
      title: `app ${app.name}: alerts`,
      settings: block("alerts", [
        { key: "emails", value: (d) => d.alerts.emails },
        { key: "incidentManagement", value: (d) => d.alerts.incidentManagement?.provider },
      ]),
    },
    {
      title: `app ${app.name}: feature flags`,
      settings: deployment.featureFlags.map((flag) => ({
        key: flag.name,
        value: flag.enabled,
        source: flags[flag.name] !== undefined ? `apps.${app.name}.environments.${envName}.featureFlags.${flag.name}` : `apps.${app.name}.featureFlags.${flag.name}.enabled`,
      })),
    },
    {
      title: `app ${app.name}: backup`,
      settings: [
        { key: "schedule", value: deployment.backup.schedule.frequency, source: `tier preset ${tier}` },
        { key: "retentionDays", value: deployment.backup.retentionDays, source: `database.backupRetentionDays (${appSettingSource(app, envName, tier, "database", ["backupRetentionDays"])})` },
        { key: "copiedToDrRegion", value: deployment.backup.drVaultArn !== undefined, source: deployment.dr ? `environments.${envName}.drNetwork` : "no drNetwork" },
        { key: "drRegionPlan", value: deployment.backup.drPlanName, source: deployment.dr ? `environments.${envName}.drNetwork: the DR files bucket, and the DR database once failover tags it` : "no drNetwork" },
      ],
    },
  ];
  if (deployment.bastion) {
    sections.push({
      title: `app ${app.name}: bastion`,
      settings: block("bastion", [
        { key: "instanceType", value: (d) => d.bastion?.instanceType },
        { key: "sshCidr", value: (d) => d.bastion?.sshCidr },
      ]),
    });
  }
  sections.push(...capacitySections(app, deployment));
  sections.push(...cacheSections(app, deployment));
  sections.push(...cdnSections(app, deployment));
  sections.push(...releaseSections(app, deployment));
  sections.push(...observabilitySections(app, deployment));
  sections.push(...scheduledJobsSections(app, deployment));
  if (deployment.dr) {
    const dr = deployment.dr;
    const standbySource = `drStandbyTasks (${environmentFieldSource(config, envName, "drStandbyTasks")}), while standing by`;
    sections.push({
      title: `app ${app.name}: disaster recovery (${dr.network.region})`,
      settings: [
        { key: "databaseCopy", value: dr.copy, source: `database.engine (${appSettingSource(app, envName, tier, "database", ["engine"])})` },
        { key: "databaseRpoMinutes", value: dr.rpoSeconds / 60, source: "default (src/config/dr/defaults.ts): the replica lag alarm fires above it" },
        { key: "appFilesRpoMinutes", value: dr.appFiles.replicationMinutes, source: "default (src/config/dr/defaults.ts): S3 Replication Time Control's 99.99% within 15 minutes; alarmed above it" },
        { key: "service.minTasks", value: dr.service.minTasks, source: dr.active ? `service.minTasks (${appSettingSource(app, envName, tier, "service", ["minTasks"])}), failover declared` : standbySource },
        { key: "service.maxTasks", value: dr.service.maxTasks, source: dr.active ? `service.maxTasks (${appSettingSource(app, envName, tier, "service", ["maxTasks"])}), failover declared` : standbySource },
        { key: "active", value: dr.active, source: environmentFieldSource(config, envName, "activeRegion") },
      ],
    });
  }
  return sections;
}
