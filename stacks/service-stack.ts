import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ORIGIN_VERIFY_HEADER } from "../src/config/cdn/defaults";
import type { OriginListener } from "../src/constructs/edge/origin-secret";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedDeployment } from "../src/config/app/resolve";
import { BASTION_VOLUME_GB } from "../src/config/service/defaults";
import { FENCED_TASKS } from "../src/config/dr/fail-back";
import { PolicyStatement } from "../src/constructs/security/policy-document";
import { Bastion } from "../src/constructs/service/bastion";
import { ScheduledJobs } from "../src/constructs/service/scheduled-jobs";
import { SchedulerRole } from "../src/constructs/service/scheduler-role";
import { APP_CONTAINER } from "../src/constructs/service/task-definition";
import { TaskRoles } from "../src/constructs/service/task-roles";
import { addAppService, addServiceFoundation, appLogGroupName } from "../src/constructs/service/app-service";
import { addReleaseOutputs } from "../src/constructs/service/release-outputs";
import { containerEnvironment, containerSecrets, existingDatabaseSecrets, usesMasterSecret } from "../src/constructs/service/container-settings";
import { databaseLogin } from "../src/config/database/resolve";
import { DrTaskRoles } from "../src/constructs/service/dr-task-roles";
import { ProbeRole } from "../src/constructs/monitoring/probe-role";
import { appServiceDashboard, EnvironmentDashboard } from "../src/constructs/monitoring/dashboard";
import { globalDatabaseLag, replicaLag } from "../src/constructs/database/replication-lag";
import { keyStatement } from "../src/constructs/security/key-selector";
import type { CacheOutputs } from "./cache-stack";
import { cacheConnectStatement } from "../src/constructs/cache/cache-connect";
import type { DatabaseOutputs } from "./database-stack";
import { appFilesKeyAlias } from "./files-stack";
import type { NetworkOutputs } from "./network-stack";
import { environmentStackProps, PlatformStack } from "./platform-stack";
import type { SecretsOutputs } from "./secrets-stack";
import { LogSubscription } from "../src/constructs/observability/log-subscription";
import { ServiceTelemetry } from "../src/constructs/observability/service-telemetry";
import { SplunkDeliveryStream } from "../src/constructs/observability/splunk-delivery-stream";

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
  /** The app's cache in this environment, where it has one. @default no cache */
  readonly cache?: CacheOutputs;
  /** The environment's alarm topic. */
  readonly alarmTopicArn: string;
}

/** ECR repositories named by an image reference such as `<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>` (or `@sha256:<digest>`, as a collector copy may be). */
function ecrRepositoryArn(image: string): string | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)[:@]/.exec(image);
  return match ? `arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}` : undefined;
}

/**
 * The secret the tasks' execution role reads the database login from, with its key where it has a
 * customer managed one: an existing database's own secret, the master secret, or none (IAM tokens).
 */
function databaseLoginSecret(deployment: ResolvedDeployment, database: DatabaseOutputs): { readonly arn: string; readonly kmsKeyArn?: string } | undefined {
  const existing = deployment.database.existing;
  if (existing) return { arn: existing.secretArn, ...(existing.kmsKeyArn ? { kmsKeyArn: existing.kmsKeyArn } : {}) };
  return usesMasterSecret(deployment) && database.masterSecretArn ? { arn: database.masterSecretArn, ...(database.kmsKeyArn ? { kmsKeyArn: database.kmsKeyArn } : {}) } : undefined;
}

/**
 * The migration task's environment and role (decision 0013): where the app logs in with IAM, it logs
 * in as the database's migrator (`DB_USER`), and its role may connect as that user only; with the
 * master secret or an existing database's secret, it logs in as the app does, with the same secret.
 */
function migrationTask(deployment: ResolvedDeployment, database: DatabaseOutputs, environment: Record<string, string>, where: { readonly region: string; readonly accountId: string }) {
  const iam = databaseLogin(deployment.database, deployment.service.databaseCredentials) === "iam";
  const migrator = deployment.database.migratorRole;
  return {
    migrations: deployment.migrations!,
    environment: iam ? { ...environment, DB_USER: migrator } : environment,
    statements: iam
      ? [{ Sid: "ConnectToDatabaseAsMigrator", Effect: "Allow" as const, Action: "rds-db:connect", Resource: `arn:aws:rds-db:${where.region}:${where.accountId}:dbuser:${database.iamResourceId}/${migrator}` }]
      : [],
  };
}

