/**
 * The platform's public entry point, for a project that builds on it: the
 * configuration (load, validate, resolve), `Platform` (which stacks exist and
 * how they depend on each other), every stack class, the constructs, and the
 * guardrail waiver. Import from here rather than from a file of ours, so a
 * reorganisation inside does not break you. See "Extending" in the README.
 */
export { DEFAULT_CONFIG } from "./config/platform/default-config";
export { ConfigError } from "./config/shared/errors";
export { loadPlatformRun, parseConfig } from "./config/platform/load";
export type { PlatformRun } from "./config/platform/load";
export { resolvePlatform } from "./config/platform/resolve";
export type { ResolvedAccount } from "./config/account/resolve";
export type { ResolvedEnvironment } from "./config/environment/resolve";
export type { ResolvedNetwork } from "./config/network/resolve";
export type { ResolvedPlatform } from "./config/platform/resolve";
export type { ResolvedProject } from "./config/project/resolve";
export type { ResolvedDeployment } from "./config/app/resolve";
export type { PlatformConfig, PlatformConfigInput } from "./config/platform/schema";
export { Platform } from "./platform";
export type { DeploymentStacks } from "./platform";
export { waiveGuardrail } from "./aspects/waivers";

export { AccessStack } from "../stacks/access-stack";
export { AuditStack } from "../stacks/audit-stack";
export { BackendStack } from "../stacks/backend-stack";
export { BackupStack } from "../stacks/backup-stack";
export { BuildRepositoryStack } from "../stacks/build-repository-stack";
export { DatabaseStack } from "../stacks/database-stack";
export { DnsStack } from "../stacks/dns-stack";
export { DrDatabaseStack } from "../stacks/dr-database-stack";
export { DrServiceStack } from "../stacks/dr-service-stack";
export { DrStorageStack } from "../stacks/dr-storage-stack";
export { GithubStack } from "../stacks/github-stack";
export { MonitoringStack } from "../stacks/monitoring-stack";
export { NetworkStack } from "../stacks/network-stack";
export { PeeringStack } from "../stacks/peering-stack";
export { PlatformStack } from "../stacks/platform-stack";
export { RegistryStack } from "../stacks/registry-stack";
export { SecretsStack } from "../stacks/secrets-stack";
export { ServiceStack } from "../stacks/service-stack";

export { AlarmTopic } from "./constructs/monitoring/alarm-topic";
export { AuditTrail } from "./constructs/audit/audit-trail";
export { EncryptionKey } from "./constructs/security/kms-key";
export { GeneratedSecret } from "./constructs/security/generated-secret";
export { SecureBucket } from "./constructs/storage/secure-bucket";
export { BucketReplication } from "./constructs/storage/bucket-replication";
export { LoadBalancer } from "./constructs/service/load-balancer";
export { FargateService } from "./constructs/service/fargate-service";
export { TaskRoles } from "./constructs/service/task-roles";
export { WebAcl } from "./constructs/service/web-acl";
export { FeatureFlags } from "./constructs/service/feature-flags";
