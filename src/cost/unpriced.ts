/**
 * What the estimate leaves out, said explicitly: the usage charges it does not
 * estimate (they grow with traffic and data), and the resource types that cost
 * nothing by themselves. A resource type that is neither priced nor listed
 * here is reported as unclassified, never silently taken as free.
 */

/** A usage charge the estimate excludes, and the resource types that incur it. */
export interface ExcludedCharge {
  /** The charge, such as "NAT gateway data processing, per GB". */
  readonly charge: string;
  /** The resource types that incur it. */
  readonly resourceTypes: readonly string[];
}

/** The usage charges the estimate excludes. */
export const EXCLUDED_USAGE_CHARGES: readonly ExcludedCharge[] = [
  { charge: "NAT gateway data processing, per GB", resourceTypes: ["aws_nat_gateway"] },
  { charge: "Load balancer capacity units (LCUs): connections, bytes, rule evaluations", resourceTypes: ["aws_lb", "aws_alb"] },
  { charge: "Interface VPC endpoint data processing, per GB", resourceTypes: ["aws_vpc_endpoint"] },
  { charge: "Data transfer out to the internet, between zones, between regions and across VPC peering", resourceTypes: ["aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter"] },
  { charge: "EC2 T-class CPU credits above the baseline (unlimited mode), and EBS root volumes whose size or type the AMI decides", resourceTypes: ["aws_instance"] },
  { charge: "Fargate tasks above the autoscaling minimum, and a release's migration task; ECS services on the EC2 or EXTERNAL launch type (their instances are the cost)", resourceTypes: ["aws_ecs_service"] },
  { charge: "ECS Container Insights metrics and performance log events", resourceTypes: ["aws_ecs_cluster"] },
  {
    charge: "EC2 capacity's instances above the Auto Scaling group's minimum (ECS managed scaling), Spot prices below the on-demand rate priced, and T-class CPU credits above the baseline",
    resourceTypes: ["aws_autoscaling_group"],
  },
  {
    charge: "RDS storage grown above allocated_storage by storage autoscaling, backup storage beyond the database's size, T-class CPU credits, Performance Insights beyond the free 7 days",
    resourceTypes: ["aws_db_instance", "aws_db_instance_automated_backups_replication"],
  },
  { charge: "Aurora storage and I/O, and Serverless v2 capacity above the minimum ACUs", resourceTypes: ["aws_rds_cluster", "aws_rds_global_cluster"] },
  {
    charge: "S3 storage, requests and replication transfer",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_replication_configuration", "aws_s3_bucket_logging", "aws_s3_bucket_versioning"],
  },
  { charge: "ECR image storage and replication", resourceTypes: ["aws_ecr_repository", "aws_ecr_replication_configuration", "aws_ecr_repository_creation_template"] },
  {
    charge: "CloudWatch Logs ingestion and storage (log groups, VPC flow logs, WAF logs, RDS enhanced monitoring)",
    resourceTypes: ["aws_cloudwatch_log_group", "aws_flow_log", "aws_wafv2_web_acl_logging_configuration"],
  },
  { charge: "AWS Backup storage and cross-region copies", resourceTypes: ["aws_backup_vault", "aws_backup_plan", "aws_backup_selection"] },
  { charge: "ElastiCache snapshot storage beyond one free snapshot per node, and data transfer between zones", resourceTypes: ["aws_elasticache_replication_group"] },
  { charge: "DynamoDB on-demand reads and writes, storage and point-in-time recovery", resourceTypes: ["aws_dynamodb_table"] },
  // Issue 22, parts 4 and 5 (decision 0011): usage-priced, no fixed charge.
  { charge: "Amazon Managed Service for Prometheus metric samples ingested, stored and query samples processed", resourceTypes: ["aws_prometheus_workspace"] },
  {
    charge: "X-Ray traces recorded, retrieved and scanned beyond the free tier (the otel-collector sidecar's, which the task definition runs; X-Ray has no resource of ours)",
    resourceTypes: ["aws_ecs_task_definition"],
  },
  { charge: "Firehose data ingested and delivered to Splunk, per GB (with decompression), and its failed events in S3", resourceTypes: ["aws_kinesis_firehose_delivery_stream"] },
  { charge: "CloudWatch Logs subscription filter delivery (no charge of its own beyond the log group's ingestion)", resourceTypes: ["aws_cloudwatch_log_subscription_filter"] },
  { charge: "KMS requests", resourceTypes: ["aws_kms_key", "aws_kms_replica_key"] },
  { charge: "CloudFront data transfer out, HTTP(S) requests and CloudFront Functions invocations", resourceTypes: ["aws_cloudfront_distribution"] },
  { charge: "CloudWatch vended log delivery (CloudFront standard logging v2), per GB", resourceTypes: ["aws_cloudwatch_log_delivery"] },
  { charge: "Secrets Manager API calls", resourceTypes: ["aws_secretsmanager_secret", "aws_secretsmanager_secret_version"] },
  { charge: "WAF requests, per million", resourceTypes: ["aws_wafv2_web_acl", "aws_wafv2_web_acl_association"] },
  { charge: "Route 53 DNS queries", resourceTypes: ["aws_route53_record"] },
  { charge: "CloudTrail data events and further copies of management events (the first copy is free)", resourceTypes: ["aws_cloudtrail"] },
  { charge: "Lambda requests and duration", resourceTypes: ["aws_lambda_function", "aws_lambda_invocation"] },
  // Issue 23, part 5 (decision 0014): a job costs what it runs, nothing while it waits.
  {
    charge:
      "EventBridge Scheduler invocations beyond the free 14 million a month, 1.00 USD per million (https://aws.amazon.com/eventbridge/pricing/ as of 2026-12-06), and the Fargate time of the tasks the scheduled jobs start",
    resourceTypes: ["aws_scheduler_schedule"],
  },
  { charge: "SQS requests beyond the free million a month, 0.40 USD per million (https://aws.amazon.com/sqs/pricing/ as of 2026-12-06): the dead-letter queue's are a few", resourceTypes: ["aws_sqs_queue"] },
  // Issue 23, part 2 (decision 0013): CodeDeploy deploys to ECS at no charge (https://aws.amazon.com/codedeploy/pricing/ as of 2026-12-06); the second target group and the test listener have no charge beyond the load balancer's LCUs.
  {
    charge: "A blue/green release's replacement tasks while both task sets run (the traffic shift and the termination wait), and the load balancer's LCUs of the test listener's traffic; CodeDeploy itself is free for ECS",
    resourceTypes: ["aws_codedeploy_deployment_group"],
  },
  // Issue 23, part 4 (decision 0015): the pipeline costs what it runs; its key is priced with the other KMS keys, its connection is free.
  {
    charge:
      "CodePipeline V2 action execution minutes beyond the free 100 a month, 0.002 USD per minute (https://aws.amazon.com/codepipeline/pricing/ as of 2026-12-06): an approval waiting counts none",
    resourceTypes: ["aws_codepipeline"],
  },
  {
    charge: "CodeBuild build minutes, 0.005 USD per minute on BUILD_GENERAL1_SMALL Linux (https://aws.amazon.com/codebuild/pricing/ as of 2026-12-06): the image build and each release's",
    resourceTypes: ["aws_codebuild_project"],
  },
  { charge: "SNS requests and deliveries", resourceTypes: ["aws_sns_topic", "aws_sns_topic_subscription", "aws_db_event_subscription", "aws_cloudwatch_event_target"] },
  {
    charge: "AppConfig configuration requests and configurations received",
    resourceTypes: [
      "aws_appconfig_application",
      "aws_appconfig_configuration_profile",
      "aws_appconfig_deployment",
      "aws_appconfig_deployment_strategy",
      "aws_appconfig_environment",
      "aws_appconfig_hosted_configuration_version",
    ],
  },
];

