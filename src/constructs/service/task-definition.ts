import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Construct } from "constructs";
import { CpuArchitecture, DEFAULT_FARGATE_ARCHITECTURE } from "../../config/capacity/defaults";

/** The app's container: the load balancer's target without a proxy, and the one whose command a scheduled job replaces. */
export const APP_CONTAINER = "app";

/** A sidecar container: its image with tag, the port it listens on and the user it runs as. */
export interface SidecarImage {
  /** The image with its tag. */
  readonly image: string;
  /** The port it listens on. */
  readonly port: number;
  /** The unprivileged user (`uid:gid`) it runs as. */
  readonly user: string;
}

/** The OpenTelemetry collector sidecar (AWS Distro for OpenTelemetry): image, user, its share of the task and its configuration. */
export interface CollectorContainer {
  /** The image, pinned. */
  readonly image: string;
  /** The unprivileged user (`uid:gid`) it runs as. */
  readonly user: string;
  /** CPU units it reserves out of the task's. */
  readonly cpu: number;
  /** Its memory hard limit in MiB, out of the task's. */
  readonly memory: number;
  /** Its configuration, passed inline in `AOT_CONFIG_CONTENT` (no secret in it). */
  readonly configuration: string;
}

/** Properties of an {@link AppTaskDefinition}. */
export interface AppTaskDefinitionProps {
  /** The task family. */
  readonly family: string;
  /** Task CPU units. */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /** The role ECS uses to pull, log and inject secrets. */
  readonly executionRoleArn: string;
  /** The role the containers run as. */
  readonly taskRoleArn: string;
  /** The app's image with its tag. */
  readonly image: string;
  /** The app's port. */
  readonly port: number;
  /** The unprivileged user (`uid:gid`) the app runs as. */
  readonly user: string;
  /** The path the container health check probes on the app's port (the image needs `curl`). */
  readonly healthCheckPath: string;
  /** Seconds a starting container's failing health checks do not count. */
  readonly healthCheckStartSeconds: number;
  /** Plain environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /** Secrets injected by ECS: environment variable name -> Secrets Manager ARN (with an optional `:key::` suffix). */
  readonly secrets: Readonly<Record<string, string>>;
  /** A Secrets Manager secret holding `{"username","password"}` for a private registry. @default the execution role pulls from ECR */
  readonly repositoryCredentialsArn?: string;
  /** An Nginx proxy in front of the app, which receives the load balancer's traffic. @default none */
  readonly proxy?: SidecarImage;
  /** The AppConfig agent, serving feature flags on localhost. @default none */
  readonly appConfigAgent?: SidecarImage;
  /** The OpenTelemetry collector, which the app sends OTLP to on localhost. @default none */
  readonly collector?: CollectorContainer;
  /** The log group of every container. */
  readonly logGroupName: string;
  /** The region of the log group. */
  readonly region: string;
  /** The CPU architecture the image is built for: the runtime platform's (EC2 capacity's instances decide it, decision 0012). @default X86_64 */
  readonly cpuArchitecture?: CpuArchitecture;
  /** Also compatible with EC2 container instances (EC2 capacity); it stays Fargate-compatible, so a one-off task of it may run on either. @default false: Fargate only */
  readonly ec2Compatible?: boolean;
  /** Mount writable volumes where ECS Exec's agent writes, so exec works with read-only root filesystems. @default false */
  readonly execCommand?: boolean;
  /**
   * A one-off task of the app's image (a migration, decision 0013): the app container alone runs this
   * command, with no port, no health check and no sidecar, logging under its own stream prefix.
   * @default the long-running app, serving on its port
   */
  readonly oneOff?: { readonly command: readonly string[]; readonly streamPrefix: string };
}

/** Container definition fields this construct writes (ECS's JSON names). */
type ContainerDefinition = Record<string, unknown>;

/** Paths ECS Exec's SSM agent writes to: writable volumes under a read-only root filesystem. */
const EXEC_AGENT_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"];

/** Paths Nginx writes to at run time. */
const PROXY_WRITABLE_PATHS = ["/var/cache/nginx", "/tmp/nginx"];

const volumeName = (path: string) => `rw${path.replace(/\//g, "-")}`;

/**
 * A Fargate (and, where asked, EC2) awsvpc task definition whose containers are hardened by default: an
 * unprivileged user, a read-only root filesystem with ephemeral writable volumes where needed,
 * all Linux capabilities dropped, an init process, no privilege (Fargate
 * refuses privileged containers), a health check, logs through the awslogs
 * driver, and secrets injected by ARN only. The app runs behind an optional
 * Nginx proxy sidecar and beside an optional AppConfig agent.
 */
export class AppTaskDefinition extends Construct {
  /** The task definition's ARN (with revision). */
  readonly arn: string;
  /** The container and port the load balancer sends traffic to. */
  readonly entrypoint: { readonly containerName: string; readonly port: number };

