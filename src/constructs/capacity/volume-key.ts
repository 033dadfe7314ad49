import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { Construct } from "constructs";
import { EncryptionKey } from "../security/kms-key";
import type { PolicyStatement } from "../security/policy-document";

/** Properties of a {@link VolumeKey}. */
export interface VolumeKeyProps {
  /** The key's alias, including `alias/`. */
  readonly alias: string;
  /** The suffix of the Auto Scaling group's own service-linked role: `AWSServiceRoleForAutoScaling_<suffix>`. */
  readonly serviceLinkedRoleSuffix: string;
  /** What the volumes belong to, for the key's description. */
  readonly description: string;
  /** The account. */
  readonly accountId: string;
}

/** What EBS needs of a customer managed key, through the Auto Scaling service-linked role that launches the instances (EC2 Auto Scaling User Guide, "Required AWS KMS key policy for use with encrypted volumes"). */
function autoScalingStatements(serviceLinkedRoleArn: string): PolicyStatement[] {
  return [
    {
      Sid: "AutoScalingGroupUsesTheKeyForItsVolumes",
      Effect: "Allow",
      Principal: { AWS: serviceLinkedRoleArn },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
    },
    {
      Sid: "AutoScalingGroupAttachesItsVolumes",
      Effect: "Allow",
      Principal: { AWS: serviceLinkedRoleArn },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ];
}

/**
 * The key that encrypts an Auto Scaling group's volumes, and the group's own service-linked role
 * that may use it. EC2 Auto Scaling launches instances as its service-linked role, whose AWS-defined
 * policy reaches no customer managed key: the key policy must name it. A role of the group's own
 * (custom suffix) rather than the account's `AWSServiceRoleForAutoScaling`: the key then serves this
 * group alone, and the role exists before the key policy names it (KMS refuses a policy naming a
 * principal that does not exist, and the account's default role appears only with its first group).
 */
export class VolumeKey extends Construct {
  /** The key's ARN. */
  readonly keyArn: string;
  /** The service-linked role's ARN, which the Auto Scaling group names. */
  readonly serviceLinkedRoleArn: string;

  constructor(scope: Construct, id: string, props: VolumeKeyProps) {
    super(scope, id);
    const role = new IamServiceLinkedRole(this, "auto-scaling-role", {
      awsServiceName: "autoscaling.amazonaws.com",
      customSuffix: props.serviceLinkedRoleSuffix,
      description: `Launches the instances of ${props.serviceLinkedRoleSuffix}'s EC2 capacity, with their volumes' key`,
    });
    const key = new EncryptionKey(this, "key", {
      alias: props.alias,
      description: `Encrypts the root volumes of ${props.description}`,
      accountId: props.accountId,
      serviceStatements: autoScalingStatements(role.arn),
    });
    this.keyArn = key.arn;
    this.serviceLinkedRoleArn = role.arn;
  }
}
