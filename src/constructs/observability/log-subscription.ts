import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument } from "../security/policy-document";

/** Properties of a {@link LogSubscription}. */
export interface LogSubscriptionProps {
  /** The filter's name. */
  readonly name: string;
  /** The log group whose events are sent (CloudWatch Logs allows two subscription filters per log group). */
  readonly logGroupName: string;
  /** The filter pattern; empty sends every event. */
  readonly filterPattern: string;
  /** The Firehose stream the events go to. */
  readonly streamArn: string;
  /** The role CloudWatch Logs assumes to put to the stream. */
  readonly roleName: string;
  /** The account of the log group and the stream. */
  readonly accountId: string;
  /** Their region. */
  readonly region: string;
}

/**
 * A CloudWatch Logs subscription filter sending a log group's events to a Firehose stream, and
 * the role CloudWatch Logs assumes for it: trusted by CloudWatch Logs of this account and region
 * only (the confused-deputy conditions of the CloudWatch Logs guide), and allowed to put records
 * to that one stream.
 */
export class LogSubscription extends Construct {
  constructor(scope: Construct, id: string, props: LogSubscriptionProps) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: `CloudWatch Logs sends ${props.logGroupName} to its Firehose stream`,
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId }, ArnLike: { "aws:SourceArn": `arn:aws:logs:${props.region}:${props.accountId}:*` } },
        },
      ]),
    });
    const policy = new IamRolePolicy(this, "role-policy", {
      role: role.id,
      name: "put-to-stream",
      policy: policyDocument([{ Sid: "PutToTheStream", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: props.streamArn }]),
    });
    new CloudwatchLogSubscriptionFilter(this, "filter", {
      name: props.name,
      logGroupName: props.logGroupName,
      filterPattern: props.filterPattern,
      destinationArn: props.streamArn,
      roleArn: role.arn,
      // CloudWatch Logs tests the role when the filter is created.
      dependsOn: [policy],
    });
  }
}
