import type { PolicyStatement } from "./policy-document";

/**
 * What a function in a VPC needs of EC2: to manage its network interfaces in the named subnets
 * and security groups (Lambda Developer Guide, "Giving Lambda functions access to resources in an
 * Amazon VPC": the permissions of AWSLambdaVPCAccessExecutionRole), and the two describes, which
 * take no resource.
 */
export function lambdaVpcAccessStatements(scope: { readonly region: string; readonly accountId: string; readonly subnets: readonly string[]; readonly securityGroups: readonly string[] }): PolicyStatement[] {
  const ec2 = (type: string) => `arn:aws:ec2:${scope.region}:${scope.accountId}:${type}`;
  return [
    {
      Sid: "ManageOwnNetworkInterfaces",
      Effect: "Allow",
      Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      Resource: [ec2("network-interface/*"), ...scope.subnets.map((subnet) => ec2(`subnet/${subnet}`)), ...scope.securityGroups.map((group) => ec2(`security-group/${group}`))],
    },
    {
      Sid: "DescribeNetworkInterfacesWhichHasNoResourceScope",
      Effect: "Allow",
      Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
      Resource: "*",
    },
  ];
}
