import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction, LambdaFunctionVpcConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { LAMBDA_RUNTIME } from "../../../lambda/bundle";

/** Properties of {@link ScheduledProbe}. */
export interface ScheduledProbeProps {
  /** The function's name (its log group is `/aws/lambda/<name>`). */
  readonly functionName: string;
  /** What it finds, for the function's description. */
  readonly description: string;
  /** The bundled archive (`index.js`, handler `index.handler`). */
  readonly archivePath: string;
  /** The role's ARN (a stack of the primary region creates it: IAM's control plane is in us-east-1). */
  readonly roleArn: string;
  /** Its configuration. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where it runs in a VPC. @default outside any VPC, with Lambda's own route to the internet */
  readonly vpcConfig?: LambdaFunctionVpcConfig;
  /** The key encrypting its log group. */
  readonly kmsKeyArn: string;
  /** How often it runs, in minutes. */
  readonly scheduleMinutes: number;
  /** Seconds it may run. */
  readonly timeoutSeconds: number;
  /** Its memory, in MB. */
  readonly memoryMb: number;
  /** Days its log group keeps logs. */
  readonly logRetentionDays: number;
}

/**
 * A probe function of the DR region, run on a schedule by an EventBridge rule of that region,
 * which writes its finding as a metric datapoint in embedded metric format to its own log group
 * (text log format, so that the line reaches the log as written). Everything here is regional:
 * Lambda, EventBridge and CloudWatch Logs keep working while another region is down.
 */
export class ScheduledProbe extends Construct {
  constructor(scope: Construct, id: string, props: ScheduledProbeProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const asset = new TerraformAsset(this, "code", { path: props.archivePath, type: AssetType.FILE });
    const fn = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: props.roleArn,
      runtime: LAMBDA_RUNTIME,
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: props.timeoutSeconds,
      memorySize: props.memoryMb,
      // One run at a time: a slow target never piles probes up.
      reservedConcurrentExecutions: 1,
      ...(props.vpcConfig ? { vpcConfig: props.vpcConfig } : {}),
      loggingConfig: { logGroup: logGroup.name, logFormat: "Text" },
      environment: { variables: { ...props.environment } },
      dependsOn: [logGroup],
    });
    const schedule = new CloudwatchEventRule(this, "schedule", {
      name: props.functionName,
      description: `Runs ${props.functionName} every ${props.scheduleMinutes} minute(s)`,
      scheduleExpression: props.scheduleMinutes === 1 ? "rate(1 minute)" : `rate(${props.scheduleMinutes} minutes)`,
    });
    new CloudwatchEventTarget(this, "target", { rule: schedule.name, arn: fn.arn });
    new LambdaPermission(this, "invoked-by-schedule", {
      statementId: "InvokedBySchedule",
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "events.amazonaws.com",
      sourceArn: schedule.arn,
    });
  }
}
