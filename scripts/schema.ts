/**
 * `npm run schema`: writes the configuration's JSON Schema (schema/platform.schema.json,
 * which `"$schema"` in platform.json and the examples names, so editors complete and check
 * fields) and its field reference (docs/configuration.md), both generated from the zod
 * schema's descriptions and the defaults in src/config. `--check` writes nothing and exits 1
 * when either committed file differs from what it would write.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { FieldDefault, fieldDefault } from "../src/config/platform/field-defaults";
import { platformConfigSchema } from "../src/config/platform/schema";
import { KNOWN_REGIONS } from "../src/config/shared/regions";
import { TIER_PRESETS, TIERS } from "../src/config/shared/tiers";

const ROOT = resolve(__dirname, "..");

/** Where the generated files go, relative to the repository root. */
export const SCHEMA_FILE = "schema/platform.schema.json";
/** The field reference. */
export const REFERENCE_FILE = "docs/configuration.md";

/** A JSON Schema node as zod writes it (draft-07). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  [key: string]: unknown;
}

/** The name a record's keys stand for in a path, by the record's field. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  accounts: "<account>",
  networks: "<network>",
  environments: "<env>",
  apps: "<app>",
  secrets: "<secret>",
  featureFlags: "<flag>",
  scheduledJobs: "<job>",
  tags: "<key>",
  environmentVariables: "<NAME>",
  reviewers: "<env>",
  backupCopyVaults: "<env>",
};

/** One documented field. */
export interface FieldRow {
  /** Its path, with placeholders for record keys, such as `apps.<app>.service.cpu`. */
  readonly path: string;
  /** Its type in words. */
  readonly type: string;
  /** Whether the configuration must give it. */
  readonly required: boolean;
  /** Its description (the zod schema's). */
  readonly description: string | undefined;
  /** Its value when left out, in words. */
  readonly defaultText: string;
  /** Where the same object's fields are documented, when the field repeats another object. */
  readonly sameAs?: string;
}

/** One object of the configuration and its fields. */
export interface ReferenceSection {
  /** The object's path. */
  readonly path: string;
  /** Its description. */
  readonly description: string | undefined;
  /** Its fields. */
  readonly fields: FieldRow[];
}

/** The JSON Schema of a configuration file, from the zod schema (the input side: fields with defaults are optional). */
export function platformJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(platformConfigSchema, { target: "draft-7", io: "input" }) as JsonSchema;
  const schema: JsonSchema = {
    $schema: generated.$schema,
    $id: "https://github.com/acme/platform/schema/platform.schema.json",
    title: "Platform configuration",
    description: "platform.json (or the file PLATFORM_CONFIG names): the accounts, networks, environments, apps and delivery of the platform. Field reference: docs/configuration.md.",
    ...generated,
  };
  delete (schema as { $schema?: string }).$schema;
  // Editors show the description on hover: add each field's default there too.
  for (const section of referenceSections(generated)) {
    for (const field of section.fields) {
      const node = nodeAt(schema, field.path);
      if (node && field.defaultText !== "" && node.description !== undefined) node.description = `${node.description} Default: ${field.defaultText}.`;
    }
  }
  return { $schema: generated.$schema, ...schema };
}

/** The non-null branch of `X | null` (zod writes `anyOf: [X, {type: "null"}]`). */
function nonNull(node: JsonSchema): JsonSchema {
  const branches = node.anyOf?.filter((branch) => branch.type !== "null");
  return branches?.length === 1 && node.anyOf!.length === 2 ? { ...branches[0], description: node.description ?? branches[0].description } : node;
}

/** The node at a reference path (placeholders step into a record's values). */
function nodeAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const key of path.split(".")) {
    if (node === undefined) return undefined;
    const object: JsonSchema = nonNull(node);
    const inner = object.type === "array" ? object.items! : object;
    if (key.startsWith("<")) node = typeof inner.additionalProperties === "object" ? inner.additionalProperties : undefined;
    else node = inner.properties?.[key] ?? object.anyOf?.find((branch) => branch.properties?.[key])?.properties?.[key];
  }
  return node;
}

