import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { EncryptionKey, logsServiceStatement } from "../security/kms-key";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";

/** The log group of a network's flow logs, `/<project>/vpc-flow-logs/<network>`. */
const flowLogGroupName = (projectName: string, networkName: string) => `/${projectName}/vpc-flow-logs/${networkName}`;

/** Properties of {@link flowLogDeliveryRole}. */
export interface FlowLogDeliveryRoleProps {
  /** The role's name. */
  readonly roleName: string;
  /** The name of the network whose flow logs it delivers. */
  readonly networkName: string;
  /** The project name, used in the log group's name. */
  readonly projectName: string;
  /** The account holding the network (and the role: IAM roles are global within an account). */
  readonly accountId: string;
  /** The network's region, where its log group is. */
  readonly region: string;
  /**
   * The permissions boundary of the role: that of the network's own scope where the role is
   * created in another network's stack.
   * @default none here: the stack's workload boundary aspect sets its own
   */
  readonly permissionsBoundaryArn?: string;
}

/**
 * The role VPC flow logs of this account assume to deliver a network's flow records, which may
 * write to that network's log group only: `delivery-role` and `delivery-policy` directly in the
 * given scope (the addresses the role has always had in a network's own flow logs).
 */
export function flowLogDeliveryRole(scope: Construct, props: FlowLogDeliveryRoleProps): IamRole {
  const logGroupArn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:${flowLogGroupName(props.projectName, props.networkName)}`;
  const role = new IamRole(scope, "delivery-role", {
    name: props.roleName,
    description: `Delivers the VPC flow logs of network ${props.networkName}`,
    assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", props.accountId),
    ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
  });
  new IamRolePolicy(scope, "delivery-policy", {
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
  return role;
}

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
  /** The delivery role's name. */
  readonly deliveryRoleName: string;
  /**
   * The ARN of a delivery role another stack creates ({@link flowLogDeliveryRole}), referred to
   * by ARN so that this stack makes no IAM call.
   * @default none: the role is created here
   */
  readonly deliveryRoleArn?: string;
}

/** Seconds over which flow records are aggregated: the finest AWS offers. */
const AGGREGATION_INTERVAL_SECONDS = 60;

/**
 * VPC flow logs (all traffic) to a CloudWatch log group encrypted with its
 * own customer-managed key, delivered by a role that may write to that log
 * group only (created here, or elsewhere and given by ARN).
 */
export class FlowLogs extends Construct {
  /** The log group receiving the flow records. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const logGroupName = flowLogGroupName(props.projectName, props.networkName);
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

    const roleArn =
      props.deliveryRoleArn ??
      flowLogDeliveryRole(this, {
        roleName: props.deliveryRoleName,
        networkName: props.networkName,
        projectName: props.projectName,
        accountId: props.accountId,
        region: props.region,
      }).arn;

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: roleArn,
      maxAggregationInterval: AGGREGATION_INTERVAL_SECONDS,
    });
  }
}
