import { IConstruct } from "constructs";

/**
 * Constructs that hold a load balancer's security group: the only place the
 * guardrails allow ingress from anywhere, and there only on ports 80 and 443.
 */
const loadBalancerScopes = new WeakSet<IConstruct>();

/** Declares that a construct (and everything beneath it) is a load balancer's. */
export function markLoadBalancerScope(scope: IConstruct): void {
  loadBalancerScopes.add(scope);
}

/** Whether a construct is in a load balancer's scope. */
export function isInLoadBalancerScope(construct: IConstruct): boolean {
  return construct.node.scopes.some((scope) => loadBalancerScopes.has(scope));
}
