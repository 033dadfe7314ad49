/**
 * The stacks one environment's deploy job applies, in dependency order, one
 * per line: generated from the platform (the same `Platform` that `cdktf
 * synth` builds), not written by hand. They are the pipeline's stacks of the
 * environment's accounts among those that `PLATFORM_ENVS=<env>` synthesizes:
 * its networks and peering, its app stacks and DR stacks. Backend, access,
 * audit, github, registry, build repository and backup stacks are the
 * administrator's and never listed.
 *
 *   npx tsx scripts/deploy-order.ts prod
 *
 * With a region, only the stacks in that region: a failover with the primary region down applies
 * the DR region's stacks alone (each reads its state and credentials there).
 *
 *   npx tsx scripts/deploy-order.ts prod eu-west-1
 */
import { App, TerraformStack } from "cdktf";
import { loadPlatformConfig, loadPlatformRun } from "../src/config/platform/load";
import { withSuggestion } from "../src/config/shared/suggest";
import { Platform } from "../src/platform";
import { PlatformStack } from "../stacks/platform-stack";

/** An argument that names no environment of the configuration, or no region of the environment: its message alone is printed. */
export class DeployOrderError extends Error {}

/** Stack ids in an order where every stack comes after the stacks it depends on (among those listed). */
export function dependencyOrder(stacks: readonly TerraformStack[]): string[] {
  const listed = new Set(stacks);
  const done = new Set<TerraformStack>();
  const order: string[] = [];
  const visit = (stack: TerraformStack) => {
    if (done.has(stack) || !listed.has(stack)) return;
    done.add(stack);
    for (const dependency of stack.dependencies) visit(dependency as TerraformStack);
    order.push(stack.node.id);
  };
  stacks.forEach(visit);
  return order;
}

/**
 * The pipeline's stacks of an environment, in dependency order, for the configuration synth would
 * use (`root`: where it looks for platform.json); only those in `region` where one is given.
 */
export function deployOrder(environment: string, env: NodeJS.ProcessEnv = process.env, root: string = process.cwd(), region?: string): string[] {
  const environments = Object.keys(loadPlatformConfig({ ...env, PLATFORM_ENVS: undefined }, root).config.environments);
  if (!environments.includes(environment)) {
    // Said here, not as PLATFORM_ENVS's error: the name is this script's argument.
    throw new DeployOrderError(withSuggestion(`unknown environment "${environment}": the configuration's environments are ${environments.join(", ")}`, environment, environments));
  }
  const run = loadPlatformRun({ ...env, PLATFORM_ENVS: environment }, root);
  const app = new App({ outdir: "cdktf.out", skipValidation: true });
  new Platform(app, run);
  const target = run.platform.environments.find((candidate) => candidate.name === environment)!;
  const regions = [target.network.region, ...(target.drNetwork ? [target.drNetwork.region] : [])];
  if (region !== undefined && !regions.includes(region)) {
    // A mistyped region would list no stack, and a failover job would apply nothing and pass.
    throw new DeployOrderError(withSuggestion(`environment ${environment} has no stacks in region "${region}": its regions are ${regions.join(", ")}`, region, regions));
  }
  const accounts = new Set([target.network.account.name, ...(target.drNetwork ? [target.drNetwork.account.name] : [])]);
  const stacks = app.node.children.filter((child): child is PlatformStack => child instanceof PlatformStack && child.deployedBy === "pipeline" && accounts.has(child.account.name) && (region === undefined || child.region === region));
  return dependencyOrder(stacks);
}

if (require.main === module) {
  const [environment, region] = process.argv.slice(2);
  if (!environment) {
    console.error("usage: npx tsx scripts/deploy-order.ts <environment> [region]");
    process.exit(1);
  }
  try {
    process.stdout.write(`${deployOrder(environment, process.env, process.cwd(), region || undefined).join("\n")}\n`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
