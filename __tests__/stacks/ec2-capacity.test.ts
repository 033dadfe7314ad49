import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildPlatform, SynthesizedResource, SynthesizedStack, writtenStacks } from "../support/synth";
import { runOf } from "../support/config";

/**
 * EC2 capacity (issue 23, part 1; decision 0012) on examples/ec2-capacity.json: examples/single-account.json
 * with `capacity.provider: "ec2"` for the app and staging on Spot above one on-demand instance.
 */
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/ec2-capacity.json"), "utf8"));
const { platform } = buildPlatform(runOf(example));
const service = (env: string) => new SynthesizedStack(platform.deployments.get(`web-${env}`)!.service);
const dev = service("dev");
const staging = service("staging");
const prod = service("prod");
const only = (stack: SynthesizedStack, type: string): SynthesizedResource => {
  const found = stack.resources(type);
  expect(found).toHaveLength(1);
  return found[0];
};
const ref = SynthesizedStack.ref;
const EC2_TYPES = ["aws_autoscaling_group", "aws_launch_template", "aws_ecs_capacity_provider", "aws_iam_instance_profile", "aws_iam_service_linked_role"];

describe("EC2 capacity is an option: the built-in configuration has none", () => {
  const written = writtenStacks();

  it("creates no Auto Scaling group, launch template, capacity provider, instance profile or service-linked role in any built-in stack", () => {
    const found = [...written].flatMap(([id, json]) => EC2_TYPES.filter((type) => json.resource?.[type]).map((type) => `${id}: ${type}`));
    expect(found).toEqual([]);
  });

  it("runs every built-in service on Fargate with a Fargate-only X86_64 task definition and platform version LATEST", () => {
    for (const [id, json] of [...written].filter(([id]) => id.endsWith("-service"))) {
      const [ecsService] = Object.values(json.resource.aws_ecs_service) as Record<string, any>[];
      expect({ id, providers: ecsService.capacity_provider_strategy.map((item: { capacity_provider: string }) => item.capacity_provider).every((name: string) => name.startsWith("FARGATE")) }).toEqual({ id, providers: true });
      expect(ecsService.platform_version).toBe("LATEST");
      expect(ecsService.ordered_placement_strategy).toBeUndefined();
      for (const definition of Object.values(json.resource.aws_ecs_task_definition) as Record<string, any>[]) {
        expect(definition).toMatchObject({ requires_compatibilities: ["FARGATE"], runtime_platform: { cpu_architecture: "X86_64" } });
      }
    }
  });
});

