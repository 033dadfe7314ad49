import { TerraformIterator, TerraformResource, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { renderMarkdown } from "../../src/cost/render";
import { HOURS_PER_MONTH } from "../../src/cost/cost-line";
import { estimateEnvironments, estimateStack } from "../../src/cost/estimate";
import { PRICE_TABLE, type PriceTable } from "../../src/cost/price-table";
import type { StackGrouper } from "../../src/cost/stack-groups";
import { EXCLUDED_USAGE_CHARGES } from "../../src/cost/unpriced";

const US = PRICE_TABLE.regions["us-east-1"];
const EU = PRICE_TABLE.regions["eu-west-1"];

/** A stack with an aws provider in us-east-1 tagged with an environment, and an `eu` alias in eu-west-1. */
function awsStack(id: string, environment = "dev"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  const defaultTags = [{ tags: { Environment: environment } }];
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags });
  new AwsProvider(stack, "eu", { region: "eu-west-1", alias: "eu", defaultTags });
  return stack;
}

/** The parsed synthesized JSON of a stack. */
const synth = (stack: TerraformStack): object => JSON.parse(Testing.synth(stack));

/** A resource's Terraform address. */
const address = (resource: TerraformResource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;

/** The expected line of a charge billed `periods` times a month: quantity × unit price × periods. */
const billed =
  (periods: number) =>
  (resource: TerraformResource, item: string, quantity: number, unit: string, unitPriceUsd: number, region = "us-east-1") => ({
    item,
    resource: address(resource),
    region,
    quantity,
    unit,
    unitPriceUsd,
    monthlyUsd: expect.closeTo(quantity * unitPriceUsd * periods, 9),
  });

/** The expected line of a charge billed every hour: quantity × unit price × 730. */
const hourly = billed(HOURS_PER_MONTH);

/** The expected line of a charge billed once a month: quantity × unit price. */
const monthly = billed(1);

/** A Fargate task definition of a size and architecture. */
const taskDefinition = (stack: TerraformStack, id: string, cpu: string, memory: string, cpuArchitecture = "X86_64") =>
  new EcsTaskDefinition(stack, id, {
    family: id,
    containerDefinitions: "[]",
    cpu,
    memory,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    runtimePlatform: { cpuArchitecture, operatingSystemFamily: "LINUX" },
  });

describe("estimateStack, on a small synthesized stack", () => {
  const stack = awsStack("small");
  const subnets = ["a", "b"].map((zone, index) => new Subnet(stack, `subnet-${zone}`, { vpcId: "vpc-1", cidrBlock: `10.0.${index}.0/24` }));
  const eip = new Eip(stack, "nat-address", { domain: "vpc" });
  const nat = new NatGateway(stack, "nat", { allocationId: eip.allocationId, subnetId: subnets[0].id });
  const endpoint = new VpcEndpoint(stack, "secrets-endpoint", {
    vpcId: "vpc-1",
    serviceName: "com.amazonaws.us-east-1.secretsmanager",
    vpcEndpointType: "Interface",
    subnetIds: subnets.map((subnet) => subnet.id),
  });
  const gatewayEndpoint = new VpcEndpoint(stack, "s3-endpoint", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" });
  const balancer = new Lb(stack, "alb", { name: "web", internal: false, loadBalancerType: "application", subnets: subnets.map((subnet) => subnet.id) });
  const cluster = new EcsCluster(stack, "cluster", { name: "web" });
  const task = taskDefinition(stack, "task", "256", "512");
  const service = new EcsService(stack, "service", {
    name: "web",
    cluster: cluster.arn,
    taskDefinition: task.arn,
    desiredCount: 2,
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ],
  });
  const database = new DbInstance(stack, "database", {
    identifier: "web",
    engine: "postgres",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    storageType: "gp3",
    multiAz: true,
  });
  const key = new KmsKey(stack, "key", {});
  const euKey = new KmsKey(stack, "eu-key", { provider: stack.node.findChild("eu") as AwsProvider });
  const secret = new SecretsmanagerSecret(stack, "secret", { name: "web", replica: [{ region: "eu-west-1" }] });
  const cpuAlarm = new CloudwatchMetricAlarm(stack, "cpu-alarm", {
    alarmName: "cpu",
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    metricName: "CPUUtilization",
    namespace: "AWS/ECS",
    period: 300,
    statistic: "Average",
    threshold: 80,
  });
  const metric = (metricName: string) => ({ metricName, namespace: "ECS/ContainerInsights", period: 10, stat: "Maximum" });
  const tasksAlarm = new CloudwatchMetricAlarm(stack, "tasks-alarm", {
    alarmName: "tasks",
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    threshold: 0,
    metricQuery: [
      { id: "desired", metric: metric("DesiredTaskCount"), returnData: false },
      { id: "running", metric: metric("RunningTaskCount"), returnData: false },
      { id: "missing", expression: "desired - running", returnData: true },
    ],
  });
  const visibilityConfig = { cloudwatchMetricsEnabled: true, metricName: "web", sampledRequestsEnabled: true };
  const acl = new Wafv2WebAcl(stack, "acl", {
    name: "web",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig,
    rule: [
      { name: "rate", priority: 0, action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } }, visibilityConfig },
      { name: "common", priority: 1, overrideAction: { none: {} }, statement: { managed_rule_group_statement: { vendor_name: "AWS", name: "AWSManagedRulesCommonRuleSet" } }, visibilityConfig },
    ],
  });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "web-assets" });
  const lines = estimateStack(synth(stack), PRICE_TABLE);
  const linesOf = (resource: TerraformResource) => lines.filter((line) => line.resource === address(resource));

  it("prices a NAT gateway and its Elastic IP by the hour", () => {
    expect(linesOf(nat)).toEqual([hourly(nat, "NAT gateway", 1, "hour", US.natGatewayHour)]);
    expect(linesOf(eip)).toEqual([hourly(eip, "Public IPv4 address (Elastic IP)", 1, "hour", US.publicIpv4Hour)]);
  });

  it("prices an interface endpoint per zone (its subnets) and a gateway endpoint not at all", () => {
    expect(linesOf(endpoint)).toEqual([hourly(endpoint, "Interface VPC endpoint secretsmanager, per zone", 2, "hour", US.interfaceEndpointZoneHour)]);
    expect(linesOf(gatewayEndpoint)).toEqual([]);
  });

  it("prices an internet-facing ALB by the hour and its public IPv4 address in each of its 2 subnets", () => {
    expect(linesOf(balancer)).toEqual([
      hourly(balancer, "Application load balancer", 1, "hour", US.loadBalancerHour.application),
      hourly(balancer, "Public IPv4 address (internet-facing load balancer)", 2, "hour", US.publicIpv4Hour),
    ]);
  });

  it("prices 2 Fargate tasks of 0.25 vCPU and 0.5 GB: the base one on-demand, the other on Spot", () => {
    const { onDemand, spot } = US.fargate.X86_64;
    expect(linesOf(service)).toEqual([
      hourly(service, "Fargate X86_64 vCPU", 0.25, "vCPU-hour", onDemand.vcpuHour),
      hourly(service, "Fargate X86_64 memory", 0.5, "GB-hour", onDemand.gbHour),
      hourly(service, "Fargate Spot X86_64 vCPU", 0.25, "vCPU-hour", spot!.vcpuHour),
      hourly(service, "Fargate Spot X86_64 memory", 0.5, "GB-hour", spot!.gbHour),
    ]);
  });

  it("prices a Multi-AZ PostgreSQL instance and its 20 GB of gp3 at twice the Single-AZ prices", () => {
    const postgres = US.rds.postgres;
    expect(linesOf(database)).toEqual([
      hourly(database, "RDS postgres db.t3.micro, Multi-AZ", 1, "hour", postgres.instanceHour["db.t3.micro"] * postgres.multiAzFactor),
      monthly(database, "RDS gp3 storage, Multi-AZ", 20, "GB-month", postgres.storageGbMonth.gp3 * postgres.multiAzFactor),
    ]);
    expect(postgres.multiAzFactor).toBe(2);
  });

  it("prices KMS keys in the region of the provider they name, and a secret with its replica as two secrets", () => {
    expect(linesOf(key)).toEqual([monthly(key, "KMS key", 1, "key-month", US.kmsKeyMonth)]);
    expect(linesOf(euKey)).toEqual([monthly(euKey, "KMS key", 1, "key-month", EU.kmsKeyMonth, "eu-west-1")]);
    expect(linesOf(secret)).toEqual([
      monthly(secret, "Secrets Manager secret", 1, "secret-month", US.secretMonth),
      monthly(secret, "Secrets Manager secret replica", 1, "secret-month", EU.secretMonth, "eu-west-1"),
    ]);
  });

  it("prices a standard alarm as one metric, and a metric-math alarm per metric in it, high resolution under 60 s", () => {
    expect(linesOf(cpuAlarm)).toEqual([monthly(cpuAlarm, "CloudWatch alarm metric", 1, "alarm-metric-month", US.alarmMetricMonth)]);
    expect(linesOf(tasksAlarm)).toEqual([monthly(tasksAlarm, "CloudWatch high-resolution alarm metric", 2, "alarm-metric-month", US.highResolutionAlarmMetricMonth)]);
  });

  it("prices a web ACL and each of its 2 rules by the month", () => {
    expect(linesOf(acl)).toEqual([monthly(acl, "WAF web ACL", 1, "ACL-month", US.wafWebAclMonth), monthly(acl, "WAF rule", 2, "rule-month", US.wafRuleMonth)]);
  });

  it("prices nothing else: an S3 bucket, subnets, the cluster and the task definition make no line", () => {
    expect(linesOf(bucket)).toEqual([]);
    const priced = [nat, eip, endpoint, balancer, service, database, key, euKey, secret, cpuAlarm, tasksAlarm, acl].map(address);
    expect(lines.filter((line) => !priced.includes(line.resource))).toEqual([]);
    expect(lines).toHaveLength(19);
  });
});

