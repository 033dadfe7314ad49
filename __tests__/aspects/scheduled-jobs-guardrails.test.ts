import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { guardedSynth } from "../support/guarded";

/** Issue 23, part 5 (decision 0014): the guardrails of the scheduled jobs' dead-letter queue and of their scheduler role's trust. */
const synth = (build: (scope: Construct) => void, pipelineDeployed = false) => guardedSynth(build, { pipelineDeployed });

describe("scheduled jobs' guardrails", () => {
  it("refuse a queue not encrypted with a customer-managed key, SQS's own keys included", () => {
    expect(synth((scope) => new SqsQueue(scope, "queue", { name: "acme-web-dev-jobs-dlq" }))).toThrow("[sqs-encryption] guarded/queue (aws_sqs_queue.queue): does not set kms_master_key_id");
    expect(synth((scope) => new SqsQueue(scope, "queue", { name: "acme-web-dev-jobs-dlq", sqsManagedSseEnabled: true }))).toThrow("[sqs-encryption]");
    expect(synth((scope) => new SqsQueue(scope, "queue", { name: "acme-web-dev-jobs-dlq", kmsMasterKeyId: "arn:aws:kms:us-east-1:111111111111:key/1" }))).not.toThrow();
  });

  it("let a pipeline stack's role trust EventBridge Scheduler, and no look-alike", () => {
    const role = (service: string) => (scope: Construct) =>
      new IamRole(scope, "role", { name: "r", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] }) });
    expect(synth(role("scheduler.amazonaws.com"), true)).not.toThrow();
    expect(synth(role("scheduler.amazonaws.com.evil.example"), true)).toThrow("[pipeline-role-trust] guarded/role (aws_iam_role.role): trusts Service scheduler.amazonaws.com.evil.example");
  });
});
