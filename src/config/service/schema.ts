import { z } from "zod";
import { parseCidr } from "../shared/cidr";
import { name, percent } from "../shared/fields";
import { KNOWN_REGIONS } from "../shared/regions";
import { DATABASE_CREDENTIALS } from "./defaults";

/** A container user as ECS takes it (`uid`, `uid:gid`, `name` or `name:group`) that is not root. */
const containerUser = z
  .string()
  .regex(/^([0-9]+|[a-z_][a-z0-9_-]{0,31})(:([0-9]+|[a-z_][a-z0-9_-]{0,31}))?$/, "must be a user as uid, uid:gid, name or name:group, such as 1000:1000")
  .refine((user) => !["0", "root"].includes(user.split(":")[0]), { message: "must not be root (uid 0): containers run as an unprivileged user" });

/** An image tag as ECR and Docker accept it. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** An image manifest digest. */
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** An image repository without tag, such as `ghcr.io/acme/web`. */
const IMAGE_REPOSITORY = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._\/-]+$/;

/** A full image reference with a tag, such as `ghcr.io/acme/nginx:1.27`. */
const IMAGE_REFERENCE = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._\/-]+:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** AppConfig feature flag keys. */
export const FLAG_NAME = /^[a-z][A-Za-z0-9_-]{0,63}$/;

const port = z.number().int().min(1, "must be a port from 1 to 65535").max(65535, "must be a port from 1 to 65535");

const taskCount = z.number().int().min(1, "must be at least 1 task").max(1000, "must be at most 1000 tasks");

const cooldown = z.number().int().min(0, "must be 0 or more seconds").max(3600, "must be at most 3600 seconds");

/** An app's ECS service: image, sizing, ports, health checks, scaling, domain, WAF, proxy, database access. */
export const serviceSchema = z.strictObject({
  imageTag: z
    .string()
    .regex(IMAGE_TAG, "must be an image tag: letters, digits, _ . - (up to 128), not starting with . or -")
    .optional()
    .describe("The image tag to run; with no imageRepository, a tag of the app's build repository. Give this or imageDigest."),
  imageDigest: z
    .string()
    .regex(IMAGE_DIGEST, "must be an image digest: sha256: and 64 lowercase hex digits")
    .optional()
    .describe("The image digest to run, such as `sha256:` and 64 hex digits: nobody can move a digest, so prod-tier environments deploy by it. Give this or imageTag."),
  imageRepository: z
    .string()
    .regex(IMAGE_REPOSITORY, "must be an image repository without tag, such as ghcr.io/acme/web")
    .optional()
    .describe("Run an image from another registry, such as `ghcr.io/acme/web` (seed 001), instead of the build repository."),
  registryCredentials: z.boolean().optional().describe("The registry needs credentials: the secrets stack keeps a `registry-credentials` secret whose value the operator puts."),
  containerPort: port.optional().describe("The port the app container listens on."),
  healthCheckPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._~\/-]*$/, "must be a URL path such as /health")
    .optional()
    .describe("The path the health checks probe."),
  healthCheckGracePeriodSeconds: z.number().int().min(0, "must be 0 or more seconds").max(2147483647).optional().describe("Seconds failing health checks are ignored after a task starts."),
  cpu: z.number().int().optional().describe("Task CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384)."),
  memory: z.number().int().optional().describe("Task memory in MiB, one Fargate allows for the CPU."),
  minTasks: taskCount.optional().describe("Fewest tasks autoscaling keeps."),
  maxTasks: taskCount.optional().describe("Most tasks autoscaling starts."),
  cpuTargetPercent: percent.optional().describe("Average CPU utilization autoscaling holds, in percent."),
  memoryTargetPercent: percent.optional().describe("Average memory utilization autoscaling holds, in percent."),
  requestsPerTarget: z.number().int().positive("must be a positive number of requests").optional().describe("Load balancer requests per target autoscaling holds; off when left out."),
  scaleOutCooldownSeconds: cooldown.optional().describe("Seconds after a scale-out before another."),
  scaleInCooldownSeconds: cooldown.optional().describe("Seconds after a scale-in before another."),
  minimumHealthyPercent: z.number().int().min(0, "must be 0 to 100").max(100, "must be 0 to 100").optional().describe("Tasks kept running during a deployment, in percent of the desired count."),
  maximumPercent: z.number().int().min(100, "must be 100 to 400").max(400, "must be 100 to 400").optional().describe("Tasks allowed during a deployment, in percent of the desired count."),
  containerInsights: z.boolean().optional().describe("CloudWatch Container Insights on the cluster."),
  fargateSpot: z.boolean().optional().describe("Prefer Fargate Spot, keeping onDemandBaseTasks on on-demand Fargate."),
  onDemandBaseTasks: z.number().int().min(0, "must be 0 or more tasks").max(1000, "must be at most 1000 tasks").optional().describe("With fargateSpot, how many tasks stay on on-demand Fargate."),
  execCommand: z.boolean().optional().describe("Allow ECS Exec into running tasks."),
  waf: z.boolean().optional().describe("A WAF web ACL on the load balancer."),
  wafRateLimit: z.number().int().min(10, "must be at least 10 requests").max(2000000000).optional().describe("Requests per 5 minutes from one IP above which WAF blocks it."),
  httpsRequired: z.boolean().optional().describe("Serve HTTPS only (HTTP redirects); needs domainName. Required in uat and prod."),
  domainName: z.string().regex(HOST_NAME, "must be a lowercase DNS host name such as web.example.com").optional().describe("The service's host name, such as `dev.web.example.com`."),
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ")
    .optional()
    .describe("The Route53 hosted zone of domainName: a certificate is DNS-validated there and an alias record points at the load balancer."),
  certificateArn: z
    .string()
    .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "must be an ACM certificate ARN")
    .optional()
    .describe("An existing ACM certificate for domainName, instead of one validated in hostedZoneId."),
  proxy: z
    .strictObject({
      image: z
        .string()
        .regex(IMAGE_REFERENCE, "must be an image reference with a tag, such as 111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/nginx:1.27")
        .describe("The proxy's image with its tag; it must forward to the app on 127.0.0.1:<containerPort> (passed as UPSTREAM)."),
      port: port.optional().describe("The port the proxy listens on, which the load balancer targets."),
      user: containerUser.optional().describe("The unprivileged user the proxy runs as."),
    })
    .nullable()
    .optional()
    .describe("An Nginx proxy sidecar in front of the app (seed 003), or null for none."),
  appConfigAgent: z.boolean().optional().describe("Run the AppConfig agent as a sidecar, serving flags on localhost:2772."),
  user: containerUser.optional().describe("The unprivileged user the app container runs as; the image must allow it (files it writes under /tmp only)."),
  databaseCredentials: z
    .enum(DATABASE_CREDENTIALS, { error: `must be one of ${DATABASE_CREDENTIALS.join(", ")}` })
    .optional()
    .describe("How the app authenticates to PostgreSQL: `iam` tokens as the app role, or the database stack's `master-secret`."),
  environmentVariables: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name such as LOG_LEVEL"), z.string().max(4096))
    .optional()
    .describe("Plain environment variables for the app (never secrets: those come from the secrets stack)."),
});

