import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { SECURITY_GROUP_INBOUND_RULE_QUOTA } from "../../config/cdn/defaults";

/** Properties of {@link PrefixListIngress}. */
export interface PrefixListIngressProps {
  /** The security group that admits the list. */
  readonly securityGroupId: string;
  /** The AWS-managed prefix list's name, such as `com.amazonaws.global.cloudfront.origin-facing`. */
  readonly prefixListName: string;
  /** Who the list's addresses are, for the rule's description. */
  readonly who: string;
  /** The one TCP port admitted. */
  readonly port: number;
  /** Inbound rules the group holds besides this one: the list's weight plus these must stay within the group's quota. @default 0 */
  readonly otherInboundRules?: number;
}

/**
 * One inbound rule admitting an AWS-managed prefix list on one port. A prefix list counts against a
 * security group's rule quota as its maximum entries (its weight), not as one rule (Amazon VPC User
 * Guide, "AWS-managed prefix lists": CloudFront's origin-facing list weighs 55 against the default
 * 60 inbound rules per group). The list is read at plan time, and a postcondition fails the plan
 * when its weight and the group's other rules would exceed the quota, which AWS would otherwise
 * refuse mid-apply (or later, when AWS grows the list).
 */
export class PrefixListIngress extends Construct {
  constructor(scope: Construct, id: string, props: PrefixListIngressProps) {
    super(scope, id);
    const room = SECURITY_GROUP_INBOUND_RULE_QUOTA - (props.otherInboundRules ?? 0);
    const list = new DataAwsEc2ManagedPrefixList(this, "prefix-list", {
      name: props.prefixListName,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.max_entries <= ${room}}`,
            errorMessage: `The prefix list ${props.prefixListName} weighs more than the ${room} inbound rules left in its security group (quota ${SECURITY_GROUP_INBOUND_RULE_QUOTA} per group): ask AWS for a higher "Inbound or outbound rules per security group" quota before applying.`,
          },
        ],
      },
    });
    new VpcSecurityGroupIngressRule(this, "ingress", {
      securityGroupId: props.securityGroupId,
      description: `Port ${props.port} from ${props.who} only`,
      ipProtocol: "tcp",
      fromPort: props.port,
      toPort: props.port,
      prefixListId: list.id,
    });
  }
}
