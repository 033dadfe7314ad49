import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { EncryptionKey, logsServiceStatement } from "../security/kms-key";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";

/** Properties of {@link FlowLogs}. */
export interface FlowLogsProps {
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** The network's name, used in the log group and key alias. */
  readonly networkName: string;
  /** The project name, used in the log group and key alias. */
  readonly projectName: string;
  /** The account holding the VPC. */
  readonly accountId: string;
  /** The VPC's region. */
  readonly region: string;
  /** Days the log group keeps flow records. */
  readonly retentionDays: number;
}

/** Seconds over which flow records are aggregated: the finest AWS offers. */
const AGGREGATION_INTERVAL_SECONDS = 60;

/**
 * VPC flow logs (all traffic) to a CloudWatch log group encrypted with its
 * own customer-managed key, delivered by a role that may write to that log
 * group only.
 */
export class FlowLogs extends Construct {
  /** The log group receiving the flow records. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const logGroupName = `/${props.projectName}/vpc-flow-logs/${props.networkName}`;
    const logGroupArn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${props.projectName}-${props.networkName}-flow-logs`,
      description: `Encrypts the VPC flow logs of network ${props.networkName}`,
      accountId: props.accountId,
      serviceStatements: [logsServiceStatement(props.region, [logGroupArn])],
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: key.arn,
    });

    const role = new IamRole(this, "delivery-role", {
      name: `${props.projectName}-${props.networkName}-flow-logs`,
      description: `Delivers the VPC flow logs of network ${props.networkName}`,
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", props.accountId),
    });
    new IamRolePolicy(this, "delivery-policy", {
      role: role.id,
      name: "write-flow-log-group",
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: `arn:aws:logs:${props.region}:${props.accountId}:log-group:*` },
      ]),
    });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: AGGREGATION_INTERVAL_SECONDS,
    });
  }
}