/**
 * `<app>-<env>-service`: the app on ECS Fargate behind an internet-facing
 * load balancer (seeds 000, 001, 003, 004): cluster, hardened task
 * definition, service with circuit breaker and autoscaling, load balancer
 * with HTTPS, WAF and access logs, the task role's access to the app files
 * bucket (which the files stack keeps), feature flags in AppConfig, operator access (ECS Exec, an optional SSM bastion) and the
 * service's alarms. Where the environment has DR, also what the DR region
 * cannot create without us-east-1: the DR service's task roles (IAM); the
 * domain's records are then the dns stack's.
 */
export class ServiceStack extends PlatformStack {
  /** The URL the app is served on. */
  readonly url: string;
  /** The load balancer's DNS name and Route 53 zone, for the dns stack's failover record. */
  readonly loadBalancer: { readonly dnsName: string; readonly zoneId: string };
  /** The HTTPS listener and target group the edge stack's origin-secret function forwards CloudFront's requests to, where the CDN is on. */
  readonly originListener?: OriginListener;
  /** The environment's CloudWatch dashboard, where it is on. */
  readonly dashboard?: EnvironmentDashboard;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { project, deployment, network, secrets, database, cache } = props;
    const { environment, service } = deployment;
    const account = environment.network.account;
    const region = environment.network.region;
    super(scope, id, { ...environmentStackProps(project, environment), requireHttps: service.httpsRequired });
    const name = service.name;
    const logGroupName = appLogGroupName(name);

    const { key, logGroup, flags } = addServiceFoundation(this, {
      name,
      keyAlias: `alias/${name}-service`,
      keyDescription: `Encrypts the logs and ECS Exec sessions of ${deployment.app} in ${environment.name}`,
      accountId: account.id,
      region,
      deployment,
      // The collector's metrics and Firehose's delivery errors: their log groups are encrypted with the service's key too.
      extraLogGroupNames: [deployment.telemetry?.metricsLogGroupName, deployment.logForwarding?.errorLogGroupName].filter((group): group is string => group !== undefined),
    });
    const telemetry = deployment.telemetry
      ? new ServiceTelemetry(this, "telemetry", { telemetry: deployment.telemetry, accountId: account.id, region, kmsKeyArn: key.arn, logRetentionDays: service.logRetentionDays })
      : undefined;