/** Whether an enum is the region field's (its values exactly the known regions): too long to list, so named for what it is. */
function isRegionEnum(values: readonly unknown[]): boolean {
  return values.length === KNOWN_REGIONS.length && KNOWN_REGIONS.every((region) => values.includes(region));
}

/** A JSON Schema type in words: `integer from 1 to 65535`, `"iam" | "master-secret"`, `map of string`. */
export function typeText(input: JsonSchema): string {
  const node = nonNull(input);
  const nullable = node !== input ? " or null" : "";
  if (node.enum) return (isRegionEnum(node.enum) ? `AWS region code (${node.enum.length} commercial regions)` : node.enum.map((value) => JSON.stringify(value)).join(" | ")) + nullable;
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return node.anyOf.map(typeText).join(" | ") + nullable;
  if (node.type === "array") return `list of ${typeText(node.items ?? {})}` + nullable;
  if (node.type === "object") {
    if (node.properties) return "object" + nullable;
    return `map of ${typeof node.additionalProperties === "object" ? typeText(node.additionalProperties) : "anything"}` + nullable;
  }
  if (node.type === "integer" || node.type === "number") {
    // zod writes JavaScript's safe-integer bounds for z.number().int(): no bound a person set.
    const bound = (value: number | undefined) => (value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value);
    const low = bound(node.minimum) ?? (node.exclusiveMinimum !== undefined ? `above ${node.exclusiveMinimum}` : undefined);
    const high = bound(node.maximum) ?? (node.exclusiveMaximum !== undefined ? `below ${node.exclusiveMaximum}` : undefined);
    const range =
      low !== undefined && high !== undefined
        ? ` ${typeof low === "number" ? `from ${low}` : low} ${typeof high === "number" ? `to ${high}` : `and ${high}`}`
        : low !== undefined
        ? ` ${typeof low === "number" ? `from ${low}` : low}`
        : high !== undefined
        ? ` ${typeof high === "number" ? `up to ${high}` : high}`
        : "";
    return `${node.type}${range}` + nullable;
  }
  if (node.format === "email") return "e-mail address" + nullable;
  return (Array.isArray(node.type) ? node.type.join(" | ") : node.type ?? "any") + nullable;
}

const show = (value: unknown): string =>
  typeof value === "string" ? `\`${value}\`` : Array.isArray(value) ? (value.length === 0 ? "none" : value.map(show).join(", ")) : `\`${JSON.stringify(value)}\``;

/** A default in words: `dev 256, staging 512, uat 512, prod 1024` for a tier's, the value, or the rule. */
function defaultText(fieldDefaultOf: FieldDefault | undefined, node: JsonSchema): string {
  if (fieldDefaultOf === undefined) return node.default !== undefined && JSON.stringify(node.default) !== "{}" ? show(node.default) : "";
  if ("text" in fieldDefaultOf) return fieldDefaultOf.text;
  if ("value" in fieldDefaultOf) return show(fieldDefaultOf.value);
  const values = TIERS.map((tier) => show(fieldDefaultOf.tier(TIER_PRESETS[tier], tier)));
  return new Set(values).size === 1 ? `${values[0]} in every tier` : TIERS.map((tier, index) => `${tier} ${values[index]}`).join(", ");
}

/** The app's blocks that an environment may change: documented once, under the app. */
const APP_ENVIRONMENT_PREFIX = "apps.<app>.environments.<env>.";

