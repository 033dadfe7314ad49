import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ActiveRegion } from "../../src/config/environment/schema";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * Scheduled jobs (issue 23, part 5; decision 0014) as a reviewer of the plan reads them: on
 * examples/scheduled-jobs.json, each environment's service stack holds a schedule group, one
 * EventBridge Scheduler schedule per job running the service's own task definition the way the
 * service runs its tasks, a dead-letter queue only the scheduler role may send to, two alarms to the
 * alarm topic, and the scheduler role scoped to that family, cluster, roles and queue. None exist by
 * default. In the DR region, the jobs run only after a failover.
 */
const EXAMPLE = JSON.parse(readFileSync(join(__dirname, "../../examples/scheduled-jobs.json"), "utf8")) as PlatformConfigInput;
const { platform } = buildPlatform(runOf(EXAMPLE));
const service = (env: string) => new SynthesizedStack(platform.deployments.get(`web-${env}`)!.service);
const ref = SynthesizedStack.ref;

/** A resource's statements by Sid. */
const statements = (policy: string): Record<string, any> => Object.fromEntries(JSON.parse(policy).Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));

/** Every scheduler, queue and scheduler-role resource of a stack, by type. */
const jobResources = (stack: SynthesizedStack) => ({
  groups: stack.resources("aws_scheduler_schedule_group"),
  schedules: stack.resources("aws_scheduler_schedule").sort((a, b) => b.name.localeCompare(a.name)),
  queues: stack.resources("aws_sqs_queue"),
  roles: stack.resources("aws_iam_role").filter((role) => String(role.name).endsWith("-scheduler")),
  alarms: stack.resources("aws_cloudwatch_metric_alarm").filter((alarm) => String(alarm.alarm_name).includes("-jobs-")),
});

/** The built-in configuration with the example's jobs, prod in `activeRegion`. */
function builtInWithJobs(activeRegion: ActiveRegion = "primary") {
  const config = defaultConfigCopy();
  config.apps!.web.scheduledJobs = EXAMPLE.apps!.web.scheduledJobs;
  config.environments.prod.activeRegion = activeRegion;
  const prod = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
  return { service: new SynthesizedStack(prod.service), dr: new SynthesizedStack(prod.dr!.service) };
}

