import type { PolicyStatement } from "../security/policy-document";

/** What IAM needs of an instance profile's life: create, attach its role, tag, read, delete (Service Authorization Reference, IAM). */
const INSTANCE_PROFILE_ACTIONS = [
  "iam:CreateInstanceProfile",
  "iam:DeleteInstanceProfile",
  "iam:GetInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:UntagInstanceProfile",
  "iam:ListInstanceProfileTags",
];

/**
 * What a service-linked role of EC2 Auto Scaling with a custom suffix needs of its creator beyond
 * `iam:CreateServiceLinkedRole`: passing it to the group that names it (its trust policy, which AWS
 * writes, lets Auto Scaling alone assume it), reading and tagging it, and deleting it (IAM deletes a
 * service-linked role asynchronously, and refuses while a group uses it).
 */
const SERVICE_LINKED_ROLE_ACTIONS = ["iam:PassRole", "iam:GetRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRoleDescription", "iam:DeleteServiceLinkedRole", "iam:GetServiceLinkedRoleDeletionStatus"];

/**
 * A deploy role's statements for EC2 capacity (decision 0012), confined by name as IAM is: the
 * instance profiles of its environment's apps (`<project>-<app>-<env>-*`; the role in each is one of
 * its roles, under its boundary), and their groups' own Auto Scaling service-linked roles
 * (`AWSServiceRoleForAutoScaling_<project>-<app>-<env>`), whose AWS-defined policy and trust no
 * deploy role can change. Launch templates, groups and capacity providers are EC2's, Auto Scaling's
 * and ECS's, confined by tag.
 */
export function capacityDeployStatements(namePrefixes: readonly string[], accountId: string): PolicyStatement[] {
  const autoScalingRoles = namePrefixes.map((prefix) => `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_${prefix}`);
  return [
    { Sid: "TheEnvironmentsInstanceProfiles", Effect: "Allow", Action: INSTANCE_PROFILE_ACTIONS, Resource: namePrefixes.map((prefix) => `arn:aws:iam::${accountId}:instance-profile/${prefix}-*`) },
    { Sid: "TheEnvironmentsAutoScalingRoles", Effect: "Allow", Action: SERVICE_LINKED_ROLE_ACTIONS, Resource: autoScalingRoles },
  ];
}
