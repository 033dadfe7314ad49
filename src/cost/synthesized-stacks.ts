/** Reading the stacks a synthesis wrote: `<outdir>/manifest.json` and each stack's `cdk.tf.json`. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackInput } from "./estimate";

/** The part of cdktf's `manifest.json` read here. */
interface Manifest {
  /** Each stack by id, with the path of its `cdk.tf.json` relative to the output directory. */
  readonly stacks: Readonly<Record<string, { readonly synthesizedStackPath: string }>>;
}

/** Every stack of a synthesis output directory (what `app.synth()` wrote there), in the manifest's order, parsed. */
export function stackJsonFromOutdir(outdir: string): StackInput[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
  return Object.entries(manifest.stacks).map(([id, stack]) => ({ id, json: JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")) as object }));
}