/** An app's service alarm thresholds. */
export const serviceAlarmsSchema = z.strictObject({
  loadBalancer5xx: z.number().int().positive("must be a positive count").optional().describe("Load balancer 5xx responses per 5 minutes above which the alarm fires."),
  target5xx: z.number().int().positive("must be a positive count").optional().describe("Target 5xx responses per 5 minutes above which the alarm fires."),
  p99ResponseSeconds: z.number().positive("must be a positive number of seconds").optional().describe("p99 target response time above which the alarm fires, in seconds."),
  cpuPercent: percent.optional().describe("Service CPU utilization above which the alarm fires."),
  memoryPercent: percent.optional().describe("Service memory utilization above which the alarm fires."),
  taskFailures: z
    .number()
    .int()
    .nonnegative("must be a count of 0 or more (0: any task stopped with a non-zero exit code fires the alarm)")
    .optional()
    .describe("Tasks stopped with a non-zero exit code per 5 minutes above which the task-failures alarm fires."),
});

/** An app's optional bastion instance. */
export const bastionSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Whether the environment gets a bastion instance, reached through SSM Session Manager."),
  sshCidr: z
    .string()
    .refine((text) => parseCidr(text)?.prefix === 32 && !parseCidr(text)?.hostBitsSet, {
      message: "must be a single IPv4 address as a /32, such as 203.0.113.7/32 (seed 001: SSH from one address only)",
    })
    .optional()
    .describe("The one address (a /32) allowed to reach the bastion over SSH; no SSH ingress when left out."),
  instanceType: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.micro")
    .optional()
    .describe("The EC2 instance type."),
});

/** One feature flag: its value everywhere unless an environment says otherwise. */
export const featureFlagSchema = z.strictObject({
  enabled: z.boolean().describe("Whether the flag is on, unless an environment says otherwise."),
  description: z.string().max(1024).optional().describe("What the flag turns on."),
});

/** An app's ECR build repository: its account, image lifecycle and replica regions. */
export const buildRepositorySchema = z.strictObject({
  account: name.optional().describe("The account holding the repository; the account of the app's first environment when left out."),
  keepCiImages: z.number().int().min(1, "must keep at least 1 image").max(10000).optional().describe("How many CI-tagged images to keep; an image with a release tag (a version, with a dot) never expires."),
  ciTagPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/, "must be an image tag prefix such as ci-: letters, digits, _ and -, no dot (a tag with a dot is a release tag, which never expires)")
    .optional()
    .describe("The tag prefix of CI builds, whose images expire beyond keepCiImages unless they also carry a release tag (a version, with a dot); environments run release tags."),
  untaggedExpiryDays: z.number().int().min(1, "must be at least 1 day").max(3650).optional().describe("Days after which untagged images expire."),
  replicaRegions: z
    .array(z.enum(KNOWN_REGIONS as [string, ...string[]], { error: "must be an AWS commercial region code" }))
    .optional()
    .describe("Regions the repository replicates to; the app's disaster-recovery regions when left out."),
});
