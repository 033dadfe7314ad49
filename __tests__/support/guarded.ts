import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Guardrails, GuardrailsOptions } from "../../src/aspects/guardrails";

/**
 * A function synthesizing a stack `guarded` (an AWS provider, the guardrails without deletion
 * protection, or with the given `options`) that holds what `build` puts in it: for `expect(...).toThrow`.
 */
export const guardedSynth = (build: (scope: Construct) => void, options: Partial<GuardrailsOptions> = {}) => () => {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: false, ...options }));
  build(stack);
  return Testing.synth(stack);
};
