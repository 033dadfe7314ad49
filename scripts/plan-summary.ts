/**
 * The pull request's plan comment: reads `terraform show -json` of each saved
 * plan and writes one Markdown comment. Per stack: resources to add, change,
 * replace and destroy. At the top, every replacement or destruction of a
 * stateful resource (database, bucket, table, key, secret, repository, vault),
 * which a reviewer must not miss. It prints addresses and actions only, never
 * an attribute value, so nothing sensitive reaches the comment; a comment
 * longer than GitHub allows is cut, with a link to the full plans' artifact.
 *
 *   npx tsx scripts/plan-summary.ts --artifact-url <url> <stack>=<plan.json> ... > comment.md
 *
 * `<stack>=-` names a stack that could not be planned; its row says so.
 */
import { readFileSync } from "node:fs";

/** Resource types that hold data or identity: replacing or destroying one loses it. */
export const STATEFUL_TYPES = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_rds_global_cluster",
  "aws_s3_bucket",
  "aws_dynamodb_table",
  "aws_kms_key",
  "aws_secretsmanager_secret",
  "aws_ecr_repository",
  "aws_backup_vault",
  "aws_cloudwatch_log_group",
] as const;

/** GitHub refuses comments over 65,536 characters; the summary stays well under. */
export const MAX_COMMENT_CHARS = 60000;

/** The marker that makes the comment sticky: the workflow edits the comment that carries it. */
export const COMMENT_MARKER = "<!-- platform-plan-summary -->";

/** One resource change as `terraform show -json` writes it (the fields read here). */
interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly change: { readonly actions: readonly string[] };
}

/** What a stack's plan does. */
export interface StackSummary {
  /** The stack id. */
  readonly stack: string;
  /** Whether a plan was made (the plan role cannot read a monitoring stack whose state holds an incident URL: its deploy job plans it). */
  readonly planned: boolean;
  /** Resources created. */
  readonly add: number;
  /** Resources updated in place. */
  readonly change: number;
  /** Resources replaced (destroyed and created, in either order). */
  readonly replace: number;
  /** Resources destroyed. */
  readonly destroy: number;
  /** Stateful resources replaced or destroyed: address and what happens to it. */
  readonly stateful: readonly { readonly address: string; readonly action: "replace" | "destroy" }[];
}

/** Replace, destroy, create, update or nothing, from Terraform's action list. */
function actionOf(actions: readonly string[]): "replace" | "destroy" | "add" | "change" | "none" {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "destroy";
  if (actions.includes("create")) return "add";
  if (actions.includes("update")) return "change";
  return "none";
}

/** Summarizes one stack's plan JSON (`terraform show -json <plan>`). */
export function summarizePlan(stack: string, plan: { readonly resource_changes?: readonly ResourceChange[] }): StackSummary {
  const managed = (plan.resource_changes ?? []).filter((change) => change.mode === "managed");
  const counts = { add: 0, change: 0, replace: 0, destroy: 0 };
  const stateful: { address: string; action: "replace" | "destroy" }[] = [];
  for (const resource of managed) {
    const action = actionOf(resource.change.actions);
    if (action === "none") continue;
    counts[action] += 1;
    if ((action === "replace" || action === "destroy") && (STATEFUL_TYPES as readonly string[]).includes(resource.type)) stateful.push({ address: resource.address, action });
  }
  return { stack, planned: true, ...counts, stateful };
}

/** A stack the job could not plan: a row that says so. */
export function notPlanned(stack: string): StackSummary {
  return { stack, planned: false, add: 0, change: 0, replace: 0, destroy: 0, stateful: [] };
}

/** The Markdown comment for every stack's summary, cut to `maxChars` with a pointer to the full plans. */
export function renderComment(summaries: readonly StackSummary[], options: { readonly artifactUrl: string; readonly maxChars?: number }): string {
  const maxChars = options.maxChars ?? MAX_COMMENT_CHARS;
  const stateful = summaries.flatMap((summary) => summary.stateful.map((resource) => `- **${resource.action}** \`${resource.address}\` in \`${summary.stack}\``));
  const changed = summaries.filter((summary) => summary.add + summary.change + summary.replace + summary.destroy > 0);
  const lines = [
    COMMENT_MARKER,
    "## Terraform plan",
    "",
    ...(stateful.length > 0 ? ["> [!CAUTION]", "> Stateful resources would be replaced or destroyed:", ...stateful.map((line) => `> ${line}`), ""] : []),
    `${changed.length} of ${summaries.length} stacks change.`,
    "",
    "| stack | add | change | replace | destroy |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...summaries.map((summary) =>
      summary.planned
        ? `| \`${summary.stack}\` | ${summary.add} | ${summary.change} | ${summary.replace} | ${summary.destroy} |`
        : `| \`${summary.stack}\` | not planned: see the job log (its deploy job plans it) | | | |`,
    ),
    "",
    `Full plans: [artifact](${options.artifactUrl}). Values are not shown here.`,
  ];
  const comment = lines.join("\n");
  if (comment.length <= maxChars) return comment;
  const cut = `\n\n… cut at ${maxChars} characters: every stack is in the [full plans](${options.artifactUrl}).`;
  return comment.slice(0, maxChars - cut.length) + cut;
}

function main(): void {
  const args = process.argv.slice(2);
  const urlIndex = args.indexOf("--artifact-url");
  if (urlIndex < 0 || urlIndex + 1 >= args.length) throw new Error("usage: plan-summary --artifact-url <url> <stack>=<plan.json> ...");
  const artifactUrl = args.splice(urlIndex, 2)[1];
  const summaries = args.map((arg) => {
    const [stack, file] = arg.split("=");
    return file === "-" ? notPlanned(stack) : summarizePlan(stack, JSON.parse(readFileSync(file, "utf8")));
  });
  process.stdout.write(`${renderComment(summaries, { artifactUrl })}\n`);
}

if (require.main === module) main();
