import { IAspect, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";

/** A resource with AWS tags. */
interface Taggable extends TerraformResource {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

const isTaggable = (node: IConstruct): node is Taggable =>
  TerraformResource.isTerraformResource(node) && "tagsInput" in node;

/**
 * Gives every taggable resource a `Name` tag, its construct path under the
 * project (`acme/network-dev/network/vpc`), so the console shows where a
 * resource comes from. The provider's `default_tags` carry the rest of the
 * tag set; a Name set by a construct is kept.
 */
export class NameTagging implements IAspect {
  constructor(private readonly projectName: string) {}

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    const tags = node.tagsInput ?? {};
    if (tags.Name !== undefined) return;
    node.tags = { ...tags, Name: `${this.projectName}/${node.node.path}` };
  }
}
