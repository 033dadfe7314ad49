import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/** Properties of a {@link NatInstance}. */
export interface NatInstanceProps {
  /** The network's name: the security group is `<name>-nat-instance`. */
  readonly name: string;
  /** The VPC. */
  readonly vpcId: string;
  /** The public subnet the instance runs in (the first zone's). */
  readonly subnetId: string;
  /** The private subnets' CIDRs: the only sources it forwards for. */
  readonly privateCidrs: readonly string[];
  /** The EC2 instance type, a Graviton (arm64) type such as t4g.nano. */
  readonly instanceType: string;
  /** What must exist before the instance can reach the internet: the internet gateway. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** The public SSM parameter with the latest Amazon Linux 2023 AMI for arm64 (Graviton), default kernel. */
const AL2023_ARM64_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/** The NAT instance's root volume in GiB: the AMI's size. */
const ROOT_VOLUME_GB = 8;

/**
 * Boot script: forward IPv4, masquerade the private subnets' traffic behind
 * the instance's public address (nftables), and install security updates
 * nightly (dnf-automatic). Nothing in it is secret.
 */
function userData(privateCidrs: readonly string[]): string {
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf",
    "sysctl --system",
    "dnf install -y nftables dnf-automatic",
    "interface=$(ip -o -4 route show to default | awk '{print $5}')",
    "cat > /etc/sysconfig/nftables.conf <<RULES",
    "table ip nat {",
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat;",
    `    ip saddr { ${privateCidrs.join(", ")} } oifname "$interface" masquerade`,
    "  }",
    "}",
    "RULES",
    "systemctl enable --now nftables",
    "sed -i 's/^upgrade_type = .*/upgrade_type = security/; s/^apply_updates = .*/apply_updates = yes/' /etc/dnf/automatic.conf",
    "systemctl enable --now dnf-automatic.timer",
    "",
  ].join("\n");
}

/**
 * One small EC2 instance that gives the private subnets of every zone their
 * route to the internet, for a tier whose budget has no room for a NAT
 * gateway (dev: about $7 a month against $33, decision 0001). It forwards
 * only for the private subnets' CIDRs, admits nothing else, has no role, no
 * key pair and no SSH; IMDSv2 only; its root volume is encrypted. It is one
 * instance in one zone: EC2 recovers it on a host failure (auto recovery),
 * and a zone outage cuts the network's egress until the zone returns, which
 * the tier accepts. The AMI is the latest Amazon Linux 2023 at plan time, so
 * a new release replaces the instance on the next apply (a minute without
 * egress) and it stays patched; security updates also install nightly.
 */
export class NatInstance extends Construct {
  /** The instance's network interface: the private route tables' default route target. */
  readonly networkInterfaceId: string;

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    const name = `${props.name}-nat-instance`;
    const securityGroup = new SecurityGroup(this, "security-group", {
      name,
      vpcId: props.vpcId,
      description: `${name}: forwards the private subnets' traffic to the internet`,
    });
    props.privateCidrs.forEach((cidr, index) => {
      new VpcSecurityGroupIngressRule(this, `from-private-${index}`, {
        securityGroupId: securityGroup.id,
        description: `Traffic to forward from private subnet ${cidr}`,
        ipProtocol: "-1",
        cidrIpv4: cidr,
      });
    });
    new VpcSecurityGroupEgressRule(this, "to-internet", {
      securityGroupId: securityGroup.id,
      description: "Forwarded traffic, and the instance's own package updates",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });

    const ami = new DataAwsSsmParameter(this, "ami", { name: AL2023_ARM64_AMI_PARAMETER });
    const instance = new Instance(this, "instance", {
      // A public String parameter: insecure_value keeps the AMI id visible in the plan (value is always sensitive).
      ami: ami.insecureValue,
      instanceType: props.instanceType,
      subnetId: props.subnetId,
      associatePublicIpAddress: true,
      sourceDestCheck: false,
      vpcSecurityGroupIds: [securityGroup.id],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: ROOT_VOLUME_GB },
      maintenanceOptions: { autoRecovery: "default" },
      userData: userData(props.privateCidrs),
      userDataReplaceOnChange: true,
      dependsOn: [...props.dependsOn],
    });
    this.networkInterfaceId = instance.primaryNetworkInterfaceId;
  }
}
