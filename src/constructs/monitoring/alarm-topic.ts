import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { EncryptionKey } from "../security/kms-key";
import { policyDocument, PolicyStatement } from "../security/policy-document";

/** Properties of an {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** The topic's name; the key alias is `alias/<name>`. */
  readonly name: string;
  /** The account that owns the topic. */
  readonly accountId: string;
  /** E-mail addresses to subscribe. @default none */
  readonly emails?: readonly string[];
  /**
   * The SSM parameter (SecureString) holding an incident management service's
   * HTTPS endpoint, read at plan time so the URL is never in code or in the
   * synthesized configuration. @default no incident management subscription
   */
  readonly incidentEndpointParameter?: string;
}

/** The AWS services that publish alarms and events to the topic: CloudWatch alarms, RDS events, EventBridge rules (failed ECS tasks). */
const PUBLISHERS = ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com", "events.amazonaws.com"];

/**
 * An SNS topic for alarms, encrypted with its own customer-managed key that
 * CloudWatch alarms, RDS events and EventBridge rules may use, with a policy that lets those
 * services publish for this account only and refuses access without TLS,
 * and its e-mail and incident management subscriptions.
 */
export class AlarmTopic extends Construct {
  /** The topic's ARN. */
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const fromThisAccount = { StringEquals: { "aws:SourceAccount": props.accountId } };
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${props.name}`,
      description: `Encrypts the alarm topic ${props.name}`,
      accountId: props.accountId,
      serviceStatements: [
        {
          Sid: "AlarmPublishersEncryptMessages",
          Effect: "Allow",
          Principal: { Service: PUBLISHERS },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: fromThisAccount,
        },
      ],
    });
    const topic = new SnsTopic(this, "topic", { name: props.name, kmsMasterKeyId: key.arn });
    this.topicArn = topic.arn;

    const statements: PolicyStatement[] = [
      {
        Sid: "AccountManagesTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
        Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
        Resource: topic.arn,
      },
      {
        Sid: "AlarmPublishersPublish",
        Effect: "Allow",
        Principal: { Service: PUBLISHERS },
        Action: "sns:Publish",
        Resource: topic.arn,
        Condition: fromThisAccount,
      },
      {
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes"],
        Resource: topic.arn,
        Condition: { Bool: { "aws:SecureTransport": false } },
      },
    ];
    new SnsTopicPolicy(this, "policy", { arn: topic.arn, policy: policyDocument(statements) });

    (props.emails ?? []).forEach((email, index) => {
      new SnsTopicSubscription(this, `email-${index}`, { topicArn: topic.arn, protocol: "email", endpoint: email });
    });
    if (props.incidentEndpointParameter !== undefined) {
      const endpoint = new DataAwsSsmParameter(this, "incident-endpoint", { name: props.incidentEndpointParameter, withDecryption: true });
      new SnsTopicSubscription(this, "incident-management", {
        topicArn: topic.arn,
        protocol: "https",
        endpoint: endpoint.value,
        endpointAutoConfirms: true,
      });
    }
  }
}
