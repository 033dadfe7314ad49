import { awsEdgeApi } from "./aws";
import { deleteOriginSecret, SyncResult, syncOriginSecret, targetsFromEnvironment } from "./sync";

/**
 * The event Terraform's `aws_lambda_invocation` sends (lifecycle scope CRUD): its input, plus
 * `tf.action` (`create`, `update` or `delete`).
 */
export interface InvocationEvent {
  /** Set by Terraform. */
  readonly tf?: { readonly action?: string };
}

/**
 * The Lambda entry point: copies the origin secret into the CloudFront Function and the listener
 * rules (or removes them when the edge stack is destroyed). Its result holds no secret: Terraform
 * keeps it in state.
 */
export async function handler(event: InvocationEvent): Promise<SyncResult> {
  const targets = targetsFromEnvironment(process.env);
  const api = awsEdgeApi();
  return event.tf?.action === "delete" ? deleteOriginSecret(targets, api) : syncOriginSecret(targets, api);
}
