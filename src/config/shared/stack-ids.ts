/**
 * The stack ids the platform gives its stacks (part of the interface: tests,
 * docs and CI name them). Validation checks that a configuration makes no id
 * twice, since each stack's physical names start like its id.
 */
import { didYouMean } from "./suggest";

/** `backend-<account>`. */
export const backendStackId = (account: string) => `backend-${account}`;

/** `backend-<account>-<region>`: an account's state backend in another region than its primary one. */
export const regionalBackendStackId = (account: string, region: string) => `backend-${account}-${region}`;

/** `registry-<account>`: the account's ECR registry settings. */
export const registryStackId = (account: string) => `registry-${account}`;

/** `network-<network>`. */
export const networkStackId = (network: string) => `network-${network}`;

/** `peering-<network>-<peer>`: the peering of an environment's network with its DR network. */
export const peeringStackId = (network: string, peer: string) => `peering-${network}-${peer}`;

/** `access-<account>`: the account's CI roles, human roles and workload boundary. */
export const accessStackId = (account: string) => `access-${account}`;

/** `audit-<account>`: the account's CloudTrail trail. */
export const auditStackId = (account: string) => `audit-${account}`;

/** `organization-<management account>`: the organization policies, applied from the management account. */
export const organizationStackId = (account: string) => `organization-${account}`;

/** `github-<repository name>`: the platform repository's GitHub settings. */
export const githubStackId = (repository: string) => `github-${repository}`;

/** `<app>-build-repository`. */
export const buildRepositoryStackId = (app: string) => `${app}-build-repository`;

/** `<app>-pipeline`: the app's CodePipeline, where `apps.<app>.pipeline` turns it on (decision 0015). */
export const pipelineStackId = (app: string) => `${app}-pipeline`;

/** The stacks an app has in each environment it runs in (the cache where the app has one). */
export const APP_STACK_KINDS = ["monitoring", "secrets", "database", "cache", "files", "service", "backup"] as const;

/**
 * The stacks an app has for disaster recovery in each environment that has a `drNetwork`: in the
 * DR region (`dr-cache` where the app has a cache), and `dns` (the domain's failover records, where the service has a hosted zone) in the primary one.
 */
export const DR_STACK_KINDS = ["dr-monitoring", "dr-database", "dr-cache", "dr-storage", "dr-service", "dns"] as const;

/** `<app>-<env>-<kind>`. */
export const appStackId = (app: string, environment: string, kind: (typeof APP_STACK_KINDS)[number] | (typeof DR_STACK_KINDS)[number] | (typeof CDN_STACK_KINDS)[number]) =>
  `${app}-${environment}-${kind}`;

/** The stack an app has where its CDN is on: `edge`, in us-east-1 (decision 0008). */
export const CDN_STACK_KINDS = ["edge"] as const;

/** What a script says of a stack id the synthesized platform does not have: the closest id (a likely typo), then every id. */
export function unknownStackMessage(stack: string, known: readonly string[]): string {
  return `no stack ${stack}; ${didYouMean(stack, known)}the stacks are: ${known.join(", ")}`;
}