/** Resource types that cost nothing by themselves (what they configure is priced or excluded where it is billed). */
export const FREE_RESOURCE_TYPES: readonly string[] = [
  "aws_acm_certificate",
  "aws_acm_certificate_validation",
  "aws_appautoscaling_target",
  "aws_backup_vault_lock_configuration",
  "aws_backup_vault_policy",
  "aws_cloudfront_cache_policy",
  "aws_cloudfront_origin_request_policy",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_log_delivery_destination",
  "aws_cloudwatch_log_delivery_source",
  "aws_cloudwatch_log_stream",
  "aws_codedeploy_app",
  "aws_codedeploy_deployment_config",
  "aws_codestarconnections_connection",
  "aws_db_parameter_group",
  "aws_db_subnet_group",
  "aws_default_network_acl",
  "aws_default_security_group",
  "aws_ecr_lifecycle_policy",
  "aws_ecr_repository_policy",
  "aws_ecs_capacity_provider",
  "aws_ecs_cluster_capacity_providers",
  "aws_ecs_task_definition",
  "aws_elasticache_parameter_group",
  "aws_elasticache_subnet_group",
  "aws_elasticache_user",
  "aws_elasticache_user_group",
  "aws_iam_instance_profile",
  "aws_iam_openid_connect_provider",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_service_linked_role",
  "aws_internet_gateway",
  "aws_kms_alias",
  "aws_lambda_permission",
  "aws_launch_template",
  "aws_lb_listener",
  "aws_lb_listener_rule",
  "aws_lb_target_group",
  "aws_network_acl",
  "aws_rds_cluster_parameter_group",
  "aws_route",
  "aws_route_table",
  "aws_route_table_association",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_object_lock_configuration",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_scheduler_schedule_group",
  "aws_security_group",
  "aws_sns_topic_policy",
  "aws_sqs_queue_policy",
  "aws_subnet",
  "aws_vpc",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
];
