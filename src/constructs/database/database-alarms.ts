import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbEventSubscription } from "@cdktf/provider-aws/lib/db-event-subscription";
import { Construct } from "constructs";
import type { DatabaseEngine } from "../../config/database/defaults";
import type { DatabaseAlarmThresholds } from "../../config/shared/tiers";
import type { PostgresDatabase } from "./postgres";

/** Properties of {@link DatabaseAlarms}. */
export interface DatabaseAlarmsProps {
  /** Prefix of the alarm names, unique in the account and region: CloudWatch overwrites an alarm of the same name. */
  readonly name: string;
  /** The database watched. */
  readonly database: PostgresDatabase;
  /** Its engine: Aurora has ACU utilization and no free-storage limit. */
  readonly engine: DatabaseEngine;
  /** Allocated storage in GB, against which free storage is measured (RDS). */
  readonly allocatedStorageGb: number;
  /** Thresholds. */
  readonly thresholds: DatabaseAlarmThresholds;
  /** The topic alarms and events go to. */
  readonly alarmTopicArn: string;
}

/** Seconds per datapoint, and datapoints that must breach before an alarm fires. */
const PERIOD_SECONDS = 300;
const EVALUATION_PERIODS = 2;
const BYTES_PER_MIB = 1024 * 1024;
const BYTES_PER_GIB = 1024 * BYTES_PER_MIB;

/**
 * RDS event categories that page (seed 004: RDS failover; and failures), valid for both source types:
 * `db-instance` (RDS Multi-AZ failover, RDS-EVENT-0013/0015/0049; an instance failed, 0031) and
 * `db-cluster` (Aurora failover started, completed or failed, RDS-EVENT-0069 to 0073) in the RDS and
 * Aurora User Guides' "Amazon RDS event categories and event messages".
 */
const EVENT_CATEGORIES = ["failover", "failure"];

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly metric: string;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly dimension?: { readonly name: string; readonly value: string };
}

/**
 * The database's alarms, to the environment's alarm topic (alarm and
 * recovery): CPU (seed 004: above 80%), freeable memory, free storage
 * (seed 004: below 10%, RDS), connections, replica lag where a replica or
 * reader exists (seed 001), ACU utilization (Aurora); and RDS event
 * subscriptions for failover and failure events (seed 004): of the
 * instances, or of the Aurora cluster and of its instances.
 */
export class DatabaseAlarms extends Construct {
  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const { thresholds, database } = props;
    const aurora = props.engine === "aurora-postgresql-serverless";
    const specs: AlarmSpec[] = [
      { id: "cpu", description: `CPU above ${thresholds.cpuPercent}%`, metric: "CPUUtilization", comparison: "GreaterThanThreshold", threshold: thresholds.cpuPercent },
      {
        id: "freeable-memory",
        description: `freeable memory below ${thresholds.freeableMemoryMiB} MiB`,
        metric: "FreeableMemory",
        comparison: "LessThanThreshold",
        threshold: thresholds.freeableMemoryMiB * BYTES_PER_MIB,
      },
      { id: "connections", description: `more than ${thresholds.connections} connections`, metric: "DatabaseConnections", comparison: "GreaterThanThreshold", threshold: thresholds.connections },
    ];
    if (aurora) {
      specs.push({ id: "acu-utilization", description: `ACU utilization above ${thresholds.acuUtilizationPercent}%`, metric: "ACUUtilization", comparison: "GreaterThanThreshold", threshold: thresholds.acuUtilizationPercent });
    } else {
      specs.push({
        id: "free-storage",
        description: `free storage below ${thresholds.freeStoragePercent}% of ${props.allocatedStorageGb} GB`,
        metric: "FreeStorageSpace",
        comparison: "LessThanThreshold",
        threshold: Math.round((props.allocatedStorageGb * BYTES_PER_GIB * thresholds.freeStoragePercent) / 100),
      });
    }
    if (database.replicaIdentifier !== undefined) {
      specs.push({
        id: "replica-lag",
        description: `replica lag above ${thresholds.replicaLagSeconds} s`,
        metric: aurora ? "AuroraReplicaLag" : "ReplicaLag",
        comparison: "GreaterThanThreshold",
        threshold: aurora ? thresholds.replicaLagSeconds * 1000 : thresholds.replicaLagSeconds,
        dimension: { name: "DBInstanceIdentifier", value: database.replicaIdentifier },
      });
    }

    for (const spec of specs) {
      const dimension = spec.dimension ?? database.metricDimension;
      new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.name}-${spec.id}`,
        alarmDescription: `${props.name}: ${spec.description}`,
        namespace: "AWS/RDS",
        metricName: spec.metric,
        dimensions: { [dimension.name]: dimension.value },
        statistic: "Average",
        period: PERIOD_SECONDS,
        evaluationPeriods: EVALUATION_PERIODS,
        comparisonOperator: spec.comparison,
        threshold: spec.threshold,
        treatMissingData: "missing",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      });
    }

    new DbEventSubscription(this, "events", {
      name: `${props.name}-events`,
      snsTopic: props.alarmTopicArn,
      sourceType: database.eventSource.type,
      sourceIds: [...database.eventSource.ids],
      eventCategories: EVENT_CATEGORIES,
    });
    const instanceIds = database.eventSource.instanceIds ?? [];
    if (instanceIds.length > 0) {
      // An Aurora cluster's instances: their failures are events of the instance, not of the cluster.
      new DbEventSubscription(this, "instance-events", {
        name: `${props.name}-instance-events`,
        snsTopic: props.alarmTopicArn,
        sourceType: "db-instance",
        sourceIds: [...instanceIds],
        eventCategories: EVENT_CATEGORIES,
      });
    }
  }
}
