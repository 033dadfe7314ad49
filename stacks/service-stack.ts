import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { BACKUP_PLAN_TAG, backupRoleName } from "../src/config/backup";
import { BucketReplication } from "../src/constructs/storage/bucket-replication";
import type { ResolvedProject } from "../src/config/resolve";
import type { ResolvedDeployment } from "../src/config/resolve-app";
import { APPCONFIG_AGENT, BASTION_VOLUME_GB, FEATURE_FLAG_DEPLOYMENT, TARGET_HEALTH_CHECK, TLS_POLICY } from "../src/config/service";
import { EncryptionKey, logsServiceStatement } from "../src/constructs/security/kms-key";
import { PolicyStatement } from "../src/constructs/security/policy-document";
import { AccessLogBucket } from "../src/constructs/service/access-log-bucket";
import { Bastion } from "../src/constructs/service/bastion";
import { FargateService } from "../src/constructs/service/fargate-service";
import { FeatureFlags } from "../src/constructs/service/feature-flags";
import { LoadBalancer } from "../src/constructs/service/load-balancer";
import { ServiceAlarms } from "../src/constructs/service/service-alarms";
import { ServiceAutoscaling } from "../src/constructs/service/service-autoscaling";
import { AppTaskDefinition } from "../src/constructs/service/task-definition";
import { TaskRoles } from "../src/constructs/service/task-roles";
import { wafLogGroupName, WebAcl } from "../src/constructs/service/web-acl";
import { SecureBucket } from "../src/constructs/storage/secure-bucket";
import type { DatabaseOutputs } from "./database-stack";
import type { NetworkOutputs } from "./network-stack";
import { environmentStackProps, PlatformStack } from "./platform-stack";
import type { SecretsOutputs } from "./secrets-stack";

/** Properties of a {@link ServiceStack}. */
export interface ServiceStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The environment's network. */
  readonly network: NetworkOutputs;
  /** The app's secrets in this environment. */
  readonly secrets: SecretsOutputs;
  /** The app's database in this environment. */
  readonly database: DatabaseOutputs;
  /** The environment's alarm topic. */
  readonly alarmTopicArn: string;
}

/** `secret-key` -> `SECRET_KEY`. */
const environmentName = (secretName: string) => secretName.toUpperCase().replace(/-/g, "_");

/**
 * `secret-key:1,database/master:2`: the versions of the secrets the tasks
 * read, so that rotating one (config raises its version) changes the task
 * definition and the service replaces its tasks, which then read the new value.
 */
function secretVersions(deployment: ResolvedDeployment, masterSecret: boolean): string {
  const versions = deployment.secrets.map((secret) => `${secret.name}:${secret.version}`);
  return [...versions, ...(masterSecret ? [`database/master:${deployment.database.masterPasswordVersion}`] : [])].join(",");
}

/** ECR repositories named by an image reference such as `<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>`. */
function ecrRepositoryArn(image: string): string | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:]+):/.exec(image);
  return match ? `arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}` : undefined;
}

/**
 * `<app>-<env>-service`: the app on ECS Fargate behind an internet-facing
 * load balancer (seeds 000, 001, 003, 004): cluster, hardened task
 * definition, service with circuit breaker and autoscaling, load balancer
 * with HTTPS, WAF and access logs, the app files bucket, feature flags in
 * AppConfig, operator access (ECS Exec, an optional SSM bastion) and the
 * service's alarms.
 */
