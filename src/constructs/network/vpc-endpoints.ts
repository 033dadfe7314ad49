import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** Properties of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** The VPC. */
  readonly vpcId: string;
  /** The VPC's CIDR block: the only source the endpoint security group admits. */
  readonly vpcCidr: string;
  /** The VPC's region. */
  readonly region: string;
  /** Route tables that get the S3 and DynamoDB gateway endpoints (none: no gateway endpoints). */
  readonly gatewayRouteTableIds: readonly string[];
  /** Services reached through interface endpoints, such as `ecr.api`. */
  readonly interfaceServices: readonly string[];
  /** Subnets that hold the interface endpoints' network interfaces. */
  readonly interfaceSubnetIds: readonly string[];
}

/**
 * Gateway endpoints for S3 and DynamoDB (free), interface endpoints with
 * private DNS for the listed services, and the security group of those
 * interface endpoints, which admits HTTPS from the VPC only.
 */
export class VpcEndpoints extends Construct {
  /** The security group of the interface endpoints. */
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      description: "Interface VPC endpoints: HTTPS from inside the VPC",
    });
    this.securityGroupId = securityGroup.id;
    new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
      securityGroupId: securityGroup.id,
      description: "HTTPS from the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });

    for (const service of props.gatewayRouteTableIds.length > 0 ? ["s3", "dynamodb"] : []) {
      new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds: [...props.gatewayRouteTableIds],
      });
    }
    for (const service of props.interfaceServices) {
      new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.interfaceSubnetIds],
        securityGroupIds: [securityGroup.id],
      });
    }
  }
}
