import { Testing } from "cdktf";
import { TERRAFORM_REQUIRED_VERSION } from "../../src/config/shared/terraform";
import { buildPlatform, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * Every stack names the Terraform versions that read it: write-only arguments
 * and S3-native locking need 1.11, and 2.x is outside Terraform's 1.x
 * compatibility promises. An older CLI then refuses at `init` with the version
 * it needs, instead of failing on a block it cannot read.
 */
describe("terraform.required_version", () => {
  it("is >= 1.11, < 2.0", () => {
    expect(TERRAFORM_REQUIRED_VERSION).toBe(">= 1.11, < 2.0");
  });

  it("is in every stack cdktf synth writes", () => {
    const stacks = writtenStacks();
    expect(stacks.size).toBeGreaterThan(40);
    const without = [...stacks].filter(([, json]) => json.terraform?.required_version !== TERRAFORM_REQUIRED_VERSION).map(([id]) => id);
    expect(without).toEqual([]);
  });

  it("is in every stack of the bootstrap run too (local backends)", () => {
    const { app } = buildPlatform(runOf(defaultConfigCopy(), true));
    const stacks = app.node.children.filter((child) => "toTerraform" in child);
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) expect({ stack: stack.node.id, version: JSON.parse(Testing.synth(stack as never)).terraform.required_version }).toEqual({ stack: stack.node.id, version: TERRAFORM_REQUIRED_VERSION });
  });
});
