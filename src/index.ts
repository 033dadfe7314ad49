/**
 * The platform's public entry point, for a project that builds on it: the
 * configuration (load, validate, resolve), `Platform` (which stacks exist and
 * how they depend on each other), every stack class, every construct, the
 * guardrail waiver, and what `npm run explain` and `npm run cost` compute. Import from here rather than from a file of ours, so a
 * reorganisation inside does not break you. See "Extending" in the README.
 */
export { DEFAULT_CONFIG } from "./config/platform/default-config";
export { ConfigError } from "./config/shared/errors";
export { configurationSummary, loadPlatformConfig, loadPlatformRun, parseConfig } from "./config/platform/load";
export type { LoadedConfig, PlatformRun } from "./config/platform/load";
export { TIER_PRESETS } from "./config/shared/tiers";
export type { Tier, TierPreset } from "./config/shared/tiers";
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

export { explainEnvironment } from "./explain/explanation";
export type { ExplainedSection, ExplainedSetting, Explanation } from "./explain/explanation";
export { formatExplanation } from "./explain/format";
export { budgetChecks, budgetWarnings, estimateSynthesis } from "./cost/budgets";
export type { BudgetCheck } from "./cost/budgets";
export { estimateEnvironments, estimateStack } from "./cost/estimate";
export type { GroupEstimate, PlatformEstimate, StackInput } from "./cost/estimate";
export { PRICE_TABLE } from "./cost/price-table";
export type { PriceTable } from "./cost/price-table";
export { renderMarkdown } from "./cost/render";
export { platformStackGroups } from "./cost/stack-groups";
export { stackJsonFromOutdir } from "./cost/synthesized-stacks";

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
export { FilesStack } from "../stacks/files-stack";
export { GithubStack } from "../stacks/github-stack";
export { MonitoringStack } from "../stacks/monitoring-stack";
export { NetworkStack } from "../stacks/network-stack";
export { OrganizationStack } from "../stacks/organization-stack";
export { PeeringStack } from "../stacks/peering-stack";
export { PlatformStack } from "../stacks/platform-stack";
export { RegistryStack } from "../stacks/registry-stack";
export { SecretsStack } from "../stacks/secrets-stack";
export { ServiceStack } from "../stacks/service-stack";

export { CiRoles } from "./constructs/access/ci-roles";
export { GithubOidcProvider } from "./constructs/access/github-oidc";
export { HumanRoles } from "./constructs/access/human-roles";
export { OrganizationPolicies } from "./constructs/access/organization-policies";
export { WorkloadBoundaries } from "./constructs/access/workload-boundaries";
export { AuditTrail } from "./constructs/audit/audit-trail";
export { AuroraPostgres } from "./constructs/database/aurora-postgres";
export { AuroraSecondary } from "./constructs/database/aurora-secondary";
export { CrossRegionReplica } from "./constructs/database/cross-region-replica";
export { DatabaseAlarms } from "./constructs/database/database-alarms";
export { DatabaseSecurityGroups } from "./constructs/database/database-security-groups";
export { EnhancedMonitoringRole } from "./constructs/database/enhanced-monitoring-role";
export { FailoverGates } from "./constructs/database/failover-gates";
export { MasterSecret } from "./constructs/database/master-secret";
export { RdsPostgres } from "./constructs/database/rds-postgres";
export { RoleManager } from "./constructs/database/role-manager";
export { AlarmTopic } from "./constructs/monitoring/alarm-topic";
export { FlowLogs } from "./constructs/network/flow-logs";
export { NatInstance } from "./constructs/network/nat-instance";
export { Network } from "./constructs/network/network";
export { NetworkAcls } from "./constructs/network/network-acls";
export { VpcEndpoints } from "./constructs/network/vpc-endpoints";
export { VpcPeering } from "./constructs/network/vpc-peering";
export { BuildRepository } from "./constructs/registry/build-repository";
export { RegistryReplication } from "./constructs/registry/registry-replication";
export { EphemeralPassword } from "./constructs/security/ephemeral-password";
export { GeneratedSecret } from "./constructs/security/generated-secret";
export { EncryptionKey } from "./constructs/security/kms-key";
export { SecretReplicaKey } from "./constructs/security/secret-replica";
export { AccessLogBucket } from "./constructs/service/access-log-bucket";
export { Bastion } from "./constructs/service/bastion";
export { DrTaskRoles } from "./constructs/service/dr-task-roles";
export { PrimaryHealthCheck, SecondaryHealthCheck } from "./constructs/service/failover-health-checks";
export { FailoverRecords } from "./constructs/service/failover-records";
export { FargateService } from "./constructs/service/fargate-service";
export { FeatureFlags } from "./constructs/service/feature-flags";
export { LoadBalancer } from "./constructs/service/load-balancer";
export { ServiceAlarms } from "./constructs/service/service-alarms";
export { ServiceAutoscaling } from "./constructs/service/service-autoscaling";
export { AppTaskDefinition } from "./constructs/service/task-definition";
export { TaskRoles } from "./constructs/service/task-roles";
export { WebAcl } from "./constructs/service/web-acl";
export { DataBackup } from "./constructs/storage/backup-plan";
export { BucketReplication } from "./constructs/storage/bucket-replication";
export { ReplicationAlarms } from "./constructs/storage/replication-alarms";
export { SecureBucket } from "./constructs/storage/secure-bucket";
export { StateLockTable } from "./constructs/storage/state-lock-table";
export { EphemeralResource } from "./constructs/terraform/ephemeral-resource";
