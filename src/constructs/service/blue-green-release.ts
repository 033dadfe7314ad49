import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { ResolvedBlueGreen } from "../../config/release/resolve";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";

/** Properties of a {@link BlueGreenRelease}. */
export interface BlueGreenReleaseProps {
  /** The resolved blue/green settings: names, traffic shift, termination wait. */
  readonly blueGreen: ResolvedBlueGreen;
  /** The account the service runs in. */
  readonly accountId: string;
  /** The region the service runs in. */
  readonly region: string;
  /** The ECS cluster's name. */
  readonly clusterName: string;
  /** The ECS service's name (a reference to the service, so the group is made after it). */
  readonly serviceName: string;
  /** The task definition family the service runs, whose revisions CodeDeploy's task sets run. */
  readonly taskFamily: string;
  /** The load balancer's name: its listener rules' ARNs start with it. */
  readonly loadBalancerName: string;
  /** The production listener (CodeDeploy's production traffic route) and the test listener. */
  readonly listenerArns: { readonly production: string; readonly test: string };
  /** The two target groups' names: the one the service starts in, then the other. */
  readonly targetGroupNames: readonly [string, string];
  /** The alarms that roll a release back (at most 10, CodeDeploy's limit per deployment group). */
  readonly alarmNames: readonly string[];
  /** The task's execution and task roles, which CodeDeploy passes to ECS for each replacement task set. */
  readonly taskRoleArns: readonly string[];
}

/** The most alarms a deployment group watches (AWS CodeDeploy User Guide, "Quotas": alarms in a deployment group). */
const MAX_ALARMS = 10;

/**
 * CodeDeploy's blue/green releases of one ECS service (decision 0013): its application (ECS compute
 * platform), a deployment configuration of its own where the shift matches no predefined one, and
 * the deployment group: the service, the two target groups with the production and test listeners,
 * the shift, the original task set terminated after the configured wait, and automatic rollback on
 * a failed deployment and on any of the given alarms. CodeDeploy acts through a role of its own
 * that may do what `AWSCodeDeployRoleForECS` allows, scoped to this service, its task sets, its two
 * listeners and its load balancer's rules, its alarms, and passing its task's two roles to ECS tasks;
 * nothing of S3, Lambda or SNS (no hooks, triggers or AppSpec files in a bucket).
 */
export class BlueGreenRelease extends Construct {
  /** The CodeDeploy application's name. */
  readonly applicationName: string;
  /** The deployment group's name. */
  readonly deploymentGroupName: string;

  constructor(scope: Construct, id: string, props: BlueGreenReleaseProps) {
    super(scope, id);
    const { blueGreen, accountId } = props;
    if (props.alarmNames.length > MAX_ALARMS) throw new Error(`a deployment group watches at most ${MAX_ALARMS} alarms; ${props.alarmNames.length} given`);
    const application = new CodedeployApp(this, "application", { name: blueGreen.applicationName, computePlatform: "ECS" });
    const custom = blueGreen.deploymentConfig.custom;
    const config = custom
      ? new CodedeployDeploymentConfig(this, "deployment-config", {
          deploymentConfigName: blueGreen.deploymentConfig.name,
          computePlatform: "ECS",
          trafficRoutingConfig:
            custom.type === "TimeBasedLinear"
              ? { type: custom.type, timeBasedLinear: { percentage: custom.percent, interval: custom.intervalMinutes } }
              : { type: custom.type, timeBasedCanary: { percentage: custom.percent, interval: custom.intervalMinutes } },
        }).deploymentConfigName
      : blueGreen.deploymentConfig.name;

    const role = new IamRole(this, "role", {
      name: blueGreen.roleName,
      description: `CodeDeploy shifts ${blueGreen.applicationName}'s blue/green releases`,
      assumeRolePolicy: serviceTrustPolicy("codedeploy.amazonaws.com", accountId),
    });
    const policy = new IamRolePolicy(this, "role-policy", { role: role.id, name: "blue-green", policy: policyDocument(codeDeployStatements(props)) });

    const group = new CodedeployDeploymentGroup(this, "deployment-group", {
      appName: application.name,
      deploymentGroupName: blueGreen.deploymentGroupName,
      serviceRoleArn: role.arn,
      deploymentConfigName: config,
      deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
      blueGreenDeploymentConfig: {
        // Production traffic moves as soon as the replacement task set is healthy: nobody approves by hand mid-job.
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: blueGreen.terminationWaitMinutes },
      },
      ecsService: { clusterName: props.clusterName, serviceName: props.serviceName },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [props.listenerArns.production] },
          testTrafficRoute: { listenerArns: [props.listenerArns.test] },
          targetGroup: props.targetGroupNames.map((name) => ({ name })),
        },
      },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: [...props.alarmNames] },
      // CodeDeploy checks its role when the group is made: the role's policy first.
      dependsOn: [policy],
    });
    this.applicationName = application.name;
    this.deploymentGroupName = group.deploymentGroupName;
  }
}

/** What CodeDeploy's role may do: `AWSCodeDeployRoleForECS`'s ECS, load balancing, alarm and PassRole actions, on this service's resources only. */
function codeDeployStatements(props: BlueGreenReleaseProps): PolicyStatement[] {
  const { accountId, region, clusterName } = props;
  const service = props.blueGreen.applicationName;
  return [
    {
      Sid: "TheServicesTaskSets",
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet"],
      Resource: [
        `arn:aws:ecs:${region}:${accountId}:service/${clusterName}/${service}`,
        `arn:aws:ecs:${region}:${accountId}:task-set/${clusterName}/${service}/*`,
        `arn:aws:ecs:${region}:${accountId}:task-definition/${props.taskFamily}:*`,
      ],
    },
    {
      Sid: "DescribeLoadBalancingWhichHasNoResourceScope",
      Effect: "Allow",
      Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules"],
      Resource: "*",
    },
    { Sid: "ShiftTheTwoListeners", Effect: "Allow", Action: "elasticloadbalancing:ModifyListener", Resource: [props.listenerArns.production, props.listenerArns.test] },
    {
      Sid: "ShiftTheLoadBalancersRules",
      Effect: "Allow",
      Action: "elasticloadbalancing:ModifyRule",
      Resource: `arn:aws:elasticloadbalancing:${region}:${accountId}:listener-rule/app/${props.loadBalancerName}/*`,
    },
    { Sid: "WatchTheRollbackAlarms", Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: props.alarmNames.map((name) => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`) },
    {
      Sid: "PassTheTaskRolesToEcsTasks",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [...props.taskRoleArns],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}
