import { DEFAULT_SECRET_LENGTH } from "../app/resolve";
import { CACHE_ALARM_DEFAULTS, CACHE_TIER_DEFAULTS, DEFAULT_CACHE_ENGINE, DEFAULT_CACHE_VERSION } from "../cache/defaults";
import { CAPACITY_TIER_DEFAULTS, DEFAULT_FARGATE_ARCHITECTURE } from "../capacity/defaults";
import { CDN_TIER_DEFAULTS, DEFAULT_FORWARDED, DEFAULT_FORWARDED_HEADERS, DEFAULT_STATIC_PATHS, DEFAULT_STATIC_TTL_SECONDS } from "../cdn/defaults";
import {
  DATABASE_PORT,
  DEFAULT_APP_ROLE,
  DEFAULT_APP_SCHEMA,
  DEFAULT_AUTO_MINOR_VERSION_UPGRADE,
  DEFAULT_DATABASE_ENGINE,
  DEFAULT_DATABASE_NAME,
  DEFAULT_MIGRATOR_ROLE,
  DEFAULT_POSTGRES_VERSION,
  INITIAL_SECRET_VERSION,
} from "../database/defaults";
import { DEFAULT_AUDIT_OBJECT_LOCK_DAYS } from "../delivery/audit";
import { DEFAULT_ADMIN_MFA_MAX_AGE_SECONDS, DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_REQUIRED_APPROVALS, DEFAULT_SUBJECT_FORM } from "../delivery/resolve";
import { DEFAULT_ACTIVE_REGION, DR_STANDBY_TASKS } from "../dr/defaults";
import { DASHBOARD_DEFAULTS } from "../observability/defaults";
import { DATABASE_SUBNET_SERVICES, DEFAULT_INTERFACE_ENDPOINT_AZ_COUNT, PRIVATE_ACCESS_SERVICES } from "../network/resolve";
import {
  DEFAULT_APP_USER,
  DEFAULT_AUTOSCALING,
  DEFAULT_BASTION_INSTANCE_TYPE,
  DEFAULT_BUILD_REPOSITORY_LIFECYCLE,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_DATABASE_CREDENTIALS,
  DEFAULT_DEPLOYMENT,
  DEFAULT_HEALTH_CHECK_GRACE_PERIOD_SECONDS,
  DEFAULT_HEALTH_CHECK_PATH,
  DEFAULT_PROXY_PORT,
  DEFAULT_PROXY_USER,
  DEFAULT_WAF_RATE_LIMIT,
} from "../service/defaults";
import { DEFAULT_AZ_COUNT } from "../shared/regions";
import { COLLECTOR_IMAGE, TELEMETRY_TIER_DEFAULTS } from "../telemetry/defaults";
import { DEFAULT_HEC_ENDPOINT_TYPE, LOG_FORWARDING_TIER_DEFAULTS } from "../log-forwarding/defaults";
import { BLUE_GREEN_TIER_DEFAULTS, DEFAULT_MIGRATION_TIMEOUT_MINUTES, DEFAULT_TEST_LISTENER_PORT } from "../release/defaults";
import { DEFAULT_JOB_TIMEZONE } from "../scheduled-jobs/defaults";
import {
  DEFAULT_APPROVAL_TIMEOUT_MINUTES,
  DEFAULT_ARTIFACT_EXPIRY_DAYS,
  DEFAULT_BUILD_COMPUTE_TYPE,
  DEFAULT_BUILD_TIMEOUT_MINUTES,
  DEFAULT_FAIL_ON_SEVERITY,
  DEFAULT_PIPELINE_BRANCH,
} from "../pipeline/defaults";
import { DEFAULT_NAT_INSTANCE_TYPE, Tier, TIER_PRESETS, TierPreset, TIERS } from "../shared/tiers";

