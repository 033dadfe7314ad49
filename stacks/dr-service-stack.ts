import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { TerraformOutput } from "cdktf";
import { ReachabilityWatch } from "../src/constructs/monitoring/reachability-watch";
import { appServiceDashboard, DashboardDatabase, EnvironmentDashboard } from "../src/constructs/monitoring/dashboard";
import { Construct } from "constructs";
import { ORIGIN_VERIFY_HEADER } from "../src/config/cdn/defaults";
import type { OriginListener } from "../src/constructs/edge/origin-secret";
import type { ResolvedDisasterRecovery } from "../src/config/dr/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { masterSecretName, registryCredentialsSecretName, ResolvedDeployment } from "../src/config/app/resolve";
import { addAppService, addServiceFoundation, appLogGroupName } from "../src/constructs/service/app-service";
import { containerEnvironment, containerSecrets, usesMasterSecret } from "../src/constructs/service/container-settings";
import { ScheduledJobs } from "../src/constructs/service/scheduled-jobs";
import { APP_CONTAINER } from "../src/constructs/service/task-definition";
import type { CacheOutputs } from "./cache-stack";
import type { NetworkOutputs } from "./network-stack";
import { environmentStackProps, PlatformStack } from "./platform-stack";

/** Properties of a {@link DrServiceStack}. */
export interface DrServiceStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app in one environment. */
  readonly deployment: ResolvedDeployment;
  /** The app's disaster recovery in that environment. */
  readonly dr: ResolvedDisasterRecovery;
  /** The DR network. */
  readonly network: NetworkOutputs;
  /** The DR database: its host name, the group that reaches it, and what the dashboard shows of it. */
  readonly database: { readonly address: string; readonly clientSecurityGroupId: string; readonly dashboard: DashboardDatabase };
  /** The DR region's cold cache, where the app has a cache. @default no cache */
  readonly cache?: CacheOutputs;
  /** The DR region's alarm topic. */
  readonly alarmTopicArn: string;
}

/**
 * `<app>-<env>-dr-service`: the pilot light (seed 001): the app in the DR
 * region as the primary runs it (cluster, hardened task definition, load
 * balancer with HTTPS, WAF and access logs, autoscaling, alarms to the DR
 * topic), at standby size (0 or 1 task) until failover is declared, then at the
 * environment's. It runs the image from the build repository's replica in
 * that region, reads the secrets' replicas there (found by name), the
 * replicated app files and the DR database, and its own feature flags. The
 * dns stack's SECONDARY failover record points at its load balancer, and
 * answers only once the DR database is the writer. It writes no Route 53
 * record (whose API is in us-east-1), so a failover can apply it.
 *
 * Like every DR stack it has no provider, backend or remote state in the
 * primary region; its task roles are the primary service stack's (IAM).
 */
export class DrServiceStack extends PlatformStack {
  /** The DR load balancer's DNS name and Route 53 zone, for the dns stack's failover record. */
  readonly loadBalancer: { readonly dnsName: string; readonly zoneId: string };
  /** The HTTPS listener and target group the edge stack's origin-secret function forwards CloudFront's requests to, where the CDN is on. */
  readonly originListener?: OriginListener;
  /** The DR region's CloudWatch dashboard, where the environment's dashboard is on. */
  readonly dashboard?: EnvironmentDashboard;

