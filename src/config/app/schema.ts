import { z } from "zod";
import { cacheAlarmsSchema, cacheSchema } from "../cache/schema";
import { capacitySchema } from "../capacity/schema";
import { cdnSchema } from "../cdn/schema";
import { databaseAlarmsSchema, databaseSchema } from "../database/schema";
import { dashboardSchema } from "../observability/schema";
import { logForwardingSchema } from "../log-forwarding/schema";
import { scheduledJobChangesByNameSchema, scheduledJobsSchema } from "../scheduled-jobs/schema";
import { pipelineSchema } from "../pipeline/schema";
import { blueGreenSchema, migrationsSchema } from "../release/schema";
import { telemetrySchema } from "../telemetry/schema";
import { bastionSchema, buildRepositorySchema, featureFlagSchema, FLAG_NAME, serviceAlarmsSchema, serviceSchema } from "../service/schema";
import { name, secretVersion } from "../shared/fields";

/**
 * The shape of an app's settings. Each block can be written once for the app
 * and again under `environments.<env>` to change it for one environment;
 * the tier's presets fill in whatever neither says.
 */

/** Incident management services that take alarms over HTTPS (seed 000). */
export const INCIDENT_PROVIDERS = ["pagerduty", "splunk-on-call"] as const;

/** SSM parameter names: the incident endpoint URL is read from one, never written in config. */
const SSM_PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;

const alertsSchema = z.strictObject({
  emails: z
    .array(z.email({ error: "must be an e-mail address" }))
    .optional()
    .describe("E-mail addresses subscribed to the alarm topic (each confirms by mail)."),
  incidentManagement: z
    .strictObject({
      provider: z.enum(INCIDENT_PROVIDERS, { error: `must be one of ${INCIDENT_PROVIDERS.join(", ")}` }).describe("Which service."),
      endpointParameter: z
        .string()
        .regex(SSM_PARAMETER_NAME, "must be an SSM parameter name such as /acme/web/pagerduty-url")
        .describe("The SSM parameter (SecureString) holding the service's HTTPS integration URL; the URL itself never enters config."),
    })
    .nullable()
    .optional()
    .describe("An incident management service subscribed over HTTPS."),
});

const generatedSecretSchema = z.strictObject({
  length: z.number().int().min(16, "must be at least 16 characters").max(1024, "must be at most 1024 characters").optional().describe("Characters in the generated value."),
  special: z.boolean().optional().describe("Whether the value may contain punctuation."),
  version: secretVersion.optional().describe("The value's version; raise it to rotate the value."),
});

const appEnvironmentSchema = z.strictObject({
  database: databaseSchema.optional().describe("Database settings for this environment."),
  databaseAlarms: databaseAlarmsSchema.optional().describe("Database alarm thresholds for this environment."),
  alerts: alertsSchema.optional().describe("Alarm subscriptions for this environment."),
  service: serviceSchema.optional().describe("Service settings for this environment."),
  serviceAlarms: serviceAlarmsSchema.optional().describe("Service alarm thresholds for this environment."),
  capacity: capacitySchema.optional().describe("Where the tasks run in this environment: Fargate, or EC2 container instances (decision 0012)."),
  bastion: bastionSchema.optional().describe("Bastion settings for this environment."),
  cache: cacheSchema.optional().describe("Cache (ElastiCache Valkey or Redis OSS) settings for this environment."),
  cacheAlarms: cacheAlarmsSchema.optional().describe("Cache alarm thresholds for this environment."),
  cdn: cdnSchema.optional().describe("CDN (CloudFront) settings for this environment."),
  telemetry: telemetrySchema.optional().describe("Traces and metrics (the OpenTelemetry collector sidecar) for this environment."),
  logForwarding: logForwardingSchema.optional().describe("Forwarding of the service's logs to Splunk for this environment."),
  dashboard: dashboardSchema.optional().describe("The CloudWatch dashboard of this environment."),
  blueGreen: blueGreenSchema.optional().describe("CodeDeploy blue/green releases of the service in this environment (decision 0013)."),
  migrations: migrationsSchema.optional().describe("The migration task run before each release in this environment (decision 0013)."),
  scheduledJobs: scheduledJobChangesByNameSchema
    .optional()
    .describe("Scheduled jobs in this environment, by name: changes to the app's (such as `enabled: false`), or jobs of its own, which then need a schedule and a command."),
  featureFlags: z.record(z.string(), z.boolean()).optional().describe("Feature flag values in this environment, by flag name; each must be declared in the app's featureFlags."),
  secrets: z.record(name, generatedSecretSchema).optional().describe("Generated secrets in this environment, by name: further secrets, or changes (such as a rotation's version) to the app's."),
});

