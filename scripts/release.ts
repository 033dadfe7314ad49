/**
 * The release runner (decision 0013): what the deploy workflow (and any pipeline that releases)
 * does around a service stack's apply, from the stack's `release` output (its ReleaseContract).
 *
 *   npx tsx scripts/release.ts targets cdktf.out/stacks/web-dev-service   # the -target= arguments of the first apply, one per line (none: no release output)
 *   npx tsx scripts/release.ts migrate release.json                       # runs the migration task; exit 1 if it fails
 *   npx tsx scripts/release.ts migrate release.json --pipeline            # the same, run by the app's pipeline (its release project)
 *   npx tsx scripts/release.ts deploy release.json                        # blue/green: a CodeDeploy deployment, waited for; exit 1 unless it succeeds
 *
 * `release.json` is `terraform output -json release` of the stack. The order a release follows:
 * apply the targets (the task definitions, roles, cluster and the tasks' network), `migrate`, apply
 * the whole stack (a rolling service takes the new task definition then), `deploy` (a blue/green
 * service takes it through CodeDeploy). The AWS calls go through the AWS CLI (`aws <service>
 * <operation> --cli-input-json`), which the workflow's runner has; tests replace them, and nothing else.
 *
 * Where the app's CodePipeline releases the environment (the contract's `pipeline`, decision 0015),
 * the deploy workflow's `migrate` and `deploy` do nothing and say why: the pipeline's release project
 * migrates (`--pipeline`) and its CodeDeploy action deploys the image it built, and a deployment of
 * Terraform's revision would put the configured image back over it. The workflow still applies the
 * stack.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReleaseContract } from "../src/constructs/service/release-outputs";

/** An AWS API call: the CLI's service and operation names, the API's input; resolves to the API's output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the AWS APIs' outputs, which the runner reads field by field
export type AwsCall = (service: string, operation: string, input: Record<string, unknown>) => Promise<any>;

/** What the runner needs from its surroundings: AWS, a clock, a way to wait, and where it reports. */
export interface ReleaseRuntime {
  /** Calls AWS. */
  readonly aws: AwsCall;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Waits that many milliseconds. */
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** Prints a line of progress. */
  readonly log: (line: string) => void;
  /** Runs `stop` when the job is cancelled (SIGTERM, SIGINT) while it is registered; returns what unregisters it. */
  readonly onInterrupt: (stop: (signal: string) => Promise<void>) => () => void;
}

/**
 * The process's SIGTERM and SIGINT (a cancelled GitHub job or CodeBuild build, a person's Ctrl-C) as
 * a runtime's `onInterrupt`: the handler runs, then the process exits 143 or 130.
 */
export function processInterrupts(exit: (code: number) => void = (code) => process.exit(code)): ReleaseRuntime["onInterrupt"] {
  return (stop) => {
    const listener = (signal: NodeJS.Signals) => void stop(signal).finally(() => exit(signal === "SIGINT" ? 130 : 143));
    process.once("SIGTERM", listener);
    process.once("SIGINT", listener);
    return () => {
      process.removeListener("SIGTERM", listener);
      process.removeListener("SIGINT", listener);
    };
  };
}

/** What a step did. */
export interface StepResult {
  /** `done`, `skipped` (nothing to do, or the service is fenced) or `failed`. */
  readonly status: "done" | "skipped" | "failed";
  /** One line saying what happened. */
  readonly message: string;
}

/** Who runs a release step: the deploy workflow (or a person, as it does), or the app's pipeline's release project (decision 0015). */
export type Releaser = "workflow" | "pipeline";

/** Why the deploy workflow leaves a step to the app's pipeline, which releases this environment; none where the workflow releases it. */
function leftToPipeline(release: ReleaseContract, step: string): StepResult | undefined {
  if (!release.pipeline) return undefined;
  return {
    status: "skipped",
    message: `${release.service}: released by the pipeline ${release.pipeline} (decision 0015), which ${step} with the image it built; the deploy workflow applied the stack and leaves the release to it (a deployment of Terraform's revision would put the configured image back)`,
  };
}

/** Seconds between two looks at a migration task, and at a deployment. */
export const POLL_SECONDS = { task: 10, deployment: 30 } as const;

/** Minutes a blue/green deployment may take beyond its shift and wait: starting and health-checking the replacement tasks. */
export const DEPLOYMENT_MARGIN_MINUTES = 30;

/** Lines of the migration's log printed when it fails. */
const LOG_TAIL_LINES = 50;

