import { ResolvedAccount } from "../account/resolve";
import { PlatformConfig } from "../platform/schema";
import { ELB_LOG_DELIVERY_ACCOUNTS } from "../shared/regions";
import { administratorArns } from "./audit";

/** The organization policies' settings: where they are applied from and attached, and what they protect. */
export interface ResolvedOrganization {
  /** The management account, whose backend keeps the stack's state. */
  readonly managementAccount: ResolvedAccount;
  /** The organization's id, `o-...`. */
  readonly id: string;
  /** The roots, organizational units or accounts the policies attach to. */
  readonly targets: readonly string[];
  /** `<project>-protect-platform` (SCP) and `<project>-data-perimeter` (RCP). */
  readonly policyNames: { readonly serviceControl: string; readonly resourceControl: string };
  /** The principals the SCP exempts, in every account: the administrator roles (or root users) that alone administer the trail and the backups. */
  readonly administratorArnPatterns: readonly string[];
  /** The audit trail's name. */
  readonly trailName: string;
  /** Name patterns of the buckets no one else may change: the audit and state buckets. */
  readonly protectedBucketPatterns: readonly string[];
  /** Alias patterns of the keys no one else may disable, delete or re-policy: the state, audit and backup keys. */
  readonly protectedKeyAliasPatterns: readonly string[];
  /** The Elastic Load Balancing accounts that deliver access logs in the networks' regions: outside the organization, yet let in. */
  readonly logDeliveryAccounts: readonly string[];
}

/** The organization policies' settings, where `delivery.organization` asks for them. */
export function resolveOrganization(config: PlatformConfig, project: string, adminRole: string, accounts: readonly ResolvedAccount[]): ResolvedOrganization | undefined {
  const organization = config.delivery.organization;
  if (!organization) return undefined;
  return {
    managementAccount: accounts.find((account) => account.name === organization.managementAccount)!,
    id: organization.id,
    targets: [...organization.targets],
    policyNames: { serviceControl: `${project}-protect-platform`, resourceControl: `${project}-data-perimeter` },
    administratorArnPatterns: administratorArns(config, adminRole, "*"),
    trailName: `${project}-audit`,
    protectedBucketPatterns: [`${project}-*-audit`, `${project}-*-tfstate`],
    protectedKeyAliasPatterns: [`alias/${project}-audit`, `alias/${project}-tfstate`, `alias/${project}-*-backup`],
    logDeliveryAccounts: [...new Set(Object.values(config.networks).flatMap((network) => ELB_LOG_DELIVERY_ACCOUNTS[network.region] ?? []))],
  };
}
