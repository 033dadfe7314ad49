/**
 * The offline plan's stand-in for the EC2 calls an adopted network's data
 * sources make at plan time (`data.aws_vpc`, `data.aws_subnet`: see
 * src/constructs/network/existing-network.ts), and the existing database's
 * security group (`data.aws_security_group`, stacks/database-stack.ts),
 * answered from the configuration's existing VPCs (`networks.<network>.existing`)
 * and databases (`database.existing`): the VPC with its id and CIDR block, DNS
 * support and hostnames on, its main route table, each subnet with its id, VPC
 * and zone, and each database group in the VPC of its environment's network. A
 * subnet's CIDR block, which the configuration does not give, is a placeholder
 * inside the VPC's.
 *
 * EC2 speaks the Query protocol: a form-encoded POST (`Action=DescribeVpcs&VpcId.1=...`)
 * answered in XML. The answers keep the shapes of the EC2 API Reference, whose pages are cited
 * at each answer (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/<page>); errors keep the
 * shape of its "Error codes" page (`Response/Errors/Error/Code, Message`, `RequestID`).
 */
import type { ResolvedPlatform } from "../src/config/platform/resolve";
import { cidrSubnet, formatCidr, parseCidr } from "../src/config/shared/cidr";

/** One subnet of an existing VPC, as the stand-in describes it. */
interface StandInSubnet {
  readonly id: string;
  readonly zone: string;
  readonly cidr: string;
}

/** An existing VPC the stand-in knows, from a network's `existing` block. */
export interface StandInVpc {
  /** The VPC id. */
  readonly vpcId: string;
  /** Its primary block, as configured. */
  readonly cidr: string;
  /** The owning account's id. */
  readonly accountId: string;
  /** Its region. */
  readonly region: string;
  /** Every configured subnet (each tier's), once. */
  readonly subnets: readonly StandInSubnet[];
  /** The existing databases' security groups in it. */
  readonly securityGroupIds: readonly string[];
}

/**
 * The existing VPCs of a configuration's networks, with the existing databases' groups of the
 * environments on them. Subnets get consecutive blocks of the VPC's block, each as large as fits
 * them all (at most /28, the smallest subnet AWS allows).
 */
export function standInVpcs(platform: ResolvedPlatform): StandInVpc[] {
  const deployments = platform.apps.flatMap((app) => app.deployments);
  return platform.networks.flatMap((network) => {
    const existing = network.existing;
    if (!existing) return [];
    const all = [...existing.subnets.public, ...existing.subnets.private, ...existing.subnets.database];
    const unique = all.filter((subnet, index) => all.findIndex((other) => other.id === subnet.id) === index);
    const block = parseCidr(network.cidr)!;
    const newBits = Math.min(Math.ceil(Math.log2(Math.max(unique.length, 1))), Math.max(28 - block.prefix, 0));
    return [
      {
        vpcId: existing.vpcId,
        cidr: network.cidr,
        accountId: network.account.id,
        region: network.region,
        subnets: unique.map((subnet, index) => ({ id: subnet.id, zone: subnet.availabilityZone, cidr: formatCidr(cidrSubnet(block, newBits, index % 2 ** newBits)) })),
        securityGroupIds: deployments.filter(({ environment }) => environment.network.name === network.name).flatMap(({ database }) => (database.existing ? [database.existing.securityGroupId] : [])),
      },
    ];
  });
}

/**
 * Several configurations' stand-in VPCs as one set: a VPC that two configurations adopt (the
 * examples share theirs) is answered once, with the security groups of both.
 */
export function mergedStandInVpcs(vpcs: readonly StandInVpc[]): StandInVpc[] {
  const byId = new Map<string, StandInVpc>();
  for (const vpc of vpcs) {
    const seen = byId.get(vpc.vpcId);
    byId.set(vpc.vpcId, seen ? { ...seen, securityGroupIds: [...new Set([...seen.securityGroupIds, ...vpc.securityGroupIds])] } : vpc);
  }
  return [...byId.values()];
}

/** The API version the Query requests name (every current SDK sends 2016-11-15), and the answers' namespace. */
const EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
const REQUEST_ID = "00000000-0000-4000-8000-000000000000";

/** An EC2 answer: the HTTP status and the XML body. */
export interface Ec2Answer {
  readonly status: number;
  readonly xml: string;
}

/** A Query request's list parameter (`VpcId.1`, `VpcId.2`, ...). */
function listParameter(params: URLSearchParams, name: string): string[] {
  return [...params.entries()].filter(([key]) => new RegExp(`^${name}\\.\\d+$`).test(key)).map(([, value]) => value);
}

