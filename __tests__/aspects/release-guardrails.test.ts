import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { EcsService, EcsServiceConfig } from "@cdktf/provider-aws/lib/ecs-service";
import { LbListener, LbListenerConfig } from "@cdktf/provider-aws/lib/lb-listener";
import { Construct } from "constructs";
import { guardedSynth as synth } from "../support/guarded";

/** A blue/green service as the platform writes it (decision 0013). */
const codeDeployService: EcsServiceConfig = {
  name: "acme-web-dev",
  cluster: "arn:aws:ecs:us-east-1:111111111111:cluster/acme-web-dev",
  taskDefinition: "acme-web-dev:1",
  deploymentController: { type: "CODE_DEPLOY" },
  networkConfiguration: { subnets: ["subnet-1"], securityGroups: ["sg-1"], assignPublicIp: false },
  lifecycle: { ignoreChanges: ["desired_count", "task_definition", "load_balancer", "network_configuration", "platform_version", "capacity_provider_strategy"] },
};
const service = (overrides: Partial<EcsServiceConfig>) => (scope: Construct) => new EcsService(scope, "service", { ...codeDeployService, ...overrides });

/** A listener, and a deployment group routing production traffic through it. */
const shifted = (listener: Partial<LbListenerConfig>) => (scope: Construct) => {
  const production = new LbListener(scope, "listener", {
    loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/acme-web-dev/1",
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/acme-web-dev-app/1" }],
    ...listener,
  });
  new CodedeployDeploymentGroup(scope, "group", {
    appName: "acme-web-dev",
    deploymentGroupName: "acme-web-dev",
    serviceRoleArn: "arn:aws:iam::111111111111:role/acme-web-dev-codedeploy",
    loadBalancerInfo: { targetGroupPairInfo: { prodTrafficRoute: { listenerArns: [production.arn] }, targetGroup: [{ name: "acme-web-dev-app" }, { name: "acme-web-dev-alt" }] } },
  });
};

describe("guardrails of blue/green releases", () => {
  it("take a service under CodeDeploy as the platform writes it, and a rolling service as before", () => {
    expect(synth(service({}))).not.toThrow();
    expect(synth(service({ deploymentController: undefined, deploymentCircuitBreaker: { enable: true, rollback: true }, lifecycle: { ignoreChanges: ["desired_count"] } }))).not.toThrow();
  });

  it("refuse a service under CodeDeploy that Terraform would update, or with a circuit breaker", () => {
    expect(synth(service({ lifecycle: { ignoreChanges: ["desired_count", "task_definition"] } }))).toThrow(
      "[codedeploy-ecs-service] guarded/service (aws_ecs_service.service): does not ignore changes to load_balancer, network_configuration, platform_version, capacity_provider_strategy, which CodeDeploy's deployments change: the next apply would fail or undo a release",
    );
    expect(synth(service({ deploymentCircuitBreaker: { enable: true, rollback: true } }))).toThrow(
      "[codedeploy-ecs-service] guarded/service (aws_ecs_service.service): sets a deployment circuit breaker, which applies to rolling updates (the ECS controller) only",
    );
  });

  it("refuse a listener a deployment group shifts that does not leave its forward action to CodeDeploy", () => {
    expect(synth(shifted({}))).toThrow(
      "[codedeploy-listener] guarded/listener (aws_lb_listener.listener): is a CodeDeploy deployment group's traffic route but does not ignore changes to default_action, which CodeDeploy owns",
    );
    expect(synth(shifted({ lifecycle: { ignoreChanges: ["default_action"] } }))).not.toThrow();
  });
});
