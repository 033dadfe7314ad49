import { AutoscalingGroup, AutoscalingGroupConfig } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { EcsService, EcsServiceConfig } from "@cdktf/provider-aws/lib/ecs-service";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Guardrails } from "../../src/aspects/guardrails";

/** A stack with the guardrails, and what a test puts in it. */
const synth = (build: (scope: Construct) => void) => () => {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: false }));
  build(stack);
  return Testing.synth(stack);
};

/** A launch template that passes every rule, as EC2 capacity writes it. */
const hardenedTemplate: LaunchTemplateConfig = {
  name: "acme-web-dev-ecs",
  imageId: "ami-0123456789abcdef0",
  metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
  blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/1", volumeSize: 30, volumeType: "gp3" } }],
  networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", securityGroups: ["sg-1"] }],
};
const template = (overrides: Partial<LaunchTemplateConfig>) => (scope: Construct) => new LaunchTemplate(scope, "template", { ...hardenedTemplate, ...overrides });
const TEMPLATE = "guarded/template (aws_launch_template.template)";

/** A group behind a capacity provider that passes the capacity group rule. */
const fitGroup: AutoscalingGroupConfig = {
  name: "acme-web-dev-ecs",
  minSize: 1,
  maxSize: 2,
  launchTemplate: { id: "lt-1", version: "1" },
  forceDelete: true,
  protectFromScaleIn: false,
  tag: [{ key: "AmazonECSManaged", value: "true", propagateAtLaunch: true }],
  lifecycle: { ignoreChanges: ["desired_capacity"] },
};
const group = (overrides: Partial<AutoscalingGroupConfig>, provider = true) => (scope: Construct) => {
  const asg = new AutoscalingGroup(scope, "group", { ...fitGroup, ...overrides });
  if (provider) new EcsCapacityProvider(scope, "provider", { name: "acme-web-dev-ec2", autoScalingGroupProvider: { autoScalingGroupArn: asg.arn } });
};
const GROUP = "[ecs-capacity-group] guarded/group (aws_autoscaling_group.group)";

const service = (overrides: Partial<EcsServiceConfig>) => (scope: Construct) => new EcsService(scope, "service", { name: "acme-web-dev", ...overrides });

describe("EC2 capacity guardrails", () => {
  it("pass a launch template and a group as EC2 capacity writes them", () => {
    expect(synth(template({}))).not.toThrow();
    expect(synth(group({}))).not.toThrow();
  });

  it("require IMDSv2, within one hop", () => {
    expect(synth(template({ metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } }))).toThrow(`[launch-template-imdsv2] ${TEMPLATE}: does not set metadata_options.http_tokens = "required"`);
    expect(synth(template({ metadataOptions: undefined }))).toThrow(`[launch-template-imdsv2] ${TEMPLATE}: does not set metadata_options.http_tokens = "required"`);
    expect(synth(template({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }))).toThrow(
      `[launch-template-imdsv2] ${TEMPLATE}: sets metadata_options.http_put_response_hop_limit = 2: at most 1, so containers cannot reach the instance role`,
    );
  });

  it("require every mapped EBS volume encrypted, and a mapping at all", () => {
    expect(synth(template({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30 } }] }))).toThrow(`[launch-template-ebs-encryption] ${TEMPLATE}: does not set ebs.encrypted = true on /dev/xvda`);
    expect(synth(template({ blockDeviceMappings: undefined }))).toThrow(
      `[launch-template-ebs-encryption] ${TEMPLATE}: maps no block device: the AMI's root volume would be encrypted only by the account's default`,
    );
  });

  it("refuse a public IP address, and a template that leaves it to the subnet", () => {
    expect(synth(template({ networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }] }))).toThrow(
      `[launch-template-no-public-ip] ${TEMPLATE}: does not set associate_public_ip_address = false on every network interface`,
    );
    expect(synth(template({ networkInterfaces: undefined }))).toThrow(
      `[launch-template-no-public-ip] ${TEMPLATE}: sets no network_interfaces with associate_public_ip_address = false: the instances would take the subnet's default`,
    );
  });

  it("keep a capacity provider's group fit for ECS and for terraform destroy", () => {
    expect(synth(group({ tag: [] }))).toThrow(`${GROUP}: has no AmazonECSManaged tag, which ECS adds and the next apply would remove (then ECS can no longer scale the group)`);
    expect(synth(group({ lifecycle: undefined }))).toThrow(`${GROUP}: does not ignore changes to desired_capacity, which ECS managed scaling owns`);
    expect(synth(group({ forceDelete: false }))).toThrow(`${GROUP}: does not set force_delete = true: terraform destroy would wait on instances and managed draining's lifecycle hook`);
    expect(synth(group({ protectFromScaleIn: true }))).toThrow(
      `${GROUP}: sets protect_from_scale_in: terraform destroy cannot terminate protected instances, and managed termination protection stays off (decision 0012)`,
    );
    expect(
      synth(
        group({
          launchTemplate: undefined,
          mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" }, override: [{ instanceType: "t3.small", weightedCapacity: "2" }] } },
        }),
      ),
    ).toThrow(`${GROUP}: weights instance types (weighted_capacity), which ECS capacity providers refuse`);
    // A group no capacity provider names is not ECS's.
    expect(synth(group({ tag: [], forceDelete: false }, false))).not.toThrow();
  });

  it("refuse a service that spreads and bin-packs", () => {
    expect(
      synth(
        service({
          orderedPlacementStrategy: [
            { type: "spread", field: "attribute:ecs.availability-zone" },
            { type: "binpack", field: "memory" },
          ],
        }),
      ),
    ).toThrow("[ecs-placement-spread-or-binpack] guarded/service (aws_ecs_service.service): orders both spread and binpack placement strategies");
    expect(synth(service({ orderedPlacementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }] }))).not.toThrow();
  });
});
