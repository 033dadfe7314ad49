import { CODE_DEPLOY_OWNED_SERVICE_ARGUMENTS } from "../config/release/defaults";
import { blocks } from "./blocks";
import type { GuardrailRule } from "./rules";

/** The arguments a resource's lifecycle ignores. */
const ignoredChanges = (config: Readonly<Record<string, unknown>>) => (blocks(config.lifecycle)[0]?.ignore_changes as string[] | undefined) ?? [];

/**
 * The guardrails of blue/green releases (issue 23, decision 0013): a service under CodeDeploy leaves
 * to it what its deployments change and has no circuit breaker, and a listener a deployment group
 * shifts leaves its forward actions to CodeDeploy. Each keeps the next apply from failing, or from
 * pointing production back at the target group a release just emptied.
 */
export const RELEASE_RULES: readonly GuardrailRule[] = [
  {
    id: "codedeploy-ecs-service",
    title: "An ECS service under CodeDeploy ignores what its deployments change, and has no circuit breaker",
    rationale:
      "ECS refuses UpdateService changes to a CODE_DEPLOY service's task definition, load balancer, network configuration and platform version (a CodeDeploy deployment makes them), and the circuit breaker applies to rolling updates only.",
    checkov: "none: checkov has no check of an ECS service's deployment controller",
    resourceTypes: ["aws_ecs_service"],
    check: (resource) => {
      if (blocks(resource.config.deployment_controller)[0]?.type !== "CODE_DEPLOY") return undefined;
      const missing = CODE_DEPLOY_OWNED_SERVICE_ARGUMENTS.filter((argument) => !ignoredChanges(resource.config).includes(argument));
      const findings = [
        ...(missing.length > 0 ? [`does not ignore changes to ${missing.join(", ")}, which CodeDeploy's deployments change: the next apply would fail or undo a release`] : []),
        ...(blocks(resource.config.deployment_circuit_breaker).length > 0 ? ["sets a deployment circuit breaker, which applies to rolling updates (the ECS controller) only"] : []),
      ];
      return findings.length > 0 ? findings.join("; ") : undefined;
    },
  },
  {
    id: "codedeploy-listener",
    title: "A listener a CodeDeploy deployment group shifts ignores its forward actions",
    rationale: "CodeDeploy moves the production and test listeners between the two target groups at every release; an apply that restores the synthesized forward action sends traffic to the group the release emptied.",
    checkov: "none: checkov has no check of CodeDeploy's traffic routes",
    resourceTypes: ["aws_lb_listener"],
    check: (resource, stack) =>
      stack.referencing(resource, "aws_codedeploy_deployment_group").length > 0 && !ignoredChanges(resource.config).includes("default_action")
        ? "is a CodeDeploy deployment group's traffic route but does not ignore changes to default_action, which CodeDeploy owns"
        : undefined,
  },
];
