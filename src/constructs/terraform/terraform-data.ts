import { anyToHclTerraform, hashMapperHcl, TerraformResource } from "cdktf";
import { Construct } from "constructs";

/** Properties of a {@link TerraformData}. */
export interface TerraformDataProps {
  /** The value Terraform stores in state and reflects in `output`; a change of it updates the resource in place. */
  readonly input: Readonly<Record<string, string>>;
}

/**
 * Terraform's built-in `terraform_data` resource, which needs no provider. CDKTF's own class for it
 * (`DataResource`) adds a check that runs `terraform version` at every synthesis: about 150 ms each
 * time, and a failed synthesis, stack trace and all, on a machine with no Terraform CLI, where
 * `npm run synth` and `npm test` must work. Every stack's `required_version`
 * (src/config/shared/terraform.ts) already makes Terraform refuse a CLI older than the resource (1.4).
 */
export class TerraformData extends TerraformResource {
  /** The resource type, for addresses such as `replace_triggered_by` entries. */
  static readonly resourceType = "terraform_data";
  private readonly input: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, { terraformResourceType: TerraformData.resourceType, terraformGeneratorMetadata: { providerName: "terraform" } });
    this.input = props.input;
  }

  /** The resource's id: a UUID Terraform generates when it creates the resource, and again when it replaces it. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { input: { ...this.input } };
  }

  /** The same for `cdktf synth --hcl`, which would otherwise write the resource without its input. */
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return { input: hashMapperHcl(anyToHclTerraform)(this.input) };
  }
}