    // The files stack, which an administrator applies, keeps the bucket and its key: named here, no state read.
    const filesArn = `arn:aws:s3:::${service.appFiles.bucket}`;
    const masterSecret = usesMasterSecret(deployment);
    const loginSecret = databaseLoginSecret(deployment, database);
    const taskStatements: PolicyStatement[] = [
      ...(telemetry?.taskStatements ?? []),
      { Sid: "ListAppFiles", Effect: "Allow", Action: "s3:ListBucket", Resource: filesArn },
      { Sid: "ReadWriteAppFiles", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${filesArn}/*` },
      ...(cache ? [cacheConnectStatement({ region, accountId: account.id, replicationGroupId: cache.replicationGroupId, userId: cache.userId })] : []),
      keyStatement("UseAppFilesKey", ["kms:Decrypt", "kms:GenerateDataKey"], { aliases: [appFilesKeyAlias(name)], region, accountId: account.id }),
      flags.readPolicyStatement(),
      ...(databaseLogin(deployment.database, service.databaseCredentials) !== "iam"
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
    const proxyRepositoryArns = [service.proxy && ecrRepositoryArn(service.proxy.image), deployment.telemetry && ecrRepositoryArn(deployment.telemetry.image)].filter(
      (arn): arn is string => typeof arn === "string",
    );
    const roles = new TaskRoles(this, "roles", {
      name,
      accountId: account.id,
      pullRepositoryArns: [...(service.buildRepositoryArn ? [service.buildRepositoryArn] : []), ...proxyRepositoryArns],
      logGroupArn: logGroup.arn,
      secretArns: [
        ...Object.values(secrets.secretArns),
        ...(loginSecret ? [loginSecret.arn] : []),
        ...(service.registryCredentials && secrets.registryCredentialsArn ? [secrets.registryCredentialsArn] : []),
      ],
      secretKeys: { arns: [secrets.kmsKeyArn, ...(loginSecret?.kmsKeyArn ? [loginSecret.kmsKeyArn] : [])] },
      taskStatements,
      execCommand: service.execCommand ? { key: { arns: [key.arn] } } : undefined,
    });

    const dr = deployment.dr;
    if (dr) {
      const drRoles = new DrTaskRoles(this, "dr-roles", { deployment, dr, logGroupName: appLogGroupName(dr.service.name), extraPullRepositoryArns: proxyRepositoryArns });
      // The DR region's scheduler role too: its schedules exist only after a failover, whose stacks create no IAM (decision 0014).
      const drJobs = deployment.scheduledJobs?.dr;
      if (drJobs) {
        new SchedulerRole(this, "dr-scheduler-role", {
          site: drJobs,
          accountId: account.id,
          region: dr.network.region,
          clusterName: dr.service.name,
          taskFamily: dr.service.name,
          passRoleArns: [drRoles.roles.executionRoleArn, drRoles.roles.taskRoleArn],
          deadLetterQueueKey: { aliases: [dr.keyAliases.service], region: dr.network.region, accountId: account.id },
        });
      }
      // The DR region's reachability probe runs as this role: no stack a failover applies may create IAM.
      if (dr.reachabilityProbe) new ProbeRole(this, "dr-reachability-role", { name: dr.reachabilityProbe.roleName, accountId: account.id, region: dr.network.region });
    }
    const variables = containerEnvironment(deployment, {
      collector: telemetry !== undefined,
      region,
      appFilesBucket: service.appFiles.bucket,
      featureFlags: flags.runtimeEnvironment,
      databaseAddress: database.address,
      ...(cache ? { cache: { address: cache.address, replicationGroupId: cache.replicationGroupId } } : {}),
    });
    const app = addAppService(this, {
      name,
      accountId: account.id,
      region,
      service,
      alarmThresholds: deployment.serviceAlarms,
      network,
      kmsKeyArn: key.arn,
      logGroupName,
      roles,
      image: service.image,
      environment: variables,
      secrets: { ...containerSecrets(secrets.secretArns, masterSecret ? database.masterSecretArn : undefined), ...existingDatabaseSecrets(deployment) },
      repositoryCredentialsArn: service.registryCredentials ? secrets.registryCredentialsArn : undefined,
      collector: telemetry?.collector,
      databaseClientSecurityGroupId: database.clientSecurityGroupId,
      ...(cache ? { cacheClientSecurityGroupId: cache.clientSecurityGroupId } : {}),
      // Fencing: while the DR region is the writer, nothing here runs (nor may autoscaling start anything).
      tasks: dr?.active ? { min: FENCED_TASKS, max: FENCED_TASKS, hold: true } : { min: service.minTasks, max: service.maxTasks },
      accessLogsBucket: service.accessLogs.bucket,
      alarmTopicArn: props.alarmTopicArn,
      // With DR, the dns stack writes the domain's failover records.
      records: { validation: true, alias: dr === undefined && deployment.cdn === undefined },
      capacity: { cpuArchitecture: deployment.capacity.cpuArchitecture, ...(deployment.capacity.ec2 ? { ec2: { settings: deployment.capacity.ec2, tags: this.tags } } : {}) },
      // Behind CloudFront (decision 0008): the load balancer admits it only; with the dns stack's endpoint check, Route 53's health checkers too.
      ...(deployment.cdn ? { cdnOrigin: { header: ORIGIN_VERIFY_HEADER, ...(dr && service.domain?.hostedZoneId !== undefined ? { healthCheckRegion: region } : {}) } } : {}),
      // Releases (decision 0013): CodeDeploy's blue/green deployments, and the migration task run before each.
      ...(deployment.blueGreen ? { blueGreen: deployment.blueGreen } : {}),
      ...(deployment.migrations ? { migration: migrationTask(deployment, database, variables, { region, accountId: account.id }) } : {}),
    });
    addReleaseOutputs(this, { name, region, app, logGroupName, migrations: deployment.migrations, blueGreen: deployment.blueGreen, fenced: dr?.active === true, pipeline: deployment.releasedByPipeline });
    const { loadBalancer, fargate } = app;
    if (deployment.dashboard.enabled) {
      // The DR copy's lag is published in the DR region, under the copy's identifier (a literal of config: nothing read from the DR stacks).
      const drLag = dr && (dr.globalClusterIdentifier === undefined ? replicaLag : globalDatabaseLag)(dr.replicaIdentifier);
      this.dashboard = new EnvironmentDashboard(this, "dashboard", {
        name,
        region,
        accountId: account.id,
        periodSeconds: deployment.dashboard.periodSeconds,
        ...appServiceDashboard(app, service.containerInsights),
        database: { ...database.dashboard, ...(dr && drLag ? { remoteLag: { metricName: drLag.metricName, dimensions: drLag.dimensions, region: dr.network.region } } : {}) },
        ...(cache ? { cache: { memberClusterIds: cache.memberClusterIds } } : {}),
      });
    }

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

    const jobs = deployment.scheduledJobs;
    if (jobs) {
      // Decision 0014: EventBridge Scheduler runs the service's task definition with each job's command; its logs go to the service's log group.
      const scheduler = new SchedulerRole(this, "scheduler-role", {
        site: jobs.primary,
        accountId: account.id,
        region,
        clusterName: name,
        taskFamily: name,
        passRoleArns: [roles.executionRoleArn, roles.taskRoleArn],
        deadLetterQueueKey: { arns: [key.arn] },
      });
      new ScheduledJobs(this, "scheduled-jobs", {
        jobs,
        site: jobs.primary,
        roleArn: scheduler.arn,
        dependsOn: [scheduler.permissions],
        taskDefinitionArn: app.task.arn,
        containerName: APP_CONTAINER,
        placement: fargate.placement,
        kmsKeyArn: key.arn,
        alarmTopicArn: props.alarmTopicArn,
      });
    }

    const forwarding = deployment.logForwarding;
    if (forwarding && secrets.splunkHecTokenArn) {
      // Seed 004's prod row: the service's logs also go to Splunk, through Firehose.
      const stream = new SplunkDeliveryStream(this, "log-forwarding", {
        forwarding,
        accountId: account.id,
        region,
        kmsKeyArn: key.arn,
        tokenSecret: { arn: secrets.splunkHecTokenArn, kmsKeyArn: secrets.kmsKeyArn },
        logRetentionDays: service.logRetentionDays,
      });
      new LogSubscription(this, "log-subscription", {
        name: forwarding.subscriptionFilterName,
        logGroupName: logGroup.name,
        filterPattern: forwarding.filterPattern,
        streamArn: stream.arn,
        roleName: forwarding.roleNames.logs,
        accountId: account.id,
        region,
      });
    }

    this.url = loadBalancer.url;
    this.loadBalancer = { dnsName: loadBalancer.dnsName, zoneId: loadBalancer.zoneId };
    if (deployment.cdn && loadBalancer.httpsListenerArn) this.originListener = { region, listenerArn: loadBalancer.httpsListenerArn, targetGroupArn: loadBalancer.targetGroupArn, loadBalancerName: name };
    new TerraformOutput(this, "url", { value: loadBalancer.url, description: "Where the app is served" });
    new TerraformOutput(this, "cluster_name", { value: fargate.clusterName, description: "The ECS cluster (for ECS Exec)" });
    new TerraformOutput(this, "service_name", { value: fargate.serviceName, description: "The ECS service" });
    new TerraformOutput(this, "log_group_name", { value: logGroupName, description: "The containers' log group" });
    new TerraformOutput(this, "app_files_bucket", { value: service.appFiles.bucket, description: "The app files bucket" });
  }
}
