/**
 * Service defaults that do not vary by tier: ports, health checks, deployment
 * and scaling behaviour, the build repository's lifecycle, the proxy sidecar,
 * feature flags and the bastion. Tier-dependent sizing lives in `shared/tiers.ts`.
 */

/** The port the app container listens on (seed 003: Rails on 3000). */
export const DEFAULT_CONTAINER_PORT = 3000;

/**
 * The port the optional Nginx proxy sidecar listens on. Seed 003 runs Nginx on
 * 80; an unprivileged Nginx (all Linux capabilities dropped, not root) cannot
 * bind below 1024, so it listens on 8080 and the load balancer still serves 80/443.
 */
export const DEFAULT_PROXY_PORT = 8080;

/** The path the load balancer and the container health check probe. */
export const DEFAULT_HEALTH_CHECK_PATH = "/health";

/** Seconds ECS ignores failing load balancer health checks after a task starts. */
export const DEFAULT_HEALTH_CHECK_GRACE_PERIOD_SECONDS = 60;

/** Seconds the load balancer drains a deregistering target. */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/** Seconds a target must answer within, and between probes, for the load balancer health check. */
export const TARGET_HEALTH_CHECK = { intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 } as const;

/** Rolling deployment: never below the desired count, up to twice it while replacing. */
export const DEFAULT_DEPLOYMENT = { minimumHealthyPercent: 100, maximumPercent: 200 } as const;

/** Target tracking (seed 004: 70% CPU; scale out +1 within 5 minutes, in -1 after 15). */
export const DEFAULT_AUTOSCALING = {
  cpuTargetPercent: 70,
  memoryTargetPercent: 75,
  scaleOutCooldownSeconds: 300,
  scaleInCooldownSeconds: 900,
} as const;

/** Requests per 5 minutes from one IP address above which the WAF rate-based rule blocks it. */
export const DEFAULT_WAF_RATE_LIMIT = 2000;

/** The TLS policy of HTTPS listeners: TLS 1.3 and 1.2 only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** How the app reaches its database by default: as the app role with IAM tokens, no password (decision 0002). */
export const DEFAULT_DATABASE_CREDENTIALS = "iam";

/** How the app authenticates to PostgreSQL: IAM tokens as the app role, or the database stack's master secret injected by ECS. */
export const DATABASE_CREDENTIALS = ["iam", "master-secret"] as const;

/** The AppConfig agent sidecar image (AWS's public ECR image), the port it serves flags on and the unprivileged user it runs as. */
export const APPCONFIG_AGENT = { image: "public.ecr.aws/aws-appconfig/aws-appconfig-agent:2.x", port: 2772, user: "1000:1000" } as const;

/** The user (uid:gid) the app container runs as unless config names another: never root. */
export const DEFAULT_APP_USER = "1000:1000";

/** The user the Nginx proxy runs as unless config names another: uid and gid 101, nginx's in the official and unprivileged images. */
export const DEFAULT_PROXY_USER = "101:101";

/**
 * Days ECR keeps an untagged image, how many CI-tagged images it keeps, and the CI tag prefix,
 * unless config says otherwise. An image with a release tag never expires, whatever CI tag it also
 * carries, so that no lifecycle rule can remove an image an environment runs, scales out or rolls
 * back to.
 */
export const DEFAULT_BUILD_REPOSITORY_LIFECYCLE = { untaggedExpiryDays: 7, keepCiImages: 50, ciTagPrefix: "ci-" } as const;

/**
 * Release tags as the lifecycle's first rule selects them: versions, tags with a dot (`1.4.2`,
 * `v1.4.2`, the pipeline's `release.<commit>`), which no CI tag has. ECR selects an image whose tag
 * matches, and an image selected by a rule "cannot be expired by a rule with a lower priority"
 * (Amazon ECR User Guide, "Lifecycle policies"), so the CI rule after it never expires a released
 * image that still carries its `ci-` tag. The rule keeps `count` of them: more than a repository holds.
 */
export const RELEASE_TAGS = { pattern: "*.*", count: 10000 } as const;

/** The tag the pipeline's build gives an image that passed its scan gate, before any environment runs it: a release tag (see RELEASE_TAGS). */
export const PIPELINE_RELEASE_TAG_PREFIX = "release.";

/** App files (seed 003): noncurrent versions kept, and when current objects move to infrequent access. */
export const APP_FILES_LIFECYCLE = { noncurrentVersionExpirationDays: 90, infrequentAccessAfterDays: 30 } as const;

/** Days load balancer access logs are kept. */
export const ACCESS_LOG_EXPIRATION_DAYS = 90;

/** The bastion's instance type unless config says otherwise. */
export const DEFAULT_BASTION_INSTANCE_TYPE = "t3.micro";

/** The bastion's root volume in GiB. */
export const BASTION_VOLUME_GB = 8;

/** AppConfig deployment of new flag values: all at once, watched for 5 minutes. */
export const FEATURE_FLAG_DEPLOYMENT = { durationMinutes: 0, finalBakeTimeMinutes: 5, growthFactor: 100 } as const;

/**
 * The longest `<project>-<app>-<env>`: load balancer and target group names
 * are limited to 32 characters, and the target group adds a suffix.
 */
export const MAX_SERVICE_NAME_LENGTH = 28;

/**
 * Fargate's task sizes: memory (MiB) allowed for each CPU value
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
 */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, index) => from + index * step);
}

/** How the app authenticates to PostgreSQL. */
export type DatabaseCredentials = (typeof DATABASE_CREDENTIALS)[number];

/**
 * The service alarms' period in seconds and the datapoints that must breach before one fires
 * (`src/constructs/service/service-alarms.ts`): with blue/green, the window CodeDeploy's rollback
 * alarms need, which the termination wait must outlast (decision 0013).
 */
export const SERVICE_ALARM_WINDOW = { periodSeconds: 300, evaluationPeriods: 2 } as const;
