import { defaultConfigCopy } from "../support/config";
import { failoverStacks, stackRegion } from "../support/failover";

/**
 * A failover path free of global control planes (issue 20, item 2). The failover must work while
 * the primary region, us-east-1, is down; us-east-1 also hosts the control planes of AWS's global
 * services, so no stack the failover applies may create, change, destroy or even read anything
 * of theirs, nor use a provider, a backend or a remote state in the primary region.
 *
 * The global services, from the AWS whitepaper "AWS Fault Isolation Boundaries", section
 * "Global services" (partitional services, and global services in the edge network), by the
 * Terraform type prefixes of AWS provider 5.100 that manage or read them:
 */
const GLOBAL_SERVICE_TYPES: Readonly<Record<string, string>> = {
  aws_iam_: "IAM: control plane in us-east-1 (roles, policies, OIDC and SAML providers, users; reads included)",
  aws_organizations_: "AWS Organizations: control plane in us-east-1",
  aws_account_: "AWS Account Management: control plane in us-east-1",
  aws_route53_: "Route 53 hosted zones, records and health checks (public and private DNS): control plane in us-east-1",
  aws_route53domains_: "Route 53 Domains: its API is served from us-east-1 only",
  aws_route53recoverycontrolconfig_: "Route 53 ARC routing controls' configuration: control plane in us-west-2",
  aws_route53recoveryreadiness_: "Route 53 ARC readiness checks: control plane in us-west-2",
  aws_networkmanager_: "AWS Network Manager: control plane in us-west-2",
  aws_cloudfront_: "CloudFront: control plane in us-east-1",
  aws_globalaccelerator_: "Global Accelerator: control plane in us-west-2",
  aws_shield_: "Shield Advanced: control plane in us-east-1",
  aws_waf_: "AWS WAF Classic's global (CloudFront) web ACLs: control plane in us-east-1",
};

/**
 * Types under those prefixes that are regional or make no call at all: Route 53 Resolver and
 * Profiles are regional services; `aws_iam_policy_document` renders JSON in Terraform and calls
 * nothing. (WAFv2 and ACM for CloudFront live in us-east-1: the provider check catches them.)
 */
const NOT_GLOBAL = [/^aws_route53_resolver_/, /^aws_iam_policy_document$/];

/** The global-service resources and data sources of a synthesized stack, as `<resource|data>.<type>`. */
function globalServiceBlocks(json: Record<string, any>): string[] {
  const blocks = [
    ...Object.keys(json.resource ?? {}).map((type) => ["resource", type]),
    ...Object.keys(json.data ?? {}).map((type) => ["data", type]),
    ...Object.keys(json.ephemeral ?? {}).map((type) => ["ephemeral", type]),
  ];
  return blocks
    .filter(([, type]) => Object.keys(GLOBAL_SERVICE_TYPES).some((prefix) => type.startsWith(prefix)) && !NOT_GLOBAL.some((pattern) => pattern.test(type)))
    .map(([kind, type]) => `${kind}.${type}`);
}

/** Every place a stack reaches a region: its providers, its backend, and the backends of the remote states it reads. */
function regionsReached(json: Record<string, any>): string[] {
  const providers = (json.provider?.aws ?? []).map((provider: { region: string; alias?: string }) => `provider ${provider.alias ?? "aws"}: ${provider.region}`);
  const backend = json.terraform?.backend?.s3 ? [`backend: ${json.terraform.backend.s3.region}`] : [];
  const remote = Object.entries<any>(json.data?.terraform_remote_state ?? {}).map(([name, state]) => `remote state ${name}: ${state.backend === "s3" ? state.config.region : state.backend}`);
  return [...providers, ...backend, ...remote];
}

// Synthesized once each: the built-in configuration standing by, and with prod failed over.
const prod = failoverStacks(defaultConfigCopy(), "prod");

describe("the stacks prod's failover applies, derived from the configuration", () => {
  it("are in the DR region, eu-west-1, and include every stack the runbook applies", () => {
    expect([prod.primaryRegion, prod.drRegion]).toEqual(["us-east-1", "eu-west-1"]);
    expect(prod.appliedByRunbook).toEqual(expect.arrayContaining(["network-prod-dr", "web-prod-dr-database", "web-prod-dr-cache", "web-prod-dr-service", "web-prod-dr-storage", "web-prod-dr-monitoring"]));
    // The failover changes at least the DR network's layout, the database (the promotion), the cold cache's shape (decision 0009) and the service's scale.
    expect(prod.changedInDrRegion).toEqual(expect.arrayContaining(["network-prod-dr", "web-prod-dr-database", "web-prod-dr-cache", "web-prod-dr-service"]));
    for (const id of prod.failover) expect([id, stackRegion(prod.failedOver.get(id)!)]).toEqual([id, "eu-west-1"]);
  });

  // Both sides of the change: an apply creates what the failed-over JSON adds and destroys what it drops.
  describe.each(["standing by", "failed over"] as const)("%s", (side) => {
    const stacks = side === "standing by" ? prod.standing : prod.failedOver;

    it.each(prod.failover)("%s has no resource or data source of a global service", (id) => {
      expect(globalServiceBlocks(stacks.get(id)!)).toEqual([]);
    });

    it.each(prod.failover)("%s has no provider, backend or remote state in the primary region", (id) => {
      const reached = regionsReached(stacks.get(id)!);
      expect(reached.length).toBeGreaterThan(0);
      expect(reached.filter((place) => !place.endsWith(`: ${prod.drRegion}`))).toEqual([]);
    });
  });

  // A stack of the primary region that the failover changes is applied when that region returns: a
  // change to this set is a change to what the return does, and belongs in the failover runbook.
  it("leaves to the primary region's return only these stacks of it, which the failover changes too", () => {
    // Fencing of the stale primary (service at zero, database closed to clients, secrets' replicas
    // left alone) and the files stack's replication rule disabled while failed over.
    expect(prod.onReturn).toEqual(["web-prod-database", "web-prod-files", "web-prod-secrets", "web-prod-service"]);
  });
});

describe("the global-service check itself", () => {
  it("finds IAM, Route 53 and CloudFront blocks but not a policy document or a Resolver rule", () => {
    const json = {
      resource: { aws_iam_role: {}, aws_route53_record: {}, aws_cloudfront_distribution: {}, aws_route53_resolver_rule: {}, aws_vpc: {} },
      data: { aws_iam_policy_document: {}, aws_iam_role: {}, aws_route53_zone: {} },
    };
    expect(globalServiceBlocks(json)).toEqual(["resource.aws_iam_role", "resource.aws_route53_record", "resource.aws_cloudfront_distribution", "data.aws_iam_role", "data.aws_route53_zone"]);
  });

  it("finds a provider, a backend and a remote state in another region", () => {
    const json = {
      provider: { aws: [{ region: "eu-west-1" }, { alias: "us-east-1", region: "us-east-1" }] },
      terraform: { backend: { s3: { region: "us-east-1" } } },
      data: { terraform_remote_state: { upstream: { backend: "s3", config: { region: "us-east-1" } } } },
    };
    expect(regionsReached(json)).toEqual(["provider aws: eu-west-1", "provider us-east-1: us-east-1", "backend: us-east-1", "remote state upstream: us-east-1"]);
  });
});
