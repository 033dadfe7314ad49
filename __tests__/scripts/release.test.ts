import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReleaseContract } from "../../src/constructs/service/release-outputs";
import { appSpec, AwsCall, deployBlueGreen, migrationCapacity, processInterrupts, ReleaseRuntime, runMigration, targetArguments } from "../../scripts/release";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { runOf } from "../support/config";

/**
 * scripts/release.ts, the release runner. Only the AWS API calls are replaced (a scripted fake of
 * the CLI's calls, which records them); the clock and the waits are a fake clock that each wait
 * advances, so no test sleeps, and a cancelled job is the runtime's interrupt handler called as a
 * SIGTERM would (processInterrupts, the real one, is tested with process.emit).
 */

const RELEASE: ReleaseContract = {
  region: "us-east-1",
  cluster: "acme-web-staging",
  service: "acme-web-staging",
  taskDefinitionArn: "arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging:8",
  container: { name: "app", port: 3000 },
  network: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-tasks", "sg-db-clients"] },
  capacityProviderStrategy: [
    { base: 1, capacityProvider: "FARGATE", weight: 0 },
    { capacityProvider: "FARGATE_SPOT", weight: 1 },
  ],
  platformVersion: "LATEST",
  fenced: false,
  migration: {
    taskDefinitionArn: "arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging-migrate:8",
    containerName: "app",
    command: ["bin/rails", "db:migrate"],
    logGroup: "/ecs/acme-web-staging",
    streamPrefix: "migrate",
    timeoutMinutes: 20,
  },
  blueGreen: { application: "acme-web-staging", deploymentGroup: "acme-web-staging", releaseMinutes: 9 },
};

const TASK_ARN = "arn:aws:ecs:us-east-1:333333333333:task/acme-web-staging/0123456789abcdef";

/** A fake AWS: each operation answers from its queue of responses (the last one repeats); every call is recorded. ListTasks finds no migration running unless a test says otherwise. */
function fakeAws(given: Record<string, unknown[]>) {
  const responses: Record<string, unknown[]> = { "ecs list-tasks": [{ taskArns: [] }], ...given };
  const calls: { operation: string; input: Record<string, unknown> }[] = [];
  const aws: AwsCall = async (service, operation, input) => {
    const key = `${service} ${operation}`;
    calls.push({ operation: key, input });
    const queue = responses[key];
    if (!queue) throw new Error(`unexpected call: ${key}`);
    const response = queue.length > 1 ? queue.shift() : queue[0];
    if (response instanceof Error) throw response;
    return response;
  };
  return { aws, calls, operations: () => calls.map((call) => call.operation) };
}

/** A runtime with a fake clock that each wait advances, and the log it printed. */
function runtimeWith(aws: AwsCall) {
  let clock = 0;
  const lines: string[] = [];
  /** The interrupt handler registered now (what a SIGTERM or SIGINT would run), if any. */
  let interrupt: ((signal: string) => Promise<void>) | undefined;
  const runtime: ReleaseRuntime = {
    aws,
    now: () => clock,
    sleep: async (ms) => void (clock += ms),
    log: (line) => lines.push(line),
    onInterrupt: (stop) => {
      interrupt = stop;
      return () => void (interrupt = undefined);
    },
  };
  return { runtime, lines, elapsedMinutes: () => clock / 60_000, interrupt: () => interrupt };
}

const stopped = (container: Record<string, unknown>, stoppedReason = "Essential container in task exited") => ({ tasks: [{ taskArn: TASK_ARN, lastStatus: "STOPPED", stoppedReason, containers: [{ name: "app", ...container }] }] });
const running = { tasks: [{ taskArn: TASK_ARN, lastStatus: "RUNNING", containers: [{ name: "app" }] }] };

