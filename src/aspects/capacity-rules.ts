import { ECS_MANAGED_TAG } from "../config/capacity/defaults";
import { blocks } from "./blocks";
import type { GuardrailRule } from "./rules";

/** A launch template argument that is true, as CDKTF writes it (a boolean, or the provider's "true" string). */
const isTrue = (value: unknown) => value === true || value === "true";

/** What an Auto Scaling group behind an ECS capacity provider must do to be scaled by ECS and destroyed by Terraform (decision 0012). */
function capacityGroupFindings(config: Readonly<Record<string, unknown>>): string[] {
  const tags = blocks(config.tag);
  const ignored = (blocks(config.lifecycle)[0]?.ignore_changes as string[] | undefined) ?? [];
  const overrides = blocks(config.mixed_instances_policy).flatMap((policy) => blocks(policy.launch_template).flatMap((template) => blocks(template.override)));
  return [
    ...(tags.some((tag) => tag.key === ECS_MANAGED_TAG) ? [] : [`has no ${ECS_MANAGED_TAG} tag, which ECS adds and the next apply would remove (then ECS can no longer scale the group)`]),
    ...(ignored.includes("desired_capacity") ? [] : ["does not ignore changes to desired_capacity, which ECS managed scaling owns"]),
    ...(isTrue(config.force_delete) ? [] : ["does not set force_delete = true: terraform destroy would wait on instances and managed draining's lifecycle hook"]),
    ...(isTrue(config.protect_from_scale_in) ? ["sets protect_from_scale_in: terraform destroy cannot terminate protected instances, and managed termination protection stays off (decision 0012)"] : []),
    ...(overrides.some((override) => override.weighted_capacity !== undefined) ? ["weights instance types (weighted_capacity), which ECS capacity providers refuse"] : []),
  ];
}

/**
 * The guardrails of EC2 capacity (issue 23, decision 0012): launch templates that require IMDSv2
 * within one hop, encrypt every EBS volume and give no public IP; the Auto Scaling group behind a
 * capacity provider kept fit for ECS and for `terraform destroy`; and a service that never mixes
 * the spread and binpack placement strategies.
 */
export const CAPACITY_RULES: readonly GuardrailRule[] = [
  {
    id: "launch-template-imdsv2",
    title: "Launch templates require IMDSv2 session tokens, one hop away at most",
    rationale: "IMDSv1 answers any request, and a hop limit above 1 lets containers behind the host's network reach the instance role's credentials.",
    checkov: "CKV_AWS_79, CKV_AWS_341",
    resourceTypes: ["aws_launch_template"],
    check: (resource) => {
      const options = blocks(resource.config.metadata_options)[0];
      if (!options || (options.http_tokens !== "required" && options.http_endpoint !== "disabled")) return 'does not set metadata_options.http_tokens = "required"';
      const hops = Number(options.http_put_response_hop_limit ?? 1);
      return options.http_endpoint === "disabled" || hops <= 1 ? undefined : `sets metadata_options.http_put_response_hop_limit = ${hops}: at most 1, so containers cannot reach the instance role`;
    },
  },
  {
    id: "launch-template-ebs-encryption",
    title: "Launch templates encrypt every EBS volume they map, the root volume among them",
    rationale: "A template that maps no volume takes the AMI's, encrypted only if the account's default says so; volumes and their snapshots hold what the instances wrote.",
    checkov: "none: checkov checks launch configurations' volumes, not launch templates'",
    resourceTypes: ["aws_launch_template"],
    check: (resource) => {
      const mappings = blocks(resource.config.block_device_mappings).filter((mapping) => mapping.virtual_name === undefined && mapping.no_device === undefined);
      if (mappings.length === 0) return "maps no block device: the AMI's root volume would be encrypted only by the account's default";
      const plain = mappings.filter((mapping) => !blocks(mapping.ebs).some((ebs) => isTrue(ebs.encrypted)));
      return plain.length === 0 ? undefined : `does not set ebs.encrypted = true on ${plain.map((mapping) => String(mapping.device_name)).join(", ")}`;
    },
  },
  {
    id: "launch-template-no-public-ip",
    title: "Launch templates give instances no public IP address",
    rationale: "Container instances reach AWS through NAT or interface endpoints; a public address would expose the host, and a template that says nothing takes the subnet's default.",
    checkov: "CKV_AWS_88",
    resourceTypes: ["aws_launch_template"],
    check: (resource) => {
      const interfaces = blocks(resource.config.network_interfaces);
      if (interfaces.length === 0) return "sets no network_interfaces with associate_public_ip_address = false: the instances would take the subnet's default";
      return interfaces.every((networkInterface) => networkInterface.associate_public_ip_address === false || networkInterface.associate_public_ip_address === "false")
        ? undefined
        : "does not set associate_public_ip_address = false on every network interface";
    },
  },
  {
    id: "ecs-capacity-group",
    title: "An Auto Scaling group behind an ECS capacity provider keeps ECS's tag, leaves the desired count to ECS, has no scale-in protection or instance weights, and is force-deleted",
    rationale:
      "ECS scales the group by its AmazonECSManaged tag and desired count, and capacity providers refuse instance weights (Amazon ECS Developer Guide, Auto Scaling group capacity providers considerations); scale-in protection and managed draining's lifecycle hook would make terraform destroy wait (decision 0012).",
    checkov: "none: checkov has no check of an Auto Scaling group behind an ECS capacity provider",
    resourceTypes: ["aws_autoscaling_group"],
    check: (resource, stack) => {
      if (stack.referencing(resource, "aws_ecs_capacity_provider").length === 0) return undefined;
      const findings = capacityGroupFindings(resource.config);
      return findings.length === 0 ? undefined : findings.join("; ");
    },
  },
  {
    id: "ecs-placement-spread-or-binpack",
    title: "An ECS service spreads or bin-packs its tasks, never both",
    rationale: "Spread and binpack together end with one task per instance, every instance kept up by one task (Amazon ECS Developer Guide, Cluster Auto Scaling considerations).",
    checkov: "none: checkov checks no ECS placement strategy",
    resourceTypes: ["aws_ecs_service"],
    check: (resource) => {
      const types = new Set(blocks(resource.config.ordered_placement_strategy).map((strategy) => strategy.type));
      return types.has("spread") && types.has("binpack") ? "orders both spread and binpack placement strategies" : undefined;
    },
  },
];
