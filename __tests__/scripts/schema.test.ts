import Ajv from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { parseConfig } from "../../src/config/platform/load";
import { ConfigError } from "../../src/config/shared/errors";
import { TIER_PRESET_BLOCKS } from "../../src/config/platform/field-defaults";
import { TIER_PRESETS } from "../../src/config/shared/tiers";
import { INTERFACE_ENDPOINT_SERVICES } from "../../src/config/network/schema";
import { KNOWN_REGIONS } from "../../src/config/shared/regions";
import { generatedFiles, JsonSchema, platformJsonSchema, referenceSections, REFERENCE_FILE, SCHEMA_FILE, typeText } from "../../scripts/schema";

const ROOT = resolve(__dirname, "../..");
const EXAMPLES = readdirSync(join(ROOT, "examples")).filter((file) => file.endsWith(".json"));
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), "utf8")) as Record<string, unknown>;

const schema = platformJsonSchema();
// ajv 6 (already in node_modules, through eslint) validates draft-07, the draft the schema is written in.
const validate = new Ajv({ allErrors: true }).compile(schema);
const errorsOf = (config: unknown) => (validate(config) ? [] : validate.errors!.map((error) => `${error.dataPath} ${error.message} ${JSON.stringify(error.params)}`));

describe("the configuration's JSON Schema and field reference", () => {
  it("are committed as npm run schema writes them", () => {
    const files = generatedFiles();
    for (const file of [SCHEMA_FILE, REFERENCE_FILE]) {
      // When this fails: run `npm run schema` and commit the two files.
      expect(readFileSync(join(ROOT, file), "utf8")).toBe(files[file]);
    }
  });

  it.each(EXAMPLES)("validates examples/%s, which names it with $schema and which the loader accepts", (file) => {
    const example = read(join("examples", file));
    expect(example.$schema).toBe("../schema/platform.schema.json");
    expect(errorsOf(example)).toEqual([]);
    expect(() => parseConfig(example, file)).not.toThrow();
  });

  it("validates the built-in configuration", () => {
    expect(errorsOf(DEFAULT_CONFIG)).toEqual([]);
  });

  it("refuses a misspelt field, as the loader does with the closest known one", () => {
    const example = read("examples/single-account.json");
    const misspelt = structuredClone(example) as { apps: { web: { service: Record<string, unknown> } } };
    misspelt.apps.web.service.contanerPort = 8080;
    expect(errorsOf(misspelt)).toEqual([`.apps['web'].service should NOT have additional properties {"additionalProperty":"contanerPort"}`]);
    expect(() => parseConfig(misspelt, "example")).toThrow(`apps.web.service.contanerPort = 8080: is not a known field: did you mean "containerPort"?`);
    const topLevel = { ...example, enviroments: {} };
    expect(errorsOf(topLevel)).toEqual([` should NOT have additional properties {"additionalProperty":"enviroments"}`]);
    expect(() => parseConfig(topLevel, "example")).toThrow(ConfigError);
  });

  it("closes every object with additionalProperties: false, so editors mark any unknown field", () => {
    const open: string[] = [];
    const walk = (node: JsonSchema, path: string) => {
      if (node.properties) {
        if (node.additionalProperties !== false) open.push(path);
        Object.entries(node.properties).forEach(([key, child]) => walk(child, `${path}.${key}`));
      }
      if (typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.*`);
      if (node.items) walk(node.items, `${path}[]`);
      node.anyOf?.forEach((branch) => walk(branch, path));
    };
    walk(schema, "");
    expect(open).toEqual([]);
  });

  it("describes every field, and gives each tier preset's value for the fields the presets set", () => {
    const fields = referenceSections(schema).flatMap((section) => section.fields);
    expect(fields.filter((field) => !field.description).map((field) => field.path)).toEqual([]);
    const byPath = new Map(fields.map((field) => [field.path, field]));
    for (const [block, preset] of Object.entries(TIER_PRESET_BLOCKS)) {
      for (const key of Object.keys(TIER_PRESETS.prod[preset])) {
        expect([`${block}.${key}`, byPath.get(`${block}.${key}`)?.defaultText]).toEqual([`${block}.${key}`, expect.stringMatching(/^dev .*, prod |in every tier$/)]);
      }
    }
    // The five fields that no document named before this reference, and two whose defaults lived only in the source.
    expect(byPath.get("project.defaultRegion")?.required).toBe(true);
    expect(byPath.get("networks.<network>.flowLogs.retentionDays")?.defaultText).toBe("dev `7`, staging `14`, uat `14`, prod `30`");
    expect(byPath.get("environments.<env>.overrides.logRetentionDays")?.defaultText).toBe("dev `7`, staging `14`, uat `14`, prod `30`");
    expect(byPath.get("apps.<app>.database.autoMinorVersionUpgrade")?.defaultText).toBe("`false`");
    expect(byPath.get("apps.<app>.buildRepository.untaggedExpiryDays")?.defaultText).toBe("`7`");
    expect(byPath.get("environments.<env>.drStandbyTasks")?.defaultText).toBe("`1`");
    expect(byPath.get("apps.<app>.service.proxy.port")?.defaultText).toBe("`8080`");
  });

  it("names the region enum for what it is and lists any other enum's values, however many", () => {
    const fields = new Map(referenceSections(schema).flatMap((section) => section.fields).map((field) => [field.path, field.type]));
    expect(fields.get("networks.<network>.region")).toBe(`AWS region code (${KNOWN_REGIONS.length} commercial regions)`);
    expect(fields.get("apps.<app>.buildRepository.replicaRegions")).toBe(`list of AWS region code (${KNOWN_REGIONS.length} commercial regions)`);
    expect(fields.get("networks.<network>.interfaceEndpoints.services")).toBe(`list of ${INTERFACE_ENDPOINT_SERVICES.map((service) => `"${service}"`).join(" | ")}`);
    expect(typeText({ enum: ["us-east-1", "eu-west-1"] })).toBe(`"us-east-1" | "eu-west-1"`);
  });

  it("shows each field's default in the description an editor shows", () => {
    const service = (schema.properties!.apps.additionalProperties as JsonSchema).properties!.service;
    expect(service.properties!.cpu.description).toMatch(/Default: dev `256`, staging `512`, uat `512`, prod `\d+`\.$/);
  });
});