export class ServiceStack extends PlatformStack {
  /** The URL the app is served on. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { project, deployment, network, secrets, database } = props;
    const { environment, service } = deployment;
    const account = environment.network.account;
    const region = environment.network.region;
    super(scope, id, { ...environmentStackProps(project, environment), requireHttps: service.httpsRequired });
    const name = service.name;
    const logGroupName = `/ecs/${name}`;

    const key = new EncryptionKey(this, "key", {
      alias: `alias/${name}-service`,
      description: `Encrypts the logs, files and ECS Exec sessions of ${deployment.app} in ${environment.name}`,
      accountId: account.id,
      serviceStatements: [
        logsServiceStatement(
          region,
          [logGroupName, ...(service.waf ? [wafLogGroupName(name)] : [])].map((group) => `arn:aws:logs:${region}:${account.id}:log-group:${group}`),
        ),
      ],
    });
    const logGroup = new CloudwatchLogGroup(this, "log-group", { name: logGroupName, retentionInDays: service.logRetentionDays, kmsKeyId: key.arn });

    const flags = new FeatureFlags(this, "feature-flags", {
      name,
      environmentName: environment.name,
      flags: deployment.featureFlags,
      deploymentStrategy: FEATURE_FLAG_DEPLOYMENT,
      region,
      accountId: account.id,
    });

    const taskRoleArn = `arn:aws:iam::${account.id}:role/${name}-task`;
    const files = new SecureBucket(this, "app-files", {
      bucketName: service.appFiles.bucket,
      encryption: { kmsKeyArn: key.arn },
      lifecycle: service.appFiles.lifecycle,
      policyStatements: [
        {
          Sid: "ObjectsForTheTaskRoleAndBackupOnly",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: `arn:aws:s3:::${service.appFiles.bucket}/*`,
          Condition: { ArnNotEquals: { "aws:PrincipalArn": [taskRoleArn, `arn:aws:iam::${account.id}:role/${backupRoleName(deployment.backup.name)}`] } },
        },
      ],
      tags: { [BACKUP_PLAN_TAG]: deployment.backup.name },
    });

    if (deployment.dr) {
      const drFiles = deployment.dr.appFiles;
      new BucketReplication(this, "app-files-replication", {
        roleName: `${name}-files-replication`,
        accountId: account.id,
        source: files,
        sourceRegion: region,
        sourceKeyArn: key.arn,
        destinations: [{ bucketName: drFiles.bucket, region: deployment.dr.network.region, keyAlias: drFiles.keyAlias }],
        replicationTimeMinutes: drFiles.replicationMinutes,
      });
    }

    const masterSecret = service.databaseCredentials === "master-secret";
    const containerSecrets: Record<string, string> = {
      ...Object.fromEntries(Object.entries(secrets.secretArns).map(([secretName, arn]) => [environmentName(secretName), arn])),
      ...(masterSecret ? { DB_PASSWORD: `${database.masterSecretArn}:password::` } : {}),
    };
    const taskStatements: PolicyStatement[] = [
      { Sid: "ListAppFiles", Effect: "Allow", Action: "s3:ListBucket", Resource: files.arn },
      { Sid: "ReadWriteAppFiles", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${files.arn}/*` },
      { Sid: "UseAppFilesKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.arn },
      flags.readPolicyStatement(),
      ...(masterSecret
        ? []
        : [
            {
              Sid: "ConnectToDatabaseAsAppRole",
              Effect: "Allow" as const,
              Action: "rds-db:connect",
              Resource: `arn:aws:rds-db:${region}:${account.id}:dbuser:${database.iamResourceId}/${deployment.database.appRole}`,
            },
          ]),
    ];
    const roles = new TaskRoles(this, "roles", {
      name,
      accountId: account.id,
      pullRepositoryArns: [service.buildRepositoryArn, service.proxy && ecrRepositoryArn(service.proxy.image)].filter((arn): arn is string => arn !== undefined),
      logGroupArn: logGroup.arn,
      secretArns: [
        ...Object.values(secrets.secretArns),
        ...(masterSecret ? [database.masterSecretArn] : []),
        ...(service.registryCredentials && secrets.registryCredentialsArn ? [secrets.registryCredentialsArn] : []),
      ],
      secretKeyArns: [secrets.kmsKeyArn, ...(masterSecret ? [database.kmsKeyArn] : [])],
      taskStatements,
      execCommand: service.execCommand ? { kmsKeyArn: key.arn } : undefined,
    });

    const task = new AppTaskDefinition(this, "task", {
      family: name,
      cpu: service.cpu,
      memory: service.memory,
      executionRoleArn: roles.executionRoleArn,
      taskRoleArn: roles.taskRoleArn,
      image: service.image,
      port: service.containerPort,
      user: service.user,
      healthCheckPath: service.healthCheckPath,
      healthCheckStartSeconds: service.healthCheckGracePeriodSeconds,
      environment: {
        ...service.environmentVariables,
        ...flags.runtimeEnvironment,
        APP_FILES_BUCKET: service.appFiles.bucket,
        AWS_REGION: region,
        DB_HOST: database.address,
        DB_PORT: String(database.port),
        DB_NAME: database.databaseName,
        DB_USER: masterSecret ? deployment.database.masterUsername : deployment.database.appRole,
        DB_AUTH: service.databaseCredentials,
        // Tasks read secrets when they start: a rotation's new version makes a new revision, which replaces every task.
        SECRET_VERSIONS: secretVersions(deployment, masterSecret),
      },
      secrets: containerSecrets,
      repositoryCredentialsArn: service.registryCredentials ? secrets.registryCredentialsArn : undefined,
      proxy: service.proxy,
      appConfigAgent: service.appConfigAgent ? APPCONFIG_AGENT : undefined,
      logGroupName,
      region,
      execCommand: service.execCommand,
    });

    const accessLogs = new AccessLogBucket(this, "access-logs", {
      bucketName: service.accessLogs.bucket,
      prefix: "alb",
      region,
      accountId: account.id,
      expirationDays: service.accessLogs.expirationDays,
    });
    const loadBalancer = new LoadBalancer(this, "load-balancer", {
      name,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds.public,
      deletionProtection: service.deletionProtection,
      accessLogs,
      domain: service.domain,
      sslPolicy: TLS_POLICY,
      healthCheck: TARGET_HEALTH_CHECK,
      targetPort: task.entrypoint.port,
      healthCheckPath: service.healthCheckPath,
      deregistrationDelaySeconds: service.deregistrationDelaySeconds,
    });
    if (service.waf) {
      new WebAcl(this, "waf", {
        name,
        rateLimit: service.waf.rateLimit,
        resourceArn: loadBalancer.loadBalancerArn,
        logRetentionDays: service.logRetentionDays,
        logKmsKeyArn: key.arn,
      });
    }

    const fargate = new FargateService(this, "service", {
      name,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds.private,
      taskDefinitionArn: task.arn,
      entrypoint: task.entrypoint,
      targetGroupArn: loadBalancer.targetGroupArn,
      loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
      extraSecurityGroupIds: [database.clientSecurityGroupId],
      initialCount: service.minTasks,
      deployment: service.deployment,
      healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
      containerInsights: service.containerInsights,
      fargateSpot: service.fargateSpot,
      onDemandBaseTasks: service.onDemandBaseTasks,
      execCommand: service.execCommand,
      execKmsKeyArn: key.arn,
      dependsOn: loadBalancer.listeners,
    });
    loadBalancer.allowTo("to-tasks", fargate.securityGroupId, task.entrypoint.port);

    new ServiceAutoscaling(this, "autoscaling", {
      clusterName: fargate.clusterName,
      serviceName: fargate.serviceName,
      minTasks: service.minTasks,
      maxTasks: service.maxTasks,
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
    new ServiceAlarms(this, "alarms", {
      name: `${name}-service`,
      clusterName: fargate.clusterName,
      serviceName: fargate.serviceName,
      loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      minTasks: service.minTasks,
      containerInsights: service.containerInsights,
      thresholds: deployment.serviceAlarms,
      alarmTopicArn: props.alarmTopicArn,
    });

    const bastion = deployment.bastion;
    if (bastion) {
      const host = new Bastion(this, "bastion", {
        name,
        vpcId: network.vpcId,
        subnetId: (bastion.sshCidr ? network.subnetIds.public : network.subnetIds.private)[0],
        instanceType: bastion.instanceType,
        volumeGb: BASTION_VOLUME_GB,
        sshCidr: bastion.sshCidr,
        kmsKeyArn: key.arn,
        databaseClientSecurityGroupId: database.clientSecurityGroupId,
      });
      new TerraformOutput(this, "bastion_instance_id", { value: host.instanceId, description: "The bastion (aws ssm start-session --target)" });
    }

    this.url = loadBalancer.url;
    new TerraformOutput(this, "url", { value: loadBalancer.url, description: "Where the app is served" });
    new TerraformOutput(this, "cluster_name", { value: fargate.clusterName, description: "The ECS cluster (for ECS Exec)" });
    new TerraformOutput(this, "service_name", { value: fargate.serviceName, description: "The ECS service" });
    new TerraformOutput(this, "log_group_name", { value: logGroupName, description: "The containers' log group" });
    new TerraformOutput(this, "app_files_bucket", { value: service.appFiles.bucket, description: "The app files bucket" });
  }
}
