/**
 * The reviewer's summary of a stack's ECS task definitions, read from its
 * synthesized JSON (`cdktf.out/stacks/<stack>/cdk.tf.json`), for what a plan
 * hides: a container definition that refers to another resource or stack
 * (the database's address, a secret's ARN) is `(known after apply)` as a
 * whole in `terraform plan`, image, ports and health check included.
 *
 * Per task definition: its family, CPU and memory; per container: image and
 * the secret it is pulled with, ports, health check, CPU and memory, the user
 * it runs as and its root filesystem, the names of its environment variables
 * and of its secrets. No value of a variable or a secret is printed.
 *
 *   npm run plan -- web-prod-service --summary
 */

/** One task definition resource as the synthesized JSON holds it (the arguments read here). */
interface TaskDefinitionJson {
  readonly family?: string;
  readonly cpu?: string | number;
  readonly memory?: string | number;
  readonly requires_compatibilities?: readonly string[];
  readonly container_definitions?: string;
}

/** A synthesized stack's JSON, as far as the summary reads it. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A container's health check, in the units ECS takes (seconds). */
export interface HealthCheckSummary {
  /** The command ECS runs in the container, such as `CMD-SHELL curl -fsS http://127.0.0.1:3000/health`. */
  readonly command: string;
  /** Seconds between checks (ECS's default: 30). */
  readonly interval: number;
  /** Seconds a check may take (ECS's default: 5). */
  readonly timeout: number;
  /** Failures in a row that make the container unhealthy (ECS's default: 3). */
  readonly retries: number;
  /** Seconds after start during which failures do not count (ECS's default: 0). */
  readonly startPeriod: number;
}

/** One container of a task definition, as a reviewer reads it. */
export interface ContainerSummary {
  /** The container's name. */
  readonly name: string;
  /** The image, with references to other resources or stacks written out (see `describe`). */
  readonly image: string;
  /** The secret ECS pulls the image with (`repositoryCredentials`), references written out; undefined for none (ECR through the task execution role, or a public image). */
  readonly pullSecret?: string;
  /** Whether the task stops when this container stops (ECS's default: true). */
  readonly essential: boolean;
  /** Container ports as `<port>/<protocol>`, with `(host <port>)` where the host port differs. */
  readonly ports: readonly string[];
  /** The health check, or undefined for none. */
  readonly healthCheck?: HealthCheckSummary;
  /** CPU units reserved for the container, or undefined where it shares the task's. */
  readonly cpu?: number;
  /** Hard memory limit in MiB, or undefined where it shares the task's. */
  readonly memory?: number;
  /** Soft memory limit in MiB, or undefined for none. */
  readonly memoryReservation?: number;
  /** The names of its environment variables, sorted; their values are not read. */
  readonly environment: readonly string[];
  /** The names of its secrets (environment variables ECS fills from Secrets Manager or SSM), sorted. */
  readonly secrets: readonly string[];
  /** The user it runs as (`user`), or undefined: the image's own, root unless the image sets one. */
  readonly user?: string;
  /** Whether its root filesystem is read-only (ECS's default: false). */
  readonly readonlyRootFilesystem: boolean;
  /** Containers it waits for, as `<container> <condition>`. */
  readonly dependsOn: readonly string[];
}

/** One task definition, as a reviewer reads it. */
export interface TaskDefinitionSummary {
  /** Its Terraform address, `aws_ecs_task_definition.<name>`. */
  readonly address: string;
  /** The task definition family. */
  readonly family: string;
  /** Task CPU units (1024 = 1 vCPU), as synthesized. */
  readonly cpu: string;
  /** Task memory in MiB, as synthesized. */
  readonly memory: string;
  /** Launch types it is for, such as FARGATE. */
  readonly compatibilities: readonly string[];
  /** Its containers, in the order ECS reads them; empty when `containers` is undefined. */
  readonly containers: readonly ContainerSummary[];
  /** Why the containers could not be read (the definitions are a Terraform expression, not JSON), or undefined. */
  readonly unreadable?: string;
}

/** A remote-state output that CDKTF writes for a cross-stack reference: the stack it comes from. */
const REMOTE_OUTPUT = /^data\.terraform_remote_state\.cross-stack-reference-input-(.+?)\.outputs\.[^.]+$/;

/**
 * A value with its `${...}` references written out for a reader: an output of
 * another stack as `<from stack web-prod-database>`, any other reference as
 * `<aws_x.name.attribute after apply>`.
 */
export function describe(value: string): string {
  return value.replace(/\$\{([^}]+)\}/g, (_, expression: string) => {
    const remote = REMOTE_OUTPUT.exec(expression);
    return remote ? `<from stack ${remote[1]}>` : `<${expression} after apply>`;
  });
}

/** A container definition as ECS reads it (the fields read here). */
interface ContainerJson {
  readonly name: string;
  readonly image?: string;
  readonly essential?: boolean;
  readonly portMappings?: readonly { readonly containerPort: number; readonly hostPort?: number; readonly protocol?: string }[];
  readonly healthCheck?: { readonly command: readonly string[]; readonly interval?: number; readonly timeout?: number; readonly retries?: number; readonly startPeriod?: number };
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly environment?: readonly { readonly name: string }[];
  readonly secrets?: readonly { readonly name: string }[];
  readonly dependsOn?: readonly { readonly containerName: string; readonly condition: string }[];
  readonly repositoryCredentials?: { readonly credentialsParameter: string };
  readonly user?: string;
  readonly readonlyRootFilesystem?: boolean;
}

