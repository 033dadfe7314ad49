import { Testing } from "cdktf";
import type { PlatformConfigInput } from "../src/config/platform/schema";
import { buildPlatform } from "./support/synth";
import { defaultConfigCopy, runOf } from "./support/config";

/**
 * Physical names are unique where AWS requires it: two resources of one type
 * with one name in the same account and region (account-wide for IAM,
 * everywhere for S3 buckets) would be one resource that two stacks fight
 * over. CloudWatch's PutMetricAlarm, for one, overwrites an alarm of the same
 * name without a word, so one alarm disappears and both stacks drift forever.
 */
type Scope = "region" | "account" | "global";

/** The argument that names a resource, by type, grouped by where the name must be unique. */
const NAMING_ARGUMENTS: Record<Scope, Record<string, readonly string[]>> = {
  global: { aws_s3_bucket: ["bucket"] },
  // CloudWatch dashboards are account-wide ("All dashboards in your account are global, not region-specific": PutDashboard).
  // A service-linked role is named after its service and custom suffix (EC2 capacity's Auto Scaling roles: AWSServiceRoleForAutoScaling_<suffix>).
  account: { aws_iam_role: ["name"], aws_iam_policy: ["name"], aws_iam_instance_profile: ["name"], aws_iam_service_linked_role: ["custom_suffix"], aws_cloudwatch_dashboard: ["dashboard_name"] },
  region: {
    aws_cloudwatch_metric_alarm: ["alarm_name"],
    aws_cloudwatch_event_rule: ["name"],
    aws_cloudwatch_log_group: ["name"],
    aws_kms_alias: ["name"],
    aws_secretsmanager_secret: ["name"],
    aws_sns_topic: ["name"],
    aws_db_parameter_group: ["name", "name_prefix"],
    aws_rds_cluster_parameter_group: ["name", "name_prefix"],
    aws_db_subnet_group: ["name"],
    aws_db_instance: ["identifier"],
    aws_rds_cluster: ["cluster_identifier"],
    aws_rds_cluster_instance: ["identifier"],
    aws_db_event_subscription: ["name"],
    aws_elasticache_replication_group: ["replication_group_id"],
    aws_elasticache_parameter_group: ["name"],
    aws_elasticache_subnet_group: ["name"],
    aws_elasticache_user: ["user_id"],
    aws_elasticache_user_group: ["user_group_id"],
    aws_lb: ["name"],
    aws_lb_target_group: ["name", "name_prefix"],
    aws_ecr_repository: ["name"],
    aws_ecr_repository_creation_template: ["prefix"],
    aws_lambda_function: ["function_name"],
    aws_appconfig_application: ["name"],
    aws_wafv2_web_acl: ["name"],
    aws_ecs_cluster: ["name"],
    aws_ecs_capacity_provider: ["name"],
    aws_autoscaling_group: ["name"],
    aws_launch_template: ["name"],
    aws_ecs_task_definition: ["family"],
    aws_dynamodb_table: ["name"],
    aws_backup_vault: ["name"],
    aws_backup_plan: ["name"],
    aws_scheduler_schedule_group: ["name"],
    aws_sqs_queue: ["name"],
  },
};

/** Types AWS keeps once per account and region, whatever their arguments: a second one replaces the first. */
const ONE_PER_REGION = ["aws_ecr_replication_configuration", "aws_ecr_registry_scanning_configuration"];

/** The naming arguments and scope of each type. */
const NAMED_TYPES: Record<string, { readonly arguments: readonly string[]; readonly scope: Scope }> = Object.fromEntries(
  (Object.entries(NAMING_ARGUMENTS) as [Scope, Record<string, readonly string[]>][]).flatMap(([scope, types]) =>
    Object.entries(types).map(([type, args]) => [type, { arguments: args, scope }]),
  ),
);

interface NamedResource {
  /** Where the name must be unique, with the type: `aws_sns_topic 111111111111 us-east-1 acme-web-dev-alarms`. */
  readonly key: string;
  /** `<stack> <type>.<logical name>`. */
  readonly where: string;
}

