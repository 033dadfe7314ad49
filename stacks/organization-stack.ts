import { Construct } from "constructs";
import type { ResolvedOrganization } from "../src/config/delivery/organization";
import type { ResolvedProject } from "../src/config/project/resolve";
import { OrganizationPolicies } from "../src/constructs/access/organization-policies";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of an {@link OrganizationStack}. */
export interface OrganizationStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The organization policies' settings. */
  readonly organization: ResolvedOrganization;
}

/**
 * `organization-<management account>`, only where `delivery.organization` is
 * configured: the service control policy and the resource control policy that
 * enforce what no account's own policies can (see
 * docs/runbooks/organization-policies.md). An administrator of the management
 * account applies it, after the access and audit stacks of every account.
 */
export class OrganizationStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    const { project, organization } = props;
    const account = organization.managementAccount;
    super(scope, id, { ...sharedStackProps(project, account, account.region, account.name), deployedBy: "administrator" });
    new OrganizationPolicies(this, "policies", { organization });
  }
}
