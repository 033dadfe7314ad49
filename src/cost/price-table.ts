/**
 * The prices the cost estimator multiplies: USD, on-demand, Linux, for each
 * region the built-in configuration deploys to. Every other region the
 * configuration accepts names a fallback region whose prices estimate its own,
 * and each line priced that way says so. A price missing here (a region with
 * neither, an instance class, an engine) makes the estimate throw, naming the
 * resource and what to add; it is never taken as 0.
 */

/** Per-vCPU-hour and per-GB-hour rates of Fargate tasks. */
export interface FargateRates {
  /** USD per vCPU per hour. */
  readonly vcpuHour: number;
  /** USD per GB of memory per hour. */
  readonly gbHour: number;
}

/** Fargate's rates for one CPU architecture (https://aws.amazon.com/fargate/pricing/). */
export interface FargateArchitecturePrices {
  /** The on-demand rates (capacity provider FARGATE). */
  readonly onDemand: FargateRates;
  /** The Spot rates (capacity provider FARGATE_SPOT); none where Fargate Spot does not run the architecture. */
  readonly spot?: FargateRates;
}

/** An RDS engine's prices (https://aws.amazon.com/rds/postgresql/pricing/). */
export interface RdsEnginePrices {
  /** USD per Single-AZ instance-hour, by instance class. */
  readonly instanceHour: Readonly<Record<string, number>>;
  /** USD per GB-month of Single-AZ storage, by storage type. */
  readonly storageGbMonth: Readonly<Record<string, number>>;
  /** What a Multi-AZ instance deployment (one standby) multiplies the instance and storage prices by. */
  readonly multiAzFactor: number;
}

/** An Aurora engine's compute prices (https://aws.amazon.com/rds/aurora/pricing/). */
export interface AuroraEnginePrices {
  /** USD per Aurora Serverless v2 ACU-hour on Aurora Standard storage. */
  readonly serverlessV2AcuHour: number;
  /** USD per Aurora Serverless v2 ACU-hour on Aurora I/O-Optimized storage (`storage_type` "aurora-iopt1"). */
  readonly serverlessV2AcuHourIoOptimized: number;
  /** USD per provisioned instance-hour on Aurora Standard storage, by instance class. */
  readonly instanceHour: Readonly<Record<string, number>>;
}

/** An ElastiCache engine's node-based prices (https://aws.amazon.com/elasticache/pricing/): Valkey's nodes are priced 20% below Redis OSS's. */
export interface ElasticacheEnginePrices {
  /** USD per node-hour, on-demand, by node type. */
  readonly nodeHour: Readonly<Record<string, number>>;
}

/** The prices of one region. */
export interface RegionPrices {
  /** USD per NAT gateway-hour (https://aws.amazon.com/vpc/pricing/). */
  readonly natGatewayHour: number;
  /** USD per public IPv4 address-hour, in use or idle (https://aws.amazon.com/vpc/pricing/, "Public IPv4 addresses"). */
  readonly publicIpv4Hour: number;
  /** USD per interface VPC endpoint per availability zone per hour (https://aws.amazon.com/privatelink/pricing/). */
  readonly interfaceEndpointZoneHour: number;
  /** USD per load balancer-hour, by `load_balancer_type` (https://aws.amazon.com/elasticloadbalancing/pricing/). */
  readonly loadBalancerHour: Readonly<Record<string, number>>;
  /** USD per EC2 instance-hour, Linux, on-demand, by instance type (https://aws.amazon.com/ec2/pricing/on-demand/). */
  readonly ec2InstanceHour: Readonly<Record<string, number>>;
  /** USD per GB-month of EBS volume, by volume type (https://aws.amazon.com/ebs/pricing/). */
  readonly ebsGbMonth: Readonly<Record<string, number>>;
  /** Fargate, Linux, by `runtime_platform.cpu_architecture` (https://aws.amazon.com/fargate/pricing/). */
  readonly fargate: Readonly<Record<string, FargateArchitecturePrices>>;
  /** USD per GB-hour of Fargate ephemeral storage beyond the 20 GB every task has free (https://aws.amazon.com/fargate/pricing/). */
  readonly fargateEphemeralStorageGbHour: number;
  /** RDS, by `engine` (https://aws.amazon.com/rds/pricing/). */
  readonly rds: Readonly<Record<string, RdsEnginePrices>>;
  /** Aurora, by cluster `engine` (https://aws.amazon.com/rds/aurora/pricing/). */
  readonly aurora: Readonly<Record<string, AuroraEnginePrices>>;
  /** ElastiCache node-based caches, by replication group `engine` (https://aws.amazon.com/elasticache/pricing/). */
  readonly elasticache: Readonly<Record<string, ElasticacheEnginePrices>>;
  /** USD per customer managed KMS key-month, a multi-Region replica key being another key (https://aws.amazon.com/kms/pricing/). */
  readonly kmsKeyMonth: number;
  /** USD per secret-month, each replica region being another secret (https://aws.amazon.com/secrets-manager/pricing/). */
  readonly secretMonth: number;
  /** USD per standard-resolution alarm metric-month (https://aws.amazon.com/cloudwatch/pricing/, "Alarms"). */
  readonly alarmMetricMonth: number;
  /** USD per high-resolution (period under 60 s) alarm metric-month (https://aws.amazon.com/cloudwatch/pricing/, "Alarms"). */
  readonly highResolutionAlarmMetricMonth: number;
  /** USD per composite alarm-month (https://aws.amazon.com/cloudwatch/pricing/, "Alarms"). */
  readonly compositeAlarmMonth: number;
  /** USD per WAF web ACL-month (https://aws.amazon.com/waf/pricing/). */
  readonly wafWebAclMonth: number;
  /** USD per WAF rule-month, a rule group reference being one rule (https://aws.amazon.com/waf/pricing/). */
  readonly wafRuleMonth: number;
  /** USD per month of subscription to a paid AWS managed rule group, by rule group name (https://aws.amazon.com/waf/pricing/); its requests are usage. */
  readonly wafPaidManagedRuleGroupMonth: Readonly<Record<string, number>>;
}