describe("scheduled jobs (examples/scheduled-jobs.json)", () => {
  const staging = service("staging");

  it("are absent by default: no schedule, group, queue or scheduler role in any stack of the built-in configuration", () => {
    const { app } = buildPlatform();
    for (const stack of app.node.children) {
      const synthesized = new SynthesizedStack(stack as never);
      expect({ stack: stack.node.id, ...jobResources(synthesized) }).toEqual({ stack: stack.node.id, groups: [], schedules: [], queues: [], roles: [], alarms: [] });
    }
  });

  it("give each environment one schedule group and a schedule per job, each in the group, at its minute (no flexible window), in its time zone", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const { groups, schedules } = jobResources(service(env));
      expect(groups.map((group) => group.name)).toEqual([`acme-web-${env}-jobs`]);
      expect(schedules.map(({ name, group_name, schedule_expression, schedule_expression_timezone, flexible_time_window }) => ({ name, group_name, schedule_expression, schedule_expression_timezone, flexible_time_window }))).toEqual([
        { name: "nightly-cleanup", group_name: ref("aws_scheduler_schedule_group", groups[0], "name"), schedule_expression: "cron(0 3 * * ? *)", schedule_expression_timezone: "Europe/Berlin", flexible_time_window: { mode: "OFF" } },
        { name: "hourly-report", group_name: ref("aws_scheduler_schedule_group", groups[0], "name"), schedule_expression: "rate(1 hour)", schedule_expression_timezone: "UTC", flexible_time_window: { mode: "OFF" } },
      ]);
    }
  });

  it("keep a job an environment turns off, DISABLED", () => {
    const state = (env: string) => Object.fromEntries(jobResources(service(env)).schedules.map((schedule) => [schedule.name, schedule.state]));
    expect(state("dev")).toEqual({ "nightly-cleanup": "ENABLED", "hourly-report": "DISABLED" });
    expect(state("staging")).toEqual({ "nightly-cleanup": "ENABLED", "hourly-report": "ENABLED" });
  });

  it("run the service's task definition (the revision the service runs) in its cluster, subnets and security groups, on its capacity and platform version", () => {
    const ecsService = staging.resource("aws_ecs_service", "service/service");
    const [task] = staging.resources("aws_ecs_task_definition");
    for (const schedule of jobResources(staging).schedules) {
      const { ecs_parameters: ecs, arn } = schedule.target;
      expect(arn).toBe(ecsService.cluster);
      expect(ecs.task_definition_arn).toBe(ref("aws_ecs_task_definition", task, "arn"));
      expect(ecs.capacity_provider_strategy).toEqual(ecsService.capacity_provider_strategy);
      expect(ecs.platform_version).toBe(ecsService.platform_version);
      expect(ecs.network_configuration).toEqual({ ...ecsService.network_configuration, assign_public_ip: false });
      expect(ecs).toMatchObject({ task_count: 1, propagate_tags: "TASK_DEFINITION", enable_ecs_managed_tags: true, group: `job:${schedule.name}` });
      expect(ecs.launch_type).toBeUndefined();
    }
  });

  it("replace the app container's command, and the task size where the job sets one; the job's logs go to the service's log group through the task definition", () => {
    const input = Object.fromEntries(jobResources(staging).schedules.map((schedule) => [schedule.name, JSON.parse(schedule.target.input)]));
    expect(input).toEqual({
      "nightly-cleanup": { containerOverrides: [{ name: "app", command: ["bin/rails", "jobs:cleanup"] }] },
      "hourly-report": { containerOverrides: [{ name: "app", command: ["bin/rails", "reports:hourly"] }], cpu: "512", memory: "1024" },
    });
    const [task] = staging.resources("aws_ecs_task_definition");
    const app = JSON.parse(task.container_definitions).find((container: { name: string }) => container.name === "app");
    expect(app.logConfiguration).toEqual({ logDriver: "awslogs", options: { "awslogs-group": "/ecs/acme-web-staging", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" } });
    expect(staging.resource("aws_cloudwatch_log_group", "log-group").name).toBe("/ecs/acme-web-staging");
  });

  it("retry a failed RunTask 3 times within 15 minutes, then keep it 14 days in a dead-letter queue encrypted with the service's key, which only the scheduler role may send to, over TLS only", () => {
    const [queue] = jobResources(staging).queues;
    const [role] = jobResources(staging).roles;
    expect(queue).toMatchObject({ name: "acme-web-staging-jobs-dlq", message_retention_seconds: 1209600, kms_master_key_id: ref("aws_kms_key", staging.resource("aws_kms_key", "key/key"), "arn") });
    expect(queue.fifo_queue).toBeUndefined();
    for (const schedule of jobResources(staging).schedules) {
      expect(schedule.target.retry_policy).toEqual({ maximum_event_age_in_seconds: 900, maximum_retry_attempts: 3 });
      expect(schedule.target.dead_letter_config).toEqual({ arn: ref("aws_sqs_queue", queue, "arn") });
      expect(schedule.target.role_arn).toBe(ref("aws_iam_role", role, "arn"));
    }
    const [policy] = staging.resources("aws_sqs_queue_policy");
    expect(policy.queue_url).toBe(ref("aws_sqs_queue", queue, "url"));
    expect(statements(policy.policy)).toEqual({
      OnlyTheSenderRoleSends: {
        Sid: "OnlyTheSenderRoleSends",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:SendMessage",
        Resource: ref("aws_sqs_queue", queue, "arn"),
        Condition: { ArnNotEquals: { "aws:PrincipalArn": ref("aws_iam_role", role, "arn") } },
      },
      TlsOnly: { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: ref("aws_sqs_queue", queue, "arn"), Condition: { Bool: { "aws:SecureTransport": "false" } } },
    });
  });

  it("alarm to the environment's topic on a dead letter waiting and on an invocation lost on the way to the queue, named for the group", () => {
    const alarms = jobResources(staging).alarms;
    // The service's own alarms' topic.
    const topic = staging.resource("aws_cloudwatch_metric_alarm", "alarms/cpu").alarm_actions;
    expect(alarms.map(({ alarm_name, namespace, metric_name, dimensions, statistic, threshold, comparison_operator, treat_missing_data, alarm_actions, ok_actions }) => ({ alarm_name, namespace, metric_name, dimensions, statistic, threshold, comparison_operator, treat_missing_data, alarm_actions, ok_actions }))).toEqual([
      {
        alarm_name: "acme-web-staging-jobs-dead-letters",
        namespace: "AWS/SQS",
        metric_name: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "acme-web-staging-jobs-dlq" },
        statistic: "Maximum",
        threshold: 0,
        comparison_operator: "GreaterThanThreshold",
        treat_missing_data: "notBreaching",
        alarm_actions: topic,
        ok_actions: topic,
      },
      {
        alarm_name: "acme-web-staging-jobs-undeliverable",
        namespace: "AWS/Scheduler",
        metric_name: "InvocationsFailedToBeSentToDeadLetterCount",
        dimensions: { ScheduleGroup: "acme-web-staging-jobs" },
        statistic: "Sum",
        threshold: 0,
        comparison_operator: "GreaterThanThreshold",
        treat_missing_data: "notBreaching",
        alarm_actions: topic,
        ok_actions: topic,
      },
    ]);
  });

  it("run as a role only EventBridge Scheduler may assume, for this group's schedules in this account, under the environment's boundary", () => {
    const [role] = jobResources(staging).roles;
    expect(role.name).toBe("acme-web-staging-scheduler");
    expect(role.permissions_boundary).toBe("arn:aws:iam::333333333333:policy/acme-workload-boundary-staging");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TheGroupsSchedulesOnly",
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "333333333333" }, ArnEquals: { "aws:SourceArn": "arn:aws:scheduler:us-east-1:333333333333:schedule-group/acme-web-staging-jobs" } },
      },
    ]);
  });

  it("let that role run the family's tasks in the cluster, tag them, pass the task's two roles to ECS tasks, send to its queue with its key through SQS: nothing else", () => {
    const [policy] = staging.resources("aws_iam_role_policy").filter((candidate) => candidate.__name.startsWith("scheduler-role"));
    const roles = staging.resources("aws_iam_role");
    const arnOf = (name: string) => ref("aws_iam_role", roles.find((role) => role.name === name)!, "arn");
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: "RunTheFamilysTasksInTheCluster",
        Effect: "Allow",
        Action: "ecs:RunTask",
        Resource: "arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging:*",
        Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:us-east-1:333333333333:cluster/acme-web-staging" } },
      },
      { Sid: "TagTheTasksItRuns", Effect: "Allow", Action: "ecs:TagResource", Resource: "arn:aws:ecs:us-east-1:333333333333:task/acme-web-staging/*", Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } } },
      {
        Sid: "PassTheTasksRolesToEcsTasks",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [arnOf("acme-web-staging-task-execution"), arnOf("acme-web-staging-task")],
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
      { Sid: "DeliverFailedInvocations", Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:333333333333:acme-web-staging-jobs-dlq" },
      {
        Sid: "EncryptDeadLettersThroughSqs",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [ref("aws_kms_key", staging.resource("aws_kms_key", "key/key"), "arn")],
        Condition: { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } },
      },
    ]);
    // The schedules are created after the role may act: a first run never meets a missing permission.
    for (const schedule of jobResources(staging).schedules) expect(schedule.depends_on).toEqual([`aws_iam_role_policy.${policy.__name}`]);
  });
});

