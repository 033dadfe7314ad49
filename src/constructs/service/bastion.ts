import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { policyDocument } from "../security/policy-document";

/** Properties of a {@link Bastion}. */
export interface BastionProps {
  /** Prefix of the bastion's role, instance profile and security group names, such as `acme-web-dev`. */
  readonly name: string;
  /** The VPC the bastion runs in. */
  readonly vpcId: string;
  /**
   * The subnet the bastion runs in: a public subnet when `sshCidr` is given
   * (SSH needs a public address), a private one otherwise (SSM needs none).
   */
  readonly subnetId: string;
  /** The EC2 instance type. */
  readonly instanceType: string;
  /** The root volume's size in GiB. */
  readonly volumeGb: number;
  /**
   * The one address (a /32, validated in config) admitted on TCP 22, and the
   * bastion then gets a public IP address.
   * @default no ingress at all and no public IP address: reached through SSM Session Manager only
   */
  readonly sshCidr?: string;
  /**
   * The customer-managed key the root volume is encrypted with. EC2 uses it
   * through grants made on behalf of whoever launches the instance, so the
   * key policy must let the account's IAM policies grant its use (as
   * `EncryptionKey` does) and the deploying principal needs `kms:CreateGrant`,
   * `kms:GenerateDataKeyWithoutPlaintext`, `kms:Decrypt` and `kms:DescribeKey`
   * on it. The instance's own role needs no key permissions.
   */
  readonly kmsKeyArn: string;
  /**
   * A security group the bastion also joins, such as the database clients'
   * group, so an operator on the bastion can reach PostgreSQL.
   * @default none: the bastion joins its own group only
   */
  readonly databaseClientSecurityGroupId?: string;
}

/** The public SSM parameter holding the id of the latest Amazon Linux 2023 AMI (x86_64, default kernel). */
const AL2023_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/** The AWS managed policy that lets the SSM agent register the instance and carry Session Manager sessions. */
const SSM_MANAGED_INSTANCE_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

/**
 * The operator's way into the network (seed 001, hardened): an Amazon Linux
 * 2023 instance reached through SSM Session Manager, with no inbound rule at
 * all unless one /32 is given for SSH. IMDSv2 only (hop limit 1, so
 * containers on the host cannot reach the credentials), the root volume
 * encrypted with the given key, detailed monitoring, no user data and no key
 * pair (for SSH, push a short-lived key with EC2 Instance Connect, which
 * Amazon Linux 2023 ships). The AMI is the latest Amazon Linux 2023 at plan
 * time, so a new release replaces the instance on the next apply: the bastion
 * holds no state and stays patched.
 */
export class Bastion extends Construct {
  /** The instance's id, the target of `aws ssm start-session`. */
  readonly instanceId: string;
  /** The bastion's own security group, which other groups may admit. */
  readonly securityGroupId: string;
  /** The instance role's name, for attaching more policies. */
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const name = `${props.name}-bastion`;

    const role = new IamRole(this, "role", {
      name,
      description: `The bastion ${name} runs as this role: SSM Session Manager only`,
      // EC2 sends no aws:SourceAccount when it assumes an instance profile's role; who may attach
      // the role is governed by iam:PassRole in the launching account instead.
      assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    });
    new IamRolePolicyAttachment(this, "ssm-managed-instance", { role: role.name, policyArn: SSM_MANAGED_INSTANCE_CORE });
    const profile = new IamInstanceProfile(this, "instance-profile", { name, role: role.name });

    const securityGroup = new SecurityGroup(this, "security-group", {
      name,
      vpcId: props.vpcId,
      description: props.sshCidr === undefined ? `${name}: no inbound, reached through SSM` : `${name}: SSH from one address only`,
    });
    if (props.sshCidr !== undefined) {
      new VpcSecurityGroupIngressRule(this, "ssh", {
        securityGroupId: securityGroup.id,
        description: "SSH from the operator's address",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: props.sshCidr,
      });
    }
    // The SSM agent calls ssm, ssmmessages and ec2messages over HTTPS: through
    // the VPC's interface endpoints where the subnets have no NAT, otherwise
    // through the NAT or internet gateway to the public service endpoints,
    // whose addresses are not fixed. So: any address, HTTPS only (package
    // updates from the Amazon Linux repositories use HTTPS too).
    new VpcSecurityGroupEgressRule(this, "https-out", {
      securityGroupId: securityGroup.id,
      description: "HTTPS to SSM, its interface endpoints and the Amazon Linux repositories",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    const ami = new DataAwsSsmParameter(this, "ami", { name: AL2023_AMI_PARAMETER });
    const instance = new Instance(this, "instance", {
      // A public String parameter: insecure_value keeps the AMI id visible in the plan (value is always sensitive).
      ami: ami.insecureValue,
      instanceType: props.instanceType,
      subnetId: props.subnetId,
      associatePublicIpAddress: props.sshCidr !== undefined,
      vpcSecurityGroupIds: [securityGroup.id, ...(props.databaseClientSecurityGroupId === undefined ? [] : [props.databaseClientSecurityGroupId])],
      iamInstanceProfile: profile.name,
      monitoring: true,
      ebsOptimized: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, kmsKeyId: props.kmsKeyArn, volumeType: "gp3", volumeSize: props.volumeGb },
    });

    this.instanceId = instance.id;
    this.securityGroupId = securityGroup.id;
    this.roleName = role.name;
  }
}
