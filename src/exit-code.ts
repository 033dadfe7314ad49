/** An error class a command may meet because of its input (a configuration error, a broken guardrail, an unknown environment). */
type InputErrorClass = abstract new (...args: never[]) => Error;

/**
 * A command's exit code: its work's, or 1 after printing the message alone of an error its input
 * caused (an instance of one of `inputErrors`), which the user mends from that message. Any other
 * error is a bug and is thrown, with its stack trace.
 */
export function exitCodeOf(work: () => number, inputErrors: readonly InputErrorClass[]): number {
  try {
    return work();
  } catch (error) {
    if (!inputErrors.some((kind) => error instanceof kind)) throw error;
    console.error((error as Error).message);
    return 1;
  }
}
