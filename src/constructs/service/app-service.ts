import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import type { ResolvedDeployment } from "../../config/app/resolve";
import type { CpuArchitecture } from "../../config/capacity/defaults";
import type { ResolvedEc2Capacity } from "../../config/capacity/resolve";
import type { ResolvedService } from "../../config/service/resolve";
import type { ResolvedBlueGreen } from "../../config/release/resolve";
import type { ServiceAlarmThresholds } from "../../config/shared/tiers";
import { APPCONFIG_AGENT, FEATURE_FLAG_DEPLOYMENT, TARGET_HEALTH_CHECK, TLS_POLICY } from "../../config/service/defaults";
import { EncryptionKey, logsServiceStatement } from "../security/kms-key";
import { AccessLogBucket } from "./access-log-bucket";
import { BlueGreenRelease } from "./blue-green-release";
import { MigrationTask } from "./migration-task";
import type { ResolvedMigrations } from "../../config/release/resolve";
import type { PolicyStatement } from "../security/policy-document";
import type { ServiceCapacityProps } from "./cluster-capacity";
import { FargateService } from "./fargate-service";
import { CdnOriginAccess, LoadBalancer } from "./load-balancer";
import { ServiceAlarms } from "./service-alarms";
import { ServiceAutoscaling } from "./service-autoscaling";
import { AppTaskDefinition, CollectorContainer } from "./task-definition";
import { FeatureFlags } from "./feature-flags";
import { wafLogGroupName, WebAcl } from "./web-acl";
import { TaskFailures } from "./task-failures";

/** The containers' log group of a service: `/ecs/<name>`. */
export const appLogGroupName = (name: string) => `/ecs/${name}`;

/** Properties of {@link addServiceFoundation}. */
export interface ServiceFoundationProps {
  /** Prefix of the names: the log group is `/ecs/<name>`, the WAF's `aws-waf-logs-<name>`, the AppConfig application `<name>`. */
  readonly name: string;
  /** The key's alias. */
  readonly keyAlias: string;
  /** The key's description. */
  readonly keyDescription: string;
  /** The account the service runs in. */
  readonly accountId: string;
  /** The region the service runs in. */
  readonly region: string;
  /** The app in its environment: service settings and feature flags. */
  readonly deployment: ResolvedDeployment;
  /** More log groups of the stack that the key encrypts (a probe function's). @default none */
  readonly extraLogGroupNames?: readonly string[];
}

/** What {@link addServiceFoundation} built. */
export interface ServiceFoundation {
  /** The service's key: logs, WAF logs, ECS Exec sessions (and, in the primary region, files). */
  readonly key: EncryptionKey;
  /** The containers' log group. */
  readonly logGroup: CloudwatchLogGroup;
  /** The feature flags in AppConfig. */
  readonly flags: FeatureFlags;
}

/**
 * What a service needs before its roles and tasks, in both regions: its key,
 * which CloudWatch Logs may use for the containers' and the WAF's log groups,
 * the containers' log group, and the feature flags. Added to the given scope
 * itself, like {@link addAppService}.
 */
export function addServiceFoundation(scope: Construct, props: ServiceFoundationProps): ServiceFoundation {
  const { name, region, accountId, deployment } = props;
  const { service } = deployment;
  const logGroupName = appLogGroupName(name);
  const logGroupArns = [logGroupName, ...(service.waf ? [wafLogGroupName(name)] : []), ...(props.extraLogGroupNames ?? [])].map((group) => `arn:aws:logs:${region}:${accountId}:log-group:${group}`);
  const key = new EncryptionKey(scope, "key", {
    alias: props.keyAlias,
    description: props.keyDescription,
    accountId,
    serviceStatements: [logsServiceStatement(region, logGroupArns)],
  });
  const logGroup = new CloudwatchLogGroup(scope, "log-group", { name: logGroupName, retentionInDays: service.logRetentionDays, kmsKeyId: key.arn });
  const flags = new FeatureFlags(scope, "feature-flags", {
    name,
    environmentName: deployment.environment.name,
    flags: deployment.featureFlags,
    deploymentStrategy: FEATURE_FLAG_DEPLOYMENT,
    region,
    accountId,
  });
  return { key, logGroup, flags };
}

