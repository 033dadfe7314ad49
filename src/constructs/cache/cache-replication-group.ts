import { ElasticacheParameterGroup } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** Properties of a {@link CacheReplicationGroup}. */
export interface CacheReplicationGroupProps {
  /** The replication group's id, also the name of its subnet, parameter and security groups and its user group's id. */
  readonly replicationGroupId: string;
  /** What the cache is for. */
  readonly description: string;
  /** `valkey` or `redis` (Redis OSS). */
  readonly engine: "valkey" | "redis";
  /** The engine version, major.minor (Valkey 7.2+ or Redis OSS 7.0+: IAM authentication needs them). */
  readonly engineVersion: string;
  /** The parameter group family, such as `valkey8`. */
  readonly parameterFamily: string;
  /** The node type. */
  readonly nodeType: string;
  /** Nodes: the primary and its replicas. */
  readonly nodeCount: number;
  /** Replicas in other zones than the primary's. @default false */
  readonly multiAz?: boolean;
  /** Promote a replica when the primary fails (needs 2 nodes or more). @default false */
  readonly automaticFailover?: boolean;
  /** Days daily snapshots are kept. @default 0 (none) */
  readonly snapshotRetentionDays?: number;
  /** Daily snapshot window, UTC, `hh:mm-hh:mm`. */
  readonly snapshotWindow: string;
  /** Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`. */
  readonly maintenanceWindow: string;
  /** The port. */
  readonly port: number;
  /** The engine's `maxmemory-policy`. */
  readonly maxmemoryPolicy: string;
  /** The VPC. */
  readonly vpcId: string;
  /** The subnets of the subnet group (private, one per zone). */
  readonly subnetIds: readonly string[];
  /** The customer managed key that encrypts the data at rest and the snapshots. */
  readonly kmsKeyArn: string;
  /** The user the app connects as with IAM authentication: its id is also its name, as IAM authentication requires, and its access string. */
  readonly appUser: { readonly userId: string; readonly accessString: string };
  /** Apply changes at once instead of in the maintenance window (the DR cache's growth on failover must not wait). @default false */
  readonly applyImmediately?: boolean;
}

/**
 * An ElastiCache (Valkey or Redis OSS) replication group that only IAM identities reach: TLS
 * required, encryption at rest with the given key, authentication by IAM through one user (no
 * password, token or AUTH value exists anywhere), a user group holding it alone (Redis OSS user
 * groups also hold a `default` user, switched off), a subnet group, a parameter group, and two
 * security groups: the cache's, which admits the port from the clients' group only and has no
 * egress, and the clients' group, which the app's tasks join and which reaches the cache only.
 */
export class CacheReplicationGroup extends Construct {
  /** The replication group's id. */
  readonly replicationGroupId: string;
  /** The replication group's ARN, the resource of `elasticache:Connect`. */
  readonly replicationGroupArn: string;
  /** The primary endpoint's host name (writes). */
  readonly primaryEndpointAddress: string;
  /** The reader endpoint's host name (reads spread over the replicas). */
  readonly readerEndpointAddress: string;
  /** The app user's ARN, the other resource of `elasticache:Connect`. */
  readonly userArn: string;
  /** The group the app's tasks join to reach the cache. */
  readonly clientSecurityGroupId: string;
  /** The cache's own group. */
  readonly cacheSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: CacheReplicationGroupProps) {
    super(scope, id);
    const name = props.replicationGroupId;
    const cacheGroup = new SecurityGroup(this, "cache", { name, vpcId: props.vpcId, description: `${name}: ${props.engine} from its clients only` });
    const clients = new SecurityGroup(this, "clients", { name: `${name}-clients`, vpcId: props.vpcId, description: `${name}: members may connect to the cache` });
    new VpcSecurityGroupEgressRule(this, "clients-to-cache", {
      securityGroupId: clients.id,
      description: props.engine,
      ipProtocol: "tcp",
      fromPort: props.port,
      toPort: props.port,
      referencedSecurityGroupId: cacheGroup.id,
    });
    new VpcSecurityGroupIngressRule(this, "from-clients", {
      securityGroupId: cacheGroup.id,
      description: `${props.engine} from the app's service`,
      ipProtocol: "tcp",
      fromPort: props.port,
      toPort: props.port,
      referencedSecurityGroupId: clients.id,
    });

    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", { name, description: `${name}: private subnets`, subnetIds: [...props.subnetIds] });
    const parameterGroup = new ElasticacheParameterGroup(this, "parameter-group", {
      name,
      family: props.parameterFamily,
      description: `${name}: ${props.maxmemoryPolicy} eviction`,
      parameter: [{ name: "maxmemory-policy", value: props.maxmemoryPolicy }],
    });

    const appUser = new ElasticacheUser(this, "app-user", {
      userId: props.appUser.userId,
      userName: props.appUser.userId,
      engine: props.engine,
      accessString: props.appUser.accessString,
      authenticationMode: { type: "iam" },
    });
    // A Redis OSS user group must hold a user named `default`; ElastiCache's own has no password and every right, so ours is off.
    const defaultUser =
      props.engine === "redis"
        ? new ElasticacheUser(this, "default-user", {
            userId: `${name}-default`,
            userName: "default",
            engine: props.engine,
            accessString: "off -@all",
            authenticationMode: { type: "no-password-required" },
          })
        : undefined;
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: name,
      engine: props.engine,
      userIds: [appUser.userId, ...(defaultUser ? [defaultUser.userId] : [])],
    });

    const group = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: name,
      description: props.description,
      engine: props.engine,
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      numCacheClusters: props.nodeCount,
      port: props.port,
      parameterGroupName: parameterGroup.name,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [cacheGroup.id],
      multiAzEnabled: props.multiAz ?? false,
      automaticFailoverEnabled: props.automaticFailover ?? false,
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [userGroup.userGroupId],
      autoMinorVersionUpgrade: "false",
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 0,
      snapshotWindow: props.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow,
      applyImmediately: props.applyImmediately ?? false,
    });
    this.replicationGroupId = group.replicationGroupId;
    this.replicationGroupArn = group.arn;
    this.primaryEndpointAddress = group.primaryEndpointAddress;
    this.readerEndpointAddress = group.readerEndpointAddress;
    this.userArn = appUser.arn;
    this.clientSecurityGroupId = clients.id;
    this.cacheSecurityGroupId = cacheGroup.id;
  }
}