describe("scheduled jobs and disaster recovery (the built-in configuration's prod with the example's jobs)", () => {
  const standing = builtInWithJobs();

  it("run in the primary region while it is the writer; the DR service stack has none, and the primary service stack keeps the DR region's scheduler role ready (no failover creates IAM)", () => {
    expect(jobResources(standing.service).schedules.map((schedule) => schedule.state)).toEqual(["ENABLED", "ENABLED"]);
    expect(jobResources(standing.dr)).toEqual({ groups: [], schedules: [], queues: [], roles: [], alarms: [] });
    const drRole = jobResources(standing.service).roles.find((role) => role.name === "acme-web-prod-dr-scheduler")!;
    expect(JSON.parse(drRole.assume_role_policy).Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "222222222222" },
      ArnEquals: { "aws:SourceArn": "arn:aws:scheduler:eu-west-1:222222222222:schedule-group/acme-web-prod-dr-jobs" },
    });
    const policy = standing.service.resources("aws_iam_role_policy").find((candidate) => candidate.__name.startsWith("dr-scheduler-role"))!;
    const drStatements = statements(policy.policy);
    expect(drStatements.RunTheFamilysTasksInTheCluster).toMatchObject({
      Resource: "arn:aws:ecs:eu-west-1:222222222222:task-definition/acme-web-prod-dr:*",
      Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:222222222222:cluster/acme-web-prod-dr" } },
    });
    expect(drStatements.DeliverFailedInvocations.Resource).toBe("arn:aws:sqs:eu-west-1:222222222222:acme-web-prod-dr-jobs-dlq");
    // The DR service's key is the DR stack's: named by alias.
    expect(drStatements.EncryptDeadLettersThroughSqs).toMatchObject({
      Resource: "arn:aws:kms:eu-west-1:222222222222:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/acme-web-prod-dr-service"] }, StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } },
    });
  });

  it.each(["dr", "returning"] as const)("with activeRegion %s, stop the primary region's schedules (DISABLED, kept) and run the jobs in the DR region, on the DR task definition and cluster, as the DR role", (activeRegion) => {
    const failedOver = builtInWithJobs(activeRegion);
    expect(jobResources(failedOver.service).schedules.map((schedule) => schedule.state)).toEqual(["DISABLED", "DISABLED"]);
    const dr = jobResources(failedOver.dr);
    expect(dr.groups.map((group) => group.name)).toEqual(["acme-web-prod-dr-jobs"]);
    expect(dr.queues.map((queue) => queue.name)).toEqual(["acme-web-prod-dr-jobs-dlq"]);
    expect(dr.alarms.map((alarm) => alarm.alarm_name)).toEqual(["acme-web-prod-dr-jobs-dead-letters", "acme-web-prod-dr-jobs-undeliverable"]);
    expect(dr.roles).toEqual([]);
    const [task] = failedOver.dr.resources("aws_ecs_task_definition");
    const ecsService = failedOver.dr.resource("aws_ecs_service", "service/service");
    for (const schedule of dr.schedules) {
      expect(schedule.state).toBe("ENABLED");
      expect(schedule.target).toMatchObject({ arn: ecsService.cluster, role_arn: "arn:aws:iam::222222222222:role/acme-web-prod-dr-scheduler" });
      expect(schedule.target.ecs_parameters.task_definition_arn).toBe(ref("aws_ecs_task_definition", task, "arn"));
      expect(schedule.target.ecs_parameters.network_configuration).toEqual({ ...ecsService.network_configuration, assign_public_ip: false });
    }
  });
});