describe("estimateStack, on what it cannot price", () => {
  it("throws for an instance class the table lacks, naming the resource, the class and the region, and where to add it", () => {
    const stack = awsStack("unknown-class");
    const database = new DbInstance(stack, "database", { engine: "postgres", instanceClass: "db.m7g.large", allocatedStorage: 20 });
    expect(() => estimateStack(synth(stack), PRICE_TABLE)).toThrow(
      `${address(database)}: RDS instance class db.m7g.large in us-east-1 is not in the price table; add it to src/cost/price-table.ts`,
    );
  });

  it("throws for an EC2 instance type the table lacks in the same way", () => {
    const stack = awsStack("unknown-type");
    const instance = new Instance(stack, "bastion", { ami: "ami-1", instanceType: "t4g.nano" });
    const withoutNano: PriceTable = { ...PRICE_TABLE, regions: { ...PRICE_TABLE.regions, "us-east-1": { ...US, ec2InstanceHour: {} } } };
    expect(() => estimateStack(synth(stack), withoutNano)).toThrow(`${address(instance)}: EC2 instance type t4g.nano in us-east-1 is not in the price table; add it to src/cost/price-table.ts`);
  });

  it("throws for an alarm on a Metrics Insights query, which has no metric to count", () => {
    const stack = awsStack("insights-alarm");
    new CloudwatchMetricAlarm(stack, "insights", {
      alarmName: "busiest",
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 1,
      threshold: 90,
      metricQuery: [{ id: "q", expression: 'SELECT MAX(CPUUtilization) FROM "AWS/EC2"', period: 300, returnData: true }],
    });
    expect(() => estimateStack(synth(stack), PRICE_TABLE)).toThrow(
      "aws_cloudwatch_metric_alarm.insights: an alarm on a query with no metric (a Metrics Insights query) is not in the price table; add it to src/cost/monitoring-costs.ts",
    );
  });

  it("estimates a region without prices of its own at its fallback region's, and names the fallback on the line", () => {
    const stack = new TerraformStack(Testing.app(), "elsewhere");
    new AwsProvider(stack, "aws", { region: "ap-south-2" });
    const key = new KmsKey(stack, "key", {});
    expect(PRICE_TABLE.regions["ap-south-2"]).toBeUndefined();
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([{ ...monthly(key, "KMS key", 1, "key-month", US.kmsKeyMonth, "ap-south-2"), fallbackRegion: "us-east-1" }]);
  });

  it("throws for a region with neither prices nor a fallback", () => {
    const stack = new TerraformStack(Testing.app(), "elsewhere");
    new AwsProvider(stack, "aws", { region: "ap-south-2" });
    const key = new KmsKey(stack, "key", {});
    const noFallback: PriceTable = { ...PRICE_TABLE, fallbacks: {} };
    expect(() => estimateStack(synth(stack), noFallback)).toThrow(`${address(key)}: region ap-south-2 has neither prices nor a fallback region; add it to src/cost/price-table.ts`);
  });

  it("throws for provisioned DynamoDB capacity (the default billing mode), a fixed charge the table lacks, and passes an on-demand table", () => {
    const stack = awsStack("tables");
    new DynamodbTable(stack, "locks", { name: "locks", hashKey: "LockID", attribute: [{ name: "LockID", type: "S" }], billingMode: "PAY_PER_REQUEST" });
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([]);
    const table = new DynamodbTable(stack, "provisioned", { name: "provisioned", hashKey: "id", attribute: [{ name: "id", type: "S" }], readCapacity: 5, writeCapacity: 5 });
    expect(() => estimateStack(synth(stack), PRICE_TABLE)).toThrow(`${address(table)}: provisioned DynamoDB capacity (billing_mode "PROVISIONED") is not in the price table`);
  });

  it("throws for Fargate Spot of ARM64 tasks, which Fargate Spot does not run", () => {
    const stack = awsStack("arm-spot");
    const task = taskDefinition(stack, "task", "1024", "2048", "ARM64");
    new EcsService(stack, "service", { name: "web", taskDefinition: task.arn, desiredCount: 1, capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] });
    expect(() => estimateStack(synth(stack), PRICE_TABLE)).toThrow(/no Fargate Spot rates for ARM64 in us-east-1/);
  });
});