/** Properties of {@link addAppService}. */
export interface AppServiceProps {
  /** Prefix of every name: task family, cluster, service, load balancer, alarms (`<name>-service-*`). */
  readonly name: string;
  /** The account the service runs in. */
  readonly accountId: string;
  /** The region the service runs in. */
  readonly region: string;
  /** The app's service settings: size, ports, health checks, HTTPS, WAF, deployment, logs. */
  readonly service: ResolvedService;
  /** The service alarms' thresholds. */
  readonly alarmThresholds: ServiceAlarmThresholds;
  /** The network the service runs in: the load balancer in its public subnets, the tasks in its private ones. */
  readonly network: { readonly vpcId: string; readonly subnetIds: { readonly public: readonly string[]; readonly private: readonly string[] } };
  /** The key of the containers' and the WAF's logs and of ECS Exec sessions. */
  readonly kmsKeyArn: string;
  /** The containers' log group, which the stack creates (the task roles name it). */
  readonly logGroupName: string;
  /** The task's execution and task roles. */
  readonly roles: { readonly executionRoleArn: string; readonly taskRoleArn: string };
  /** The image the app container runs. */
  readonly image: string;
  /** The app container's environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** The app container's secrets: variable name to secret ARN (with an optional `:key::` suffix). */
  readonly secrets: Readonly<Record<string, string>>;
  /** The private registry's credentials secret. @default none (ECR through the execution role) */
  readonly repositoryCredentialsArn?: string;
  /** The OpenTelemetry collector sidecar. @default none */
  readonly collector?: CollectorContainer;
  /** The database's client security group, which the tasks join. */
  readonly databaseClientSecurityGroupId: string;
  /** The cache's client security group, which the tasks join too, where the app has a cache. @default no cache */
  readonly cacheClientSecurityGroupId?: string;
  /**
   * The fewest and most tasks autoscaling runs, and whether Terraform also holds the service's
   * count at the fewest on every apply (fencing at zero; `hold` defaults to false: autoscaling owns
   * the count after the first apply).
   */
  readonly tasks: { readonly min: number; readonly max: number; readonly hold?: boolean };
  /** The bucket the load balancer writes its access logs to (created here). */
  readonly accessLogsBucket: string;
  /** The topic the service's alarms go to. */
  readonly alarmTopicArn: string;
  /** Which of the domain's Route 53 records the load balancer writes. @default both (validation and alias) */
  readonly records?: { readonly validation: boolean; readonly alias: boolean };
  /** CloudFront in front: the load balancer admits it only (decision 0008). @default the internet */
  readonly cdnOrigin?: CdnOriginAccess;
  /** Where the tasks run: their CPU architecture, and the EC2 capacity the cluster gets (decision 0012). */
  readonly capacity: AppServiceCapacity;
  /** Released by CodeDeploy's blue/green deployments (decision 0013). @default ECS's rolling updates with the circuit breaker */
  readonly blueGreen?: ResolvedBlueGreen;
  /** The migration task run before each release (decision 0013): its settings, its container's environment and what its role may do. @default none */
  readonly migration?: { readonly migrations: ResolvedMigrations; readonly environment: Readonly<Record<string, string>>; readonly statements: readonly PolicyStatement[] };
}

/** The service alarms that roll a blue/green release back: what a release changes (errors, latency, health, tasks), not load (CPU, memory). */
const ROLLBACK_ALARMS = ["load-balancer-5xx", "target-5xx", "p99-response-time", "unhealthy-targets", "running-tasks"];

/** Where an app service's tasks run. */
export interface AppServiceCapacity {
  /** The CPU architecture of the task definition's runtime platform. */
  readonly cpuArchitecture: CpuArchitecture;
  /** EC2 container instances of the cluster's own, and the tags the group and its instances carry. @default Fargate */
  readonly ec2?: { readonly settings: ResolvedEc2Capacity; readonly tags: Readonly<Record<string, string>> };
}

