import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Lazy, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { GraphSpec, MetricLine, WidgetGrid } from "./dashboard-widgets";

/** The load balancer whose traffic the dashboard shows. */
export interface DashboardLoadBalancer {
  /** The load balancer's ARN suffix (its `LoadBalancer` dimension). */
  readonly arnSuffix: string;
  /** The app's target group's ARN suffix (its `TargetGroup` dimension). */
  readonly targetGroupArnSuffix: string;
  /**
   * Blue/green's second target group's ARN suffix (`<service>-alt`, decision 0013): CodeDeploy moves
   * the traffic between the two groups at every release, so each target group graph shows both.
   * @default none: rolling updates, one target group
   */
  readonly alternateTargetGroupArnSuffix?: string;
}

/** The ECS service the dashboard shows. */
export interface DashboardService {
  /** The cluster's name (`ClusterName`). */
  readonly clusterName: string;
  /** The service's name (`ServiceName`). */
  readonly serviceName: string;
  /** Whether Container Insights is on: it alone publishes running, desired and pending task counts and deployments. */
  readonly containerInsights: boolean;
}

/** The database the dashboard shows. */
export interface DashboardDatabase {
  /** The dimension naming the writer's metrics: `DBInstanceIdentifier` (RDS) or `DBClusterIdentifier` (Aurora). */
  readonly dimension: { readonly name: string; readonly value: string };
  /** Aurora: ACU utilization and no free-storage limit to show (its storage grows by itself). */
  readonly aurora: boolean;
  /** Lag of a copy in the same region (an RDS read replica or Aurora reader instance). @default none */
  readonly replicaLag?: DashboardLag;
  /** Lag of a copy in another region (the DR copy), shown with that region. @default none */
  readonly remoteLag?: DashboardLag & { readonly region: string };
}

/** A copy's replication lag metric, in `AWS/RDS`. */
export interface DashboardLag {
  /** The metric: `ReplicaLag` (s), `AuroraReplicaLag` (ms) or `AuroraGlobalDBReplicationLag` (ms). */
  readonly metricName: string;
  /** The dimensions naming the copy. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The regional WAF web ACL on the load balancer. */
export interface DashboardWebAcl {
  /** The web ACL's name, also its metric name (`WebACL`). */
  readonly name: string;
  /** Its rules' metric names (`Rule`), shown beside `ALL`. */
  readonly ruleMetricNames: readonly string[];
}

/** The ElastiCache replication group of the environment (the cache stack's outputs). */
export interface DashboardCache {
  /** Its member clusters, one per node (`<replication group id>-001`, ...): the `CacheClusterId` dimension of ElastiCache's metrics. */
  readonly memberClusterIds: readonly string[];
}

/** Properties of an {@link EnvironmentDashboard}. */
export interface EnvironmentDashboardProps {
  /** The dashboard's name, unique in the account and region (letters, digits, `-` and `_`). */
  readonly name: string;
  /** The region of the dashboard and of its metrics and alarms. */
  readonly region: string;
  /** The account of the alarms listed. */
  readonly accountId: string;
  /** Seconds per datapoint of the graphs. */
  readonly periodSeconds: number;
  /** The load balancer. */
  readonly loadBalancer: DashboardLoadBalancer;
  /** The ECS service. */
  readonly service: DashboardService;
  /** The database. */
  readonly database: DashboardDatabase;
  /** The WAF web ACL. @default no WAF section (the environment has no WAF) */
  readonly webAcl?: DashboardWebAcl;
  /** The cache. @default no cache section (the environment has no cache) */
  readonly cache?: DashboardCache;
}

const sum = (label: string) => ({ stat: "Sum", label });
const average = (label: string) => ({ stat: "Average", label });
const maximum = (label: string) => ({ stat: "Maximum", label });

/** The region an alarm is in: its provider's, else its stack's default AWS provider's. */
function regionOf(alarm: CloudwatchMetricAlarm | CloudwatchCompositeAlarm): string | undefined {
  const provider =
    alarm.provider ??
    TerraformStack.of(alarm)
      .node.findAll()
      .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
  return provider instanceof AwsProvider ? provider.region : undefined;
}

/**
 * A CloudWatch dashboard of one app environment in one region: the load
 * balancer (requests, 4xx and 5xx, p50 and p99 latency; the app's lines per
 * target group, both of them under blue/green), the ECS service
 * (CPU, memory; running, desired and pending tasks and deployments where
 * Container Insights is on, healthy and unhealthy targets otherwise), the
 * database (CPU, connections, free storage or ACU utilization, freeable
 * memory, replica lag, and the DR copy's lag), the WAF's blocked requests,
 * the cache where there is one, and an alarm status widget listing every
 * alarm of the stacks given to {@link watchAlarmsOf} in this region.
 *
 * The body is JSON text whose resource names are Terraform references
 * (`${aws_lb.x.arn_suffix}`), interpolated by Terraform at apply: the
 * synthesized body parses as JSON, and each reference names the resource
 * its dimension shows. It is built at synthesis, so alarms of stacks
 * created after this one are listed too.
 */
export class EnvironmentDashboard extends Construct {
  /** The dashboard's name. */
  readonly name: string;
  private readonly alarmScopes: IConstruct[] = [];

