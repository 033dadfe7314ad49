import { format } from "node:util";

/** What a script run in the test's process printed: console.log as its stdout, console.error and console.warn as its stderr. */
export interface Printed<T> {
  /** What the run returned. */
  readonly result: T;
  /** console.log's lines. */
  readonly stdout: string;
  /** console.error's and console.warn's lines, in order. */
  readonly stderr: string;
}

/** Runs `action` with the console captured (nothing reaches the terminal), as a script's stdout and stderr. */
export function printedBy<T>(action: () => T): Printed<T> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // Formatted as Node's console formats them: an Error printed shows its stack, as a user would see it.
  const line = (into: string[]) => (...parts: unknown[]) => void into.push(`${format(...parts)}\n`);
  const spies = [
    jest.spyOn(console, "log").mockImplementation(line(stdout)),
    jest.spyOn(console, "error").mockImplementation(line(stderr)),
    jest.spyOn(console, "warn").mockImplementation(line(stderr)),
  ];
  try {
    return { result: action(), stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}
