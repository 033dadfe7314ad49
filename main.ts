import { App } from "cdktf";
import { resolve } from "node:path";
import { ConfigError } from "./src/config/shared/errors";
import { exitCodeOf } from "./src/exit-code";
import { loadPlatformRun, PlatformRun } from "./src/config/platform/load";
import { Platform } from "./src/platform";
import { recordTokenTraces } from "./src/token-traces";

/**
 * Your own resources: add them to a stack of the platform here, such as
 * `new SqsQueue(platform.deployments.get("web-dev")!.service, "jobs", {...})`.
 * They get the stack's provider, backend and tags, and the guardrails check
 * them like ours; a waiver (`waiveGuardrail(construct, rule, reason)`) needs a
 * reason. See "Extending" in the README.
 */
function extend(platform: Platform): void {
  void platform;
}

/**
 * Builds the platform of a loaded configuration, your resources included, and writes every stack
 * to `outdir` (by default CDKTF_OUTDIR, as the CDKTF CLI sets it, else cdktf.out), its tokens
 * recording their creation traces as `env` asks. `npm run cost` calls it too, so that its estimate
 * prices what synth writes.
 */
export function synthesize(run: PlatformRun, outdir?: string, env: NodeJS.ProcessEnv = process.env): void {
  // Tokens record where they were made only when PLATFORM_TOKEN_TRACES=1 asks (src/token-traces.ts).
  recordTokenTraces(env);
  const app = new App(outdir ? { outdir } : {});
  extend(new Platform(app, run));
  app.synth();
}

/**
 * The app as the CDKTF CLI runs it (`cdktf synth`, `npm run synth`), with the platform's variables
 * and CDKTF_OUTDIR from `env` and a relative output directory under `cwd` (CDKTF's App reads its
 * other variables from the process): loads and validates the configuration (before the App
 * creates the output directory), prints which one it used, synthesizes, and returns the exit code.
 */
export function runApp(env: NodeJS.ProcessEnv, cwd: string): number {
  return exitCodeOf(() => {
    // cdktf runs the app from the repository root: a platform.json there is the checkout's own configuration.
    const run = loadPlatformRun(env, cwd);
    // npm run synth prints them before it starts the CDKTF CLI, which would show ours as errors or twice.
    if (env.PLATFORM_SUMMARY_PRINTED !== "1") {
      console.error(run.summary);
      for (const warning of run.warnings ?? []) console.warn(`Warning: ${warning}`);
    }
    synthesize(run, resolve(cwd, env.CDKTF_OUTDIR ?? "cdktf.out"), env);
    return 0;
  }, [ConfigError]);
}

// Composition root, when run as the app.
if (require.main === module) process.exitCode = runApp(process.env, process.cwd());