/** Route 53's prices, the same in every region (https://aws.amazon.com/route53/pricing/). */
export interface Route53Prices {
  /** USD per health check-month of an AWS endpoint, and of a calculated or CloudWatch-metric health check. */
  readonly awsEndpointHealthCheckMonth: number;
  /** USD per health check-month of an endpoint outside AWS (a literal address the stack does not create). */
  readonly otherEndpointHealthCheckMonth: number;
  /** USD per optional feature-month (HTTPS, string matching, fast interval, latency measurement) of an AWS endpoint's health check. */
  readonly awsEndpointOptionMonth: number;
  /** USD per optional feature-month of a health check of an endpoint outside AWS. */
  readonly otherEndpointOptionMonth: number;
  /** USD per hosted zone-month (the first 25 zones). */
  readonly hostedZoneMonth: number;
}

/** CloudWatch's account-wide prices (https://aws.amazon.com/cloudwatch/pricing/, "Dashboards"; dashboards are account-wide, not regional). */
export interface CloudWatchGlobalPrices {
  /** USD per dashboard-month beyond the account's free ones. */
  readonly dashboardMonth: number;
  /** Dashboards (of up to 50 metrics each) an account has free every month. */
  readonly freeDashboardsPerAccount: number;
}

/** CloudFront's prices, the same everywhere (https://aws.amazon.com/cloudfront/pricing/). */
export interface CloudFrontPrices {
  /** USD per distribution-month on the pay-as-you-go plan (the flat-rate plans are not used). */
  readonly payAsYouGoDistributionMonth: number;
}

/** A dated price table. */
export interface PriceTable {
  /** The day the table was written, YYYY-MM-DD. */
  readonly date: string;
  /** Where the prices come from, and how fresh they are. */
  readonly source: string;
  /** The prices by region code. */
  readonly regions: Readonly<Record<string, RegionPrices>>;
  /**
   * Regions without prices of their own, each with the region in `regions`
   * whose prices estimate it: its cost lines name that region (`fallbackRegion`).
   * A region's own prices, once added to `regions`, replace its fallback.
   */
  readonly fallbacks: Readonly<Record<string, string>>;
  /** Prices of global services. */
  readonly global: { readonly route53: Route53Prices; readonly cloudwatch: CloudWatchGlobalPrices; readonly cloudfront: CloudFrontPrices };
}