/** What {@link addAppService} built. */
export interface AppService {
  /** The load balancer. */
  readonly loadBalancer: LoadBalancer;
  /** The ECS cluster and service. */
  readonly fargate: FargateService;
  /** The WAF web ACL on the load balancer, where the service has one. */
  readonly webAcl?: WebAcl;
  /** The app's task definition: its ARN (the release's revision) and the container and port the load balancer targets. */
  readonly task: AppTaskDefinition;
  /** CodeDeploy's application and deployment group, where releases are blue/green. */
  readonly blueGreen?: BlueGreenRelease;
  /** The migration task, where the app has one. */
  readonly migration?: MigrationTask;
}

/** The EC2 capacity of an app service's cluster: in the private subnets of its network, placed as its settings say. */
function ec2Capacity(props: AppServiceProps, ec2: NonNullable<AppServiceCapacity["ec2"]>): NonNullable<ServiceCapacityProps["ec2"]> {
  return {
    capacity: ec2.settings,
    placement: ec2.settings.placement,
    vpcId: props.network.vpcId,
    subnetIds: props.network.subnetIds.private,
    accountId: props.accountId,
    region: props.region,
    tags: ec2.tags,
  };
}

/**
 * The app running on ECS (Fargate, or EC2 capacity of the cluster's own) behind an internet-facing load balancer, as
 * both regions run it: hardened task definition, load balancer with HTTPS,
 * WAF and access logs, service with circuit breaker, autoscaling and alarms.
 * It adds its resources to the given scope itself (not under a construct of
 * its own), so the service stack's resource addresses stay as they were.
 */