describe("the migration", () => {
  it("runs the migration task definition with the command, in the service's subnets and security groups, on on-demand Fargate, and succeeds when it exits 0", async () => {
    const fake = fakeAws({ "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }], failures: [] }], "ecs describe-tasks": [running, running, stopped({ exitCode: 0 })] });
    const { runtime, lines } = runtimeWith(fake.aws);
    expect(await runMigration(RELEASE, runtime)).toEqual({ status: "done", message: "acme-web-staging: the migration exited 0" });
    expect(fake.operations()).toEqual(["ecs list-tasks", "ecs run-task", "ecs describe-tasks", "ecs describe-tasks", "ecs describe-tasks"]);
    expect(fake.calls[0].input).toEqual({ cluster: "acme-web-staging", family: "acme-web-staging-migrate", desiredStatus: "RUNNING" });
    expect(fake.calls[1].input).toEqual({
      cluster: "acme-web-staging",
      taskDefinition: RELEASE.migration!.taskDefinitionArn,
      count: 1,
      startedBy: "release-migration",
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
      platformVersion: "LATEST",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-tasks", "sg-db-clients"], assignPublicIp: "DISABLED" } },
      overrides: { containerOverrides: [{ name: "app", command: ["bin/rails", "db:migrate"] }] },
      propagateTags: "TASK_DEFINITION",
    });
    expect(lines).toContain("acme-web-staging: migration task 0123456789abcdef started; its log: /ecs/acme-web-staging, stream migrate/app/0123456789abcdef");
  });

  it("stops the release on a non-zero exit, printing the end of the task's log", async () => {
    const fake = fakeAws({
      "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }] }],
      "ecs describe-tasks": [stopped({ exitCode: 1 })],
      "logs get-log-events": [{ events: [{ message: "PG::UndefinedTable: relation \"users\" does not exist" }] }],
    });
    const { runtime, lines } = runtimeWith(fake.aws);
    expect(await runMigration(RELEASE, runtime)).toEqual({
      status: "failed",
      message:
        "acme-web-staging: the migration exited 1 (Essential container in task exited); the release stops here, the service still runs the previous release (log: /ecs/acme-web-staging, migrate/app/0123456789abcdef)",
    });
    expect(fake.calls[3].input).toEqual({ logGroupName: "/ecs/acme-web-staging", logStreamName: "migrate/app/0123456789abcdef", limit: 50, startFromHead: false });
    expect(lines).toContain('  | PG::UndefinedTable: relation "users" does not exist');
  });

  it("stops the release when the task never ran (no exit code), and says why; an unreadable log does not hide the failure", async () => {
    const fake = fakeAws({
      "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }] }],
      "ecs describe-tasks": [stopped({ reason: "CannotPullContainerError: pull image manifest has been retried 5 time(s)" }, "Task failed to start")],
      "logs get-log-events": [new Error("ResourceNotFoundException: The specified log stream does not exist.")],
    });
    const { runtime } = runtimeWith(fake.aws);
    const result = await runMigration(RELEASE, runtime);
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/^acme-web-staging: the migration never ran: CannotPullContainerError: pull image manifest has been retried 5 time\(s\); the release stops here/);
  });

  it("refuses to start while a migration task of its family still runs (a cancelled job's), naming it and what to do", async () => {
    const fake = fakeAws({ "ecs list-tasks": [{ taskArns: [TASK_ARN] }] });
    const { runtime } = runtimeWith(fake.aws);
    expect(await runMigration(RELEASE, runtime)).toEqual({
      status: "failed",
      message:
        "acme-web-staging: a migration task of acme-web-staging-migrate is already running in acme-web-staging (0123456789abcdef): a second migrator beside it would run the same migrations at once; wait for it to stop (its log: /ecs/acme-web-staging, stream migrate/app/<task id>) or stop it (aws ecs stop-task --cluster acme-web-staging --task <task id>), then release again",
    });
    expect(fake.operations()).toEqual(["ecs list-tasks"]);
  });

  it("stops the task when the job is cancelled (SIGTERM) while it runs, and unregisters once it stopped", async () => {
    const fake = fakeAws({ "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }] }], "ecs describe-tasks": [running, stopped({ exitCode: 143 })], "ecs stop-task": [{}], "logs get-log-events": [{ events: [] }] });
    const { runtime, interrupt } = runtimeWith(fake.aws);
    // The job is cancelled during the first wait.
    const cancelled: ReleaseRuntime = {
      ...runtime,
      sleep: async (ms) => {
        await interrupt()?.("SIGTERM");
        await runtime.sleep(ms);
      },
    };
    expect((await runMigration(RELEASE, cancelled)).status).toBe("failed");
    expect(fake.calls.find((call) => call.operation === "ecs stop-task")!.input).toEqual({ cluster: "acme-web-staging", task: TASK_ARN, reason: "release: the job was cancelled (SIGTERM)" });
    expect(interrupt()).toBeUndefined();
  });

  it("processInterrupts: SIGTERM and SIGINT run the handler, then exit 143 or 130; unregistered, they no longer listen", async () => {
    const before = [process.listenerCount("SIGTERM"), process.listenerCount("SIGINT")];
    const exits: number[] = [];
    const ran: string[] = [];
    for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      const unregister = processInterrupts((exitCode) => exits.push(exitCode))(async (received) => void ran.push(received));
      process.emit(signal, signal);
      await new Promise((done) => setImmediate(done));
      expect(exits.at(-1)).toBe(code);
      unregister();
    }
    expect(ran).toEqual(["SIGTERM", "SIGINT"]);
    expect([process.listenerCount("SIGTERM"), process.listenerCount("SIGINT")]).toEqual(before);
  });

  it("stops the release when ECS does not start the task", async () => {
    const fake = fakeAws({ "ecs run-task": [{ tasks: [], failures: [{ arn: "arn:aws:ecs:us-east-1:333333333333:container-instance/x", reason: "RESOURCE:MEMORY", detail: "no capacity" }] }] });
    const { runtime } = runtimeWith(fake.aws);
    expect(await runMigration(RELEASE, runtime)).toEqual({ status: "failed", message: "acme-web-staging: ECS did not start the migration task: RESOURCE:MEMORY: no capacity" });
  });

  it("stops a task that runs past its timeout, then the release", async () => {
    const fake = fakeAws({ "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }] }], "ecs describe-tasks": [running], "ecs stop-task": [{}] });
    const { runtime, elapsedMinutes } = runtimeWith(fake.aws);
    const result = await runMigration(RELEASE, runtime);
    expect(result).toMatchObject({ status: "failed", message: expect.stringContaining("the migration ran past its 20 minutes and was stopped") });
    expect(elapsedMinutes()).toBe(20);
    expect(fake.calls.at(-1)).toEqual({ operation: "ecs stop-task", input: { cluster: "acme-web-staging", task: TASK_ARN, reason: "release: the migration ran past 20 minutes" } });
  });

  it("does nothing without a migration, or while the service is fenced (the DR region is the writer)", async () => {
    const fake = fakeAws({});
    const { runtime } = runtimeWith(fake.aws);
    expect((await runMigration({ ...RELEASE, migration: undefined }, runtime)).status).toBe("skipped");
    const fenced = await runMigration({ ...RELEASE, fenced: true }, runtime);
    expect(fenced.status).toBe("skipped");
    // The section the message points to exists: GitHub's anchor of one of the runbook's headings.
    const [, file, anchor] = /\((docs\/runbooks\/[a-z-]+\.md)#([a-z-]+)\)/.exec(fenced.message)!;
    const headings = readFileSync(join(__dirname, "../..", file), "utf8").split("\n").filter((line) => line.startsWith("#")).map((line) => line.replace(/^#+ /, "").toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-"));
    expect(headings).toContain(anchor);
    expect(fake.calls).toEqual([]);
  });

  it("runs on the service's EC2 capacity where it has some", () => {
    const ec2 = [{ capacityProvider: "acme-web-staging-ec2", weight: 1 }];
    expect(migrationCapacity({ ...RELEASE, capacityProviderStrategy: ec2 })).toEqual(ec2);
  });
});

describe("the blue/green deployment", () => {
  const primary = (taskDefinition: string, securityGroups = ["sg-tasks", "sg-db-clients"]) => ({
    services: [{ taskSets: [{ status: "PRIMARY", taskDefinition, networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-b", "subnet-a"], securityGroups } } }] }],
  });
  const deployment = (status: string, more: Record<string, unknown> = {}) => ({ deploymentInfo: { deploymentId: "d-ABC123", status, ...more } });

  it("creates a deployment with an AppSpec of the new task definition, its container and port, network and capacity, and waits until it succeeds", async () => {
    const fake = fakeAws({
      "ecs describe-services": [primary("arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging:7")],
      "deploy create-deployment": [{ deploymentId: "d-ABC123" }],
      "deploy get-deployment": [deployment("InProgress"), deployment("InProgress"), deployment("Succeeded")],
    });
    const { runtime } = runtimeWith(fake.aws);
    expect(await deployBlueGreen(RELEASE, runtime, "release abc123")).toEqual({ status: "done", message: "acme-web-staging: deployment d-ABC123 succeeded" });
    const create = fake.calls[1].input as { revision: { appSpecContent: { content: string } } };
    expect(create).toMatchObject({ applicationName: "acme-web-staging", deploymentGroupName: "acme-web-staging", description: "release abc123", revision: { revisionType: "AppSpecContent" } });
    expect(JSON.parse(create.revision.appSpecContent.content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: RELEASE.taskDefinitionArn,
              LoadBalancerInfo: { ContainerName: "app", ContainerPort: 3000 },
              PlatformVersion: "LATEST",
              NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ["subnet-a", "subnet-b"], SecurityGroups: ["sg-tasks", "sg-db-clients"], AssignPublicIp: "DISABLED" } },
              CapacityProviderStrategy: [
                { CapacityProvider: "FARGATE", Base: 1, Weight: 0 },
                { CapacityProvider: "FARGATE_SPOT", Weight: 1 },
              ],
            },
          },
        },
      ],
    });
  });

  it("fails the job when CodeDeploy rolls the release back on an alarm", async () => {
    const fake = fakeAws({
      "ecs describe-services": [primary("arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging:7")],
      "deploy create-deployment": [{ deploymentId: "d-ABC123" }],
      "deploy get-deployment": [
        deployment("InProgress"),
        deployment("Stopped", {
          errorInformation: { code: "ALARM_ACTIVE", message: "One or more alarms have been activated: acme-web-staging-service-target-5xx" },
          rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK1", rollbackMessage: "Deployment stopped by alarm" },
        }),
      ],
    });
    const { runtime } = runtimeWith(fake.aws);
    expect(await deployBlueGreen(RELEASE, runtime)).toEqual({
      status: "failed",
      message:
        "acme-web-staging: deployment d-ABC123 stopped (ALARM_ACTIVE: One or more alarms have been activated: acme-web-staging-service-target-5xx); rolled back by d-ROLLBACK1 (Deployment stopped by alarm); the service runs the previous release",
    });
  });

  it("stops and rolls back a deployment still running past its shift, wait and margin", async () => {
    const fake = fakeAws({
      "ecs describe-services": [primary("arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging:7")],
      "deploy create-deployment": [{ deploymentId: "d-ABC123" }],
      "deploy get-deployment": [deployment("InProgress")],
      "deploy stop-deployment": [{ status: "Pending" }],
    });
    const { runtime, elapsedMinutes } = runtimeWith(fake.aws);
    expect((await deployBlueGreen(RELEASE, runtime)).message).toBe("acme-web-staging: deployment d-ABC123 still InProgress after 39 minutes: stopped and rolled back");
    expect(elapsedMinutes()).toBe(39);
    expect(fake.calls.at(-1)).toEqual({ operation: "deploy stop-deployment", input: { deploymentId: "d-ABC123", autoRollbackEnabled: true } });
  });

  it("creates no deployment when the primary task set already runs the release in the same network, and one when only the network changed", async () => {
    const same = fakeAws({ "ecs describe-services": [primary(RELEASE.taskDefinitionArn)] });
    expect((await deployBlueGreen(RELEASE, runtimeWith(same.aws).runtime)).status).toBe("skipped");
    expect(same.operations()).toEqual(["ecs describe-services"]);
    const moved = fakeAws({ "ecs describe-services": [primary(RELEASE.taskDefinitionArn, ["sg-tasks"])], "deploy create-deployment": [{ deploymentId: "d-ABC123" }], "deploy get-deployment": [deployment("Succeeded")] });
    expect((await deployBlueGreen(RELEASE, runtimeWith(moved.aws).runtime)).status).toBe("done");
  });

  it("does nothing for a rolling service, or a fenced one", async () => {
    const fake = fakeAws({});
    expect((await deployBlueGreen({ ...RELEASE, blueGreen: undefined }, runtimeWith(fake.aws).runtime)).status).toBe("skipped");
    expect((await deployBlueGreen({ ...RELEASE, fenced: true }, runtimeWith(fake.aws).runtime)).status).toBe("skipped");
    expect(fake.calls).toEqual([]);
  });

  it("names no platform version on EC2 capacity", () => {
    const properties = (appSpec({ ...RELEASE, platformVersion: undefined }) as { Resources: { TargetService: { Properties: Record<string, unknown> } }[] }).Resources[0].TargetService.Properties;
    expect(properties.PlatformVersion).toBeUndefined();
  });
});

describe("the first apply's targets", () => {
  it("are the synthesized service stack's release_targets, as -target arguments; none for a stack without them", () => {
    const example = JSON.parse(readFileSync(join(__dirname, "../../examples/blue-green.json"), "utf8"));
    const stack = new SynthesizedStack(buildPlatform(runOf(example)).platform.deployments.get("web-staging")!.service);
    const targets = targetArguments(stack.json);
    expect(targets).toEqual(stack.json.output.release_targets.value.map((address: string) => `-target=${address}`));
    expect(targets).toContain(`-target=aws_ecs_task_definition.${stack.resources("aws_ecs_task_definition").find((task) => task.family === "acme-web-staging-migrate")!.__name}`);
    expect(targetArguments({ output: { url: { value: "https://x" } } })).toEqual([]);
  });

  it("refuses anything but resource addresses", () => {
    expect(() => targetArguments({ output: { release_targets: { value: ["aws_ecs_service.x; rm -rf /"] } } })).toThrow(/must be a list of resource addresses/);
  });
});

describe("an environment the app's pipeline releases (decision 0015)", () => {
  /** examples/codepipeline.json with the pipeline releasing dev and staging only: prod is the deploy workflow's. */
  const example = JSON.parse(readFileSync(join(__dirname, "../../examples/codepipeline.json"), "utf8"));
  example.apps.web.pipeline.environments = ["dev", "staging"];
  const { platform } = buildPlatform(runOf(example));
  /** The service stack's synthesized `release` output, as the deploy workflow reads it after the targeted apply. */
  const releaseOf = (env: string): ReleaseContract => new SynthesizedStack(platform.deployments.get(`web-${env}`)!.service).json.output.release.value;
  const succeeded = { deploymentInfo: { status: "Succeeded" } };

  it("names the pipeline in the release contract of the environments it releases, and of no other", () => {
    expect(["dev", "staging", "prod"].map((env) => [env, releaseOf(env).pipeline])).toEqual([
      ["dev", "acme-web-pipeline"],
      ["staging", "acme-web-pipeline"],
      ["prod", undefined],
    ]);
  });

  it("the deploy workflow runs no migration and no deployment there, and says why", async () => {
    const fake = fakeAws({});
    const { runtime } = runtimeWith(fake.aws);
    const release = releaseOf("staging");
    expect(await runMigration(release, runtime)).toEqual({
      status: "skipped",
      message:
        "acme-web-staging: released by the pipeline acme-web-pipeline (decision 0015), which runs the migration in its release project with the image it built; the deploy workflow applied the stack and leaves the release to it (a deployment of Terraform's revision would put the configured image back)",
    });
    expect(await deployBlueGreen(release, runtime)).toEqual({
      status: "skipped",
      message:
        "acme-web-staging: released by the pipeline acme-web-pipeline (decision 0015), which deploys through CodeDeploy with the image it built; the deploy workflow applied the stack and leaves the release to it (a deployment of Terraform's revision would put the configured image back)",
    });
    expect(fake.calls).toEqual([]);
  });

  it("the pipeline's release project still migrates there (--pipeline)", async () => {
    const fake = fakeAws({ "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }], failures: [] }], "ecs describe-tasks": [stopped({ exitCode: 0 })] });
    expect((await runMigration(releaseOf("staging"), runtimeWith(fake.aws).runtime, "pipeline")).status).toBe("done");
    expect(fake.operations()).toEqual(["ecs list-tasks", "ecs run-task", "ecs describe-tasks"]);
  });

  it("the deploy workflow still migrates and deploys an environment the pipeline does not release (prod)", async () => {
    const release = releaseOf("prod");
    const fake = fakeAws({
      "ecs run-task": [{ tasks: [{ taskArn: TASK_ARN }], failures: [] }],
      "ecs describe-tasks": [stopped({ exitCode: 0 })],
      "ecs describe-services": [{ services: [{ taskSets: [] }] }],
      "deploy create-deployment": [{ deploymentId: "d-PROD1" }],
      "deploy get-deployment": [succeeded],
    });
    const { runtime } = runtimeWith(fake.aws);
    expect((await runMigration(release, runtime)).status).toBe("done");
    expect((await deployBlueGreen(release, runtime)).status).toBe("done");
    expect(fake.operations()).toEqual(["ecs list-tasks", "ecs run-task", "ecs describe-tasks", "ecs describe-services", "deploy create-deployment", "deploy get-deployment"]);
    expect(fake.calls[4].input).toMatchObject({ applicationName: "acme-web-prod", deploymentGroupName: "acme-web-prod" });
  });
});