describe("EC2 capacity in examples/ec2-capacity.json", () => {
  it("gives each tier seed 004's instance type and counts, the ECS-optimized AMI of its architecture, and an ARM64 task definition on Graviton", () => {
    const shapes = Object.fromEntries(
      (["dev", "staging", "prod"] as const).map((env) => {
        const stack = service(env);
        const group = only(stack, "aws_autoscaling_group");
        const template = only(stack, "aws_launch_template");
        const [ami] = Object.values(stack.json.data.aws_ssm_parameter) as { name: string }[];
        const [definition] = stack.resources("aws_ecs_task_definition");
        return [env, [template.instance_type, group.min_size, group.max_size, ami.name, definition.runtime_platform.cpu_architecture]];
      }),
    );
    expect(shapes).toEqual({
      dev: ["t3.micro", 1, 3, "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id", "X86_64"],
      staging: ["t3.small", 2, 4, "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id", "X86_64"],
      prod: ["m6g.large", 3, 10, "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id", "ARM64"],
    });
  });

  it("launches instances with IMDSv2 one hop away, an encrypted gp3 root volume under the capacity's own key, no public IP and no inbound rule", () => {
    const template = only(dev, "aws_launch_template");
    const alias = dev.resources("aws_kms_alias").find((candidate) => candidate.name === "alias/acme-web-dev-ecs-volumes")!;
    const key = dev.resources("aws_kms_key").find((candidate) => alias.target_key_id === ref("aws_kms_key", candidate, "key_id"))!;
    expect(template.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" });
    expect(template.block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { encrypted: "true", kms_key_id: ref("aws_kms_key", key, "arn"), volume_size: 30, volume_type: "gp3", delete_on_termination: "true" } },
    ]);
    expect(template.network_interfaces).toEqual([{ device_index: 0, associate_public_ip_address: "false", delete_on_termination: "true", security_groups: [expect.stringMatching(/^\$\{aws_security_group\.service_capacity_launch-template_security-group_\w+\.id\}$/)] }]);
    const group = dev.resources("aws_security_group").find((candidate) => candidate.name === "acme-web-dev-ecs-instances")!;
    expect(dev.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === ref("aws_security_group", group))).toEqual([]);
    expect(dev.resources("aws_vpc_security_group_egress_rule").filter((rule) => rule.security_group_id === ref("aws_security_group", group))).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443 }),
    ]);
  });

  it("tells the ECS agent its cluster, blocks awsvpc tasks from IMDS, logs with the execution role and refuses privileged containers; Spot instances drain on interruption", () => {
    const script = (stack: SynthesizedStack) => only(stack, "aws_launch_template").user_data as string;
    const cluster = only(dev, "aws_ecs_cluster");
    expect(script(dev)).toContain(`ECS_CLUSTER=${ref("aws_ecs_cluster", cluster, "name")}`);
    for (const line of ["ECS_AWSVPC_BLOCK_IMDS=true", "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true", "ECS_DISABLE_PRIVILEGED=true", "ECS_RESERVED_MEMORY=256"]) expect(script(dev)).toContain(line);
    expect(script(dev)).not.toContain("ECS_ENABLE_SPOT_INSTANCE_DRAINING");
    expect(script(staging)).toContain("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true");
    expect(script(dev)).toMatch(/^\$\{base64encode\(/);
  });

  it("runs the service on the capacity provider, bin-packed on memory below prod and spread across zones in prod, with no Fargate platform version", () => {
    for (const [stack, placement] of [
      [dev, [{ type: "binpack", field: "memory" }]],
      [prod, [{ type: "spread", field: "attribute:ecs.availability-zone" }]],
    ] as const) {
      const provider = only(stack, "aws_ecs_capacity_provider");
      const strategy = [{ capacity_provider: ref("aws_ecs_capacity_provider", provider, "name"), weight: 1 }];
      expect(only(stack, "aws_ecs_service")).toMatchObject({ capacity_provider_strategy: strategy, ordered_placement_strategy: placement });
      expect(only(stack, "aws_ecs_service").platform_version).toBeUndefined();
      // The cluster's default strategy too (one-off tasks run with it); Fargate stays on the cluster for a task that asks for it.
      expect(only(stack, "aws_ecs_cluster_capacity_providers")).toMatchObject({ capacity_providers: ["FARGATE", "FARGATE_SPOT", ref("aws_ecs_capacity_provider", provider, "name")], default_capacity_provider_strategy: strategy });
      expect(only(stack, "aws_ecs_task_definition")).toMatchObject({ requires_compatibilities: ["EC2", "FARGATE"], network_mode: "awsvpc" });
    }
  });

  it("scales with managed scaling at the configured target, drains instances before they terminate, and has no managed termination protection", () => {
    expect(only(prod, "aws_ecs_capacity_provider")).toMatchObject({
      name: "acme-web-prod-ec2",
      auto_scaling_group_provider: {
        auto_scaling_group_arn: ref("aws_autoscaling_group", only(prod, "aws_autoscaling_group"), "arn"),
        managed_termination_protection: "DISABLED",
        managed_draining: "ENABLED",
        managed_scaling: { status: "ENABLED", target_capacity: 100, instance_warmup_period: 300, minimum_scaling_step_size: 1 },
      },
    });
  });

  it("runs staging's instances above one on-demand instance on Spot, among two types, rebalancing before interruptions", () => {
    const group = only(staging, "aws_autoscaling_group");
    const template = only(staging, "aws_launch_template");
    expect(group.launch_template).toBeUndefined();
    expect(group).toMatchObject({
      capacity_rebalance: true,
      mixed_instances_policy: {
        instances_distribution: { on_demand_base_capacity: 1, on_demand_percentage_above_base_capacity: 0, spot_allocation_strategy: "price-capacity-optimized" },
        launch_template: {
          launch_template_specification: { launch_template_id: ref("aws_launch_template", template), version: `\${tostring(aws_launch_template.${template.__name}.latest_version)}` },
          override: [{ instance_type: "t3.small" }, { instance_type: "t3a.small" }],
        },
      },
    });
    expect(only(dev, "aws_autoscaling_group").mixed_instances_policy).toBeUndefined();
  });

  it("confines the instance role to the ECS agent's calls on its own cluster, with no images, logs, secrets or SSM, under the workload boundary", () => {
    const role = dev.resources("aws_iam_role").find((candidate) => candidate.name === "acme-web-dev-ecs-instance")!;
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(role.permissions_boundary).toBe("arn:aws:iam::333333333333:policy/acme-workload-boundary-dev");
    expect(dev.resources("aws_iam_role_policy_attachment").filter((attachment) => attachment.role === ref("aws_iam_role", role, "name"))).toEqual([]);
    const policy = dev.resources("aws_iam_role_policy").find((candidate) => candidate.role === ref("aws_iam_role", role, "name"))!;
    const cluster = "arn:aws:ecs:us-east-1:333333333333:cluster/acme-web-dev";
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: "RegisterWithItsClusterAndReportState",
        Effect: "Allow",
        Action: ["ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance", "ecs:SubmitContainerStateChange", "ecs:SubmitTaskStateChange", "ecs:SubmitAttachmentStateChanges"],
        Resource: cluster,
      },
      {
        Sid: "PollAsItsClustersContainerInstances",
        Effect: "Allow",
        Action: ["ecs:Poll", "ecs:StartTelemetrySession", "ecs:UpdateContainerInstancesState"],
        Resource: "arn:aws:ecs:us-east-1:333333333333:container-instance/acme-web-dev/*",
        Condition: { ArnEquals: { "ecs:cluster": cluster } },
      },
      { Sid: "DiscoverItsEndpoints", Effect: "Allow", Action: "ecs:DiscoverPollEndpoint", Resource: "*" },
    ]);
    expect(only(dev, "aws_iam_instance_profile")).toMatchObject({ name: "acme-web-dev-ecs-instance", role: ref("aws_iam_role", role, "name") });
  });

  it("lets the group's own service-linked role use the volume key, in two statements of its policy", () => {
    const linked = only(dev, "aws_iam_service_linked_role");
    expect(linked).toMatchObject({ aws_service_name: "autoscaling.amazonaws.com", custom_suffix: "acme-web-dev" });
    expect(only(dev, "aws_autoscaling_group").service_linked_role_arn).toBe(ref("aws_iam_service_linked_role", linked, "arn"));
    const alias = dev.resources("aws_kms_alias").find((candidate) => candidate.name === "alias/acme-web-dev-ecs-volumes")!;
    const key = dev.resources("aws_kms_key").find((candidate) => alias.target_key_id === ref("aws_kms_key", candidate, "key_id"))!;
    const statements = JSON.parse(key.policy).Statement as { Sid: string; Principal: { AWS: string }; Condition?: unknown }[];
    expect(statements.filter((statement) => statement.Principal.AWS === ref("aws_iam_service_linked_role", linked, "arn")).map((statement) => [statement.Sid, statement.Condition])).toEqual([
      ["AutoScalingGroupUsesTheKeyForItsVolumes", undefined],
      ["AutoScalingGroupAttachesItsVolumes", { Bool: { "kms:GrantIsForAWSResource": true } }],
    ]);
  });
});