/** One application. */
export const appSchema = z.strictObject({
  environments: z.record(name, appEnvironmentSchema).optional().describe("The environments the app runs in, each with its own changes; every environment when left out."),
  database: databaseSchema.optional().describe("Database settings in every environment."),
  databaseAlarms: databaseAlarmsSchema.optional().describe("Database alarm thresholds in every environment."),
  alerts: alertsSchema.optional().describe("Alarm subscriptions in every environment."),
  secrets: z.record(name, generatedSecretSchema).optional().describe("Generated secrets beyond the app secret key, by name; `secret-key` itself may only set its version."),
  service: serviceSchema.optional().describe("Service settings in every environment."),
  serviceAlarms: serviceAlarmsSchema.optional().describe("Service alarm thresholds in every environment."),
  capacity: capacitySchema
    .optional()
    .describe("Where the tasks run in every environment (decision 0012): Fargate by default; `provider: \"ec2\"` runs them on ECS container instances of an Auto Scaling group, with seed 004's instance types and counts per tier."),
  bastion: bastionSchema.optional().describe("Bastion settings in every environment."),
  cache: cacheSchema.optional().describe("Cache (ElastiCache Valkey or Redis OSS) beside the database in every environment: on in staging, uat and prod by default, off in dev."),
  cacheAlarms: cacheAlarmsSchema.optional().describe("Cache alarm thresholds in every environment."),
  cdn: cdnSchema.optional().describe("CDN (CloudFront) in front of the load balancer in every environment: on in prod by default, off below."),
  telemetry: telemetrySchema.optional().describe("Traces and metrics in every environment: the AWS Distro for OpenTelemetry collector as a sidecar of the app's tasks (decision 0011); on in staging, uat and prod by default, off in dev."),
  logForwarding: logForwardingSchema.optional().describe("Forwarding of the service's logs to Splunk HEC through a subscription filter and Firehose in every environment (decision 0011); off by default."),
  dashboard: dashboardSchema.optional().describe("The CloudWatch dashboard of every environment (and of its DR region): on in every tier by default."),
  blueGreen: blueGreenSchema
    .optional()
    .describe("Release the service with CodeDeploy's ECS blue/green deployment in every environment (decision 0013): off by default (ECS rolling updates with the circuit breaker)."),
  migrations: migrationsSchema
    .optional()
    .describe("A migration command the deploy workflow runs as a one-off task of the release's image before the service takes it, in every environment (decision 0013); none by default."),
  scheduledJobs: scheduledJobsSchema
    .optional()
    .describe(
      "Scheduled jobs in every environment, by name (decision 0014): EventBridge Scheduler runs the service's task definition with the job's command on its schedule, with retries, a dead-letter queue and alarms; none when left out.",
    ),
  featureFlags: z
    .record(z.string().regex(FLAG_NAME, "must be a flag name: a lowercase letter, then up to 63 letters, digits, _ or -"), featureFlagSchema)
    .optional()
    .describe("Feature flags (AppConfig), by name, with their value everywhere unless an environment overrides it."),
  buildRepository: buildRepositorySchema.optional().describe("The app's ECR build repository."),
  pipeline: pipelineSchema
    .optional()
    .describe(
      "Build and release the app with CodePipeline instead of GitHub Actions (seed 003; decision 0015): its own stack `<app>-pipeline` in the build repository's account and region, applied by an administrator. Off by default.",
    ),
  repository: z
    .string()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "must be a GitHub repository as owner/name")
    .optional()
    .describe("The GitHub repository of the app's code, owner/name: workflows on its main branch may push images to the build repository."),
});

/** One app as it passed the schema. */
export type AppConfig = z.output<typeof appSchema>;