function container(json: ContainerJson): ContainerSummary {
  const check = json.healthCheck;
  const names = (list: readonly { readonly name: string }[] | undefined) => (list ?? []).map((entry) => entry.name).sort();
  return {
    name: String(json.name),
    image: describe(String(json.image ?? "")),
    ...(json.repositoryCredentials ? { pullSecret: describe(String(json.repositoryCredentials.credentialsParameter)) } : {}),
    essential: json.essential !== false,
    ports: (json.portMappings ?? []).map((mapping) => {
      const port = `${mapping.containerPort}/${mapping.protocol ?? "tcp"}`;
      return mapping.hostPort !== undefined && mapping.hostPort !== mapping.containerPort ? `${port} (host ${mapping.hostPort})` : port;
    }),
    ...(check
      ? {
          healthCheck: {
            command: describe(check.command.join(" ")),
            interval: check.interval ?? 30,
            timeout: check.timeout ?? 5,
            retries: check.retries ?? 3,
            startPeriod: check.startPeriod ?? 0,
          },
        }
      : {}),
    ...(json.cpu !== undefined ? { cpu: Number(json.cpu) } : {}),
    ...(json.memory !== undefined ? { memory: Number(json.memory) } : {}),
    ...(json.memoryReservation !== undefined ? { memoryReservation: Number(json.memoryReservation) } : {}),
    environment: names(json.environment),
    secrets: names(json.secrets),
    ...(json.user !== undefined ? { user: String(json.user) } : {}),
    readonlyRootFilesystem: json.readonlyRootFilesystem === true,
    dependsOn: (json.dependsOn ?? []).map((dependency) => `${dependency.containerName} ${dependency.condition}`),
  };
}

/** Every ECS task definition of a synthesized stack, with its containers. */
export function summarizeTaskDefinitions(stack: StackJson): TaskDefinitionSummary[] {
  const definitions = (stack.resource?.aws_ecs_task_definition ?? {}) as Readonly<Record<string, TaskDefinitionJson>>;
  return Object.entries(definitions).map(([name, definition]) => {
    const base = {
      address: `aws_ecs_task_definition.${name}`,
      family: describe(String(definition.family ?? "")),
      cpu: String(definition.cpu ?? "not set"),
      memory: String(definition.memory ?? "not set"),
      compatibilities: definition.requires_compatibilities ?? [],
    };
    let containers: unknown;
    try {
      containers = JSON.parse(definition.container_definitions ?? "[]");
    } catch {
      containers = undefined;
    }
    if (!Array.isArray(containers)) return { ...base, containers: [], unreadable: `container_definitions is a Terraform expression, not JSON: ${String(definition.container_definitions).slice(0, 80)}` };
    return { ...base, containers: (containers as ContainerJson[]).map(container) };
  });
}

const seconds = (value: number) => `${value} s`;

/** The summary as text: one block per task definition, one per container. */
export function renderReviewSummary(stack: string, definitions: readonly TaskDefinitionSummary[]): string {
  if (definitions.length === 0) return `${stack}: no ECS task definition.\n`;
  const lines = [`${stack}: ${definitions.length} ECS task definition(s), from the synthesized JSON (values of variables and secrets not shown)`];
  for (const definition of definitions) {
    lines.push("", `task definition ${definition.family} (${definition.address}): CPU ${definition.cpu} units, memory ${definition.memory} MiB${definition.compatibilities.length ? `, ${definition.compatibilities.join(", ")}` : ""}`);
    if (definition.unreadable) lines.push(`  ${definition.unreadable}`);
    for (const c of definition.containers) {
      const check = c.healthCheck;
      const limits = [
        ...(c.cpu !== undefined ? [`CPU ${c.cpu} units`] : []),
        ...(c.memory !== undefined ? [`memory ${c.memory} MiB`] : []),
        ...(c.memoryReservation !== undefined ? [`memory reservation ${c.memoryReservation} MiB`] : []),
      ];
      lines.push(
        `  container ${c.name}${c.essential ? " (essential)" : " (not essential)"}${c.dependsOn.length ? `, after ${c.dependsOn.join(", ")}` : ""}`,
        `    image         ${c.image || "none"}`,
        `    pull secret   ${c.pullSecret ?? "none"}`,
        `    ports         ${c.ports.join(", ") || "none"}`,
        `    health check  ${check ? `${check.command}; every ${seconds(check.interval)}, timeout ${seconds(check.timeout)}, ${check.retries} retries, start period ${seconds(check.startPeriod)}` : "none"}`,
        `    cpu, memory   ${limits.join(", ") || "the task's, no limit of its own"}`,
        `    environment   ${c.environment.join(", ") || "none"}`,
        `    secrets       ${c.secrets.join(", ") || "none"}`,
        `    runs as       ${c.user ?? "the image's user (root unless the image sets one)"}, ${c.readonlyRootFilesystem ? "read-only" : "writable"} root filesystem`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
