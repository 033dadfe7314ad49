import { execFile } from "node:child_process";

/** How a command ended: its exit code and what it printed (stdout, then stderr). */
export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a command to its end without a shell, keeping what it printed. */
export function runCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}