/** The `-target=` arguments of a stack's first apply: its `release_targets` output, a literal of the synthesized JSON (none where it has none). */
export function targetArguments(stackJson: { readonly output?: Record<string, { readonly value?: unknown }> }): string[] {
  const targets = stackJson.output?.release_targets?.value;
  if (targets === undefined) return [];
  if (!Array.isArray(targets) || targets.some((target) => typeof target !== "string" || !/^aws_[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(target))) {
    throw new Error(`release_targets must be a list of resource addresses, such as aws_ecs_task_definition.task_B336BBAC; found ${JSON.stringify(targets)}`);
  }
  return targets.map((target) => `-target=${target}`);
}

/**
 * Where the migration runs: the service's EC2 capacity where it has some; on Fargate, on-demand
 * Fargate even where the service prefers Spot (a Spot reclaim would stop a migration midway).
 */
export function migrationCapacity(release: ReleaseContract): { readonly capacityProvider: string; readonly base?: number; readonly weight?: number }[] {
  const fargate = release.capacityProviderStrategy.every((item) => item.capacityProvider === "FARGATE" || item.capacityProvider === "FARGATE_SPOT");
  return fargate ? [{ capacityProvider: "FARGATE", weight: 1 }] : [...release.capacityProviderStrategy];
}

/** The task's id, the last part of its ARN: its log stream is `<prefix>/<container>/<id>`. */
const taskId = (arn: string) => arn.split("/").pop()!;

/** A task definition's family, from its ARN (`...:task-definition/<family>:<revision>`). */
const familyOf = (taskDefinitionArn: string) => taskDefinitionArn.split("/").pop()!.split(":")[0];

/**
 * Runs the release's migration task and waits for it to stop: done when its container exits 0;
 * failed when it exits otherwise, never starts (no exit code: an image it cannot pull, a secret
 * it cannot read), does not stop within the timeout (it is stopped), or ECS refuses to run it;
 * refused before RunTask while a task of the migration's family still runs. A SIGTERM or SIGINT
 * while it runs (the job cancelled) stops the task.
 * Skipped for the deploy workflow where the app's pipeline releases the environment.
 */
export async function runMigration(release: ReleaseContract, runtime: ReleaseRuntime, releaser: Releaser = "workflow"): Promise<StepResult> {
  const migration = release.migration;
  if (!migration) return { status: "skipped", message: `${release.service}: no migration configured` };
  if (release.fenced) return { status: "skipped", message: `${release.service}: fenced while the DR region is the writer: no migration here; one waits for the fail-back, or runs in the DR region (docs/runbooks/operate-service.md#migrations-during-a-failover)` };
  const pipelineStep = releaser === "workflow" ? leftToPipeline(release, "runs the migration in its release project") : undefined;
  if (pipelineStep) return pipelineStep;
  // One migrator at a time: a task of the family still running (a cancelled job's, whose runner died before it could stop it) refuses the release.
  const family = familyOf(migration.taskDefinitionArn);
  const alive: string[] = (await runtime.aws("ecs", "list-tasks", { cluster: release.cluster, family, desiredStatus: "RUNNING" })).taskArns ?? [];
  if (alive.length > 0) {
    return {
      status: "failed",
      message: `${release.service}: a migration task of ${family} is already running in ${release.cluster} (${alive.map(taskId).join(", ")}): a second migrator beside it would run the same migrations at once; wait for it to stop (its log: ${migration.logGroup}, stream ${migration.streamPrefix}/${migration.containerName}/<task id>) or stop it (aws ecs stop-task --cluster ${release.cluster} --task <task id>), then release again`,
    };
  }
  runtime.log(`${release.service}: running the migration ${JSON.stringify(migration.command)} (${migration.taskDefinitionArn})`);
  const started = await runtime.aws("ecs", "run-task", {
    cluster: release.cluster,
    taskDefinition: migration.taskDefinitionArn,
    count: 1,
    startedBy: "release-migration",
    capacityProviderStrategy: migrationCapacity(release),
    ...(release.platformVersion ? { platformVersion: release.platformVersion } : {}),
    networkConfiguration: { awsvpcConfiguration: { subnets: [...release.network.subnets], securityGroups: [...release.network.securityGroups], assignPublicIp: "DISABLED" } },
    overrides: { containerOverrides: [{ name: migration.containerName, command: [...migration.command] }] },
    propagateTags: "TASK_DEFINITION",
  });
  const task = started.tasks?.[0];
  if (!task) {
    const reasons = (started.failures ?? []).map((failure: { arn?: string; reason?: string; detail?: string }) => [failure.reason, failure.detail].filter(Boolean).join(": ")).join("; ");
    return { status: "failed", message: `${release.service}: ECS did not start the migration task: ${reasons || "no task and no failure returned"}` };
  }
  const id = taskId(task.taskArn);
  const stream = `${migration.streamPrefix}/${migration.containerName}/${id}`;
  runtime.log(`${release.service}: migration task ${id} started; its log: ${migration.logGroup}, stream ${stream}`);
  // A cancelled job stops its migration rather than leave it running unwatched.
  const unregister = runtime.onInterrupt(async (signal) => {
    runtime.log(`${release.service}: ${signal}: stopping the migration task ${id}`);
    await runtime.aws("ecs", "stop-task", { cluster: release.cluster, task: task.taskArn, reason: `release: the job was cancelled (${signal})` });
  });
  try {
    return await watchMigration(release, runtime, task.taskArn, stream);
  } finally {
    unregister();
  }
}

/** Waits for the started migration task to stop, and says how it ended (see {@link runMigration}). */
async function watchMigration(release: ReleaseContract, runtime: ReleaseRuntime, taskArn: string, stream: string): Promise<StepResult> {
  const migration = release.migration!;
  const deadline = runtime.now() + migration.timeoutMinutes * 60_000;
  for (;;) {
    const described = await runtime.aws("ecs", "describe-tasks", { cluster: release.cluster, tasks: [taskArn] });
    const current = described.tasks?.[0];
    if (current?.lastStatus === "STOPPED") {
      const container = (current.containers ?? []).find((candidate: { name: string }) => candidate.name === migration.containerName);
      const exitCode: number | undefined = container?.exitCode;
      if (exitCode === 0) return { status: "done", message: `${release.service}: the migration exited 0` };
      await printLogTail(runtime, release, migration.logGroup, stream);
      const why = exitCode === undefined ? `never ran: ${container?.reason ?? current.stoppedReason ?? "no exit code"}` : `exited ${exitCode} (${current.stoppedReason ?? "no reason given"})`;
      return { status: "failed", message: `${release.service}: the migration ${why}; the release stops here, the service still runs the previous release (log: ${migration.logGroup}, ${stream})` };
    }
    if (runtime.now() >= deadline) {
      await runtime.aws("ecs", "stop-task", { cluster: release.cluster, task: taskArn, reason: `release: the migration ran past ${migration.timeoutMinutes} minutes` });
      return { status: "failed", message: `${release.service}: the migration ran past its ${migration.timeoutMinutes} minutes and was stopped; the release stops here (log: ${migration.logGroup}, ${stream})` };
    }
    await runtime.sleep(POLL_SECONDS.task * 1000);
  }
}

/** The last lines of the migration's log stream, printed into the job's output (best effort: the location is printed either way). */
async function printLogTail(runtime: ReleaseRuntime, release: ReleaseContract, logGroup: string, stream: string): Promise<void> {
  try {
    const events = await runtime.aws("logs", "get-log-events", { logGroupName: logGroup, logStreamName: stream, limit: LOG_TAIL_LINES, startFromHead: false });
    for (const event of events.events ?? []) runtime.log(`  | ${event.message}`);
  } catch (error) {
    runtime.log(`${release.service}: could not read the migration's log (${(error as Error).message.split("\n")[0]})`);
  }
}

/** The AppSpec of a release: the new task definition, the container and port the load balancer targets, the tasks' network and capacity (a CODE_DEPLOY service takes them from each deployment only). */
export function appSpec(release: ReleaseContract): Record<string, unknown> {
  return {
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: "AWS::ECS::Service",
          Properties: {
            TaskDefinition: release.taskDefinitionArn,
            LoadBalancerInfo: { ContainerName: release.container.name, ContainerPort: release.container.port },
            ...(release.platformVersion ? { PlatformVersion: release.platformVersion } : {}),
            NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [...release.network.subnets], SecurityGroups: [...release.network.securityGroups], AssignPublicIp: "DISABLED" } },
            CapacityProviderStrategy: release.capacityProviderStrategy.map((item) => ({ CapacityProvider: item.capacityProvider, ...(item.base !== undefined ? { Base: item.base } : {}), Weight: item.weight ?? 0 })),
          },
        },
      },
    ],
  };
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().every((item, index) => item === [...b].sort()[index]);

