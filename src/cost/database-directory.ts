/**
 * The RDS primaries of a set of stacks, by region and identifier: a read
 * replica in another stack (a cross-region replica names its source by ARN)
 * has the engine and storage of its source.
 */
import { numberArgument, stringArgument, type StackResource, type SynthesizedStackJson } from "./terraform-json";

/** What a read replica takes from its source. */
export interface DatabaseStorage {
  /** The engine, such as `postgres`. */
  readonly engine: string;
  /** The allocated storage, in GB. */
  readonly allocatedStorageGb: number;
  /** The storage type, such as `gp3`. */
  readonly storageType: string;
}

/** RDS primaries by `<region>/<identifier>`. */
export type DatabaseDirectory = ReadonlyMap<string, DatabaseStorage>;

/**
 * The storage type of an instance that names none: gp2, the AWS provider's documented default
 * without provisioned IOPS (which the estimate refuses); newer RDS API versions give gp3, which
 * costs the same in the price table's regions.
 */
const DEFAULT_STORAGE_TYPE = "gp2";

/** An instance's own engine and storage, or undefined where it inherits them (a read replica). */
export function ownStorage(instance: StackResource): DatabaseStorage | undefined {
  const engine = stringArgument(instance.body, "engine");
  const allocatedStorageGb = numberArgument(instance.body, "allocated_storage");
  if (engine === undefined || allocatedStorageGb === undefined) return undefined;
  return { engine, allocatedStorageGb, storageType: stringArgument(instance.body, "storage_type") ?? DEFAULT_STORAGE_TYPE };
}

/** The directory key of an instance identifier in a region. */
export function directoryKey(region: string, identifier: string): string {
  return `${region}/${identifier}`;
}

/** The primaries (instances with their own engine and storage and a literal identifier) of stacks. */
export function databaseDirectory(stacks: readonly SynthesizedStackJson[]): DatabaseDirectory {
  const directory = new Map<string, DatabaseStorage>();
  for (const stack of stacks) {
    for (const instance of stack.resources("aws_db_instance")) {
      const identifier = stringArgument(instance.body, "identifier");
      const storage = ownStorage(instance);
      if (identifier && !identifier.includes("${") && storage) directory.set(directoryKey(stack.regionOf(instance), identifier), storage);
    }
  }
  return directory;
}
