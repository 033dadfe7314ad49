/**
 * Reading a stack's synthesized Terraform JSON (`cdk.tf.json`): its resources,
 * the regions of their providers, the references between them
 * (`"${aws_ecs_task_definition.task.arn}"`), and their `count`/`for_each`.
 */

/** A JSON object of the synthesized configuration. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** One resource block of a stack. */
export interface StackResource {
  /** The resource type, such as `aws_nat_gateway`. */
  readonly type: string;
  /** The resource's name in the configuration (cdktf's logical id). */
  readonly name: string;
  /** Its Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** Its arguments, snake_case, as synthesized. */
  readonly body: JsonObject;
}

/** A `${<type>.<name>[<index>].<attribute>...}` reference to a resource. */
export interface ResourceReference {
  /** The referenced resource's type. */
  readonly type: string;
  /** The referenced resource's name. */
  readonly name: string;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The objects of a repeated block (cdktf synthesizes a block as an object or as a list of objects); none when absent. */
export function blocks(body: JsonObject, key: string): JsonObject[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(isJsonObject);
}

/** The single object of a block such as `runtime_platform`, or undefined when absent. */
export function block(body: JsonObject, key: string): JsonObject | undefined {
  return blocks(body, key)[0];
}

/** A string argument, or undefined when absent. */
export function stringArgument(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" ? value : undefined;
}

/** A numeric argument (a number, or a string holding one), or undefined when absent. */
export function numberArgument(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A literal list argument's items, or undefined when absent or an expression (such as another stack's output). */
export function listArgument(body: JsonObject, key: string): readonly unknown[] | undefined {
  const value = body[key];
  return Array.isArray(value) ? value : undefined;
}

/** Resource references `${type.name...}` in a string (data sources, variables and locals are not resources). */
function referencesIn(text: string): ResourceReference[] {
  const found: ResourceReference[] = [];
  for (const [, expression] of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const [, type, name] of expression.matchAll(/(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) found.push({ type, name });
  }
  return found;
}

/** The number of values of a `for_each` literal: an object, a list, or cdktf's `${toset([...])}` of literals; undefined otherwise. */
function forEachSize(value: unknown): number | undefined {
  if (Array.isArray(value)) return new Set(value.map((item) => JSON.stringify(item))).size;
  if (isJsonObject(value)) return Object.keys(value).length;
  const literalSet = typeof value === "string" ? /^\$\{toset\((\[.*\])\)\}$/s.exec(value) : null;
  if (!literalSet) return undefined;
  try {
    const items: unknown = JSON.parse(literalSet[1]);
    return Array.isArray(items) ? new Set(items.map((item) => JSON.stringify(item))).size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How many instances a resource block makes: 1, its literal `count`, or the
 * size of its literal `for_each`. Throws for a `count` or `for_each` whose
 * value is only known at plan time: the estimate does not guess it.
 */
export function instanceCount(resource: StackResource): number {
  const { count, for_each: forEach } = resource.body;
  if (count !== undefined) {
    const value = numberArgument(resource.body, "count");
    if (value === undefined || !Number.isInteger(value) || value < 0) {
      throw new Error(`${resource.address}: count ${JSON.stringify(count)} is not a literal number, so its cost cannot be estimated; make it one or price the resource by hand`);
    }
    return value;
  }
  if (forEach !== undefined) {
    const size = forEachSize(forEach);
    if (size === undefined) {
      throw new Error(`${resource.address}: for_each ${JSON.stringify(forEach)} is not a literal list, set or map, so its cost cannot be estimated; make it one or price the resource by hand`);
    }
    return size;
  }
  return 1;
}

/** A parsed stack's resources, providers and references. */
export class SynthesizedStackJson {
  private readonly resourceTypes: Readonly<Record<string, unknown>>;
  private readonly awsProviders: JsonObject[];

  /** Reads a parsed `cdk.tf.json`. */
  constructor(json: object) {
    const root = json as JsonObject;
    this.resourceTypes = isJsonObject(root.resource) ? root.resource : {};
    this.awsProviders = isJsonObject(root.provider) ? blocks(root.provider, "aws") : [];
  }

  /** Every resource type the stack declares. */
  types(): string[] {
    return Object.keys(this.resourceTypes);
  }

  /** Every resource of a type. */
  resources(type: string): StackResource[] {
    const ofType = this.resourceTypes[type];
    if (!isJsonObject(ofType)) return [];
    return Object.entries(ofType)
      .filter((entry): entry is [string, JsonObject] => isJsonObject(entry[1]))
      .map(([name, body]) => ({ type, name, address: `${type}.${name}`, body }));
  }

  /** The resource a reference names, or undefined when the stack has none such. */
  resource(reference: ResourceReference): StackResource | undefined {
    return this.resources(reference.type).find((resource) => resource.name === reference.name);
  }

  /** The resource of a type that a string argument refers to (`"${aws_ecs_task_definition.task.arn}"`), or undefined. */
  referenced(value: unknown, type: string): StackResource | undefined {
    if (typeof value !== "string") return undefined;
    const reference = referencesIn(value).find((candidate) => candidate.type === type);
    return reference && this.resource(reference);
  }

  /** The resources of a type whose string argument `key` refers to a given resource. */
  referring(type: string, key: string, target: StackResource): StackResource[] {
    return this.resources(type).filter((resource) => {
      const value = resource.body[key];
      return typeof value === "string" && referencesIn(value).some((reference) => reference.type === target.type && reference.name === target.name);
    });
  }

  /** The aws provider without an alias (the stack's default), or undefined when the stack has no aws provider. */
  private defaultAwsProvider(): JsonObject | undefined {
    return this.awsProviders.find((provider) => provider.alias === undefined || provider.alias === null);
  }

  /** The region of the aws provider a resource uses: the one its `provider` (`aws.<alias>`) names, else the default one. */
  regionOf(resource: StackResource): string {
    const providerName = stringArgument(resource.body, "provider");
    const alias = providerName?.startsWith("aws.") ? providerName.slice("aws.".length) : undefined;
    const provider = alias === undefined ? this.defaultAwsProvider() : this.awsProviders.find((candidate) => candidate.alias === alias);
    const region = provider && stringArgument(provider, "region");
    if (!region) throw new Error(`${resource.address}: its aws provider ${providerName ?? "(the default)"} has no literal region, so its prices cannot be looked up`);
    return region;
  }
}
