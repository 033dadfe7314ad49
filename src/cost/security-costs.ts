/** The fixed monthly charges of keys, secrets and web ACLs. Requests and API calls are usage. */
import { costLine, type CostLine } from "./cost-line";
import { regionPrices, type Pricer } from "./pricer";
import { block, blocks, isJsonObject, stringArgument, type JsonObject, type StackResource } from "./terraform-json";

/** A customer managed KMS key, or a multi-Region replica key, by the month. */
export const priceKmsKey: Pricer = (key, { stack, prices }) => {
  const region = stack.regionOf(key);
  const item = key.type === "aws_kms_replica_key" ? "KMS replica key" : "KMS key";
  return [costLine({ item, resource: key.address, region, quantity: 1, unit: "key-month", unitPriceUsd: regionPrices(prices, region, key).kmsKeyMonth })];
};

/** A Secrets Manager secret by the month, and each of its `replica` regions as another secret there. */
export const priceSecret: Pricer = (secret, { stack, prices }) => {
  const region = stack.regionOf(secret);
  const lines = [costLine({ item: "Secrets Manager secret", resource: secret.address, region, quantity: 1, unit: "secret-month", unitPriceUsd: regionPrices(prices, region, secret).secretMonth })];
  for (const replica of blocks(secret.body, "replica")) {
    const replicaRegion = stringArgument(replica, "region");
    if (!replicaRegion) throw new Error(`${secret.address}: a replica without a literal region, so its price cannot be looked up`);
    const unitPriceUsd = regionPrices(prices, replicaRegion, secret).secretMonth;
    lines.push(costLine({ item: "Secrets Manager secret replica", resource: secret.address, region: replicaRegion, quantity: 1, unit: "secret-month", unitPriceUsd }));
  }
  return lines;
};

/** The managed rule group a rule references by name: a `rule` block's `statement.managed_rule_group_statement.name`. */
function managedRuleGroupOf(rule: JsonObject): string | undefined {
  const statement = block(rule, "statement");
  const group = statement && block(statement, "managed_rule_group_statement");
  return group && stringArgument(group, "name");
}

/** The managed rule group a `rule_json` rule references by name: its `Statement.ManagedRuleGroupStatement.Name`. */
function managedRuleGroupOfJson(rule: unknown): string | undefined {
  const statement = isJsonObject(rule) ? rule.Statement : undefined;
  const group = isJsonObject(statement) ? statement.ManagedRuleGroupStatement : undefined;
  return isJsonObject(group) && typeof group.Name === "string" ? group.Name : undefined;
}

/** The managed rule group each rule of a web ACL references (undefined for a rule of its own), from its `rule` blocks or its literal `rule_json`. */
function webAclRules(acl: StackResource): (string | undefined)[] {
  const ruleJson = stringArgument(acl.body, "rule_json");
  if (ruleJson === undefined) return blocks(acl.body, "rule").map(managedRuleGroupOf);
  let rules: unknown;
  try {
    rules = JSON.parse(ruleJson);
  } catch {
    rules = undefined;
  }
  if (!Array.isArray(rules)) throw new Error(`${acl.address}: rule_json is not a literal JSON list of rules, so its rules (and their charge) are unknown`);
  return rules.map(managedRuleGroupOfJson);
}

/**
 * A WAF web ACL by the month, each of its rules (`rule` blocks or `rule_json`
 * entries, a rule group reference being one rule) by the month, and the
 * subscription of each paid AWS managed rule group it uses (Bot Control,
 * fraud control). Requests are usage.
 */
export const priceWebAcl: Pricer = (acl, { stack, prices }) => {
  const region = stack.regionOf(acl);
  const regional = regionPrices(prices, region, acl);
  const rules = webAclRules(acl);
  const lines: CostLine[] = [costLine({ item: "WAF web ACL", resource: acl.address, region, quantity: 1, unit: "ACL-month", unitPriceUsd: regional.wafWebAclMonth })];
  if (rules.length > 0) lines.push(costLine({ item: "WAF rule", resource: acl.address, region, quantity: rules.length, unit: "rule-month", unitPriceUsd: regional.wafRuleMonth }));
  for (const group of rules) {
    if (group === undefined || !Object.hasOwn(regional.wafPaidManagedRuleGroupMonth, group)) continue;
    const unitPriceUsd = regional.wafPaidManagedRuleGroupMonth[group];
    lines.push(costLine({ item: `WAF ${group} subscription`, resource: acl.address, region, quantity: 1, unit: "subscription-month", unitPriceUsd }));
  }
  return lines;
};

/** The analyzer types IAM Access Analyzer runs at no charge: external access (https://aws.amazon.com/iam/access-analyzer/pricing/, and the IAM User Guide, "Manage an IAM Access Analyzer unused access analyzer"); unused and internal access are billed per role, user or resource analysed. */
const FREE_ANALYZER_TYPES = ["ACCOUNT", "ORGANIZATION"];

/** An IAM Access Analyzer analyzer: free for external access; another type is refused rather than taken as free. */
export const priceAccessAnalyzer: Pricer = (analyzer) => {
  const type = stringArgument(analyzer.body, "type") ?? "ACCOUNT";
  if (FREE_ANALYZER_TYPES.includes(type)) return [];
  throw new Error(`${analyzer.address}: ${type} analyzers are billed per role or resource analysed, which the price table does not have; add them to src/cost/price-table.ts and src/cost/security-costs.ts`);
};
