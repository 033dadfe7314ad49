/** The fixed monthly charges of keys, secrets and web ACLs. Requests and API calls are usage. */
import { costLine, type CostLine } from "./cost-line";
import { regionPrices, type Pricer } from "./pricer";
import { block, blocks, stringArgument } from "./terraform-json";

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

/**
 * A WAF web ACL by the month, each of its `rule` blocks (a rule group
 * reference being one rule) by the month, and the subscription of each paid
 * AWS managed rule group it uses (Bot Control, fraud control). Requests are usage.
 */
export const priceWebAcl: Pricer = (acl, { stack, prices }) => {
  const region = stack.regionOf(acl);
  const regional = regionPrices(prices, region, acl);
  const rules = blocks(acl.body, "rule");
  const lines: CostLine[] = [costLine({ item: "WAF web ACL", resource: acl.address, region, quantity: 1, unit: "ACL-month", unitPriceUsd: regional.wafWebAclMonth })];
  if (rules.length > 0) lines.push(costLine({ item: "WAF rule", resource: acl.address, region, quantity: rules.length, unit: "rule-month", unitPriceUsd: regional.wafRuleMonth }));
  for (const rule of rules) {
    const statement = block(rule, "statement");
    const group = statement && block(statement, "managed_rule_group_statement");
    const name = group && stringArgument(group, "name");
    const subscription = name !== undefined && Object.hasOwn(regional.wafPaidManagedRuleGroupMonth, name) ? regional.wafPaidManagedRuleGroupMonth[name] : undefined;
    if (subscription !== undefined) lines.push(costLine({ item: `WAF ${name} subscription`, resource: acl.address, region, quantity: 1, unit: "subscription-month", unitPriceUsd: subscription }));
  }
  return lines;
};
