import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { policyDocument } from "../security/policy-document";

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** The queue's name. */
  readonly name: string;
  /** The customer managed key encrypting its messages at rest. */
  readonly kmsKeyArn: string;
  /** Seconds a message is kept before SQS deletes it. */
  readonly retentionSeconds: number;
  /** The one role that may send to it (a schedule's execution role). */
  readonly senderRoleArn: string;
}

/**
 * A standard SQS queue that keeps what a sender could not deliver (a FIFO queue cannot be
 * EventBridge Scheduler's dead-letter queue: EventBridge Scheduler User Guide, "Configuring a
 * dead-letter queue"), encrypted with a customer managed key, whose policy lets no principal but
 * the sender's role send to it and refuses every request without TLS.
 */
export class DeadLetterQueue extends Construct {
  /** The queue's ARN. */
  readonly arn: string;
  /** The queue's name, its CloudWatch dimension (`QueueName`). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const queue = new SqsQueue(this, "queue", {
      name: props.name,
      kmsMasterKeyId: props.kmsKeyArn,
      messageRetentionSeconds: props.retentionSeconds,
    });
    new SqsQueuePolicy(this, "policy", {
      queueUrl: queue.url,
      policy: policyDocument([
        {
          Sid: "OnlyTheSenderRoleSends",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnNotEquals: { "aws:PrincipalArn": props.senderRoleArn } },
        },
        { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queue.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]),
    });
    this.arn = queue.arn;
    this.name = queue.name;
  }
}
