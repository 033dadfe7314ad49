import { matchesPattern } from "../support/event-pattern";
import { writtenStacks } from "../support/synth";

/**
 * Seed 004's ECS task failures (issue 22, part 6): an EventBridge rule on each service's cluster
 * for tasks stopped by an essential container's non-zero exit, to the environment's alarm topic,
 * and an alarm on the rule's invocations above the tier's threshold. The sample events follow the
 * Amazon ECS Developer Guide's "Amazon ECS task state change events" (detail: clusterArn, group,
 * lastStatus, stopCode, stoppedReason, containers[].exitCode).
 */
const stacks = writtenStacks();
type Json = Record<string, any>;

/** The one resource of a type in a stack whose construct path starts with `prefix` (`task-failures/...`). */
const only = (json: Json, type: string, prefix = ""): Json => {
  const resources = Object.entries<Json>(json.resource[type] ?? {}).filter(([, resource]) => resource["//"].metadata.path.split("/").slice(1).join("/").startsWith(prefix));
  expect(resources).toHaveLength(1);
  return { ...resources[0][1], __name: resources[0][0] };
};

const CLUSTER = "arn:aws:ecs:us-east-1:222222222222:cluster/acme-web-prod";

/** A task state change event of the cluster, stopped for `stopCode`, with its containers' exit codes. */
const stopped = (stopCode: string, exitCodes: (number | undefined)[], clusterArn = CLUSTER) => ({
  version: "0",
  source: "aws.ecs",
  "detail-type": "ECS Task State Change",
  region: "us-east-1",
  detail: {
    clusterArn,
    group: "service:acme-web-prod",
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    stopCode,
    stoppedReason: "Essential container in task exited",
    taskArn: "arn:aws:ecs:us-east-1:222222222222:task/acme-web-prod/0123456789abcdef",
    containers: exitCodes.map((exitCode, index) => ({
      name: ["app", "proxy"][index],
      lastStatus: "STOPPED",
      ...(exitCode === undefined ? {} : { exitCode }),
    })),
  },
});

describe("ECS task failures", () => {
  it.each([
    ["web-dev-service", "acme-web-dev-service", 3],
    ["web-staging-service", "acme-web-staging-service", 1],
    ["web-uat-service", "acme-web-uat-service", 1],
    ["web-prod-service", "acme-web-prod-service", 0],
    ["web-prod-dr-service", "acme-web-prod-dr-service", 0],
  ])("%s: a rule on its cluster's failed tasks to the alarm topic, and an alarm above %s's tier threshold", (id, name, threshold) => {
    const json = stacks.get(id)!;
    const rule = only(json, "aws_cloudwatch_event_rule", "task-failures/");
    const cluster = only(json, "aws_ecs_cluster");
    expect(rule.name).toBe(`${name}-task-failures`);
    const pattern = JSON.parse(rule.event_pattern);
    expect(pattern.detail.clusterArn).toEqual([`\${aws_ecs_cluster.${cluster.__name}.arn}`]);

    const target = only(json, "aws_cloudwatch_event_target", "task-failures/");
    expect(target.rule).toBe(`\${aws_cloudwatch_event_rule.${rule.__name}.name}`);
    expect(target.arn).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-web-[\w-]+-monitoring\.outputs\.cross-stack-output-aws_sns_topicalarm-topic_\w+arn\}$/);
    expect(target.input_transformer.input_paths).toEqual({
      task: "$.detail.taskArn",
      group: "$.detail.group",
      reason: "$.detail.stoppedReason",
    });

    const alarm = Object.values<Json>(json.resource.aws_cloudwatch_metric_alarm).find((a) => a.alarm_name === `${name}-task-failures`)!;
    expect(alarm).toMatchObject({
      namespace: "AWS/Events",
      metric_name: "Invocations",
      dimensions: {
        RuleName: `\${aws_cloudwatch_event_rule.${rule.__name}.name}`,
      },
      statistic: "Sum",
      period: 300,
      comparison_operator: "GreaterThanThreshold",
      threshold,
      treat_missing_data: "notBreaching",
    });
    expect(alarm.alarm_actions).toEqual([target.arn]);
    expect(alarm.ok_actions).toEqual([target.arn]);
  });

  describe("the rule's pattern, matched as EventBridge matches it", () => {
    const pattern = JSON.parse(only(stacks.get("web-prod-service")!, "aws_cloudwatch_event_rule", "task-failures/").event_pattern);
    pattern.detail.clusterArn = [CLUSTER];

    it.each([
      ["the app crashed (exit 1)", stopped("EssentialContainerExited", [1, 143]), true],
      ["the app was killed (exit 137), its proxy exited 0", stopped("EssentialContainerExited", [137, 0]), true],
      ["the app exited 0 and the proxy was stopped with SIGTERM (143)", stopped("EssentialContainerExited", [0, 143]), true],
      ["a deployment or scale-in stopped it (SIGTERM, 143)", stopped("ServiceSchedulerInitiated", [143]), false],
      ["Fargate Spot reclaimed it", stopped("SpotInterruption", [143]), false],
      ["a person stopped it", stopped("UserInitiated", [1]), false],
      ["every container exited 0", stopped("EssentialContainerExited", [0, 0]), false],
      ["it never started (no exit code)", stopped("TaskFailedToStart", [undefined]), false],
      ["a task of another cluster", stopped("EssentialContainerExited", [1], "arn:aws:ecs:us-east-1:222222222222:cluster/other"), false],
    ])("%s", (_what, event, expected) => {
      expect(matchesPattern(pattern, event)).toBe(expected);
    });

    it("does not match a running task's state change", () => {
      const running = stopped("EssentialContainerExited", [1]);
      running.detail.lastStatus = "RUNNING";
      expect(matchesPattern(pattern, running)).toBe(false);
    });
  });

  it.each(["web-prod-monitoring", "web-prod-dr-monitoring"])("%s: the alarm topic's key and policy let EventBridge publish, for this account only", (id) => {
    const json = stacks.get(id)!;
    const key = JSON.parse(only(json, "aws_kms_key").policy);
    const topicPolicy = JSON.parse(only(json, "aws_sns_topic_policy").policy);
    const publishers = (policy: Json, sid: string) => policy.Statement.find((statement: Json) => statement.Sid === sid);
    for (const statement of [publishers(key, "AlarmPublishersEncryptMessages"), publishers(topicPolicy, "AlarmPublishersPublish")]) {
      expect(statement.Principal.Service).toContain("events.amazonaws.com");
      expect(statement.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": "222222222222" },
      });
    }
    expect(publishers(key, "AlarmPublishersEncryptMessages").Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });
});
