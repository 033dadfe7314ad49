import { dependable, ITerraformDependable, ref, TerraformElement, Token } from "cdktf";
import { Construct } from "constructs";

/** Properties of an {@link EphemeralResource}. */
export interface EphemeralResourceProps {
  /** The provider's ephemeral resource type, such as `aws_secretsmanager_random_password`. */
  readonly type: string;
  /** The block's arguments, with Terraform's snake_case names; values may hold tokens. */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * What must be applied before the resource is opened.
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A Terraform `ephemeral` block (Terraform 1.10+), which CDKTF 0.21 has no
 * classes for. Terraform opens it during every plan and apply and never
 * writes its result to a plan or state file. Its attributes may only flow
 * into write-only arguments (`*_wo`), provider configuration or other
 * ephemeral blocks; `terraform validate` rejects any other use. A reference
 * resolves in the stack that holds the block only: an ephemeral value
 * cannot cross stacks, since outputs are stored in state.
 */
export class EphemeralResource extends TerraformElement implements ITerraformDependable {
  /** The ephemeral resource type. */
  readonly type: string;
  private readonly config: Readonly<Record<string, unknown>>;
  private readonly dependsOn: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: EphemeralResourceProps) {
    super(scope, id, `ephemeral.${props.type}`);
    this.type = props.type;
    this.config = props.config;
    this.dependsOn = props.dependsOn ?? [];
  }

  /** A reference to one of the block's attributes, for a write-only argument. */
  attribute(name: string): string {
    return Token.asString(ref(`ephemeral.${this.type}.${this.friendlyUniqueId}.${name}`));
  }

  /** The block as Terraform JSON: `{ "ephemeral": { "<type>": { "<name>": { ... } } } }`. */
  override toTerraform(): Record<string, unknown> {
    const dependsOn = this.dependsOn.length > 0 ? { depends_on: this.dependsOn.map((other) => dependable(other)) } : {};
    return { ephemeral: { [this.type]: { [this.friendlyUniqueId]: { ...this.config, ...dependsOn } } } };
  }
}