/** Every object of the configuration with its fields, in the order the schema gives them; an object that repeats one documented before points to it. */
export function referenceSections(schema: JsonSchema): ReferenceSection[] {
  const sections: ReferenceSection[] = [];
  const documented = new Map<string, string>();
  const visit = (input: JsonSchema, path: string, description: string | undefined) => {
    const node = nonNull(input);
    if (node.type === "array" && node.items) return visit(node.items, `${path}[]`, description);
    if (node.type !== "object") return;
    if (!node.properties) {
      if (typeof node.additionalProperties === "object") {
        const key = path.split(".").pop()!;
        visit(node.additionalProperties, `${path}.${PLACEHOLDERS[key] ?? "<name>"}`, description);
      }
      return;
    }
    const identity = JSON.stringify(node.properties);
    documented.set(identity, documented.get(identity) ?? path);
    const fields: FieldRow[] = [];
    const section: ReferenceSection = { path, description, fields };
    sections.push(section);
    // An app's blocks are documented where the app sets them for every environment, before its per-environment changes.
    const entries = Object.entries(node.properties).sort(([a], [b]) => Number(a === "environments" && path === "apps.<app>") - Number(b === "environments" && path === "apps.<app>"));
    for (const [key, child] of entries) {
      const childPath = path === "" ? key : `${path}.${key}`;
      const own = nonNull(child);
      const objectIdentity = own.type === "object" && own.properties ? JSON.stringify(own.properties) : undefined;
      const sameAs = objectIdentity !== undefined ? documented.get(objectIdentity) : undefined;
      const defaultsPath = childPath.startsWith(APP_ENVIRONMENT_PREFIX) ? `apps.<app>.${childPath.slice(APP_ENVIRONMENT_PREFIX.length)}` : childPath;
      fields.push({
        path: childPath,
        type: typeText(child),
        required: node.required?.includes(key) ?? false,
        description: child.description,
        defaultText: defaultText(fieldDefault(defaultsPath, TIER_PRESETS), child),
        ...(sameAs !== undefined ? { sameAs } : {}),
      });
      if (sameAs === undefined) visit(child, childPath, child.description);
    }
  };
  visit(schema, "", schema.description);
  return sections;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** docs/configuration.md: every field with its type, whether it is required, its default (per tier where the tier presets it) and its description. */
export function fieldReference(schema: JsonSchema = z.toJSONSchema(platformConfigSchema, { target: "draft-7", io: "input" }) as JsonSchema): string {
  const lines = [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run schema` from the zod schema (src/config/*/schema.ts) and the defaults in src/config; do not edit. -->",
    "",
    "Every field of `platform.json` (or the file `PLATFORM_CONFIG` names). Start the file with",
    '`"$schema": "./schema/platform.schema.json"` and an editor that reads JSON Schema (VS Code, JetBrains) completes',
    "these fields, shows their descriptions and defaults, and marks a misspelt one. `npm run explain -- <env>`",
    "shows what an environment resolves to and where each value comes from.",
    "",
    "A default given per tier comes from the tier presets (`src/config/shared/tiers.ts`); an environment takes its",
    "tier's, and an app's blocks take the tier of the environment they run in. Where the default column is empty,",
    "the field is off or absent when left out. `<name>` stands for a key you choose.",
    "",
  ];
  for (const section of referenceSections(schema)) {
    lines.push(`## ${section.path === "" ? "The file" : `\`${section.path}\``}`, "");
    if (section.description) lines.push(section.description, "");
    lines.push("| field | type | default | description |", "| --- | --- | --- | --- |");
    for (const field of section.fields) {
      const name = field.path.slice(section.path === "" ? 0 : section.path.length + 1);
      const description = `${field.required ? "**Required.** " : ""}${field.description ?? ""}${field.sameAs !== undefined ? ` Fields as in \`${field.sameAs}\`.` : ""}`;
      lines.push(`| \`${name}\` | ${cell(field.type)} | ${cell(field.defaultText)} | ${cell(description)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** The generated files and their contents. */
export function generatedFiles(): Record<string, string> {
  const schema = z.toJSONSchema(platformConfigSchema, { target: "draft-7", io: "input" }) as JsonSchema;
  return { [SCHEMA_FILE]: `${JSON.stringify(platformJsonSchema(), null, 2)}\n`, [REFERENCE_FILE]: fieldReference(schema) };
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [file, text] of Object.entries(generatedFiles())) {
    const path = join(ROOT, file);
    let current: string | undefined;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) stale.push(file);
    else writeFileSync(path, text);
  }
  if (stale.length > 0) {
    console.error(`${stale.join(" and ")} ${stale.length === 1 ? "is" : "are"} stale: run npm run schema`);
    process.exit(1);
  }
}