  /** What it was made of, for {@link AppTaskDefinition.oneOffTask}. */
  private readonly props: AppTaskDefinitionProps;

  constructor(scope: Construct, id: string, props: AppTaskDefinitionProps) {
    super(scope, id);
    this.props = props;
    const hardened = (name: string, user: string, writablePaths: readonly string[]): ContainerDefinition => ({
      name,
      user,
      essential: true,
      readonlyRootFilesystem: true,
      linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
      mountPoints: [...writablePaths, ...(props.execCommand ? EXEC_AGENT_PATHS : [])].map((path) => ({
        sourceVolume: volumeName(path),
        containerPath: path,
        readOnly: false,
      })),
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": props.logGroupName, "awslogs-region": props.region, "awslogs-stream-prefix": props.oneOff?.streamPrefix ?? name },
      },
    });
    const httpCheck = (port: number, path: string) => ({
      command: ["CMD-SHELL", `curl -fsS http://127.0.0.1:${port}${path} > /dev/null || exit 1`],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: props.healthCheckStartSeconds,
    });
    const sorted = (record: Readonly<Record<string, string>>) => Object.keys(record).sort();

    const app: ContainerDefinition = {
      ...hardened(APP_CONTAINER, props.user, ["/tmp"]),
      image: props.image,
      ...(props.oneOff ? { command: [...props.oneOff.command] } : { portMappings: [{ containerPort: props.port, protocol: "tcp" }], healthCheck: httpCheck(props.port, props.healthCheckPath) }),
      environment: sorted(props.environment).map((name) => ({ name, value: props.environment[name] })),
      secrets: sorted(props.secrets).map((name) => ({ name, valueFrom: props.secrets[name] })),
      ...(props.repositoryCredentialsArn ? { repositoryCredentials: { credentialsParameter: props.repositoryCredentialsArn } } : {}),
    };
    const containers: ContainerDefinition[] = [app];
    if (props.proxy && !props.oneOff) {
      containers.push({
        ...hardened("proxy", props.proxy.user, PROXY_WRITABLE_PATHS),
        image: props.proxy.image,
        portMappings: [{ containerPort: props.proxy.port, protocol: "tcp" }],
        environment: [{ name: "UPSTREAM", value: `127.0.0.1:${props.port}` }],
        dependsOn: [{ containerName: APP_CONTAINER, condition: "HEALTHY" }],
      });
    }
    if (props.appConfigAgent && !props.oneOff) {
      containers.push({
        ...hardened("appconfig-agent", props.appConfigAgent.user, []),
        image: props.appConfigAgent.image,
        essential: false,
        portMappings: [{ containerPort: props.appConfigAgent.port, protocol: "tcp" }],
      });
    }
    if (props.collector && !props.oneOff) {
      // Not essential, and nothing waits for it: a collector that stops or never starts costs traces and
      // metrics (the app's OTLP exporters retry and drop), not the app's availability.
      containers.push({
        ...hardened("otel-collector", props.collector.user, []),
        image: props.collector.image,
        essential: false,
        cpu: props.collector.cpu,
        memory: props.collector.memory,
        environment: [{ name: "AOT_CONFIG_CONTENT", value: props.collector.configuration }],
        healthCheck: { command: ["CMD", "/healthcheck"], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
      });
    }
    const writable = new Set(containers.flatMap((container) => (container.mountPoints as { sourceVolume: string }[]).map((mount) => mount.sourceVolume)));

    const definition = new EcsTaskDefinition(this, "task", {
      family: props.family,
      requiresCompatibilities: props.ec2Compatible ? ["EC2", "FARGATE"] : ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture ?? DEFAULT_FARGATE_ARCHITECTURE },
      volume: [...writable].sort().map((name) => ({ name })),
      containerDefinitions: JSON.stringify(containers),
      // Keep the previous revision active when a new one replaces it, so that a service can be
      // pointed back at it (`aws ecs update-service --task-definition <family>:<revision>`).
      skipDestroy: true,
    });
    this.arn = definition.arn;
    this.entrypoint = props.proxy ? { containerName: "proxy", port: props.proxy.port } : { containerName: APP_CONTAINER, port: props.port };
  }

  /**
   * A one-off task definition of this one's image, size, execution role, secrets and log group (a
   * migration, decision 0013): its own family and task role, the app container alone running the
   * command with the given environment, under its own log stream prefix.
   */
  oneOffTask(scope: Construct, id: string, options: { readonly family: string; readonly taskRoleArn: string; readonly environment: Readonly<Record<string, string>>; readonly oneOff: NonNullable<AppTaskDefinitionProps["oneOff"]> }): AppTaskDefinition {
    return new AppTaskDefinition(scope, id, { ...this.props, ...options, proxy: undefined, appConfigAgent: undefined, collector: undefined });
  }
}
