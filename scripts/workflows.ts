/**
 * The workflows generated from the configuration: `.github/workflows/deploy.yml` from its
 * environments (scripts/deploy-workflow.ts) and `.github/workflows/image.yml` from its apps
 * (scripts/image-workflow.ts). The configuration is the one synth uses (`platform.json` at the
 * repository root, `PLATFORM_CONFIG`, or the built-in one).
 *
 *   npm run workflows            # writes both
 *   npm run workflows -- --check # exits 1 naming each committed file that is not what the configuration makes
 *
 * A test runs the check, so a change of environments or apps without the regenerated workflows fails CI.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPlatformRun } from "../src/config/platform/load";
import type { ResolvedPlatform } from "../src/config/platform/resolve";
import { ConfigError } from "../src/config/shared/errors";
import { exitCodeOf } from "../src/exit-code";
import { DEPLOY_WORKFLOW_PATH, deployWorkflowOf } from "./deploy-workflow";
import { IMAGE_WORKFLOW_PATH, imageWorkflowOf } from "./image-workflow";

/** A generated workflow: where it lives, what of the configuration makes it, and its text (undefined: the configuration makes no such workflow). */
interface GeneratedWorkflow {
  readonly path: string;
  readonly from: string;
  readonly of: (platform: ResolvedPlatform) => string | undefined;
}

const GENERATED_WORKFLOWS: readonly GeneratedWorkflow[] = [
  { path: DEPLOY_WORKFLOW_PATH, from: "the configured environments", of: deployWorkflowOf },
  { path: IMAGE_WORKFLOW_PATH, from: "the configured apps", of: imageWorkflowOf },
];

/** The only argument `npm run workflows` takes. */
const CHECK = "--check";

/** A command line `npm run workflows` cannot run. */
export class WorkflowsUsageError extends Error {}

/** The platform the configuration synth would use (`root`: where it looks for platform.json) makes, every environment included. */
export function configuredPlatform(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): ResolvedPlatform {
  return loadPlatformRun({ ...env, PLATFORM_ENVS: "" }, root).platform;
}

/** `npm run workflows [-- --check]` with `args`, `env` and `cwd`; its exit code (1: an unknown argument, a stale file, or a configuration error, whose message alone is printed). */
export function runWorkflows(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  return exitCodeOf(() => {
    const unknown = args.find((arg) => arg !== CHECK);
    if (unknown !== undefined) throw new WorkflowsUsageError(`unknown argument ${unknown}: npm run workflows takes ${CHECK} or nothing`);
    const platform = configuredPlatform(env, cwd);
    const workflows = GENERATED_WORKFLOWS.map((workflow) => ({ ...workflow, text: workflow.of(platform), file: join(cwd, workflow.path) }));
    if (!args.includes(CHECK)) {
      for (const { path, text, file } of workflows) {
        if (text !== undefined) {
          writeFileSync(file, text);
          console.error(`wrote ${path}`);
        } else if (existsSync(file)) {
          rmSync(file);
          console.error(`removed ${path}: the configuration makes none`);
        }
      }
      return 0;
    }
    const stale = workflows.filter(({ text, file }) => (existsSync(file) ? readFileSync(file, "utf8") : undefined) !== text);
    for (const { path, from } of stale) console.error(`${path} is not what ${from} make: run npm run workflows and commit it`);
    return stale.length === 0 ? 0 : 1;
  }, [ConfigError, WorkflowsUsageError]);
}

if (require.main === module) process.exitCode = runWorkflows(process.argv.slice(2), process.env, process.cwd());
