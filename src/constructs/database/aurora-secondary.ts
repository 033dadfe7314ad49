import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import { Construct } from "constructs";
import type { DrCopyProps } from "./dr-copy";
import { clusterSettings, serverlessInstance } from "./aurora-postgres";
import { parameterGroupConfig, postgresLogGroup } from "./postgres";
import { globalDatabaseLag, replicationLagAlarm } from "./replication-lag";

/** Properties of an {@link AuroraSecondary}. */
export interface AuroraSecondaryProps extends DrCopyProps {
  /** The global database it joins (the primary stack makes it from the primary cluster). */
  readonly globalClusterIdentifier: string;
  /**
   * Failover is declared: the secondary is detached from the global database (Terraform calls
   * `RemoveFromGlobalCluster` when `global_cluster_identifier` goes away) and becomes a standalone,
   * writable cluster, with a second instance where the environment is multi-AZ; the lag alarm
   * goes. @default false
   */
  readonly detached?: boolean;
}

/**
 * The DR region's copy of an Aurora PostgreSQL Serverless v2 database: the
 * secondary cluster of its global database (storage-level replication,
 * typically under a second behind), encrypted with a key of its own region,
 * its own parameter group, in the DR network's subnets, with one Serverless v2
 * instance for reads while standing by; and an alarm when it falls further
 * behind than the RPO, or stops reporting. Detached (failover), it is the
 * environment's writable database.
 */
export class AuroraSecondary extends Construct {
  /** The cluster. */
  readonly cluster: RdsCluster;
  /** The host the DR service connects to: the reader endpoint while standing by (a secondary has no writer), the cluster endpoint once detached. */
  readonly address: string;

  constructor(scope: Construct, id: string, props: AuroraSecondaryProps) {
    super(scope, id);
    const parameters = new RdsClusterParameterGroup(this, "parameters", parameterGroupConfig(props, "aurora-postgresql"));
    const logs = postgresLogGroup(this, "logs", "cluster", props.identifier, props);
    this.cluster = new RdsCluster(this, "cluster", {
      ...clusterSettings(props, parameters.name),
      // A secondary takes its master user and database from the global database.
      ...(props.detached ? {} : { globalClusterIdentifier: props.globalClusterIdentifier }),
      // Aurora sets the replication source of a secondary; Terraform must not fight it.
      lifecycle: { ignoreChanges: ["replication_source_identifier"] },
      tags: props.tags ? { ...props.tags } : undefined,
      dependsOn: [logs],
    });
    serverlessInstance(this, "instance", this.cluster, props, 0);
    if (props.detached && props.settings.multiAz) serverlessInstance(this, "reader", this.cluster, props, 1);
    this.address = props.detached ? this.cluster.endpoint : this.cluster.readerEndpoint;
    if (props.detached) return;
    replicationLagAlarm(this, "lag", {
      identifier: props.identifier,
      metric: globalDatabaseLag(this.cluster.clusterIdentifier),
      maxLagSeconds: props.maxLagSeconds,
      alarmTopicArn: props.alarmTopicArn,
    });
  }
}