/** A Query request's filters (`Filter.1.Name`, `Filter.1.Value.1`, ...), by name. */
function filters(params: URLSearchParams): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, name] of params.entries()) {
    const match = /^Filter\.(\d+)\.Name$/.exec(key);
    if (match) found.set(name, listParameter(params, `Filter.${match[1]}.Value`));
  }
  return found;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `<tag>value</tag>` for each entry, values escaped; nested XML passed as `{ xml }`. */
function elements(fields: Record<string, string | boolean | number | { xml: string }>): string {
  return Object.entries(fields)
    .map(([tag, value]) => `<${tag}>${typeof value === "object" ? value.xml : escapeXml(String(value))}</${tag}>`)
    .join("");
}

const itemSet = (items: readonly string[]) => ({ xml: items.map((item) => `<item>${item}</item>`).join("") });

function response(action: string, body: string): Ec2Answer {
  return { status: 200, xml: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${REQUEST_ID}</requestId>${body}</${action}Response>` };
}

/** An error as EC2 returns it (EC2 API Reference, Error codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
function ec2Error(code: string, message: string): Ec2Answer {
  return {
    status: 400,
    xml: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${elements({ Code: code, Message: message })}</Error></Errors><RequestID>${REQUEST_ID}</RequestID></Response>`,
  };
}

/** The VPC's main route table id: the VPC id's digits under the rtb- prefix. */
const mainRouteTableId = (vpc: StandInVpc) => vpc.vpcId.replace(/^vpc-/, "rtb-");

/** DescribeVpcs (API_DescribeVpcs.html): `vpcSet/item` of `Vpc` (API_Vpc.html). */
function describeVpcs(params: URLSearchParams, vpcs: readonly StandInVpc[]): Ec2Answer {
  const ids = [...listParameter(params, "VpcId"), ...(filters(params).get("vpc-id") ?? [])];
  const missing = ids.find((id) => !vpcs.some((vpc) => vpc.vpcId === id));
  if (missing) return ec2Error("InvalidVpcID.NotFound", `The vpc ID '${missing}' does not exist`);
  const items = vpcs
    .filter((vpc) => ids.length === 0 || ids.includes(vpc.vpcId))
    .map((vpc) =>
      elements({
        vpcId: vpc.vpcId,
        ownerId: vpc.accountId,
        state: "available",
        cidrBlock: vpc.cidr,
        cidrBlockAssociationSet: itemSet([elements({ cidrBlock: vpc.cidr, associationId: vpc.vpcId.replace(/^vpc-/, "vpc-cidr-assoc-"), cidrBlockState: { xml: elements({ state: "associated" }) } })]),
        ipv6CidrBlockAssociationSet: { xml: "" },
        dhcpOptionsId: vpc.vpcId.replace(/^vpc-/, "dopt-"),
        tagSet: { xml: "" },
        instanceTenancy: "default",
        isDefault: false,
      }),
    );
  return response("DescribeVpcs", elements({ vpcSet: itemSet(items) }));
}

/** The VPC attributes the stand-in answers (API_DescribeVpcAttribute.html): DNS on, as private endpoints need; usage metrics off. */
const VPC_ATTRIBUTES: Readonly<Record<string, boolean>> = { enableDnsSupport: true, enableDnsHostnames: true, enableNetworkAddressUsageMetrics: false };

