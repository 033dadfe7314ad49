import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedCache } from "../src/config/cache/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { CacheAlarms } from "../src/constructs/cache/cache-alarms";
import { CacheReplicationGroup } from "../src/constructs/cache/cache-replication-group";
import { EncryptionKey } from "../src/constructs/security/kms-key";
import type { NetworkOutputs } from "./network-stack";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link CacheStack}. */
export interface CacheStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The app's cache in that environment. */
  readonly cache: ResolvedCache;
  /**
   * Where the cache lives: the environment's region, or its DR region (the cold cache of decision
   * 0009: empty, one node while standing by). @default "primary"
   */
  readonly site?: "primary" | "dr";
  /** The network of that region: the cache's subnet group is in its private subnets. */
  readonly network: NetworkOutputs;
  /** That region's alarm topic. */
  readonly alarmTopicArn: string;
}

/** What the service stack, and the dashboards, use from the cache. */
export interface CacheOutputs {
  /** The primary endpoint's host name. */
  readonly address: string;
  /** The reader endpoint's host name. */
  readonly readerAddress: string;
  /** The port. */
  readonly port: number;
  /** The group the app's tasks join to reach the cache. */
  readonly clientSecurityGroupId: string;
  /** The replication group's id (the `ReplicationGroupId` of its console and API). */
  readonly replicationGroupId: string;
  /** The member clusters, one per node (`<id>-001`, ...): the `CacheClusterId` dimension of the cache's CloudWatch metrics. */
  readonly memberClusterIds: readonly string[];
  /** The replication group's ARN. */
  readonly replicationGroupArn: string;
  /** The ElastiCache user the app connects as with IAM authentication (its id and name). */
  readonly userId: string;
}

/**
 * `<app>-<env>-cache` (and `<app>-<env>-dr-cache` in the DR region): seed 002's cache beside the
 * database, an ElastiCache replication group (Valkey or Redis OSS) with TLS required, encryption at
 * rest with its own key, IAM authentication only (no password or token exists), private subnets,
 * a security group admitting only the clients' group that the service's tasks join, the tier's
 * Multi-AZ, automatic failover and snapshots, and per-node alarms. Decision 0009. The task roles'
 * `elasticache:Connect` is the service stack's (IAM), which names the group and user by ARN from
 * config. The DR stack has no IAM, Route 53 or primary-region resource, so a failover applies it.
 */
export class CacheStack extends PlatformStack {
  /** Typed values for the service stack and dashboards. */
  readonly outputs: CacheOutputs;

  constructor(scope: Construct, id: string, props: CacheStackProps) {
    const { project, deployment, cache, network } = props;
    const { environment } = deployment;
    const dr = props.site === "dr";
    const place = dr ? environment.drNetwork : environment.network;
    const site = dr ? cache.dr : cache.primary;
    if (!place || !site) throw new Error(`${id}: environment ${environment.name} has no DR network for a DR cache`);
    super(scope, id, environmentStackProps(project, environment, place));
    const name = site.replicationGroupId;
    const where = dr ? `${environment.name}'s DR region, ${place.region}` : environment.name;

    const key = new EncryptionKey(this, "key", {
      alias: `alias/${name}`,
      description: `Encrypts the cache of ${deployment.app} in ${where} and its snapshots`,
      accountId: place.account.id,
    });
    const group = new CacheReplicationGroup(this, "cache", {
      replicationGroupId: name,
      description: `${deployment.app} in ${where}: cache beside the database`,
      engine: cache.engine,
      engineVersion: cache.engineVersion,
      parameterFamily: cache.parameterFamily,
      nodeType: cache.nodeType,
      nodeCount: site.nodeCount,
      multiAz: site.multiAz,
      automaticFailover: site.automaticFailover,
      snapshotRetentionDays: site.snapshotRetentionDays,
      snapshotWindow: cache.snapshotWindow,
      maintenanceWindow: cache.maintenanceWindow,
      port: cache.port,
      maxmemoryPolicy: cache.maxmemoryPolicy,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds.private,
      kmsKeyArn: key.arn,
      appUser: { userId: cache.userId, accessString: cache.accessString },
      applyImmediately: dr,
    });
    new CacheAlarms(this, "alarms", { name, memberClusterIds: site.memberClusterIds, thresholds: cache.alarms, alarmTopicArn: props.alarmTopicArn });

    this.outputs = {
      address: group.primaryEndpointAddress,
      readerAddress: group.readerEndpointAddress,
      port: cache.port,
      clientSecurityGroupId: group.clientSecurityGroupId,
      replicationGroupId: name,
      memberClusterIds: site.memberClusterIds,
      replicationGroupArn: group.replicationGroupArn,
      userId: cache.userId,
    };
    new TerraformOutput(this, "address", { value: this.outputs.address, description: "The cache's primary endpoint (TLS, IAM authentication)" });
    new TerraformOutput(this, "replication_group_id", { value: name, description: "The replication group" });
    new TerraformOutput(this, "client_security_group_id", { value: this.outputs.clientSecurityGroupId, description: "Join to reach the cache" });
  }
}
