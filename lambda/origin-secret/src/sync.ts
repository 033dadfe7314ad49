/**
 * The origin secret's copies (decision 0008): CloudFront adds the secret as a header to every
 * request it sends to the origin, and each load balancer forwards only requests carrying it. The
 * value lives in Secrets Manager (generated at apply time, written write-only) and in the two
 * places this function writes and Terraform does not manage, so that no state ever holds it: a
 * CloudFront Function that sets the header (viewer request), and a rule on each load balancer's
 * HTTPS listener. Terraform manages the distribution (which names the function by its ARN) and the
 * listeners (whose default action answers 403).
 */

/** A load balancer's HTTPS listener behind CloudFront. */
export interface Listener {
  /** The load balancer's region. */
  readonly region: string;
  /** The HTTPS listener's ARN. */
  readonly listenerArn: string;
  /** The target group the rule forwards to. */
  readonly targetGroupArn: string;
}

/** Where the copies go. */
export interface Targets {
  /** The secret's ARN. */
  readonly secretId: string;
  /** The CloudFront Function's name. */
  readonly functionName: string;
  /** The header's name, such as `x-origin-verify`. */
  readonly headerName: string;
  /** The listeners, the primary region's first. */
  readonly listeners: readonly Listener[];
  /** The listener rule's priority. */
  readonly rulePriority: number;
}

/** The AWS calls the function makes (the AWS SDK in Lambda; fakes in tests). */
export interface EdgeApi {
  /** The secret's current value and, after a rotation, its previous one (Secrets Manager's AWSCURRENT and AWSPREVIOUS). */
  secretValues(secretId: string): Promise<{ readonly current: string; readonly previous?: string }>;
  /** Creates or updates the function with this code, and publishes it to LIVE. */
  putFunction(name: string, code: string, comment: string): Promise<void>;
  /** Deletes the function if it exists. */
  deleteFunction(name: string): Promise<void>;
  /** Creates or modifies the listener's rule at this priority: forward to the target group when the header has one of the values. */
  putHeaderRule(listener: Listener, priority: number, header: string, values: readonly string[]): Promise<void>;
  /** Deletes the listener's rule at this priority if there is one. */
  deleteHeaderRule(listener: Listener, priority: number): Promise<void>;
}

/** What a run did, with no secret in it (Terraform keeps the invocation's result in state). */
export interface SyncResult {
  /** `sync` or `delete`. */
  readonly action: "sync" | "delete";
  /** Listener rules written or deleted. */
  readonly listeners: number;
  /** Values each rule accepts: 1, or 2 while the previous value still may arrive. */
  readonly acceptedValues: number;
}

/** The CloudFront Function (cloudfront-js-2.0) that sets the header on every viewer request, overwriting one a viewer sent. */
export function functionCode(header: string, value: string): string {
  return [
    "function handler(event) {",
    "  var request = event.request;",
    `  request.headers[${JSON.stringify(header.toLowerCase())}] = { value: ${JSON.stringify(value)} };`,
    "  return request;",
    "}",
    "",
  ].join("\n");
}

/**
 * Writes the copies: first every listener rule accepts the current value (and the previous one,
 * so that edge locations still running the old function keep working during a rotation), then the
 * function sends the current one. A second run after a rotation is harmless; the previous value is
 * dropped by the next rotation, which makes the current one previous.
 */
export async function syncOriginSecret(targets: Targets, api: EdgeApi): Promise<SyncResult> {
  const { current, previous } = await api.secretValues(targets.secretId);
  const values = previous !== undefined && previous !== current ? [current, previous] : [current];
  for (const listener of targets.listeners) await api.putHeaderRule(listener, targets.rulePriority, targets.headerName, values);
  await api.putFunction(targets.functionName, functionCode(targets.headerName, current), `Adds ${targets.headerName} to requests to the origin; written by the origin-secret function`);
  return { action: "sync", listeners: targets.listeners.length, acceptedValues: values.length };
}

/**
 * Removes the copies when the edge stack is destroyed (after the distribution, which names the
 * function). The function goes first: CloudFront refuses to delete a function a distribution still
 * uses (DeleteFunction, FunctionInUse), and then the listener rules must stay, or every request
 * CloudFront forwards would get the listeners' 403.
 */
export async function deleteOriginSecret(targets: Targets, api: EdgeApi): Promise<SyncResult> {
  await api.deleteFunction(targets.functionName);
  for (const listener of targets.listeners) await api.deleteHeaderRule(listener, targets.rulePriority);
  return { action: "delete", listeners: targets.listeners.length, acceptedValues: 0 };
}

/** Reads the targets from the function's environment (set by Terraform; none of it secret). */
export function targetsFromEnvironment(env: Readonly<Record<string, string | undefined>>): Targets {
  const required = (key: string): string => {
    const value = env[key];
    if (value === undefined || value === "") throw new Error(`the environment variable ${key} is not set`);
    return value;
  };
  const listeners = JSON.parse(required("LISTENERS")) as Listener[];
  if (!Array.isArray(listeners) || listeners.some((l) => typeof l.region !== "string" || typeof l.listenerArn !== "string" || typeof l.targetGroupArn !== "string")) {
    throw new Error("LISTENERS must be a JSON list of {region, listenerArn, targetGroupArn}");
  }
  const rulePriority = Number(required("RULE_PRIORITY"));
  if (!Number.isInteger(rulePriority) || rulePriority < 1 || rulePriority > 50000) throw new Error("RULE_PRIORITY must be a whole number from 1 to 50000");
  return { secretId: required("SECRET_ID"), functionName: required("FUNCTION_NAME"), headerName: required("HEADER_NAME"), listeners, rulePriority };
}