/** DescribeVpcAttribute (API_DescribeVpcAttribute.html): `vpcId` and the attribute as `<name><value>bool</value></name>`. */
function describeVpcAttribute(params: URLSearchParams, vpcs: readonly StandInVpc[]): Ec2Answer {
  const vpcId = params.get("VpcId") ?? "";
  const attribute = params.get("Attribute") ?? "";
  if (!vpcs.some((vpc) => vpc.vpcId === vpcId)) return ec2Error("InvalidVpcID.NotFound", `The vpc ID '${vpcId}' does not exist`);
  if (!(attribute in VPC_ATTRIBUTES)) return ec2Error("InvalidParameterValue", `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  return response("DescribeVpcAttribute", elements({ vpcId, [attribute]: { xml: elements({ value: VPC_ATTRIBUTES[attribute] }) } }));
}

/** DescribeSubnets (API_DescribeSubnets.html): `subnetSet/item` of `Subnet` (API_Subnet.html). */
function describeSubnets(params: URLSearchParams, vpcs: readonly StandInVpc[]): Ec2Answer {
  const ids = [...listParameter(params, "SubnetId"), ...(filters(params).get("subnet-id") ?? [])];
  const all = vpcs.flatMap((vpc) => vpc.subnets.map((subnet) => ({ vpc, subnet })));
  const missing = ids.find((id) => !all.some(({ subnet }) => subnet.id === id));
  if (missing) return ec2Error("InvalidSubnetID.NotFound", `The subnet ID '${missing}' does not exist`);
  const items = all
    .filter(({ subnet }) => ids.length === 0 || ids.includes(subnet.id))
    .map(({ vpc, subnet }) =>
      elements({
        subnetId: subnet.id,
        subnetArn: `arn:aws:ec2:${vpc.region}:${vpc.accountId}:subnet/${subnet.id}`,
        state: "available",
        ownerId: vpc.accountId,
        vpcId: vpc.vpcId,
        cidrBlock: subnet.cidr,
        ipv6CidrBlockAssociationSet: { xml: "" },
        availableIpAddressCount: 2 ** (32 - parseCidr(subnet.cidr)!.prefix) - 5,
        availabilityZone: subnet.zone,
        // Zone ids are per account; a placeholder of their shape (use1-az1).
        availabilityZoneId: `${subnet.zone.replace(/^([a-z]{2})-([a-z])[a-z]*-(\d)[a-z]$/, "$1$2$3")}-az${subnet.zone.charCodeAt(subnet.zone.length - 1) - 96}`,
        defaultForAz: false,
        mapPublicIpOnLaunch: false,
        mapCustomerOwnedIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        enableDns64: false,
        ipv6Native: false,
        privateDnsNameOptionsOnLaunch: { xml: elements({ hostnameType: "ip-name", enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false }) },
        tagSet: { xml: "" },
      }),
    );
  return response("DescribeSubnets", elements({ subnetSet: itemSet(items) }));
}

/**
 * DescribeRouteTables (API_DescribeRouteTables.html): each VPC's main route table only (the VPC data
 * source asks for it by `association.main` and `vpc-id`), with its local route (API_RouteTable.html).
 */
function describeRouteTables(params: URLSearchParams, vpcs: readonly StandInVpc[]): Ec2Answer {
  const wanted = filters(params);
  const vpcIds = wanted.get("vpc-id");
  const mainOnly = wanted.get("association.main");
  const items = vpcs
    .filter((vpc) => !vpcIds || vpcIds.includes(vpc.vpcId))
    .filter(() => !mainOnly || mainOnly.includes("true"))
    .map((vpc) => {
      const routeTableId = mainRouteTableId(vpc);
      return elements({
        routeTableId,
        vpcId: vpc.vpcId,
        ownerId: vpc.accountId,
        routeSet: itemSet([elements({ destinationCidrBlock: vpc.cidr, gatewayId: "local", state: "active", origin: "CreateRouteTable" })]),
        associationSet: itemSet([
          elements({ routeTableAssociationId: routeTableId.replace(/^rtb-/, "rtbassoc-"), routeTableId, main: true, associationState: { xml: elements({ state: "associated" }) } }),
        ]),
        propagatingVgwSet: { xml: "" },
        tagSet: { xml: "" },
      });
    });
  return response("DescribeRouteTables", elements({ routeTableSet: itemSet(items) }));
}

/**
 * The AWS-managed prefix lists the stand-in knows (a load balancer behind CloudFront reads them by
 * name: src/constructs/edge/origin-access.ts), with their weight (maximum entries) and a
 * placeholder entry. CloudFront's origin-facing list weighs 55 (Amazon VPC User Guide,
 * "AWS-managed prefix lists"); Route 53's health checkers' weight is not published there: 30 is a
 * placeholder, and the plan's postcondition checks the real one against AWS.
 */
const MANAGED_PREFIX_LISTS: readonly { readonly name: RegExp; readonly example: string; readonly id: string; readonly maxEntries: number; readonly cidr: string }[] = [
  { name: /^com\.amazonaws\.global\.cloudfront\.origin-facing$/, example: "com.amazonaws.global.cloudfront.origin-facing", id: "pl-3b927c52", maxEntries: 55, cidr: "120.52.22.96/27" },
  { name: /^com\.amazonaws\.[a-z0-9-]+\.route53-healthchecks$/, example: "com.amazonaws.us-east-1.route53-healthchecks", id: "pl-0c9a1b2c3d4e5f601", maxEntries: 30, cidr: "54.243.31.192/26" },
];

/** DescribeManagedPrefixLists (API_DescribeManagedPrefixLists.html): `prefixListSet/item` of `ManagedPrefixList` (API_ManagedPrefixList.html), by `prefix-list-name` or id. */
function describeManagedPrefixLists(params: URLSearchParams): Ec2Answer {
  const wanted = filters(params);
  const names = wanted.get("prefix-list-name") ?? [];
  const ids = [...listParameter(params, "PrefixListId"), ...(wanted.get("prefix-list-id") ?? [])];
  const items = names.length > 0 ? names.flatMap((name) => MANAGED_PREFIX_LISTS.filter((list) => list.name.test(name)).map((list) => ({ list, name }))) : [];
  const byId = MANAGED_PREFIX_LISTS.filter((list) => ids.includes(list.id)).map((list) => ({ list, name: list.example }));
  return response(
    "DescribeManagedPrefixLists",
    elements({
      prefixListSet: itemSet(
        [...items, ...byId].map(({ list, name }) =>
          elements({ prefixListId: list.id, addressFamily: "IPv4", state: "create-complete", prefixListArn: `arn:aws:ec2:us-east-1:aws:prefix-list/${list.id}`, prefixListName: name, maxEntries: list.maxEntries, version: 1, tagSet: { xml: "" }, ownerId: "AWS" }),
        ),
      ),
    }),
  );
}

/** GetManagedPrefixListEntries (API_GetManagedPrefixListEntries.html): `entrySet/item` with one placeholder block per list. */
function getManagedPrefixListEntries(params: URLSearchParams): Ec2Answer {
  const list = MANAGED_PREFIX_LISTS.find((known) => known.id === params.get("PrefixListId"));
  if (!list) return ec2Error("InvalidPrefixListID.NotFound", `The prefix list ID '${params.get("PrefixListId")}' does not exist`);
  return response("GetManagedPrefixListEntries", elements({ entrySet: itemSet([elements({ cidr: list.cidr })]) }));
}

/** DescribeSecurityGroups (API_DescribeSecurityGroups.html): `securityGroupInfo/item` of `SecurityGroup` (API_SecurityGroup.html), with no rules. */
function describeSecurityGroups(params: URLSearchParams, vpcs: readonly StandInVpc[]): Ec2Answer {
  const ids = [...listParameter(params, "GroupId"), ...(filters(params).get("group-id") ?? [])];
  const all = vpcs.flatMap((vpc) => vpc.securityGroupIds.map((groupId) => ({ vpc, groupId })));
  const missing = ids.find((id) => !all.some(({ groupId }) => groupId === id));
  if (missing) return ec2Error("InvalidGroup.NotFound", `The security group '${missing}' does not exist`);
  const items = all
    .filter(({ groupId }) => ids.length === 0 || ids.includes(groupId))
    .map(({ vpc, groupId }) =>
      elements({
        ownerId: vpc.accountId,
        groupId,
        groupName: `database-${groupId}`,
        groupDescription: "An existing database's group (offline plan stand-in)",
        vpcId: vpc.vpcId,
        securityGroupArn: `arn:aws:ec2:${vpc.region}:${vpc.accountId}:security-group/${groupId}`,
        ipPermissions: { xml: "" },
        ipPermissionsEgress: { xml: "" },
        tagSet: { xml: "" },
      }),
    );
  return response("DescribeSecurityGroups", elements({ securityGroupInfo: itemSet(items) }));
}

/** The EC2 actions the stand-in answers, by `Action`. */
const EC2_ANSWERS: Readonly<Record<string, (params: URLSearchParams, vpcs: readonly StandInVpc[]) => Ec2Answer>> = {
  DescribeVpcs: describeVpcs,
  DescribeVpcAttribute: describeVpcAttribute,
  DescribeSubnets: describeSubnets,
  DescribeRouteTables: describeRouteTables,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeManagedPrefixLists: describeManagedPrefixLists,
  GetManagedPrefixListEntries: getManagedPrefixListEntries,
};

/** Answers one EC2 Query request (its form-encoded body) from the known VPCs; an action it does not know is an error naming it. */
export function answerEc2(body: string, vpcs: readonly StandInVpc[]): Ec2Answer {
  const params = new URLSearchParams(body);
  const action = params.get("Action") ?? "";
  const answer = EC2_ANSWERS[action];
  return answer ? answer(params, vpcs) : ec2Error("InvalidAction", `the offline plan's stand-in does not answer EC2 ${action}`);
}
