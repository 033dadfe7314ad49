/** The fixed charges of databases: RDS instances with their storage, and Aurora cluster instances. */
import { costLine } from "./cost-line";
import { directoryKey, ownStorage, type DatabaseDirectory, type DatabaseStorage } from "./database-directory";
import { regionPrices, tablePrice, type Pricer } from "./pricer";
import { block, numberArgument, stringArgument, type StackResource, type SynthesizedStackJson } from "./terraform-json";

/** The Aurora instance class of Serverless v2 instances. */
const SERVERLESS_V2_CLASS = "db.serverless";

/** The Aurora storage type whose compute is priced higher and whose I/O is free. */
const IO_OPTIMIZED_STORAGE = "aurora-iopt1";

/** A required string argument; throws naming the resource when absent. */
function requiredString(resource: StackResource, key: string): string {
  const value = stringArgument(resource.body, key);
  if (value === undefined) throw new Error(`${resource.address}: no literal ${key}, so its cost cannot be estimated`);
  return value;
}

/** The primary a `replicate_source_db` names outside the stack: by ARN (a cross-region replica) or by identifier in the replica's region. */
function externalSource(replica: StackResource, source: string, region: string, databases: DatabaseDirectory): DatabaseStorage {
  const arn = /^arn:aws[\w-]*:rds:([a-z0-9-]+):\d+:db:(.+)$/.exec(source);
  const key = arn ? directoryKey(arn[1], arn[2]) : directoryKey(region, source);
  const found = source.includes("${") ? undefined : databases.get(key);
  if (!found) {
    throw new Error(
      `${replica.address}: its source ${source} is in none of the stacks estimated with it, so its engine and storage are unknown; estimate it together with its source's stack (estimateEnvironments does)`,
    );
  }
  return found;
}

/** An instance's engine and storage: its own, else (a read replica) its source's, overridden by what it sets itself. */
function instanceStorage(instance: StackResource, stack: SynthesizedStackJson, databases: DatabaseDirectory): DatabaseStorage {
  const own = ownStorage(instance);
  if (own) return own;
  const source = stringArgument(instance.body, "replicate_source_db");
  if (source === undefined) throw new Error(`${instance.address}: neither a literal engine and allocated_storage nor a replicate_source_db, so its cost cannot be estimated`);
  const sameStackSource = stack.referenced(source, "aws_db_instance");
  const inherited = sameStackSource ? instanceStorage(sameStackSource, stack, databases) : externalSource(instance, source, stack.regionOf(instance), databases);
  return {
    engine: stringArgument(instance.body, "engine") ?? inherited.engine,
    allocatedStorageGb: numberArgument(instance.body, "allocated_storage") ?? inherited.allocatedStorageGb,
    storageType: stringArgument(instance.body, "storage_type") ?? inherited.storageType,
  };
}

/**
 * An RDS instance (a read replica being one of its own): its class by the
 * hour and its allocated storage by the GB-month, both × the engine's Multi-AZ
 * factor when `multi_az`. Growth above `allocated_storage` (storage
 * autoscaling), backups and I/O are usage; provisioned IOPS are not priced
 * and throw.
 */
export const priceDbInstance: Pricer = (instance, { stack, prices, databases }) => {
  const region = stack.regionOf(instance);
  const storage = instanceStorage(instance, stack, databases);
  const engine = tablePrice(regionPrices(prices, region, instance).rds, storage.engine, "RDS engine", instance, region);
  if (instance.body.iops !== undefined && instance.body.iops !== null) {
    throw new Error(`${instance.address}: provisioned IOPS (iops ${JSON.stringify(instance.body.iops)}) are not in the price table; add them to src/cost/price-table.ts and src/cost/database-costs.ts`);
  }
  const instanceClass = requiredString(instance, "instance_class");
  const multiAz = instance.body.multi_az === true;
  const factor = multiAz ? engine.multiAzFactor : 1;
  const deployment = multiAz ? ", Multi-AZ" : "";
  const role = instance.body.replicate_source_db ? " read replica" : "";
  return [
    costLine({
      item: `RDS ${storage.engine} ${instanceClass}${role}${deployment}`,
      resource: instance.address,
      region,
      quantity: 1,
      unit: "hour",
      unitPriceUsd: tablePrice(engine.instanceHour, instanceClass, "RDS instance class", instance, region) * factor,
    }),
    costLine({
      item: `RDS ${storage.storageType} storage${deployment}`,
      resource: instance.address,
      region,
      quantity: storage.allocatedStorageGb,
      unit: "GB-month",
      unitPriceUsd: tablePrice(engine.storageGbMonth, storage.storageType, "RDS storage type", instance, region) * factor,
    }),
  ];
};