describe("estimateStack, on count, for_each and autoscaling", () => {
  it("multiplies a resource's lines by its literal count or the size of its literal for_each", () => {
    const stack = awsStack("repeated");
    const counted = new KmsKey(stack, "counted", { count: 3 });
    const perName = new KmsKey(stack, "per-name", { forEach: TerraformIterator.fromList(["a", "b"]) });
    const perEntry = new KmsKey(stack, "per-entry", { forEach: TerraformIterator.fromMap({ x: "1", y: "2", z: "3", w: "4" }) });
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([
      monthly(counted, "KMS key", 3, "key-month", US.kmsKeyMonth),
      monthly(perEntry, "KMS key", 4, "key-month", US.kmsKeyMonth),
      monthly(perName, "KMS key", 2, "key-month", US.kmsKeyMonth),
    ]);
  });

  it("throws, naming the resource, for a count or a for_each known only at plan time", () => {
    const counted = awsStack("variable-count");
    const keys = new TerraformVariable(counted, "keys", { type: "number" });
    const key = new KmsKey(counted, "key", { count: keys.numberValue });
    expect(() => estimateStack(synth(counted), PRICE_TABLE)).toThrow(`${address(key)}: count "\${var.keys}" is not a literal number, so its cost cannot be estimated`);
    const iterated = awsStack("variable-for-each");
    const names = new TerraformVariable(iterated, "names", { type: "list(string)" });
    const perName = new KmsKey(iterated, "key", { forEach: TerraformIterator.fromList(names.listValue) });
    expect(() => estimateStack(synth(iterated), PRICE_TABLE)).toThrow(`${address(perName)}: for_each "\${toset(var.names)}" is not a literal list, set or map`);
  });

  it("runs a service's autoscaling minimum rather than its desired_count, at the ARM64 rate", () => {
    const stack = awsStack("autoscaled");
    const cluster = new EcsCluster(stack, "cluster", { name: "web" });
    const task = taskDefinition(stack, "task", "512", "1024", "ARM64");
    const service = new EcsService(stack, "service", { name: "web", cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 1, launchType: "FARGATE" });
    new AppautoscalingTarget(stack, "target", {
      minCapacity: 3,
      maxCapacity: 6,
      resourceId: `service/${cluster.name}/${service.name}`,
      scalableDimension: "ecs:service:DesiredCount",
      serviceNamespace: "ecs",
    });
    const { onDemand } = US.fargate.ARM64;
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([
      hourly(service, "Fargate ARM64 vCPU", 3 * 0.5, "vCPU-hour", onDemand.vcpuHour),
      hourly(service, "Fargate ARM64 memory", 3 * 1, "GB-hour", onDemand.gbHour),
    ]);
  });

  it("follows a service's launch_type over its cluster's default strategy, as ECS does, and prices the EC2 launch type not at all", () => {
    const stack = awsStack("launch-types");
    const cluster = new EcsCluster(stack, "cluster", { name: "web" });
    new EcsClusterCapacityProviders(stack, "providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    });
    const task = taskDefinition(stack, "task", "1024", "2048", "X86_64");
    const onDemand = new EcsService(stack, "on-demand", { name: "web", cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 2, launchType: "FARGATE" });
    new EcsService(stack, "on-ec2", { name: "web-ec2", cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 2, launchType: "EC2" });
    const byDefault = new EcsService(stack, "by-default", { name: "web-spot", cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 2 });
    const { onDemand: rate, spot } = US.fargate.X86_64;
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([
      // In the synthesized JSON's order (by resource name): by-default, on-demand; on-ec2 makes no line.
      hourly(byDefault, "Fargate Spot X86_64 vCPU", 2, "vCPU-hour", spot!.vcpuHour),
      hourly(byDefault, "Fargate Spot X86_64 memory", 4, "GB-hour", spot!.gbHour),
      hourly(onDemand, "Fargate X86_64 vCPU", 2, "vCPU-hour", rate.vcpuHour),
      hourly(onDemand, "Fargate X86_64 memory", 4, "GB-hour", rate.gbHour),
    ]);
  });

  it("prices an internal or network load balancer by its type, with no public IPv4 for an internal one", () => {
    const stack = awsStack("balancers");
    const internal = new Lb(stack, "internal", { name: "inside", internal: true, loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"] });
    const network = new Lb(stack, "network", { name: "nlb", loadBalancerType: "network", subnets: ["subnet-1", "subnet-2"] });
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([
      hourly(internal, "Application load balancer", 1, "hour", US.loadBalancerHour.application),
      hourly(network, "Network load balancer", 1, "hour", US.loadBalancerHour.network),
      hourly(network, "Public IPv4 address (internet-facing load balancer)", 2, "hour", US.publicIpv4Hour),
    ]);
  });

  it("prices Route 53 health checks: an HTTPS check of an AWS endpoint every 10 s with two options, one outside AWS, and a calculated one", () => {
    const stack = awsStack("health-checks");
    const balancer = new Lb(stack, "balancer", { name: "web", internal: true, subnets: ["subnet-1", "subnet-2"] });
    const primary = new Route53HealthCheck(stack, "primary", { type: "HTTPS", fqdn: balancer.dnsName, port: 443, resourcePath: "/health", requestInterval: 10, failureThreshold: 3 });
    const outside = new Route53HealthCheck(stack, "outside", { type: "HTTP", fqdn: "status.example.com", port: 80, resourcePath: "/", requestInterval: 30, failureThreshold: 3 });
    const calculated = new Route53HealthCheck(stack, "calculated", { type: "CALCULATED", childHealthchecks: [primary.id], childHealthThreshold: 1 });
    const route53 = PRICE_TABLE.global.route53;
    const lines = estimateStack(synth(stack), PRICE_TABLE).filter((line) => line.item.startsWith("Route 53"));
    expect(lines).toEqual([
      { ...monthly(calculated, "Route 53 calculated health check", 1, "check-month", route53.awsEndpointHealthCheckMonth), region: "global" },
      { ...monthly(outside, "Route 53 health check (endpoint outside AWS)", 1, "check-month", route53.otherEndpointHealthCheckMonth), region: "global" },
      { ...monthly(primary, "Route 53 health check (AWS endpoint)", 1, "check-month", route53.awsEndpointHealthCheckMonth), region: "global" },
      { ...monthly(primary, "Route 53 health check optional feature (AWS endpoint)", 2, "option-month", route53.awsEndpointOptionMonth), region: "global" },
    ]);
  });

  it("prices an Aurora Serverless v2 instance at its cluster's minimum ACUs", () => {
    const stack = awsStack("aurora");
    const cluster = new RdsCluster(stack, "cluster", { clusterIdentifier: "web", engine: "aurora-postgresql", serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 } });
    const writer = new RdsClusterInstance(stack, "writer", { clusterIdentifier: cluster.id, instanceClass: "db.serverless", engine: cluster.engine });
    expect(estimateStack(synth(stack), PRICE_TABLE)).toEqual([
      hourly(writer, "Aurora Serverless v2 aurora-postgresql minimum capacity", 0.5, "ACU-hour", US.aurora["aurora-postgresql"].serverlessV2AcuHour),
    ]);
  });
});

describe("estimateEnvironments", () => {
  const devNetwork = awsStack("network-dev", "dev");
  const devNat = new NatGateway(devNetwork, "nat", { subnetId: "subnet-1", connectivityType: "private" });
  const devDatabase = awsStack("web-dev-database", "dev");
  const primary = new DbInstance(devDatabase, "primary", { identifier: "web-dev", engine: "postgres", instanceClass: "db.t3.small", allocatedStorage: 30, storageType: "gp3" });
  const drDatabase = new TerraformStack(Testing.app(), "web-dev-dr-database");
  new AwsProvider(drDatabase, "aws", { region: "eu-west-1", defaultTags: [{ tags: { Environment: "dev" } }] });
  const replica = new DbInstance(drDatabase, "replica", { instanceClass: "db.t3.small", replicateSourceDb: "arn:aws:rds:us-east-1:111111111111:db:web-dev" });
  const backend = awsStack("backend-dev", "dev");
  const stateKey = new KmsKey(backend, "state-key", {});
  const prodService = awsStack("web-prod-service", "prod");
  const prodKey = new KmsKey(prodService, "key", {});
  new EbsVolume(prodService, "scratch", { availabilityZone: "us-east-1a", size: 10 });
  // The platform's grouping is platformStackGroups' (tested in stack-groups.test.ts); these stacks are named like its.
  const groupOf: StackGrouper = (id) => (id.startsWith("backend-") ? { kind: "shared", name: "account dev" } : { kind: "environment", name: id.split("-")[1] });
  const estimate = estimateEnvironments(
    [devNetwork, devDatabase, drDatabase, backend, prodService].map((stack) => ({ id: stack.node.id, json: synth(stack) })),
    groupOf,
    PRICE_TABLE,
  );

  it("groups stacks as the grouper says, the shared ones apart", () => {
    expect(estimate.environments.map((group) => [group.name, group.stacks])).toEqual([
      ["dev", ["network-dev", "web-dev-database", "web-dev-dr-database"]],
      ["prod", ["web-prod-service"]],
    ]);
    expect(estimate.shared.map((group) => [group.name, group.stacks])).toEqual([["account dev", ["backend-dev"]]]);
    expect(estimate.shared[0].lines).toEqual([{ ...monthly(stateKey, "KMS key", 1, "key-month", US.kmsKeyMonth), stack: "backend-dev" }]);
    expect(estimate.environments[1].lines).toEqual([{ ...monthly(prodKey, "KMS key", 1, "key-month", US.kmsKeyMonth), stack: "web-prod-service" }]);
  });

  it("gives a cross-region read replica its source's engine and storage, from the source's stack, at its own region's prices", () => {
    const dev = estimate.environments[0];
    expect(dev.lines.filter((line) => line.stack === "web-dev-dr-database")).toEqual([
      { ...hourly(replica, "RDS postgres db.t3.small read replica", 1, "hour", EU.rds.postgres.instanceHour["db.t3.small"], "eu-west-1"), stack: "web-dev-dr-database" },
      { ...monthly(replica, "RDS gp3 storage", 30, "GB-month", EU.rds.postgres.storageGbMonth.gp3, "eu-west-1"), stack: "web-dev-dr-database" },
    ]);
    expect(dev.lines.map((line) => line.resource)).toEqual([address(devNat), address(primary), address(primary), address(replica), address(replica)]);
  });

  it("totals each group's lines", () => {
    const dev = estimate.environments[0];
    expect(dev.monthlyUsd).toBeCloseTo(
      US.natGatewayHour * HOURS_PER_MONTH +
        US.rds.postgres.instanceHour["db.t3.small"] * HOURS_PER_MONTH +
        30 * US.rds.postgres.storageGbMonth.gp3 +
        EU.rds.postgres.instanceHour["db.t3.small"] * HOURS_PER_MONTH +
        30 * EU.rds.postgres.storageGbMonth.gp3,
      9,
    );
  });

  it("lists the usage charges left out and the resource types it does not know, and names the stack in an error", () => {
    expect(estimate.excluded).toBe(EXCLUDED_USAGE_CHARGES);
    expect(estimate.excluded.find((charge) => charge.resourceTypes.includes("aws_s3_bucket"))?.charge).toMatch(/S3 storage/);
    expect(estimate.unclassified).toEqual([{ type: "aws_ebs_volume", stacks: ["web-prod-service"] }]);
    expect(estimate.prices).toEqual({ date: PRICE_TABLE.date, source: PRICE_TABLE.source });
    expect(estimate.fallbacks).toEqual([]);
    expect(estimate.unestimated).toEqual([]);
    // Without its source's stack, the replica cannot be priced: its environment is left out whole, the other groups estimated.
    const withoutSource = estimateEnvironments([devNetwork, drDatabase, backend, prodService].map((stack) => ({ id: stack.node.id, json: synth(stack) })), groupOf, PRICE_TABLE);
    expect(withoutSource.unestimated).toEqual([
      {
        name: "dev",
        kind: "environment",
        reason: expect.stringMatching(/^web-dev-dr-database: aws_db_instance\.replica: its source arn:aws:rds:us-east-1:111111111111:db:web-dev is in none of the stacks estimated with it/),
      },
    ]);
    expect(withoutSource.environments.map((group) => group.name)).toEqual(["prod"]);
    expect(withoutSource.shared.map((group) => group.name)).toEqual(["account dev"]);
  });

  it("renders a Markdown table per environment and per account of shared stacks, the prices' date and source, and the exclusions", () => {
    const lines = renderMarkdown(estimate).split("\n");
    expect(lines).toContain("## Environment dev: $" + estimate.environments[0].monthlyUsd.toFixed(2) + " per month");
    expect(lines).toContain("Stacks: `network-dev`, `web-dev-database`, `web-dev-dr-database`");
    expect(lines).toContain("| Item | Region | Quantity | Unit price | Monthly |");
    expect(lines).toContain(`| NAT gateway | us-east-1 | 1 | $${US.natGatewayHour} per hour | $${(US.natGatewayHour * HOURS_PER_MONTH).toFixed(2)} |`);
    const euGp3 = EU.rds.postgres.storageGbMonth.gp3;
    expect(lines).toContain(`| RDS gp3 storage | eu-west-1 | 30 | $${euGp3} per GB-month | $${(30 * euGp3).toFixed(2)} |`);
    const oneKey = `$${US.kmsKeyMonth.toFixed(2)} per month`;
    expect(lines.indexOf("## Shared stacks")).toBeGreaterThan(lines.indexOf(`## Environment prod: ${oneKey}`));
    expect(lines).toContain(`### account dev: ${oneKey}`);
    expect(lines).toContain(`Prices: table written ${PRICE_TABLE.date}; ${PRICE_TABLE.source}`);
    expect(lines).toContain("- `aws_ebs_volume` in `web-prod-service`");
    expect(lines).toContain("- NAT gateway data processing, per GB (`aws_nat_gateway`)");
  });
});
