import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { networkStackId } from "../../src/config/shared/stack-ids";
import { Platform } from "../../src/platform";
import { runOf } from "./config";

/** Every stack of a configuration as `cdktf synth` writes it (cross-stack references resolved into remote state): id to JSON text. */
export function writtenStackTexts(config: PlatformConfigInput): { platform: Platform; texts: Map<string, string> } {
  const outdir = mkdtempSync(join(tmpdir(), "platform-failover-"));
  try {
    const app = new App({ outdir });
    const platform = new Platform(app, runOf(config));
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const texts = new Map(Object.entries<any>(manifest.stacks).map(([id, stack]) => [id, readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")]));
    return { platform, texts };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The region of a synthesized stack: its default (unaliased) AWS provider's. */
export const stackRegion = (json: Record<string, any>): string => (json.provider?.aws ?? []).find((provider: { alias?: string }) => provider.alias === undefined)?.region;

/** The stacks of an environment's failover, derived from the configuration standing by and failed over (`activeRegion: "dr"`). */
export interface FailoverStacks {
  /** The environment's primary region. */
  readonly primaryRegion: string;
  /** Its DR region. */
  readonly drRegion: string;
  /** Stacks standing by, id to parsed JSON. */
  readonly standing: ReadonlyMap<string, Record<string, any>>;
  /** Stacks failed over, id to parsed JSON. */
  readonly failedOver: ReadonlyMap<string, Record<string, any>>;
  /** Stacks of the DR region whose synthesized JSON the failover changes. */
  readonly changedInDrRegion: readonly string[];
  /** Stacks of the DR region the failover runbook applies: the DR network's, and each app's DR stacks there. */
  readonly appliedByRunbook: readonly string[];
  /** What the failover applies with the primary region down: both of the above. */
  readonly failover: readonly string[];
  /** Stacks of the primary region whose JSON the failover changes: applied only when the primary region returns. */
  readonly onReturn: readonly string[];
}

/** The failover of `environment` in `config` (a configuration standing by). */
export function failoverStacks(config: PlatformConfigInput, environment: string): FailoverStacks {
  const failedOverConfig = structuredClone(config);
  failedOverConfig.environments[environment].activeRegion = "dr";
  const before = writtenStackTexts(config);
  const after = writtenStackTexts(failedOverConfig);
  const resolved = after.platform.deployments;
  const { network, drNetwork } = runOf(failedOverConfig).platform.environments.find((candidate) => candidate.name === environment)!;
  if (!drNetwork) throw new Error(`environment ${environment} has no DR network`);
  const parse = (texts: Map<string, string>) => new Map([...texts].map(([id, text]) => [id, JSON.parse(text) as Record<string, any>]));
  const standing = parse(before.texts);
  const failedOver = parse(after.texts);
  const changed = (region: string) =>
    [...after.texts.keys()].filter((id) => stackRegion(failedOver.get(id)!) === region && before.texts.get(id) !== after.texts.get(id)).sort();
  const appliedByRunbook = [
    networkStackId(drNetwork.name),
    ...[...resolved.values()]
      .filter((stacks) => stacks.database.node.id.endsWith(`-${environment}-database`))
      .flatMap((stacks) => (stacks.dr ? [stacks.dr.monitoring, stacks.dr.database, ...(stacks.dr.cache ? [stacks.dr.cache] : []), stacks.dr.storage, stacks.dr.service] : []))
      .map((stack) => stack.node.id),
  ].sort();
  const changedInDrRegion = changed(drNetwork.region);
  return {
    primaryRegion: network.region,
    drRegion: drNetwork.region,
    standing,
    failedOver,
    changedInDrRegion,
    appliedByRunbook,
    failover: [...new Set([...changedInDrRegion, ...appliedByRunbook])].sort(),
    onReturn: changed(network.region),
  };
}
