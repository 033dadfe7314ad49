import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { ContainerAgentSettings, containerInstanceUserData } from "./container-instance-user-data";

/** Properties of a {@link ContainerInstanceTemplate}. */
export interface ContainerInstanceTemplateProps {
  /** The launch template's name, and its security group's prefix (`<name>-instances`). */
  readonly name: string;
  /** The VPC. */
  readonly vpcId: string;
  /** The public SSM parameter naming the ECS-optimized AMI of the instances' architecture, read at plan time. */
  readonly amiParameter: string;
  /** The instance type (a mixed instances policy may add others). */
  readonly instanceType: string;
  /** The instance profile the instances run as. */
  readonly instanceProfileArn: string;
  /** The root volume: its device, its size in GiB and the customer managed key it is encrypted with. */
  readonly rootVolume: { readonly deviceName: string; readonly sizeGb: number; readonly kmsKeyArn: string };
  /** The IMDS response hop limit (IMDSv2 only, always). */
  readonly imdsHopLimit: number;
  /** What the ECS agent is told at boot. */
  readonly agent: ContainerAgentSettings;
  /** Tags the instances, their volumes and network interfaces carry (the provider's default tags do not reach them). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The launch template of ECS container instances: the ECS-optimized Amazon Linux 2023 AMI of the
 * instances' architecture, read from AWS's public parameter at plan time (so a new AMI is a new
 * template version, which the group's instance refresh rolls out); IMDSv2 only; the root volume
 * gp3 and encrypted with the given key; no public IP address (private subnets, NAT or endpoints for
 * ECS); a security group with no inbound rule and HTTPS out only (the agent's ECS and image calls;
 * tasks have their own groups on their own network interfaces); no key pair; detailed monitoring.
 */
export class ContainerInstanceTemplate extends Construct {
  /** The launch template's id. */
  readonly launchTemplateId: string;
  /** Its latest version, which a change to the template moves on (and the group's instance refresh follows). */
  readonly latestVersion: string;

  constructor(scope: Construct, id: string, props: ContainerInstanceTemplateProps) {
    super(scope, id);
    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-instances`,
      vpcId: props.vpcId,
      description: `${props.name}: ECS container instances, no inbound`,
    });
    new VpcSecurityGroupEgressRule(this, "https-out", {
      securityGroupId: securityGroup.id,
      description: "HTTPS to ECS, ECR and the Amazon Linux repositories (through NAT or the VPC's interface endpoints)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    const ami = new DataAwsSsmParameter(this, "ami", { name: props.amiParameter });
    const tagged = (resourceType: string) => ({ resourceType, tags: { ...props.tags, Name: `${props.name}-instance` } });
    const template = new LaunchTemplate(this, "template", {
      name: props.name,
      description: `ECS container instances of ${props.agent.clusterName}`,
      // A public String parameter: insecure_value keeps the AMI id visible in the plan (value is always sensitive).
      imageId: ami.insecureValue,
      instanceType: props.instanceType,
      iamInstanceProfile: { arn: props.instanceProfileArn },
      ebsOptimized: "true",
      monitoring: { enabled: true },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: props.imdsHopLimit, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: props.rootVolume.deviceName,
          ebs: { encrypted: "true", kmsKeyId: props.rootVolume.kmsKeyArn, volumeSize: props.rootVolume.sizeGb, volumeType: "gp3", deleteOnTermination: "true" },
        },
      ],
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [securityGroup.id] }],
      userData: Fn.base64encode(containerInstanceUserData(props.agent)),
      tagSpecifications: ["instance", "volume", "network-interface"].map(tagged),
      updateDefaultVersion: true,
    });
    this.launchTemplateId = template.id;
    this.latestVersion = Fn.tostring(template.latestVersion);
  }
}
