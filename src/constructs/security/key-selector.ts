import type { PolicyStatement } from "./policy-document";

/**
 * The KMS keys a policy statement may use: exact ARNs, or, for keys that a
 * stack of another region creates (so their ARNs are known to no stack that
 * reads only its own region's state), the keys of one account and region
 * that carry one of the given aliases (`kms:ResourceAliases`).
 */
export type KeySelector = { readonly arns: readonly string[] } | { readonly aliases: readonly string[]; readonly region: string; readonly accountId: string };

/** A statement allowing actions on the selected keys. */
export function keyStatement(sid: string, actions: string | readonly string[], keys: KeySelector): PolicyStatement {
  if ("arns" in keys) return { Sid: sid, Effect: "Allow", Action: actions, Resource: [...keys.arns] };
  return {
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: `arn:aws:kms:${keys.region}:${keys.accountId}:key/*`,
    Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [...keys.aliases] } },
  };
}