/**
 * What each field of the configuration is when left out, for the field reference
 * (docs/configuration.md) and the JSON Schema's descriptions. The values are the
 * constants and tier presets that resolution uses: this file says which one a field
 * takes and holds none of its own. Keys are the reference's paths, such as
 * `apps.<app>.service.containerPort`; an environment's blocks (`apps.<app>.environments.<env>.service`)
 * take the app's.
 */

/** A field's value when left out: one per tier (from its preset, or a domain's own per-tier defaults by the tier's name), one for all, or a rule in words. */
export type FieldDefault = { readonly tier: (preset: TierPreset, tier: Tier) => unknown } | { readonly value: unknown } | { readonly text: string };

/** App and environment blocks whose fields fall back on the tier preset's block of the same name, key for key. */
export const TIER_PRESET_BLOCKS: Readonly<Record<string, keyof TierPreset>> = {
  "apps.<app>.service": "service",
  "apps.<app>.serviceAlarms": "serviceAlarms",
  "apps.<app>.database": "database",
  "apps.<app>.databaseAlarms": "databaseAlarms",
  "environments.<env>.overrides": "environment",
};

/** Fields whose default is not their preset block's key of the same name. */
export const FIELD_DEFAULTS: Readonly<Record<string, FieldDefault>> = {
  "networks.<network>.azCount": { value: DEFAULT_AZ_COUNT },
  "networks.<network>.availabilityZones": { text: "the region's first `azCount` zones" },
  "networks.<network>.tier": { text: "the strictest tier of the environments on it" },
  "networks.<network>.natMode": { tier: (preset) => preset.network.natMode },
  "networks.<network>.natInstanceType": { value: DEFAULT_NAT_INSTANCE_TYPE },
  "networks.<network>.flowLogs.enabled": { tier: (preset) => preset.network.flowLogs },
  "networks.<network>.flowLogs.retentionDays": { tier: (preset) => preset.network.flowLogRetentionDays },
  "networks.<network>.interfaceEndpoints.services": {
    text: `with natMode "none" ${PRIVATE_ACCESS_SERVICES.join(", ")} (decision 0001); otherwise ${DATABASE_SUBNET_SERVICES.join(", ")}`,
  },
  "networks.<network>.existing.privateRouteTableIds": { text: "none: no gateway endpoints" },
  "networks.<network>.interfaceEndpoints.azCount": { tier: (preset) => (preset.network.interfaceEndpointsInEveryZone ? "every zone" : DEFAULT_INTERFACE_ENDPOINT_AZ_COUNT) },
  "environments.<env>.activeRegion": { value: DEFAULT_ACTIVE_REGION },
  "environments.<env>.monthlyBudgetUsd": {
    text: `${tierText((tier) => `\`${TIER_PRESETS[tier].monthlyBudgetUsd}\``)}; with a \`drNetwork\`, the tier's DR allowance on top (${tierText((tier) => `\`${TIER_PRESETS[tier].drMonthlyAllowanceUsd}\``)}; decision 0007)`,
  },
  "environments.<env>.drStandbyTasks": { value: DR_STANDBY_TASKS },
  "apps.<app>.environments": { text: "every environment" },
  "apps.<app>.repository": { text: "the project's repository" },
  "apps.<app>.secrets.<secret>.length": { value: DEFAULT_SECRET_LENGTH },
  "apps.<app>.secrets.<secret>.special": { value: false },
  "apps.<app>.secrets.<secret>.version": { value: INITIAL_SECRET_VERSION },
  "apps.<app>.database.engine": { value: DEFAULT_DATABASE_ENGINE },
  "apps.<app>.database.engineVersion": {
    text: Object.entries(DEFAULT_POSTGRES_VERSION)
      .map(([engine, version]) => `${version} (${engine})`)
      .join(", "),
  },
  "apps.<app>.database.autoMinorVersionUpgrade": { value: DEFAULT_AUTO_MINOR_VERSION_UPGRADE },
  "apps.<app>.database.databaseName": { value: DEFAULT_DATABASE_NAME },
  "apps.<app>.database.migratorRole": { value: DEFAULT_MIGRATOR_ROLE },
  "apps.<app>.database.appRole": { value: DEFAULT_APP_ROLE },
  "apps.<app>.database.schema": { value: DEFAULT_APP_SCHEMA },
  "apps.<app>.database.masterPasswordVersion": { value: INITIAL_SECRET_VERSION },
  "apps.<app>.database.existing.port": { value: DATABASE_PORT },
  "apps.<app>.service.registryCredentials": { value: false },
  "apps.<app>.service.containerPort": { value: DEFAULT_CONTAINER_PORT },
  "apps.<app>.service.healthCheckPath": { value: DEFAULT_HEALTH_CHECK_PATH },
  "apps.<app>.service.healthCheckGracePeriodSeconds": { value: DEFAULT_HEALTH_CHECK_GRACE_PERIOD_SECONDS },
  "apps.<app>.service.cpuTargetPercent": { value: DEFAULT_AUTOSCALING.cpuTargetPercent },
  "apps.<app>.service.memoryTargetPercent": { value: DEFAULT_AUTOSCALING.memoryTargetPercent },
  "apps.<app>.service.scaleOutCooldownSeconds": { value: DEFAULT_AUTOSCALING.scaleOutCooldownSeconds },
  "apps.<app>.service.scaleInCooldownSeconds": { value: DEFAULT_AUTOSCALING.scaleInCooldownSeconds },
  "apps.<app>.service.minimumHealthyPercent": { value: DEFAULT_DEPLOYMENT.minimumHealthyPercent },
  "apps.<app>.service.maximumPercent": { value: DEFAULT_DEPLOYMENT.maximumPercent },
  "apps.<app>.service.wafRateLimit": { value: DEFAULT_WAF_RATE_LIMIT },
  "apps.<app>.service.proxy.port": { value: DEFAULT_PROXY_PORT },
  "apps.<app>.service.proxy.user": { value: DEFAULT_PROXY_USER },
  "apps.<app>.service.appConfigAgent": { value: false },
  "apps.<app>.service.user": { value: DEFAULT_APP_USER },
  "apps.<app>.service.databaseCredentials": { value: DEFAULT_DATABASE_CREDENTIALS },
  // The cache's per-tier defaults (src/config/cache/defaults.ts), key for key.
  ...perTier("apps.<app>.cache", CACHE_TIER_DEFAULTS),
  "apps.<app>.cache.engine": { value: DEFAULT_CACHE_ENGINE },
  "apps.<app>.cache.engineVersion": { text: Object.entries(DEFAULT_CACHE_VERSION).map(([engine, version]) => `${engine} ${version}`).join(", ") },
  ...perTier("apps.<app>.cacheAlarms", CACHE_ALARM_DEFAULTS),
  // Where tasks run (src/config/capacity/defaults.ts, decision 0012), key for key.
  ...perTier("apps.<app>.capacity", CAPACITY_TIER_DEFAULTS),
  "apps.<app>.capacity.architecture": { text: `the instance type's with ec2; ${DEFAULT_FARGATE_ARCHITECTURE} on Fargate` },
  "apps.<app>.capacity.spotInstanceTypes": { text: "none: instanceType only" },
  "apps.<app>.bastion.enabled": { value: false },
  "apps.<app>.bastion.instanceType": { value: DEFAULT_BASTION_INSTANCE_TYPE },
  "apps.<app>.buildRepository.account": { text: "the account of the app's first environment" },
  "apps.<app>.buildRepository.keepCiImages": { value: DEFAULT_BUILD_REPOSITORY_LIFECYCLE.keepCiImages },
  "apps.<app>.buildRepository.ciTagPrefix": { value: DEFAULT_BUILD_REPOSITORY_LIFECYCLE.ciTagPrefix },
  "apps.<app>.buildRepository.untaggedExpiryDays": { value: DEFAULT_BUILD_REPOSITORY_LIFECYCLE.untaggedExpiryDays },
  "apps.<app>.buildRepository.replicaRegions": { text: "the app's disaster-recovery regions" },
  "apps.<app>.cdn.enabled": { text: tierText((tier) => (CDN_TIER_DEFAULTS[tier].enabled ? "on" : "off")) },
  "apps.<app>.cdn.priceClass": { text: tierText((tier) => CDN_TIER_DEFAULTS[tier].priceClass) },
  "apps.<app>.cdn.certificateArn": { text: "a certificate in us-east-1 DNS-validated in the service's hostedZoneId" },
  "apps.<app>.cdn.staticPaths": { value: DEFAULT_STATIC_PATHS },
  "apps.<app>.cdn.staticTtlSeconds": { value: DEFAULT_STATIC_TTL_SECONDS },
  "apps.<app>.cdn.forwardedHeaders": { value: DEFAULT_FORWARDED_HEADERS },
  "apps.<app>.cdn.forwardedCookies": { value: DEFAULT_FORWARDED },
  "apps.<app>.cdn.forwardedQueryStrings": { value: DEFAULT_FORWARDED },
  "apps.<app>.cdn.originSecretVersion": { value: INITIAL_SECRET_VERSION },
  // Releases (src/config/release/defaults.ts, decision 0013).
  ...perTier("apps.<app>.blueGreen", BLUE_GREEN_TIER_DEFAULTS),
  "apps.<app>.blueGreen.testListenerPort": { text: `${DEFAULT_TEST_LISTENER_PORT.https} (HTTPS) where the service has a domain, ${DEFAULT_TEST_LISTENER_PORT.http} (HTTP) where it has none` },
  "apps.<app>.blueGreen.testListenerCidrs": { text: "none: nobody reaches the test listener" },
  "apps.<app>.migrations.enabled": { text: "on where a command is given" },
  "apps.<app>.migrations.timeoutMinutes": { value: DEFAULT_MIGRATION_TIMEOUT_MINUTES },
  // CodePipeline (src/config/pipeline/defaults.ts, decision 0015).
  "apps.<app>.pipeline.enabled": { value: false },
  "apps.<app>.pipeline.branch": { value: DEFAULT_PIPELINE_BRANCH },
  "apps.<app>.pipeline.environments": { text: "every environment of the app, in deploy order" },
  "apps.<app>.pipeline.failOnSeverity": { value: DEFAULT_FAIL_ON_SEVERITY },
  "apps.<app>.pipeline.computeType": { value: DEFAULT_BUILD_COMPUTE_TYPE },
  "apps.<app>.pipeline.buildTimeoutMinutes": { value: DEFAULT_BUILD_TIMEOUT_MINUTES },
  "apps.<app>.pipeline.buildContext": { value: "." },
  "apps.<app>.pipeline.approvalTimeoutMinutes": { value: DEFAULT_APPROVAL_TIMEOUT_MINUTES },
  "apps.<app>.pipeline.artifactExpiryDays": { value: DEFAULT_ARTIFACT_EXPIRY_DAYS },
  "apps.<app>.dashboard.enabled": { tier: (_preset, tier) => DASHBOARD_DEFAULTS[tier].enabled },
  "apps.<app>.dashboard.periodSeconds": { tier: (_preset, tier) => DASHBOARD_DEFAULTS[tier].periodSeconds },
  "apps.<app>.telemetry.enabled": { tier: (_preset, tier) => TELEMETRY_TIER_DEFAULTS[tier].enabled },
  "apps.<app>.telemetry.metrics": { tier: (_preset, tier) => TELEMETRY_TIER_DEFAULTS[tier].metrics },
  "apps.<app>.telemetry.namespace": { text: "`<project>/<app>`" },
  "apps.<app>.telemetry.image": { value: COLLECTOR_IMAGE },
  "apps.<app>.telemetry.cpu": { tier: (_preset, tier) => TELEMETRY_TIER_DEFAULTS[tier].cpu },
  "apps.<app>.telemetry.memory": { tier: (_preset, tier) => TELEMETRY_TIER_DEFAULTS[tier].memory },
  "apps.<app>.logForwarding.enabled": { tier: (_preset, tier) => LOG_FORWARDING_TIER_DEFAULTS[tier].enabled },
  "apps.<app>.logForwarding.splunk.endpointType": { value: DEFAULT_HEC_ENDPOINT_TYPE },
  "apps.<app>.logForwarding.splunk.acknowledgementTimeoutSeconds": { tier: (_preset, tier) => LOG_FORWARDING_TIER_DEFAULTS[tier].acknowledgementTimeoutSeconds },
  "apps.<app>.logForwarding.splunk.retrySeconds": { tier: (_preset, tier) => LOG_FORWARDING_TIER_DEFAULTS[tier].retrySeconds },
  "apps.<app>.logForwarding.filterPattern": { text: "every event (an empty pattern)" },
  "apps.<app>.logForwarding.failedEventsExpirationDays": { tier: (_preset, tier) => LOG_FORWARDING_TIER_DEFAULTS[tier].failedEventsExpirationDays },
  "apps.<app>.scheduledJobs.<job>.timezone": { value: DEFAULT_JOB_TIMEZONE },
  "apps.<app>.scheduledJobs.<job>.cpu": { text: "the service's cpu" },
  "apps.<app>.scheduledJobs.<job>.memory": { text: "the service's memory" },
  "apps.<app>.scheduledJobs.<job>.enabled": { value: true },
  "delivery.github.subjects": { value: DEFAULT_SUBJECT_FORM },
  "delivery.github.requiredApprovals": { value: DEFAULT_REQUIRED_APPROVALS },
  "delivery.humans.adminMfaMaxAgeSeconds": { value: DEFAULT_ADMIN_MFA_MAX_AGE_SECONDS },
  "delivery.auditRetentionDays": { value: DEFAULT_AUDIT_RETENTION_DAYS },
  "delivery.administratorRoles": { text: "`<project>-admin` where `humans` is configured, else each account's root user" },
  "delivery.audit.objectLockDays": { text: `${DEFAULT_AUDIT_OBJECT_LOCK_DAYS}, or auditRetentionDays where shorter` },
};

