import { IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { isInLoadBalancerScope } from "./load-balancer-scope";
import { GUARDRAIL_RULES, GuardrailRule, ResourceView, StackView } from "./rules";
import { waiverReason } from "./waivers";

/** Options of the {@link Guardrails}. */
export interface GuardrailsOptions {
  /** Require deletion protection on every resource that supports it. */
  readonly requireDeletionProtection: boolean;
  /**
   * Require load balancer listeners to serve HTTPS only: a plain HTTP listener
   * may then only redirect to HTTPS (seed 004: uat and prod).
   * @default false
   */
  readonly requireHttps?: boolean;
  /**
   * Whether a CI deploy role applies the stack: then its roles may trust only workload services.
   * @default false
   */
  readonly pipelineDeployed?: boolean;
  /** The rules to enforce. @default GUARDRAIL_RULES */
  readonly rules?: readonly GuardrailRule[];
}

/** A rule a resource broke. */
export interface GuardrailViolation {
  /** The rule's id. */
  readonly ruleId: string;
  /** The resource's construct path. */
  readonly path: string;
  /** The resource's address in the synthesized JSON. */
  readonly address: string;
  /** What is wrong. */
  readonly message: string;
}

/** The error synth fails with when a guardrail is broken. */
export class GuardrailError extends Error {
  /** Every violation in the stack. */
  readonly violations: readonly GuardrailViolation[];

  constructor(stack: string, violations: readonly GuardrailViolation[]) {
    const lines = violations.map((v) => `  - [${v.ruleId}] ${v.path} (${v.address}): ${v.message}`);
    super(
      `Guardrails failed in stack "${stack}", ${violations.length} violation(s):\n${lines.join("\n")}\n` +
        `Fix the resource, or waive the rule with waiveGuardrail(scope, ruleId, reason) and a reason.`,
    );
    this.name = "GuardrailError";
    this.violations = violations;
  }
}

/** A stack's Terraform JSON, as `TerraformStack.toTerraform()` returns it. */
export type SynthesizedStackJson = { resource?: Record<string, Record<string, Record<string, unknown>>> };

/**
 * Policy as code at synth: checks every resource of a stack against every
 * rule and throws one error listing all violations. The platform's stacks
 * call {@link Guardrails.enforce} on their final JSON at each synthesis
 * (stacks/platform-stack.ts), so the stack is resolved once for both. As an
 * aspect of a stack of your own, it resolves the stack when it visits it
 * (CDKTF 0.21 does not run aspects added to the App).
 */
export class Guardrails implements IAspect {
  private readonly rules: readonly GuardrailRule[];

  constructor(private readonly options: GuardrailsOptions) {
    this.rules = options.rules ?? GUARDRAIL_RULES;
  }

  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) this.enforce(node, node.toTerraform());
  }

  /** Throws a {@link GuardrailError} listing every violation in a stack's synthesized JSON, if any. */
  enforce(stack: TerraformStack, synthesized: SynthesizedStackJson): void {
    const violations = this.check(stack, synthesized);
    if (violations.length > 0) throw new GuardrailError(stack.node.id, violations);
  }

  /** Every violation in a stack, read from its synthesized JSON. */
  check(stack: TerraformStack, synthesized: SynthesizedStackJson): GuardrailViolation[] {
    const constructs = new Map(
      stack.node
        .findAll()
        .filter(TerraformResource.isTerraformResource)
        .map((resource) => [`${resource.terraformResourceType}.${resource.friendlyUniqueId}`, resource]),
    );
    // Every resource the JSON holds, those an override wrote (`stack.addOverride("resource.<type>.<name>", ...)`) included.
    const resources = Object.entries(synthesized.resource ?? {}).flatMap(([type, named]) =>
      Object.entries(named).map(([name, config]): ResourceView => {
        const construct = constructs.get(`${type}.${name}`);
        return construct
          ? { type, name, path: construct.node.path, config, construct }
          : { type, name, path: `${stack.node.path} override`, config, construct: stack };
      }),
    );
    const byType = new Map<string, ResourceView[]>();
    for (const resource of resources) byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource]);
    const stackView: StackView = {
      requireDeletionProtection: this.options.requireDeletionProtection,
      requireHttps: this.options.requireHttps ?? false,
      pipelineDeployed: this.options.pipelineDeployed ?? false,
      referencing: (target, type) => {
        const reference = `\${${target.type}.${target.name}.`;
        return (byType.get(type) ?? []).filter((candidate) => JSON.stringify(candidate.config).includes(reference));
      },
      isLoadBalancerScope: (resource) => isInLoadBalancerScope(resource.construct),
    };
    return this.rules.flatMap((rule) =>
      rule.resourceTypes
        .flatMap((type) => byType.get(type) ?? [])
        .filter((resource) => waiverReason(resource.construct, rule.id) === undefined)
        .flatMap((resource) => {
          const message = rule.check(resource, stackView);
          return message === undefined ? [] : [{ ruleId: rule.id, path: resource.path, address: `${resource.type}.${resource.name}`, message }];
        }),
    );
  }
}