/**
 * An Aurora cluster instance: a Serverless v2 instance (`db.serverless`) at
 * its cluster's minimum ACUs (`serverlessv2_scaling_configuration.min_capacity`)
 * by the ACU-hour, a provisioned one by its class by the hour. Capacity above
 * the minimum, storage and I/O are usage.
 */
export const priceRdsClusterInstance: Pricer = (instance, { stack, prices }) => {
  const region = stack.regionOf(instance);
  const cluster = stack.referenced(instance.body.cluster_identifier, "aws_rds_cluster");
  if (!cluster) throw new Error(`${instance.address}: its cluster_identifier ${JSON.stringify(instance.body.cluster_identifier)} names no aws_rds_cluster of the stack`);
  const engineName = requiredString(cluster, "engine");
  const engine = tablePrice(regionPrices(prices, region, instance).aurora, engineName, "Aurora engine", instance, region);
  const ioOptimized = stringArgument(cluster.body, "storage_type") === IO_OPTIMIZED_STORAGE;
  const instanceClass = requiredString(instance, "instance_class");
  if (instanceClass === SERVERLESS_V2_CLASS) {
    const scaling = block(cluster.body, "serverlessv2_scaling_configuration");
    const minimum = scaling && numberArgument(scaling, "min_capacity");
    if (minimum === undefined) throw new Error(`${instance.address}: ${cluster.address} has no literal serverlessv2_scaling_configuration min_capacity`);
    return [
      costLine({
        item: `Aurora Serverless v2 ${engineName} minimum capacity${ioOptimized ? ", I/O-Optimized" : ""}`,
        resource: instance.address,
        region,
        quantity: minimum,
        unit: "ACU-hour",
        unitPriceUsd: ioOptimized ? engine.serverlessV2AcuHourIoOptimized : engine.serverlessV2AcuHour,
      }),
    ];
  }
  if (ioOptimized) throw new Error(`${instance.address}: provisioned Aurora I/O-Optimized instance prices are not in the price table; add them to src/cost/price-table.ts`);
  return [
    costLine({
      item: `Aurora ${engineName} ${instanceClass}`,
      resource: instance.address,
      region,
      quantity: 1,
      unit: "hour",
      unitPriceUsd: tablePrice(engine.instanceHour, instanceClass, "Aurora instance class", instance, region),
    }),
  ];
};

/**
 * An RDS cluster costs nothing by itself when it is Aurora (its instances are
 * priced, its storage and I/O are usage); a Multi-AZ DB cluster, whose
 * compute is the cluster's `db_cluster_instance_class`, is not in the price
 * table and throws.
 */
export const priceRdsCluster: Pricer = (cluster) => {
  if (cluster.body.db_cluster_instance_class !== undefined && cluster.body.db_cluster_instance_class !== null) {
    throw new Error(`${cluster.address}: Multi-AZ DB clusters (db_cluster_instance_class) are not in the price table; add them to src/cost/price-table.ts and src/cost/database-costs.ts`);
  }
  return [];
};

/** A DynamoDB table on demand (PAY_PER_REQUEST) is usage only; provisioned capacity (the provider's default billing mode) is not in the price table and throws. */
export const priceDynamodbTable: Pricer = (table) => {
  if (table.body.billing_mode !== "PAY_PER_REQUEST") {
    throw new Error(`${table.address}: provisioned DynamoDB capacity (billing_mode ${JSON.stringify(table.body.billing_mode ?? "PROVISIONED")}) is not in the price table; add it to src/cost/price-table.ts and src/cost/database-costs.ts`);
  }
  return [];
};
