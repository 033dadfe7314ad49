import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Guardrails } from "../../../src/aspects/guardrails";
import { Bastion, BastionProps } from "../../../src/constructs/service/bastion";

const KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555";

const PROPS: BastionProps = {
  name: "acme-web-dev",
  vpcId: "vpc-0123456789abcdef0",
  subnetId: "subnet-0private",
  instanceType: "t3.micro",
  volumeGb: 8,
  kmsKeyArn: KEY_ARN,
};

const WITH_SSH: BastionProps = { ...PROPS, subnetId: "subnet-0public", sshCidr: "203.0.113.10/32" };

type Blocks = Record<string, Record<string, any>>;

/** The synthesized resources, data sources and outputs of one Bastion. */
function synth(props: BastionProps): { resources: Blocks; data: Blocks; outputs: Record<string, any> } {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const bastion = new Bastion(scope, "bastion", props);
      new TerraformOutput(scope, "instance-id", { value: bastion.instanceId });
      new TerraformOutput(scope, "security-group-id", { value: bastion.securityGroupId });
      new TerraformOutput(scope, "role-name", { value: bastion.roleName });
    }),
  );
  return { resources: json.resource, data: json.data, outputs: json.output };
}

/** The only block of a type, with its logical name. */
function only(blocks: Blocks, type: string): { name: string; config: Record<string, any> } {
  const entries = Object.entries(blocks[type] ?? {});
  expect(entries).toHaveLength(1);
  const [[name, config]] = entries;
  return { name, config };
}

/** Synthesizes a Bastion in a stack that enforces the guardrails (throws on a violation). */
function synthWithGuardrails(props: BastionProps): void {
  const stack = new TerraformStack(Testing.app(), "bastion-dev");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new Bastion(stack, "bastion", props);
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: false }));
  Testing.synth(stack);
}

describe("Bastion", () => {
  describe("without an SSH address", () => {
    const { resources, data, outputs } = synth(PROPS);
    const group = only(resources, "aws_security_group");
    const instance = only(resources, "aws_instance");
    const groupId = `\${aws_security_group.${group.name}.id}`;

    it("has no ingress rule at all and no public IP address", () => {
      expect(resources.aws_vpc_security_group_ingress_rule).toBeUndefined();
      expect(group.config.ingress).toBeUndefined();
      expect(instance.config.associate_public_ip_address).toBe(false);
      expect(instance.config.subnet_id).toBe("subnet-0private");
    });

    it("goes out on HTTPS only, to anywhere (the SSM agent's endpoints)", () => {
      const egress = only(resources, "aws_vpc_security_group_egress_rule");
      expect(egress.config).toMatchObject({ security_group_id: groupId, ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" });
      expect(egress.config.description).toBeTruthy();
      expect(group.config).toMatchObject({ name: "acme-web-dev-bastion", vpc_id: PROPS.vpcId });
      expect(group.config.egress).toBeUndefined();
    });

    it("requires IMDSv2 with a hop limit of 1", () => {
      expect(instance.config.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    });

    it("encrypts a gp3 root volume with the given key", () => {
      expect(instance.config.root_block_device).toEqual({ encrypted: true, kms_key_id: KEY_ARN, volume_type: "gp3", volume_size: 8 });
    });

    it("is monitored, EBS-optimized, of the given type, with no user data and no key pair", () => {
      expect(instance.config).toMatchObject({ instance_type: "t3.micro", monitoring: true, ebs_optimized: true });
      for (const absent of ["user_data", "user_data_base64", "user_data_replace_on_change", "key_name"]) {
        expect(instance.config[absent]).toBeUndefined();
      }
    });

    it("launches the latest Amazon Linux 2023 AMI from the public SSM parameter, visible in the plan", () => {
      const ami = only(data, "aws_ssm_parameter");
      expect(ami.config.name).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
      expect(instance.config.ami).toBe(`\${data.aws_ssm_parameter.${ami.name}.insecure_value}`);
    });

    it("runs as a role trusted by EC2, with the SSM managed policy and nothing else", () => {
      const role = only(resources, "aws_iam_role");
      expect(role.config.name).toBe("acme-web-dev-bastion");
      expect(JSON.parse(role.config.assume_role_policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      });
      const roleName = `\${aws_iam_role.${role.name}.name}`;
      const attachment = only(resources, "aws_iam_role_policy_attachment");
      expect(attachment.config).toEqual({ role: roleName, policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
      expect(resources.aws_iam_role_policy).toBeUndefined();
      const profile = only(resources, "aws_iam_instance_profile");
      expect(profile.config).toMatchObject({ name: "acme-web-dev-bastion", role: roleName });
      expect(instance.config.iam_instance_profile).toBe(`\${aws_iam_instance_profile.${profile.name}.name}`);
    });

    it("joins its own security group only", () => {
      expect(instance.config.vpc_security_group_ids).toEqual([groupId]);
    });

    it("exposes the instance id, its security group and its role name", () => {
      const role = only(resources, "aws_iam_role");
      expect(outputs["instance-id"].value).toBe(`\${aws_instance.${instance.name}.id}`);
      expect(outputs["security-group-id"].value).toBe(groupId);
      expect(outputs["role-name"].value).toBe(`\${aws_iam_role.${role.name}.name}`);
    });
  });

  describe("with an SSH address", () => {
    const { resources } = synth(WITH_SSH);
    const group = only(resources, "aws_security_group");
    const instance = only(resources, "aws_instance");

    it("admits exactly TCP 22 from that /32 and nothing else", () => {
      const ssh = only(resources, "aws_vpc_security_group_ingress_rule");
      expect(ssh.config).toMatchObject({
        security_group_id: `\${aws_security_group.${group.name}.id}`,
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_ipv4: "203.0.113.10/32",
      });
      expect(ssh.config.description).toBeTruthy();
      expect(ssh.config.referenced_security_group_id).toBeUndefined();
    });

    it("gets a public IP address in the given (public) subnet", () => {
      expect(instance.config).toMatchObject({ associate_public_ip_address: true, subnet_id: "subnet-0public" });
    });
  });

  it("also joins the database clients' group when given", () => {
    const { resources } = synth({ ...PROPS, databaseClientSecurityGroupId: "sg-0databaseclients" });
    const group = only(resources, "aws_security_group");
    expect(only(resources, "aws_instance").config.vpc_security_group_ids).toEqual([`\${aws_security_group.${group.name}.id}`, "sg-0databaseclients"]);
  });

  describe("guardrails", () => {
    it.each([
      ["without SSH", PROPS],
      ["with SSH from a /32", WITH_SSH],
    ])("pass %s", (_, props) => {
      expect(() => synthWithGuardrails(props)).not.toThrow();
    });

    it("would catch SSH from anywhere (config validation rejects it first)", () => {
      expect(() => synthWithGuardrails({ ...WITH_SSH, sshCidr: "0.0.0.0/0" })).toThrow(/sg-open-ingress/);
    });
  });
});