describe("EC2 capacity's destroy order (decision 0012, docs/runbooks/destroy-environment.md)", () => {
  const group = only(prod, "aws_autoscaling_group");
  const provider = only(prod, "aws_ecs_capacity_provider");
  const association = only(prod, "aws_ecs_cluster_capacity_providers");
  const ecsService = only(prod, "aws_ecs_service");
  const template = only(prod, "aws_launch_template");

  it("deletes the service, then the cluster's association, then the capacity provider, then the group, then the cluster (each refers to the next)", () => {
    expect(ecsService.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${association.__name}`);
    expect(JSON.stringify(association)).toContain(ref("aws_ecs_capacity_provider", provider, "name"));
    expect(provider.auto_scaling_group_provider.auto_scaling_group_arn).toBe(ref("aws_autoscaling_group", group, "arn"));
    expect(JSON.stringify(group)).toContain(ref("aws_launch_template", template));
    // The boot script names the cluster by reference: the instances go before the cluster, whose deletion ECS refuses while they are registered.
    expect(template.user_data).toContain(ref("aws_ecs_cluster", only(prod, "aws_ecs_cluster"), "name"));
  });

  it("deletes the group with its instances and any pending lifecycle action, never waiting on scale-in protection, and leaves the desired count to ECS", () => {
    expect(group).toMatchObject({ force_delete: true, protect_from_scale_in: false, lifecycle: { ignore_changes: ["desired_capacity"] } });
    expect(group.desired_capacity).toBeUndefined();
    expect(group.tag).toContainEqual({ key: "AmazonECSManaged", value: "true", propagate_at_launch: true });
    expect(group.tag).toContainEqual({ key: "Environment", value: "prod", propagate_at_launch: false });
  });

  it("replaces instances launch-first when the launch template (its AMI) changes", () => {
    expect(group).toMatchObject({ instance_maintenance_policy: { min_healthy_percentage: 100, max_healthy_percentage: 200 }, instance_refresh: { strategy: "Rolling" } });
  });
});