/** The prices the estimate uses by default. */
export const PRICE_TABLE: PriceTable = {
  date: "2026-12-02",
  source:
    "AWS public pricing pages (on-demand, Linux, USD) as the author knew them in early 2025, not re-checked: the table was written on an offline machine on 2026-12-02. Fargate Spot rates move with spare capacity; theirs are a snapshot. Check https://aws.amazon.com/pricing/ before relying on a figure.",
  regions: {
    "us-east-1": {
      // https://aws.amazon.com/vpc/pricing/
      natGatewayHour: 0.045,
      publicIpv4Hour: 0.005,
      // https://aws.amazon.com/privatelink/pricing/
      interfaceEndpointZoneHour: 0.01,
      // https://aws.amazon.com/elasticloadbalancing/pricing/
      loadBalancerHour: { application: 0.0225, network: 0.0225 },
      // https://aws.amazon.com/ec2/pricing/on-demand/: t4g.nano is the NAT instance's default type, t3.micro the bastion's; t3.micro,
      // t3.small, t3.medium and m6g.large EC2 capacity's tier types and t3a.small the Spot type of examples/ec2-capacity.json
      // (added 2026-12-06 from the same early-2025 knowledge, decision 0012).
      ec2InstanceHour: { "t4g.nano": 0.0042, "t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416, "t3a.small": 0.0188, "m6g.large": 0.077 },
      // https://aws.amazon.com/ebs/pricing/
      ebsGbMonth: { gp3: 0.08, gp2: 0.1 },
      // https://aws.amazon.com/fargate/pricing/: Fargate Spot does not run ARM64 tasks.
      fargate: {
        X86_64: { onDemand: { vcpuHour: 0.04048, gbHour: 0.004445 }, spot: { vcpuHour: 0.01244893, gbHour: 0.00136685 } },
        ARM64: { onDemand: { vcpuHour: 0.03238, gbHour: 0.00356 } },
      },
      fargateEphemeralStorageGbHour: 0.000111,
      // https://aws.amazon.com/rds/postgresql/pricing/: the classes the built-in configuration's tiers use.
      rds: {
        postgres: {
          instanceHour: { "db.t3.micro": 0.018, "db.t3.small": 0.036, "db.r6g.large": 0.225 },
          storageGbMonth: { gp3: 0.115, gp2: 0.115, standard: 0.1 },
          multiAzFactor: 2,
        },
      },
      // https://aws.amazon.com/rds/aurora/pricing/: the platform's Aurora runs Serverless v2 only.
      aurora: { "aurora-postgresql": { serverlessV2AcuHour: 0.12, serverlessV2AcuHourIoOptimized: 0.156, instanceHour: {} } },
      // https://aws.amazon.com/elasticache/pricing/ (on-demand nodes, from memory of early 2025 like the rest; added 2026-12-06): the node types the tiers' caches use.
      elasticache: {
        valkey: { nodeHour: { "cache.t4g.micro": 0.0128, "cache.t4g.small": 0.0256, "cache.t4g.medium": 0.052 } },
        redis: { nodeHour: { "cache.t4g.micro": 0.016, "cache.t4g.small": 0.032, "cache.t4g.medium": 0.065 } },
      },
      // https://aws.amazon.com/kms/pricing/
      kmsKeyMonth: 1,
      // https://aws.amazon.com/secrets-manager/pricing/
      secretMonth: 0.4,
      // https://aws.amazon.com/cloudwatch/pricing/
      alarmMetricMonth: 0.1,
      highResolutionAlarmMetricMonth: 0.3,
      compositeAlarmMonth: 0.5,
      // https://aws.amazon.com/waf/pricing/
      wafWebAclMonth: 5,
      wafRuleMonth: 1,
      wafPaidManagedRuleGroupMonth: { AWSManagedRulesBotControlRuleSet: 10, AWSManagedRulesATPRuleSet: 10, AWSManagedRulesACFPRuleSet: 10 },
    },
    "eu-west-1": {
      // https://aws.amazon.com/vpc/pricing/
      natGatewayHour: 0.048,
      publicIpv4Hour: 0.005,
      // https://aws.amazon.com/privatelink/pricing/
      interfaceEndpointZoneHour: 0.011,
      // https://aws.amazon.com/elasticloadbalancing/pricing/
      loadBalancerHour: { application: 0.0252, network: 0.0252 },
      // https://aws.amazon.com/ec2/pricing/on-demand/ (EC2 capacity's types added 2026-12-06, as for us-east-1)
      ec2InstanceHour: { "t4g.nano": 0.0046, "t3.micro": 0.0114, "t3.small": 0.0228, "t3.medium": 0.0456, "t3a.small": 0.0204, "m6g.large": 0.086 },
      // https://aws.amazon.com/ebs/pricing/
      ebsGbMonth: { gp3: 0.088, gp2: 0.11 },
      // https://aws.amazon.com/fargate/pricing/: Fargate Spot does not run ARM64 tasks.
      fargate: {
        X86_64: { onDemand: { vcpuHour: 0.04456, gbHour: 0.00489 }, spot: { vcpuHour: 0.01365, gbHour: 0.0015 } },
        ARM64: { onDemand: { vcpuHour: 0.03565, gbHour: 0.00391 } },
      },
      fargateEphemeralStorageGbHour: 0.000122,
      // https://aws.amazon.com/rds/postgresql/pricing/
      rds: {
        postgres: {
          instanceHour: { "db.t3.micro": 0.02, "db.t3.small": 0.04, "db.r6g.large": 0.25 },
          storageGbMonth: { gp3: 0.127, gp2: 0.127, standard: 0.11 },
          multiAzFactor: 2,
        },
      },
      // https://aws.amazon.com/rds/aurora/pricing/
      aurora: { "aurora-postgresql": { serverlessV2AcuHour: 0.13, serverlessV2AcuHourIoOptimized: 0.169, instanceHour: {} } },
      // https://aws.amazon.com/elasticache/pricing/ (as for us-east-1; added 2026-12-06)
      elasticache: {
        valkey: { nodeHour: { "cache.t4g.micro": 0.0144, "cache.t4g.small": 0.0288, "cache.t4g.medium": 0.0576 } },
        redis: { nodeHour: { "cache.t4g.micro": 0.018, "cache.t4g.small": 0.036, "cache.t4g.medium": 0.072 } },
      },
      // https://aws.amazon.com/kms/pricing/
      kmsKeyMonth: 1,
      // https://aws.amazon.com/secrets-manager/pricing/
      secretMonth: 0.4,
      // https://aws.amazon.com/cloudwatch/pricing/
      alarmMetricMonth: 0.1,
      highResolutionAlarmMetricMonth: 0.3,
      compositeAlarmMonth: 0.5,
      // https://aws.amazon.com/waf/pricing/
      wafWebAclMonth: 5,
      wafRuleMonth: 1,
      wafPaidManagedRuleGroupMonth: { AWSManagedRulesBotControlRuleSet: 10, AWSManagedRulesATPRuleSet: 10, AWSManagedRulesACFPRuleSet: 10 },
    },
  },
  // No prices of their own here (the table was written offline, and numbers from memory are not prices).
  // Europe, the Middle East and Africa are estimated at eu-west-1's prices, the Americas and Asia Pacific
  // at us-east-1's. A region's own prices are often higher (us-east-1 is among the cheapest regions):
  // check the region on https://aws.amazon.com/pricing/ and add it to `regions` above.
  fallbacks: {
    "us-east-2": "us-east-1",
    "us-west-1": "us-east-1",
    "us-west-2": "us-east-1",
    "ca-central-1": "us-east-1",
    "ca-west-1": "us-east-1",
    "mx-central-1": "us-east-1",
    "sa-east-1": "us-east-1",
    "ap-east-1": "us-east-1",
    "ap-south-1": "us-east-1",
    "ap-south-2": "us-east-1",
    "ap-northeast-1": "us-east-1",
    "ap-northeast-2": "us-east-1",
    "ap-northeast-3": "us-east-1",
    "ap-southeast-1": "us-east-1",
    "ap-southeast-2": "us-east-1",
    "ap-southeast-3": "us-east-1",
    "ap-southeast-4": "us-east-1",
    "ap-southeast-5": "us-east-1",
    "ap-southeast-7": "us-east-1",
    "eu-west-2": "eu-west-1",
    "eu-west-3": "eu-west-1",
    "eu-central-1": "eu-west-1",
    "eu-central-2": "eu-west-1",
    "eu-north-1": "eu-west-1",
    "eu-south-1": "eu-west-1",
    "eu-south-2": "eu-west-1",
    "il-central-1": "eu-west-1",
    "me-central-1": "eu-west-1",
    "me-south-1": "eu-west-1",
    "af-south-1": "eu-west-1",
  },
  global: {
    // https://aws.amazon.com/route53/pricing/
    route53: {
      awsEndpointHealthCheckMonth: 0.5,
      otherEndpointHealthCheckMonth: 0.75,
      awsEndpointOptionMonth: 1,
      otherEndpointOptionMonth: 2,
      hostedZoneMonth: 0.5,
    },
    // https://aws.amazon.com/cloudwatch/pricing/ ("Dashboards": $3.00 per dashboard per month; 3 dashboards of up to 50 metrics free), as of 2026-12-06.
    cloudwatch: { dashboardMonth: 3, freeDashboardsPerAccount: 3 },
    // https://aws.amazon.com/cloudfront/pricing/ (pay as you go: no monthly fee; data transfer out, HTTP(S) requests and
    // CloudFront Functions invocations per use), as of 2026-12-06. The edge web ACL is priced as any WAF web ACL in us-east-1.
    cloudfront: { payAsYouGoDistributionMonth: 0 },
  },
};