  constructor(scope: Construct, id: string, private readonly props: EnvironmentDashboardProps) {
    super(scope, id);
    this.name = props.name;
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.name,
      dashboardBody: Lazy.stringValue({
        produce: () => JSON.stringify({ widgets: this.widgets() }),
      }),
    });
  }

  /** Lists the alarms of these constructs (stacks, usually) that are in the dashboard's region, at synthesis. */
  watchAlarmsOf(...scopes: IConstruct[]): void {
    this.alarmScopes.push(...scopes);
  }

  /** The ARNs of the watched alarms in the dashboard's region, sorted, each once. */
  alarmArns(): string[] {
    const { region, accountId } = this.props;
    const alarms = this.alarmScopes
      .flatMap((scope) => scope.node.findAll())
      .filter((c): c is CloudwatchMetricAlarm | CloudwatchCompositeAlarm => c instanceof CloudwatchMetricAlarm || c instanceof CloudwatchCompositeAlarm)
      .filter((alarm) => regionOf(alarm) === region);
    const names = alarms.map((alarm) => {
      const name = alarm.alarmNameInput;
      if (name === undefined || Token.isUnresolved(name)) throw new Error(`${alarm.node.path}: an alarm the dashboard lists needs its name known at synthesis`);
      return name;
    });
    return [...new Set(names)].sort().map((name) => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`);
  }

  private widgets() {
    const { region, periodSeconds, loadBalancer, service, database, webAcl, cache } = this.props;
    const grid = new WidgetGrid(region, periodSeconds);
    const elb = (metricName: string, options: MetricLine["options"]): MetricLine => ({
      namespace: "AWS/ApplicationELB",
      metricName,
      dimensions: { LoadBalancer: loadBalancer.arnSuffix },
      options,
    });
    // Under blue/green a line per target group, each labelled: after a release the traffic is on the other one.
    const targetGroups = loadBalancer.alternateTargetGroupArnSuffix
      ? [
          { arnSuffix: loadBalancer.targetGroupArnSuffix, label: ", app group" },
          { arnSuffix: loadBalancer.alternateTargetGroupArnSuffix, label: ", alt group" },
        ]
      : [{ arnSuffix: loadBalancer.targetGroupArnSuffix, label: "" }];
    const target = (metricName: string, options: MetricLine["options"]): MetricLine[] =>
      targetGroups.map((group) => ({
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions: { TargetGroup: group.arnSuffix, LoadBalancer: loadBalancer.arnSuffix },
        options: { ...options, label: `${options.label}${group.label}` },
      }));
    grid.heading(`## Load balancer (${region})`);
    grid.graph({
      title: "Requests",
      lines: [elb("RequestCount", sum("Requests"))],
    });
    grid.graph({
      title: "4xx and 5xx responses",
      lines: [
        elb("HTTPCode_ELB_4XX_Count", sum("Load balancer 4xx")),
        elb("HTTPCode_ELB_5XX_Count", sum("Load balancer 5xx")),
        ...target("HTTPCode_Target_4XX_Count", sum("App 4xx")),
        ...target("HTTPCode_Target_5XX_Count", sum("App 5xx")),
      ],
    });
    grid.graph({
      title: "Response time (s)",
      lines: [...target("TargetResponseTime", { stat: "p50", label: "p50" }), ...target("TargetResponseTime", { stat: "p99", label: "p99" })],
    });

    const ecs = {
      ClusterName: service.clusterName,
      ServiceName: service.serviceName,
    };
    grid.heading("## Service");
    grid.graph({
      title: "CPU and memory (%)",
      lines: [
        {
          namespace: "AWS/ECS",
          metricName: "CPUUtilization",
          dimensions: ecs,
          options: average("CPU"),
        },
        {
          namespace: "AWS/ECS",
          metricName: "MemoryUtilization",
          dimensions: ecs,
          options: average("Memory"),
        },
      ],
    });
    if (service.containerInsights) {
      const insights = (metricName: string, label: string): MetricLine => ({
        namespace: "ECS/ContainerInsights",
        metricName,
        dimensions: ecs,
        options: maximum(label),
      });
      grid.graph({
        title: "Tasks",
        lines: [insights("RunningTaskCount", "Running"), insights("DesiredTaskCount", "Desired"), insights("PendingTaskCount", "Pending")],
      });
      grid.graph({
        title: "Deployments (more than 1: one in progress)",
        lines: [insights("DeploymentCount", "Deployments"), insights("TaskSetCount", "Task sets")],
      });
    } else {
      // Without Container Insights, ECS publishes no task counts: the target group's healthy and unhealthy targets stand in.
      grid.graph({
        title: "Tasks behind the load balancer",
        lines: [...target("HealthyHostCount", maximum("Healthy")), ...target("UnHealthyHostCount", maximum("Unhealthy"))],
      });
    }

    const rds = (metricName: string, options: MetricLine["options"]): MetricLine => ({
      namespace: "AWS/RDS",
      metricName,
      dimensions: { [database.dimension.name]: database.dimension.value },
      options,
    });
    grid.heading("## Database");
    grid.graph({
      title: "CPU (%)",
      lines: [rds("CPUUtilization", average("CPU")), ...(database.aurora ? [rds("ACUUtilization", average("ACU utilization"))] : [])],
    });
    grid.graph({
      title: "Connections",
      lines: [rds("DatabaseConnections", average("Connections"))],
    });
    grid.graph({
      title: database.aurora ? "Freeable memory (bytes)" : "Free storage and freeable memory (bytes)",
      lines: [...(database.aurora ? [] : [rds("FreeStorageSpace", average("Free storage"))]), rds("FreeableMemory", average("Freeable memory"))],
    });
    const lag = (copy: DashboardLag, label: string): GraphSpec => ({
      title: `${label} (${copy.metricName === "ReplicaLag" ? "s" : "ms"})`,
      lines: [
        {
          namespace: "AWS/RDS",
          metricName: copy.metricName,
          dimensions: copy.dimensions,
          options: maximum(label),
        },
      ],
    });
    if (database.replicaLag) grid.graph(lag(database.replicaLag, "Replica lag"));
    if (database.remoteLag) grid.graph(lag(database.remoteLag, `DR copy lag, ${database.remoteLag.region}`), database.remoteLag.region);

    if (webAcl) {
      const waf = (rule: string): MetricLine => ({
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: webAcl.name, Region: region, Rule: rule },
        options: sum(rule === "ALL" ? "All rules" : rule),
      });
      grid.heading("## WAF");
      grid.graph({
        title: "Blocked requests",
        lines: [waf("ALL"), ...webAcl.ruleMetricNames.map(waf)],
      });
    }

    if (cache) {
      const nodes = (metricName: string, options: (node: string) => MetricLine["options"]): MetricLine[] =>
        cache.memberClusterIds.map((node) => ({
          namespace: "AWS/ElastiCache",
          metricName,
          dimensions: { CacheClusterId: node },
          options: options(node),
        }));
      grid.heading("## Cache");
      grid.graph({
        title: "Engine CPU (%)",
        lines: nodes("EngineCPUUtilization", average),
      });
      grid.graph({
        title: "Memory used (%)",
        lines: nodes("DatabaseMemoryUsagePercentage", average),
      });
      grid.graph({ title: "Evictions", lines: nodes("Evictions", sum) });
      grid.graph({
        title: "Connections",
        lines: nodes("CurrConnections", maximum),
      });
      // A replica reports how far behind the primary it is; the primary reports nothing.
      if (cache.memberClusterIds.length > 1)
        grid.graph({
          title: "Replication lag (s)",
          lines: nodes("ReplicationLag", maximum),
        });
    }

    grid.alarms(`Alarms of ${this.props.name}`, this.alarmArns());
    return grid.all;
  }
}

