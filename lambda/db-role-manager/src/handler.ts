import { awsDependencies } from "./aws";
import { RoleManagerFailure } from "./connection";
import { run, RoleManagerResult } from "./run";

/**
 * The Lambda entry point. Returns the result when it succeeds and throws
 * when it does not, so that `aws_lambda_invocation` fails the apply with the
 * error's code and message.
 */
export async function handler(event: unknown): Promise<RoleManagerResult> {
  let result: RoleManagerResult;
  try {
    result = await run(event, awsDependencies(process.env));
  } catch (error) {
    if (error instanceof RoleManagerFailure) throw new Error(`${error.code}: ${error.message}`);
    throw error;
  }
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}