/** Field defaults of a block whose domain keeps its own per-tier defaults (a `Record<Tier, ...>`), one entry per key. */
function perTier<T extends object>(block: string, defaults: Readonly<Record<Tier, T>>): Record<string, FieldDefault> {
  return Object.fromEntries(Object.keys(defaults.dev).map((key) => [`${block}.${key}`, { tier: (_preset: TierPreset, tier: Tier) => defaults[tier][key as keyof T] }]));
}

/** `dev: off, staging: off, uat: off, prod: on`: a default per tier in words, such as a CDN setting's (src/config/cdn/defaults.ts). */
function tierText(value: (tier: Tier) => string): string {
  return TIERS.map((tier) => `${tier}: ${value(tier)}`).join(", ");
}

/** A field's default: its own entry, else its preset block's key of the same name; undefined when it has none (off, or none, when left out). */
export function fieldDefault(path: string, presets: Readonly<Record<string, TierPreset>>): FieldDefault | undefined {
  const own = FIELD_DEFAULTS[path];
  if (own) return own;
  const at = path.lastIndexOf(".");
  const block = TIER_PRESET_BLOCKS[path.slice(0, at)];
  const key = path.slice(at + 1);
  if (block === undefined || !Object.values(presets).every((preset) => key in (preset[block] as object))) return undefined;
  return { tier: (preset) => (preset[block] as unknown as Record<string, unknown>)[key] };
}