function namedResources(config?: PlatformConfigInput): NamedResource[] {
  const { app } = buildPlatform(config ? runOf(config) : undefined);
  return app.node.children.flatMap((stack) => {
    const json = JSON.parse(Testing.synth(stack as never));
    const providers: { alias?: string; region: string; allowed_account_ids: string[] }[] = json.provider.aws;
    const account: string = providers[0].allowed_account_ids[0];
    // A resource on an aliased provider (`aws.eu-west-1`) lives in that provider's region.
    const regionOf = (resource: Record<string, unknown>) => providers.find((provider) => `aws.${provider.alias}` === resource.provider)?.region ?? providers[0].region;
    return Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {}).flatMap(([type, resources]) => {
      const named = ONE_PER_REGION.includes(type) ? { arguments: [], scope: "region" } : NAMED_TYPES[type];
      if (!named) return [];
      return Object.entries(resources).flatMap(([logicalName, resource]) =>
        (ONE_PER_REGION.includes(type) ? ["(one per registry)"] : named.arguments.map((argument) => resource[argument]))
          .filter((name): name is string => typeof name === "string" && !name.includes("${"))
          .map((name) => ({
            key: [type, ...(named.scope === "global" ? [] : [account]), ...(named.scope === "region" ? [regionOf(resource)] : []), name].join(" "),
            where: `${stack.node.id} ${type}.${logicalName}`,
          })),
      );
    });
  });
}

/** Names used more than once, each with every place it is used. */
function collisions(resources: readonly NamedResource[]): Record<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const resource of resources) byKey.set(resource.key, [...(byKey.get(resource.key) ?? []), resource.where]);
  return Object.fromEntries([...byKey].filter(([, places]) => places.length > 1));
}

/** Two apps on the built-in networks, a second environment sharing the staging network, and prod's DR network. */
function largerConfig(): PlatformConfigInput {
  const config = defaultConfigCopy();
  config.environments.qa = { network: "staging", tier: "staging" };
  const web = config.apps!.web;
  config.apps!.api = {
    service: { imageTag: "2.0.0" },
    database: { engine: "aurora-postgresql-serverless" },
    environments: {
      dev: {},
      staging: {},
      qa: {},
      uat: { service: { domainName: "uat.api.example.com", hostedZoneId: "Z0000000000000000UAT" } },
      prod: {
        service: { domainName: "api.example.com", hostedZoneId: "Z000000000000000PROD", imageDigest: web.environments!.prod.service!.imageDigest },
        alerts: web.environments!.prod.alerts,
      },
    },
  };
  web.environments!.qa = {};
  return config;
}

describe("physical names, unique per account and region across the platform", () => {
  it("has no two resources of one name in the built-in configuration", () => {
    const resources = namedResources();
    expect(resources.length).toBeGreaterThan(150);
    expect(collisions(resources)).toEqual({});
  });

  it("has none in a larger one: two apps, two environments on one network, a DR network", () => {
    expect(collisions(namedResources(largerConfig()))).toEqual({});
  });

  it("has none with EC2 capacity for both apps in every environment of the larger one (decision 0012)", () => {
    const config = largerConfig();
    for (const app of Object.values(config.apps!)) app.capacity = { provider: "ec2" };
    const resources = namedResources(config);
    expect(resources.filter((resource) => resource.key.startsWith("aws_autoscaling_group ")).length).toBe(10);
    expect(collisions(resources)).toEqual({});
  });

  it("has none with scheduled jobs for both apps in every environment of the larger one, prod failed over (decision 0014)", () => {
    const config = largerConfig();
    for (const app of Object.values(config.apps!)) app.scheduledJobs = { "nightly-cleanup": { schedule: "cron(0 3 * * ? *)", command: ["bin/cleanup"] } };
    config.environments.prod.activeRegion = "dr";
    const resources = namedResources(config);
    // Ten app environments and, failed over, prod's two in the DR region: a group, a queue and two alarms each; a role each, and the DR roles.
    expect(resources.filter((resource) => resource.key.startsWith("aws_scheduler_schedule_group ")).length).toBe(12);
    expect(resources.filter((resource) => / \S+-scheduler$/.test(resource.key)).length).toBe(12);
    expect(collisions(resources)).toEqual({});
  });

  it("would notice two alarms of one name in one account and region, and not across regions", () => {
    const alarm = (stack: string, region: string) => ({ key: `aws_cloudwatch_metric_alarm 222222222222 ${region} acme-web-prod-cpu`, where: `${stack} alarm` });
    expect(collisions([alarm("web-prod-database", "us-east-1"), alarm("web-prod-service", "us-east-1"), alarm("web-prod-dr", "eu-west-1")])).toEqual({
      "aws_cloudwatch_metric_alarm 222222222222 us-east-1 acme-web-prod-cpu": ["web-prod-database alarm", "web-prod-service alarm"],
    });
  });
});
