import { readFileSync } from "node:fs";
import { join } from "node:path";
import { answerEc2, mergedStandInVpcs, standInVpcs } from "../../scripts/offline-ec2";
import { startAwsStandIn } from "../../scripts/offline-plan";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";

/**
 * The offline plan's EC2 stand-in answers an adopted network's data sources (the VPC, its DNS
 * attributes and main route table, each subnet) from the configuration, in the EC2 API's XML, so
 * that the network's postconditions (CIDR block, subnet VPC and zone, DNS) hold in the plan.
 */
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/existing-vpc.json"), "utf8"));
const given = example.networks.lowers.existing;
const vpcs = standInVpcs(resolvePlatform(parseConfig(example, "test")));
const form = (fields: Record<string, string>) => new URLSearchParams({ Version: "2016-11-15", ...fields }).toString();
/** The text of each `<tag>` in the XML, in order. */
const texts = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((match) => match[1]);

describe("the offline plan's EC2 stand-in", () => {
  it("knows the adopted VPCs only, with the configured id, block, account and region", () => {
    expect(vpcs.map(({ vpcId, cidr, accountId, region }) => ({ vpcId, cidr, accountId, region }))).toEqual([{ vpcId: given.vpcId, cidr: given.cidr, accountId: "333333333333", region: "us-east-1" }]);
    expect(vpcs[0].subnets).toHaveLength(6);
  });

  it("describes the VPC with its configured block, its DNS attributes on and its main route table", () => {
    const vpc = answerEc2(form({ Action: "DescribeVpcs", "VpcId.1": given.vpcId }), vpcs);
    expect(vpc.status).toBe(200);
    expect(vpc.xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>/);
    expect(texts(vpc.xml, "vpcId")).toEqual([given.vpcId]);
    expect(texts(vpc.xml, "cidrBlock")).toEqual([given.cidr, given.cidr]);
    for (const attribute of ["enableDnsSupport", "enableDnsHostnames"]) {
      const answer = answerEc2(form({ Action: "DescribeVpcAttribute", VpcId: given.vpcId, Attribute: attribute }), vpcs);
      expect(answer.xml).toContain(`<vpcId>${given.vpcId}</vpcId><${attribute}><value>true</value></${attribute}>`);
    }
    const tables = answerEc2(form({ Action: "DescribeRouteTables", "Filter.1.Name": "association.main", "Filter.1.Value.1": "true", "Filter.2.Name": "vpc-id", "Filter.2.Value.1": given.vpcId }), vpcs);
    expect(texts(tables.xml, "main")).toEqual(["true"]);
    expect(texts(tables.xml, "vpcId")).toEqual([given.vpcId]);
  });

  it("describes each subnet in the configured VPC and zone, with a block inside the VPC's", () => {
    const ids = given.subnets.private.map((subnet: { id: string }) => subnet.id);
    const answer = answerEc2(form({ Action: "DescribeSubnets", "SubnetId.1": ids[0], "SubnetId.2": ids[1] }), vpcs);
    expect(texts(answer.xml, "subnetId")).toEqual(ids);
    expect(texts(answer.xml, "vpcId")).toEqual([given.vpcId, given.vpcId]);
    expect(texts(answer.xml, "availabilityZone")).toEqual(["us-east-1a", "us-east-1b"]);
    expect(texts(answer.xml, "cidrBlock")).toEqual(["10.60.64.0/19", "10.60.96.0/19"]);
  });

  it("describes an existing database's security group in the VPC of its environment's network", () => {
    const databases = JSON.parse(readFileSync(join(__dirname, "../../examples/existing-database.json"), "utf8"));
    const known = standInVpcs(resolvePlatform(parseConfig(databases, "test")));
    expect(known.map((vpc) => vpc.securityGroupIds)).toEqual([["sg-0a1b2c3d4e5f60031", "sg-0a1b2c3d4e5f60032"]]);
    const answer = answerEc2(form({ Action: "DescribeSecurityGroups", "GroupId.1": "sg-0a1b2c3d4e5f60032" }), known);
    expect(texts(answer.xml, "groupId")).toEqual(["sg-0a1b2c3d4e5f60032"]);
    expect(texts(answer.xml, "vpcId")).toEqual([given.vpcId]);
    expect(texts(answerEc2(form({ Action: "DescribeSecurityGroups", "GroupId.1": "sg-0a1b2c3d4e5f60031" }), vpcs).xml, "Code")).toEqual(["InvalidGroup.NotFound"]);
  });

  it("answers a VPC two configurations adopt once, with both's groups, as the engine checks serve both examples (a subnet answered twice fails the plan: multiple EC2 Subnets matched)", () => {
    const databases = JSON.parse(readFileSync(join(__dirname, "../../examples/existing-database.json"), "utf8"));
    const merged = mergedStandInVpcs([...vpcs, ...standInVpcs(resolvePlatform(parseConfig(databases, "test")))]);
    expect(merged.map((vpc) => vpc.vpcId)).toEqual([given.vpcId]);
    expect(merged[0].securityGroupIds).toEqual(["sg-0a1b2c3d4e5f60031", "sg-0a1b2c3d4e5f60032"]);
    const id = given.subnets.private[0].id;
    expect(texts(answerEc2(form({ Action: "DescribeSubnets", "SubnetId.1": id }), merged).xml, "subnetId")).toEqual([id]);
  });

  it("answers an unknown id and an unknown action with EC2's error shape, naming them", () => {
    const missing = answerEc2(form({ Action: "DescribeSubnets", "SubnetId.1": "subnet-0000000000000dead" }), vpcs);
    expect(missing.status).toBe(400);
    expect(texts(missing.xml, "Code")).toEqual(["InvalidSubnetID.NotFound"]);
    expect(texts(missing.xml, "Message")).toEqual(["The subnet ID 'subnet-0000000000000dead' does not exist"]);
    expect(texts(answerEc2(form({ Action: "DescribeVpcs", "VpcId.1": "vpc-0000000000000dead" }), vpcs).xml, "Code")).toEqual(["InvalidVpcID.NotFound"]);
    expect(texts(answerEc2(form({ Action: "RunInstances" }), vpcs).xml, "Message")).toEqual(["the offline plan's stand-in does not answer EC2 RunInstances"]);
  });

  it("answers EC2's form-encoded calls over HTTP beside the JSON ones", async () => {
    const standIn = await startAwsStandIn(vpcs);
    try {
      const response = await fetch(standIn.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: form({ Action: "DescribeVpcs", "VpcId.1": given.vpcId }) });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/xml;charset=UTF-8");
      expect(texts(await response.text(), "vpcId")).toEqual([given.vpcId]);
    } finally {
      await standIn.close();
    }
  });
});