  constructor(scope: Construct, id: string, props: DrServiceStackProps) {
    const { project, deployment, dr, network, database, cache } = props;
    const { environment, service } = deployment;
    const accountId = dr.network.account.id;
    const region = dr.network.region;
    super(scope, id, { ...environmentStackProps(project, environment, dr.network), requireHttps: service.httpsRequired });
    const name = dr.service.name;
    const logGroupName = appLogGroupName(name);

    const { key, flags } = addServiceFoundation(this, {
      name,
      keyAlias: dr.keyAliases.service,
      keyDescription: `Encrypts the logs and ECS Exec sessions of ${deployment.app} in ${environment.name}'s DR region, ${region}`,
      accountId,
      region,
      deployment,
      extraLogGroupNames: dr.reachabilityProbe ? [`/aws/lambda/${dr.reachabilityProbe.functionName}`] : [],
    });
    if (dr.reachabilityProbe) {
      new ReachabilityWatch(this, "reachability", { probe: dr.reachabilityProbe, accountId, kmsKeyArn: key.arn, alarmTopicArn: props.alarmTopicArn });
    }

    // The replicas keep their primaries' names; their ARNs' random suffix is known only in this region.
    const replicaArn = (secretId: string, secretName: string) => new DataAwsSecretsmanagerSecret(this, secretId, { name: secretName }).arn;
    const masterSecret = usesMasterSecret(deployment);
    const secretArns = Object.fromEntries(deployment.secrets.map((secret) => [secret.name, replicaArn(`secret-${secret.name}`, `${deployment.secretNamePrefix}/${secret.name}`)]));

    const app = addAppService(this, {
      name,
      accountId,
      region,
      // A certificate of this region: one given by ARN is of the primary's.
      service: { ...service, ...(service.domain ? { domain: { name: service.domain.name, hostedZoneId: service.domain.hostedZoneId } } : {}) },
      alarmThresholds: deployment.serviceAlarms,
      network,
      kmsKeyArn: key.arn,
      logGroupName,
      roles: { executionRoleArn: `arn:aws:iam::${accountId}:role/${name}-task-execution`, taskRoleArn: `arn:aws:iam::${accountId}:role/${name}-task` },
      image: dr.service.image,
      environment: containerEnvironment(deployment, {
        region,
        appFilesBucket: dr.appFiles.bucket,
        featureFlags: flags.runtimeEnvironment,
        databaseAddress: database.address,
        ...(cache ? { cache: { address: cache.address, replicationGroupId: cache.replicationGroupId } } : {}),
      }),
      secrets: containerSecrets(secretArns, masterSecret ? replicaArn("master-secret", masterSecretName(deployment)) : undefined),
      repositoryCredentialsArn: service.registryCredentials ? replicaArn("registry-credentials", registryCredentialsSecretName(deployment)) : undefined,
      databaseClientSecurityGroupId: database.clientSecurityGroupId,
      ...(cache ? { cacheClientSecurityGroupId: cache.clientSecurityGroupId } : {}),
      tasks: { min: dr.service.minTasks, max: dr.service.maxTasks },
      accessLogsBucket: dr.service.accessLogsBucket,
      alarmTopicArn: props.alarmTopicArn,
      // The primary's certificate validation record validates this region's certificate too; the dns stack writes the failover records.
      records: { validation: false, alias: false },
      // The pilot light stays on Fargate whatever the primary runs on (decision 0012), with the image's architecture.
      capacity: { cpuArchitecture: deployment.capacity.cpuArchitecture },
      // Behind CloudFront (decision 0008): this load balancer admits it only, as the primary's does.
      ...(deployment.cdn ? { cdnOrigin: { header: ORIGIN_VERIFY_HEADER } } : {}),
    });
    const { loadBalancer, fargate } = app;
    if (deployment.dashboard.enabled) {
      // Its metrics and alarms are this region's: it works, and is applied, while the primary region is down.
      this.dashboard = new EnvironmentDashboard(this, "dashboard", {
        name,
        region,
        accountId,
        periodSeconds: deployment.dashboard.periodSeconds,
        ...appServiceDashboard(app, service.containerInsights),
        database: database.dashboard,
        ...(cache ? { cache: { memberClusterIds: cache.memberClusterIds } } : {}),
      });
    }

    // Scheduled jobs run here only while this region is the writer; their role is the primary service stack's (IAM), named (decision 0014).
    const jobs = deployment.scheduledJobs;
    if (jobs?.dr?.running) {
      new ScheduledJobs(this, "scheduled-jobs", {
        jobs,
        site: jobs.dr,
        roleArn: `arn:aws:iam::${accountId}:role/${jobs.dr.roleName}`,
        taskDefinitionArn: app.task.arn,
        containerName: APP_CONTAINER,
        placement: fargate.placement,
        kmsKeyArn: key.arn,
        alarmTopicArn: props.alarmTopicArn,
      });
    }

    this.loadBalancer = { dnsName: loadBalancer.dnsName, zoneId: loadBalancer.zoneId };
    if (deployment.cdn && loadBalancer.httpsListenerArn) this.originListener = { region, listenerArn: loadBalancer.httpsListenerArn, targetGroupArn: loadBalancer.targetGroupArn, loadBalancerName: name };
    new TerraformOutput(this, "load_balancer_dns_name", { value: loadBalancer.dnsName, description: "The DR load balancer: test it with curl --resolve before failing over" });
    new TerraformOutput(this, "cluster_name", { value: fargate.clusterName, description: "The DR ECS cluster" });
    new TerraformOutput(this, "service_name", { value: fargate.serviceName, description: "The DR ECS service" });
    new TerraformOutput(this, "log_group_name", { value: logGroupName, description: "The DR containers' log group" });
  }
}
