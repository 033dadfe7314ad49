import { BACKUP_PLAN_TAG } from "../config/dr/backup";
import { APP_DATA_TAG, GUARDED_BUCKET_ACTIONS } from "../constructs/storage/object-guard";
import type { ResourceView, StackView } from "./rules";

/**
 * The S3 actions that the object guard's wildcards (`s3:GetObject*`, `s3:PutObject*`,
 * `s3:DeleteObject*`, `s3:RestoreObject`) match (Service Authorization Reference, Actions defined
 * by Amazon S3): a policy that lists actions one by one must deny each. A test compares this list
 * with the IAM action data the access contract evaluates with.
 */
export const GUARDED_OBJECT_ACTION_NAMES: readonly string[] = [
  "s3:DeleteObject",
  "s3:DeleteObjectAnnotation",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersion",
  "s3:DeleteObjectVersionAnnotation",
  "s3:DeleteObjectVersionTagging",
  "s3:GetObject",
  "s3:GetObjectAcl",
  "s3:GetObjectAnnotation",
  "s3:GetObjectAttributes",
  "s3:GetObjectLegalHold",
  "s3:GetObjectRetention",
  "s3:GetObjectTagging",
  "s3:GetObjectTorrent",
  "s3:GetObjectVersion",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectVersionAnnotation",
  "s3:GetObjectVersionAnnotationForReplication",
  "s3:GetObjectVersionAttributes",
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectVersionTagging",
  "s3:GetObjectVersionTorrent",
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:PutObjectAnnotation",
  "s3:PutObjectLegalHold",
  "s3:PutObjectRetention",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionAcl",
  "s3:PutObjectVersionAnnotation",
  "s3:PutObjectVersionTagging",
  "s3:RestoreObject",
];

/** Whether an IAM action pattern (`*` and `?` wildcards, case-insensitive) matches an action. */
const matches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(action);

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** An exemption the guard accepts: an exact role ARN, never a pattern that could admit any principal. */
const EXACT_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * Whether a bucket policy statement denies its actions on a resource to every principal but named
 * roles: Deny, Principal `*`, the resource listed, and no condition but `ArnNotEquals` or
 * `ArnNotLike` on `aws:PrincipalArn` with exact role ARNs (a TLS-only denial of `s3:*` guards nothing).
 */
function guards(statement: Record<string, unknown>, resource: string): boolean {
  const principal = statement.Principal;
  const everyone = principal === "*" || (typeof principal === "object" && principal !== null && list((principal as { AWS?: unknown }).AWS).includes("*"));
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  const exemptions = Object.entries(condition).every(
    ([operator, keys]) =>
      ["ArnNotEquals", "ArnNotLike"].includes(operator) &&
      Object.entries(keys).every(([key, values]) => key.toLowerCase() === "aws:principalarn" && list(values).every((value) => typeof value === "string" && EXACT_ROLE_ARN.test(value))),
  );
  return statement.Effect === "Deny" && everyone && list(statement.Resource).includes(resource) && exemptions;
}

/** Whether a bucket holds app data: it carries the app data tag, or AWS Backup's plan selects it. */
const holdsAppData = (tags: Record<string, unknown>) => tags[APP_DATA_TAG.key] === APP_DATA_TAG.value || tags[BACKUP_PLAN_TAG] !== undefined;

/**
 * What the bucket policies of a bucket holding app data fail to deny (`s3-app-data-object-guard`):
 * each object action of {@link GUARDED_OBJECT_ACTION_NAMES} on `<bucket>/*` and each action of
 * {@link GUARDED_BUCKET_ACTIONS} on the bucket, to every principal but named roles; undefined
 * when the bucket holds no app data or every action is denied.
 */
export function objectGuardFinding(bucket: ResourceView, stack: StackView): string | undefined {
  if (!holdsAppData((bucket.config.tags ?? {}) as Record<string, unknown>)) return undefined;
  const name = String(bucket.config.bucket);
  const arn = `arn:aws:s3:::${name}`;
  const statements = stack.referencing(bucket, "aws_s3_bucket_policy").flatMap((policy) => {
    try {
      return list((JSON.parse(String(policy.config.policy)) as { Statement?: unknown }).Statement) as Record<string, unknown>[];
    } catch {
      return [];
    }
  });
  const missing = (actions: readonly string[], resource: string) => {
    const denying = statements.filter((statement) => guards(statement, resource));
    return actions.filter((action) => !denying.some((statement) => list(statement.Action).some((pattern) => typeof pattern === "string" && matches(pattern, action))));
  };
  const objects = missing(GUARDED_OBJECT_ACTION_NAMES, `${arn}/*`);
  const protection = missing(GUARDED_BUCKET_ACTIONS, arn);
  if (objects.length === 0 && protection.length === 0) return undefined;
  return (
    `bucket "${name}" holds app data (tag ${APP_DATA_TAG.key} = ${APP_DATA_TAG.value} or ${BACKUP_PLAN_TAG}) but its policy does not deny, to every principal but named roles, ` +
    [...(objects.length > 0 ? [`${objects.join(", ")} on ${arn}/*`] : []), ...(protection.length > 0 ? [`${protection.join(", ")} on ${arn}`] : [])].join("; ")
  );
}