/**
 * A blue/green release: unless the service's primary task set already runs this task definition in
 * this network, a CodeDeploy deployment of it, waited for until it succeeds. A deployment that fails,
 * is stopped or rolls back (on a failed deployment or an alarm) fails the step; so does one still
 * running past its shift, wait and margin (it is then stopped and rolled back).
 */
export async function deployBlueGreen(release: ReleaseContract, runtime: ReleaseRuntime, description = "release"): Promise<StepResult> {
  const blueGreen = release.blueGreen;
  if (!blueGreen) return { status: "skipped", message: `${release.service}: rolling updates; the apply released it` };
  if (release.fenced) return { status: "skipped", message: `${release.service}: fenced while the DR region is the writer; nothing to shift` };
  const pipelineStep = leftToPipeline(release, "deploys through CodeDeploy");
  if (pipelineStep) return pipelineStep;
  const services = await runtime.aws("ecs", "describe-services", { cluster: release.cluster, services: [release.service] });
  const primary = (services.services?.[0]?.taskSets ?? []).find((set: { status: string }) => set.status === "PRIMARY");
  const network = primary?.networkConfiguration?.awsvpcConfiguration;
  if (primary && primary.taskDefinition === release.taskDefinitionArn && sameSet(network?.subnets, release.network.subnets) && sameSet(network?.securityGroups, release.network.securityGroups)) {
    return { status: "skipped", message: `${release.service}: already runs ${release.taskDefinitionArn}; no deployment` };
  }
  const created = await runtime.aws("deploy", "create-deployment", {
    applicationName: blueGreen.application,
    deploymentGroupName: blueGreen.deploymentGroup,
    description,
    revision: { revisionType: "AppSpecContent", appSpecContent: { content: JSON.stringify(appSpec(release)) } },
  });
  const deploymentId: string = created.deploymentId;
  runtime.log(`${release.service}: CodeDeploy deployment ${deploymentId} of ${release.taskDefinitionArn} (at least ${blueGreen.releaseMinutes} minutes: the shift, then the wait before the old tasks stop)`);
  const deadline = runtime.now() + (blueGreen.releaseMinutes + DEPLOYMENT_MARGIN_MINUTES) * 60_000;
  let last = "";
  for (;;) {
    const { deploymentInfo: info } = await runtime.aws("deploy", "get-deployment", { deploymentId });
    if (info.status !== last) runtime.log(`${release.service}: deployment ${deploymentId} is ${info.status}`);
    last = info.status;
    if (info.status === "Succeeded") return { status: "done", message: `${release.service}: deployment ${deploymentId} succeeded` };
    if (info.status === "Failed" || info.status === "Stopped") {
      const error = info.errorInformation ? `${info.errorInformation.code}: ${info.errorInformation.message}` : "no error given";
      const rollback = info.rollbackInfo?.rollbackDeploymentId ? `; rolled back by ${info.rollbackInfo.rollbackDeploymentId}${info.rollbackInfo.rollbackMessage ? ` (${info.rollbackInfo.rollbackMessage})` : ""}` : "";
      return { status: "failed", message: `${release.service}: deployment ${deploymentId} ${info.status.toLowerCase()} (${error})${rollback}; the service runs the previous release` };
    }
    if (runtime.now() >= deadline) {
      await runtime.aws("deploy", "stop-deployment", { deploymentId, autoRollbackEnabled: true });
      return { status: "failed", message: `${release.service}: deployment ${deploymentId} still ${info.status} after ${blueGreen.releaseMinutes + DEPLOYMENT_MARGIN_MINUTES} minutes: stopped and rolled back` };
    }
    await runtime.sleep(POLL_SECONDS.deployment * 1000);
  }
}

