/**
 * A model of how Amazon ECR applies a lifecycle policy, written from the Amazon ECR User Guide,
 * "Lifecycle policies" (how rules are evaluated) and "Lifecycle policy properties":
 *
 * - rules are evaluated from the lowest `rulePriority` to the highest;
 * - a `tagged` rule selects an image when each of its `tagPrefixList` prefixes (or
 *   `tagPatternList` patterns, `*` matching any characters) matches one of the image's tags: "If
 *   you specify multiple tags, only the images with all specified tags are selected"; a pattern
 *   has "a maximum limit of four wildcards (*)", which ECR refuses beyond (the model throws);
 * - an `untagged` rule selects images with no tag;
 * - "An image that matches the tagging requirements of a rule cannot be expired by a rule with a
 *   lower priority": once a rule selects an image, later rules neither see nor count it;
 * - `imageCountMoreThan` expires the rule's images beyond the newest `countNumber` (by push
 *   time); `sinceImagePushed` expires those pushed more than `countNumber` days ago.
 *
 * ECR itself cannot run here (no AWS account): this stand-in is what the tests hold the policy to.
 */

/** An image in the repository: its tags and how many days ago it was pushed. */
export interface RepositoryImage {
  readonly id: string;
  readonly tags: readonly string[];
  readonly pushedDaysAgo: number;
}

interface LifecycleRule {
  readonly rulePriority: number;
  readonly selection: {
    readonly tagStatus: "tagged" | "untagged" | "any";
    readonly tagPrefixList?: readonly string[];
    readonly tagPatternList?: readonly string[];
    readonly countType: "imageCountMoreThan" | "sinceImagePushed";
    readonly countNumber: number;
  };
}

/** The most wildcards a tag pattern may hold ("Lifecycle policy properties", tagPatternList). */
const MAX_WILDCARDS = 4;

/** A tag pattern as a regular expression: `*` is any run of characters, all else literal; a pattern ECR would refuse throws. */
function patternRegExp(pattern: string): RegExp {
  if (pattern.split("*").length - 1 > MAX_WILDCARDS) throw new Error(`tag pattern ${pattern} has more than ${MAX_WILDCARDS} wildcards, which ECR refuses`);
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

function selects(rule: LifecycleRule, image: RepositoryImage): boolean {
  const { tagStatus, tagPrefixList, tagPatternList } = rule.selection;
  if (tagStatus === "untagged") return image.tags.length === 0;
  if (tagStatus === "any") return true;
  const prefixesMatch = (tagPrefixList ?? []).every((prefix) => image.tags.some((tag) => tag.startsWith(prefix)));
  const patternsMatch = (tagPatternList ?? []).every((pattern) => image.tags.some((tag) => patternRegExp(pattern).test(tag)));
  return image.tags.length > 0 && prefixesMatch && patternsMatch;
}

/** The ids of the images the policy (its JSON document) expires. */
export function expiredImages(policy: string, images: readonly RepositoryImage[]): string[] {
  const rules = (JSON.parse(policy).rules as LifecycleRule[]).slice().sort((a, b) => a.rulePriority - b.rulePriority);
  let unclaimed = [...images];
  const expired: string[] = [];
  for (const rule of rules) {
    const selected = unclaimed.filter((image) => selects(rule, image)).sort((a, b) => a.pushedDaysAgo - b.pushedDaysAgo);
    unclaimed = unclaimed.filter((image) => !selected.includes(image));
    const { countType, countNumber } = rule.selection;
    const expiring = countType === "imageCountMoreThan" ? selected.slice(countNumber) : selected.filter((image) => image.pushedDaysAgo > countNumber);
    expired.push(...expiring.map((image) => image.id));
  }
  return expired.sort();
}
