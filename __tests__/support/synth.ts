import { App, TerraformResource, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { loadPlatformRun, parseConfig, PlatformRun } from "../../src/config/platform/load";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { Platform } from "../../src/platform";
import { EphemeralResource } from "../../src/constructs/terraform/ephemeral-resource";

/** A resource's synthesized arguments (snake_case), with its logical name. */
export type SynthesizedResource = Record<string, any> & { readonly __name: string };

/** A stack's synthesized JSON, parsed, with lookups. */
export class SynthesizedStack {
  /** The JSON text, for the cdktf jest matchers. */
  readonly text: string;
  /** The parsed JSON. */
  readonly json: Record<string, any>;

  constructor(private readonly stack: TerraformStack) {
    this.text = Testing.synth(stack);
    this.json = JSON.parse(this.text);
  }

  /** Every resource of a type. */
  resources(type: string): SynthesizedResource[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([name, config]) => ({ ...(config as object), __name: name }));
  }

  /** The resource of a type at a construct path within the stack, such as `state-bucket/bucket`. */
  resource(type: string, path: string): SynthesizedResource {
    const construct = this.stack.node.findAll().find((c) => c.node.path === `${this.stack.node.id}/${path}`);
    if (!construct || !TerraformResource.isTerraformResource(construct) || construct.terraformResourceType !== type) {
      throw new Error(`no ${type} at ${this.stack.node.id}/${path}`);
    }
    const name = construct.friendlyUniqueId;
    return { ...this.json.resource[type][name], __name: name };
  }

  /** The ephemeral block of a type at a construct path within the stack, such as `master/password/generator`. */
  ephemeral(type: string, path: string): SynthesizedResource {
    const construct = this.stack.node.findAll().find((c) => c.node.path === `${this.stack.node.id}/${path}`);
    if (!(construct instanceof EphemeralResource) || construct.type !== type) throw new Error(`no ephemeral ${type} at ${this.stack.node.id}/${path}`);
    const name = construct.friendlyUniqueId;
    return { ...this.json.ephemeral[type][name], __name: name };
  }

  /** The `${type.name.attribute}` expression referring to a resource. */
  static ref(type: string, resource: SynthesizedResource, attribute = "id"): string {
    return `\${${type}.${resource.__name}.${attribute}}`;
  }
}

/** The default configuration as a run (no environment variables). */
export function defaultRun(env: NodeJS.ProcessEnv = {}): PlatformRun {
  return loadPlatformRun(env);
}

/** A run of a given configuration. */
export function runOf(config: PlatformConfigInput, bootstrap = false): PlatformRun {
  return { platform: resolvePlatform(parseConfig(config, "test")), bootstrap };
}

/** A deep copy of the default configuration to modify in a test. */
export function defaultConfigCopy(): PlatformConfigInput {
  return structuredClone(DEFAULT_CONFIG);
}

/** Builds the platform for a run in a fresh test app. */
export function buildPlatform(run: PlatformRun = defaultRun()): { app: App; platform: Platform } {
  const app = Testing.app();
  return { app, platform: new Platform(app, run) };
}

/** Every stack of the built-in configuration as `cdktf synth` writes it, cross-stack references resolved into remote state. */
export function writtenStacks(): Map<string, Record<string, any>> {
  const outdir = mkdtempSync(join(tmpdir(), "platform-synth-"));
  const app = new App({ outdir });
  new Platform(app, defaultRun());
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return new Map(Object.entries<any>(manifest.stacks).map(([id, stack]) => [id, JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"))]));
}

/** The environment of this process without its PLATFORM_* variables, for a command a test runs with its own. */
export const withoutPlatformVariables = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("PLATFORM_")));