/** The AWS CLI as an {@link AwsCall}, in the release's region, JSON in and out. */
export function awsCli(region: string): AwsCall {
  return (service, operation, input) =>
    new Promise((resolve, reject) => {
      execFile("aws", [service, operation, "--region", region, "--output", "json", "--cli-input-json", JSON.stringify(input)], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`aws ${service} ${operation}: ${stderr.trim() || error.message}`));
        else resolve(stdout.trim() ? JSON.parse(stdout) : {});
      });
    });
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, path, ...flags] = argv;
  // `--pipeline`: the app's pipeline's release project migrates (decision 0015); nothing else takes a flag.
  const releaser: Releaser = command === "migrate" && flags.join(" ") === "--pipeline" ? "pipeline" : "workflow";
  const flagsKnown = flags.length === 0 || releaser === "pipeline";
  if (command === "targets" && path && flagsKnown) {
    for (const argument of targetArguments(JSON.parse(readFileSync(join(path, "cdk.tf.json"), "utf8")))) process.stdout.write(`${argument}\n`);
    return 0;
  }
  if ((command === "migrate" || command === "deploy") && path && flagsKnown) {
    const release = JSON.parse(readFileSync(path, "utf8")) as ReleaseContract;
    const runtime: ReleaseRuntime = { aws: awsCli(release.region), now: Date.now, sleep: (ms) => new Promise((done) => setTimeout(done, ms)), log: (line) => console.log(line), onInterrupt: processInterrupts() };
    const result = command === "migrate" ? await runMigration(release, runtime, releaser) : await deployBlueGreen(release, runtime, process.env.RELEASE_DESCRIPTION ?? "release");
    console.log(result.status === "failed" ? `::error::${result.message}` : result.message);
    return result.status === "failed" ? 1 : 0;
  }
  console.error("usage: release.ts targets <stack dir> | migrate <release.json> [--pipeline] | deploy <release.json>");
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`::error::${error.message}`);
      process.exit(1);
    },
  );
}