/** What the app service (src/constructs/service/app-service.ts) exposes that the dashboard shows (structural: no import of the service constructs). */
export interface DashboardAppService {
  /** The load balancer's and target groups' ARN suffixes (blue/green's second group where releases are blue/green). */
  readonly loadBalancer: {
    readonly loadBalancerArnSuffix: string;
    readonly targetGroupArnSuffix: string;
    readonly blueGreen?: { readonly targetGroupArnSuffix: string };
  };
  /** The cluster's and service's names. */
  readonly fargate: {
    readonly clusterName: string;
    readonly serviceName: string;
  };
  /** The web ACL's metric names, where there is a WAF. */
  readonly webAcl?: {
    readonly metricNames: {
      readonly webAcl: string;
      readonly rules: readonly string[];
    };
  };
}

/** The dashboard's load balancer, service and WAF sections of a service as both regions build it. */
export function appServiceDashboard(app: DashboardAppService, containerInsights: boolean): Pick<EnvironmentDashboardProps, "loadBalancer" | "service" | "webAcl"> {
  return {
    loadBalancer: {
      arnSuffix: app.loadBalancer.loadBalancerArnSuffix,
      targetGroupArnSuffix: app.loadBalancer.targetGroupArnSuffix,
      ...(app.loadBalancer.blueGreen ? { alternateTargetGroupArnSuffix: app.loadBalancer.blueGreen.targetGroupArnSuffix } : {}),
    },
    service: {
      clusterName: app.fargate.clusterName,
      serviceName: app.fargate.serviceName,
      containerInsights,
    },
    ...(app.webAcl
      ? {
          webAcl: {
            name: app.webAcl.metricNames.webAcl,
            ruleMetricNames: app.webAcl.metricNames.rules,
          },
        }
      : {}),
  };
}
