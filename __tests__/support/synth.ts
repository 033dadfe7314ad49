import { App, TerraformResource, TerraformStack, Testing } from "cdktf";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { PlatformRun } from "../../src/config/platform/load";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { Platform } from "../../src/platform";
import { EphemeralResource } from "../../src/constructs/terraform/ephemeral-resource";
import { defaultRun, runOf } from "./config";

/** A resource's synthesized arguments (snake_case), with its logical name. */
export type SynthesizedResource = Record<string, any> & { readonly __name: string };

/** A stack's synthesized JSON, parsed, with lookups. */
export class SynthesizedStack {
  /** The JSON text, for the cdktf jest matchers. */
  readonly text: string;
  /** The parsed JSON. */
  readonly json: Record<string, any>;

  constructor(private readonly stack: TerraformStack) {
    this.text = synthesizedText(stack);
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

/**
 * Builds the platform for a run in a fresh test app. Without a run, the built-in configuration's
 * platform is built once per test file and shared by its tests (it is read, never changed: adding
 * a construct to it throws here, on the next call); pass `defaultRun()` for a private one to change.
 */
export function buildPlatform(run?: PlatformRun): { app: App; platform: Platform } {
  if (run) return newPlatform(run);
  if (!sharedPlatform) {
    const built = newPlatform(defaultRun());
    sharedPlatform = { built, constructs: ownConstructs(built.app) };
  } else if (ownConstructs(sharedPlatform.built.app) !== sharedPlatform.constructs) {
    throw new Error("a test added constructs to the shared built-in platform of buildPlatform(); build a private one with buildPlatform(defaultRun()) to change it");
  }
  return sharedPlatform.built;
}

function newPlatform(run: PlatformRun): { app: App; platform: Platform } {
  const app = Testing.app();
  return { app, platform: new Platform(app, run) };
}

/** This test file's built-in platform (jest gives each test file its own modules, so its own copy). */
let sharedPlatform: { built: { app: App; platform: Platform }; constructs: number } | undefined;

/** How many constructs the app holds, leaving out those CDKTF adds when a stack referring to another is synthesized. */
const ownConstructs = (app: App) => app.node.findAll().filter((c) => !c.node.id.startsWith("cross-stack-")).length;

/**
 * A stack's `Testing.synth` text, remembered per stack while the stack holds the same constructs:
 * a test's second SynthesizedStack of a stack costs a parse, not a synthesis.
 */
function synthesizedText(stack: TerraformStack): string {
  const constructs = stack.node.findAll().length;
  const known = synthesized.get(stack);
  if (known?.constructs === constructs) return known.text;
  const text = Testing.synth(stack);
  // Synthesizing can add cross-stack outputs and remote states: count again.
  synthesized.set(stack, { constructs: stack.node.findAll().length, text });
  return text;
}

const synthesized = new WeakMap<TerraformStack, { constructs: number; text: string }>();

/**
 * Every stack of the built-in configuration (or of `config`) as `cdktf synth` writes it,
 * cross-stack references resolved into remote state. Synthesized once per `jest` run (the directory
 * of {@link writtenOutdir}), parsed afresh on each call, so a test may change what it gets.
 */
export function writtenStacks(config?: PlatformConfigInput): Map<string, Record<string, any>> {
  const key = configKey(config ?? DEFAULT_CONFIG);
  const texts = writtenTexts.get(key) ?? readWritten(writtenOutdir(config));
  writtenTexts.set(key, texts);
  return new Map([...texts].map(([id, text]) => [id, JSON.parse(text)]));
}

/** The written stacks' texts, by configuration key. */
const writtenTexts = new Map<string, Map<string, string>>();

/** A configuration's key: its JSON's hash. */
const configKey = (config: PlatformConfigInput) => createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 16);

function readWritten(outdir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return new Map(Object.entries<any>(manifest.stacks).map(([id, stack]) => [id, readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")]));
}

/**
 * The directory `cdktf synth` of the built-in configuration (or of `config`) wrote
 * (`manifest.json`, `stacks/`, `assets/`), to read and never to write. It is synthesized once per
 * `jest` run, by the first test file asking, into the run's directory that
 * `__tests__/global-setup.ts` makes (TEST_SHARED_RUN_DIR), under a name keyed by the configuration;
 * without that directory, once per test file.
 */
export function writtenOutdir(config?: PlatformConfigInput): string {
  const key = configKey(config ?? DEFAULT_CONFIG);
  const known = writtenDirs.get(key);
  if (known && existsSync(known)) return known;
  // Gone when a long-lived test process outlives its run (jest --watch): then this file synthesizes its own.
  const runDir = process.env.TEST_SHARED_RUN_DIR && existsSync(process.env.TEST_SHARED_RUN_DIR) ? process.env.TEST_SHARED_RUN_DIR : undefined;
  const target = runDir ? join(runDir, `written-${key}`) : undefined;
  const written = (dir: string) => {
    writtenDirs.set(key, dir);
    return dir;
  };
  if (target && existsSync(join(target, "manifest.json"))) return written(target);
  const outdir = mkdtempSync(join(runDir ?? tmpdir(), "platform-synth-"));
  const app = new App({ outdir });
  new Platform(app, config ? runOf(config) : defaultRun());
  app.synth();
  if (!target) return written(outdir);
  try {
    // Whole or not at all: another test process may have written it meanwhile, and then it wins.
    renameSync(outdir, target);
  } catch {
    rmSync(outdir, { recursive: true, force: true });
  }
  return written(target);
}

/** The directories written, by configuration key. */
const writtenDirs = new Map<string, string>();