export function addAppService(scope: Construct, props: AppServiceProps): AppService {
  const { name, service } = props;
  const task = new AppTaskDefinition(scope, "task", {
    family: name,
    cpu: service.cpu,
    memory: service.memory,
    executionRoleArn: props.roles.executionRoleArn,
    taskRoleArn: props.roles.taskRoleArn,
    image: props.image,
    port: service.containerPort,
    user: service.user,
    healthCheckPath: service.healthCheckPath,
    healthCheckStartSeconds: service.healthCheckGracePeriodSeconds,
    environment: props.environment,
    secrets: props.secrets,
    repositoryCredentialsArn: props.repositoryCredentialsArn,
    proxy: service.proxy,
    appConfigAgent: service.appConfigAgent ? APPCONFIG_AGENT : undefined,
    collector: props.collector,
    logGroupName: props.logGroupName,
    region: props.region,
    execCommand: service.execCommand,
    cpuArchitecture: props.capacity.cpuArchitecture,
    ec2Compatible: props.capacity.ec2 !== undefined,
  });
  const migration = props.migration
    ? new MigrationTask(scope, "migration", { migrations: props.migration.migrations, accountId: props.accountId, app: task, environment: props.migration.environment, statements: props.migration.statements })
    : undefined;

  const accessLogs = new AccessLogBucket(scope, "access-logs", {
    bucketName: props.accessLogsBucket,
    prefix: "alb",
    region: props.region,
    accountId: props.accountId,
    expirationDays: service.accessLogs.expirationDays,
  });
  const loadBalancer = new LoadBalancer(scope, "load-balancer", {
    name,
    vpcId: props.network.vpcId,
    subnetIds: props.network.subnetIds.public,
    deletionProtection: service.deletionProtection,
    accessLogs,
    domain: service.domain,
    records: props.records,
    ...(props.cdnOrigin ? { cdnOrigin: props.cdnOrigin } : {}),
    ...(props.blueGreen ? { blueGreen: { alternateTargetGroupName: props.blueGreen.alternateTargetGroupName, testListener: props.blueGreen.testListener } } : {}),
    sslPolicy: TLS_POLICY,
    healthCheck: TARGET_HEALTH_CHECK,
    targetPort: task.entrypoint.port,
    healthCheckPath: service.healthCheckPath,
    deregistrationDelaySeconds: service.deregistrationDelaySeconds,
  });
  const webAcl = service.waf
    ? new WebAcl(scope, "waf", {
        name,
        rateLimit: service.waf.rateLimit,
        resourceArn: loadBalancer.loadBalancerArn,
        logRetentionDays: service.logRetentionDays,
        logKmsKeyArn: props.kmsKeyArn,
        behindCdn: props.cdnOrigin !== undefined,
      })
    : undefined;

  const ec2 = props.capacity.ec2;
  const fargate = new FargateService(scope, "service", {
    name,
    vpcId: props.network.vpcId,
    subnetIds: props.network.subnetIds.private,
    taskDefinitionArn: task.arn,
    entrypoint: task.entrypoint,
    targetGroupArn: loadBalancer.targetGroupArn,
    loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
    extraSecurityGroupIds: [props.databaseClientSecurityGroupId, ...(props.cacheClientSecurityGroupId ? [props.cacheClientSecurityGroupId] : [])],
    initialCount: props.tasks.min,
    holdCount: props.tasks.hold,
    deployment: service.deployment,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    containerInsights: service.containerInsights,
    capacity: { fargateSpot: service.fargateSpot, onDemandBaseTasks: service.onDemandBaseTasks, ...(ec2 ? { ec2: ec2Capacity(props, ec2) } : {}) },
    execCommand: service.execCommand,
    execKmsKeyArn: props.kmsKeyArn,
    dependsOn: loadBalancer.listeners,
    codeDeploy: props.blueGreen !== undefined,
  });
  loadBalancer.allowTo("to-tasks", fargate.securityGroupId, task.entrypoint.port);

  new ServiceAutoscaling(scope, "autoscaling", {
    clusterName: fargate.clusterName,
    serviceName: fargate.serviceName,
    minTasks: props.tasks.min,
    maxTasks: props.tasks.max,
    cpuTargetPercent: service.autoscaling.cpuTargetPercent,
    memoryTargetPercent: service.autoscaling.memoryTargetPercent,
    requestsPerTarget:
      service.autoscaling.requestsPerTarget === undefined
        ? undefined
        : {
            target: service.autoscaling.requestsPerTarget,
            loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
            targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
          },
    scaleOutCooldownSeconds: service.autoscaling.scaleOutCooldownSeconds,
    scaleInCooldownSeconds: service.autoscaling.scaleInCooldownSeconds,
  });
  const alarms = new ServiceAlarms(scope, "alarms", {
    name: `${name}-service`,
    clusterName: fargate.clusterName,
    serviceName: fargate.serviceName,
    loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
    targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
    ...(loadBalancer.blueGreen ? { alternateTargetGroupArnSuffix: loadBalancer.blueGreen.targetGroupArnSuffix } : {}),
    minTasks: props.tasks.min,
    containerInsights: service.containerInsights,
    thresholds: props.alarmThresholds,
    alarmTopicArn: props.alarmTopicArn,
  });
  const failures = new TaskFailures(scope, "task-failures", {
    name: `${name}-service`,
    clusterArn: fargate.clusterArn,
    threshold: props.alarmThresholds.taskFailures,
    alarmTopicArn: props.alarmTopicArn,
    ...(props.blueGreen ? { releasedService: name } : {}),
  });
  const blueGreen =
    props.blueGreen && loadBalancer.blueGreen
      ? new BlueGreenRelease(scope, "blue-green", {
          blueGreen: props.blueGreen,
          accountId: props.accountId,
          region: props.region,
          clusterName: name,
          serviceName: fargate.serviceName,
          taskFamily: name,
          loadBalancerName: name,
          listenerArns: { production: loadBalancer.productionListenerArn, test: loadBalancer.blueGreen.testListenerArn },
          targetGroupNames: [`${name}-app`, loadBalancer.blueGreen.targetGroupName],
          // The service's own task failures, never the cluster's: a scheduled job or a migration failing must not roll a release back.
          alarmNames: [...alarms.alarmNames.filter((alarm) => ROLLBACK_ALARMS.some((id) => alarm === `${name}-service-${id}`)), failures.rollbackAlarmName!],
          taskRoleArns: [props.roles.executionRoleArn, props.roles.taskRoleArn],
        })
      : undefined;
  return { loadBalancer, fargate, task, ...(webAcl ? { webAcl } : {}), ...(blueGreen ? { blueGreen } : {}), ...(migration ? { migration } : {}) };
}
