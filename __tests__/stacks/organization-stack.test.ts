import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";
import { issuesOf } from "../support/config-issues";

/** The built-in configuration with organization policies applied from a management account added to it. */
function withOrganization() {
  const config = defaultConfigCopy();
  config.accounts = { ...config.accounts, management: { id: "444444444444", region: "us-east-1" } };
  config.delivery = { ...config.delivery, organization: { managementAccount: "management", id: "o-a1b2c3d4e5", targets: ["ou-ab12-cdefgh34"] } };
  return config;
}

describe("organization-<management account>: the organization policies, off by default", () => {
  it("is not part of the built-in configuration", () => {
    expect(buildPlatform().platform.organization).toBeUndefined();
  });

  const { platform } = buildPlatform(runOf(withOrganization()));
  const stack = new SynthesizedStack(platform.organization!);
  const content = (id: string) => JSON.parse(stack.resource("aws_organizations_policy", `policies/${id}`).content);
  const statement = (id: string, sid: string) => content(id).Statement.find((candidate: { Sid: string }) => candidate.Sid === sid);

  it("is applied by an administrator of the management account, after every account's access and audit stacks", () => {
    expect(platform.organization!.node.id).toBe("organization-management");
    expect(platform.organization!.deployedBy).toBe("administrator");
    expect(stack.json.provider.aws[0].allowed_account_ids).toEqual(["444444444444"]);
    expect(platform.organization!.dependencies.map((dependency) => dependency.node.id)).toEqual(expect.arrayContaining(["access-prod", "access-nonprod", "audit-prod", "audit-nonprod"]));
  });

  it("attaches an SCP that keeps everyone but the administrators off the trail, the state and audit buckets, the platform's keys and the backups", () => {
    expect(stack.resource("aws_organizations_policy", "policies/protect-platform")).toMatchObject({ name: "acme-protect-platform", type: "SERVICE_CONTROL_POLICY" });
    // People's access is configured: the administrators are each account's admin role.
    const administrators = { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/acme-admin"] } };
    expect(statement("protect-platform", "NoAuditTrailChanges")).toMatchObject({ Effect: "Deny", Resource: "arn:aws:cloudtrail:*:*:trail/acme-audit", Condition: administrators });
    expect(statement("protect-platform", "NoChangesToTheAuditAndStateBuckets").Resource).toEqual(["arn:aws:s3:::acme-*-audit", "arn:aws:s3:::acme-*-tfstate"]);
    expect(statement("protect-platform", "NoDisablingOrDeletingThePlatformsKeys").Condition["ForAnyValue:StringLike"]["kms:ResourceAliases"]).toEqual([
      "alias/acme-audit",
      "alias/acme-tfstate",
      "alias/acme-*-backup",
    ]);
    expect(statement("protect-platform", "NoDeletingBackups").Action).toEqual(expect.arrayContaining(["backup:DeleteRecoveryPoint", "backup:DeleteBackupVaultLockConfiguration"]));
    expect(stack.resource("aws_organizations_policy_attachment", "policies/protect-platform-ou-ab12-cdefgh34").target_id).toBe("ou-ab12-cdefgh34");
  });

  it("attaches an RCP that lets no principal outside the organization assume a role or reach a bucket, key or secret, letting the ELB log delivery account in", () => {
    expect(stack.resource("aws_organizations_policy", "policies/data-perimeter")).toMatchObject({ name: "acme-data-perimeter", type: "RESOURCE_CONTROL_POLICY" });
    expect(statement("data-perimeter", "NoRoleAssumedFromOutside")).toMatchObject({
      Principal: "*",
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
      Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
    });
    expect(statement("data-perimeter", "NoBucketReachedFromOutside").Condition.StringNotEqualsIfExists).toEqual({ "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalAccount": ["127311923021", "156460612806"] });
  });

  it("refuses a management account that is not configured", () => {
    expect(
      issuesOf((config) => {
        config.delivery = { ...config.delivery, organization: { managementAccount: "root", id: "o-a1b2c3d4e5", targets: ["r-ab12"] } };
      }),
    ).toContainEqual(
      expect.stringContaining(
        `delivery.organization.managementAccount = "root": must name a configured account, one of: nonprod, prod (add the management account to accounts: its backend keeps the organization stack's state)`,
      ),
    );
    expect(issuesOf((config) => (config.delivery = { ...config.delivery, organization: { managementAccount: "prod", id: "org-1", targets: [] } }))).toEqual(
      expect.arrayContaining([expect.stringContaining('delivery.organization.id = "org-1": must be an organization id such as o-a1b2c3d4e5'), expect.stringContaining("delivery.organization.targets = []: must name at least one target")]),
    );
  });
});
