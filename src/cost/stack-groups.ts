import { ResolvedPlatform } from "../config/platform/resolve";
import {
  accessStackId,
  APP_STACK_KINDS,
  appStackId,
  auditStackId,
  backendStackId,
  buildRepositoryStackId,
  pipelineStackId,
  CDN_STACK_KINDS,
  DR_STACK_KINDS,
  githubStackId,
  networkStackId,
  peeringStackId,
  regionalBackendStackId,
  registryStackId,
} from "../config/shared/stack-ids";

/**
 * Which group a stack's cost is reported in, from the platform that made the
 * stacks: an environment gets its app stacks (DR ones included), its peering,
 * and the networks only it uses (its DR network too); what accounts and the
 * platform share (backends, access, audit, registries, build repositories,
 * networks several environments use, GitHub) is reported by account.
 */

/** A group of stacks in the estimate. */
export interface StackGroup {
  /** An environment's own stacks, or stacks shared by environments. */
  readonly kind: "environment" | "shared";
  /** The environment, `account <name>`, `network <name>`, or `GitHub`. */
  readonly name: string;
}

/** Reports a stack id's group; stacks the platform does not know (added by an extension) are shared under `other`. */
export type StackGrouper = (stackId: string) => StackGroup;

/** The grouping of the stacks a resolved platform synthesizes. */
export function platformStackGroups(platform: ResolvedPlatform): StackGrouper {
  const groups = new Map<string, StackGroup>();
  const shared = (id: string, name: string) => groups.set(id, { kind: "shared", name });
  for (const account of platform.accounts) {
    for (const id of [backendStackId(account.name), accessStackId(account.name), auditStackId(account.name), registryStackId(account.name)]) shared(id, `account ${account.name}`);
    for (const backend of account.regionalBackends) shared(regionalBackendStackId(account.name, backend.region), `account ${account.name}`);
  }
  for (const app of platform.apps) {
    shared(buildRepositoryStackId(app.name), `account ${app.buildRepository.account.name}`);
    if (app.pipeline) shared(pipelineStackId(app.name), `account ${app.pipeline.account.name}`);
  }
  shared(githubStackId(platform.delivery.github.repository), "GitHub");
  for (const network of platform.networks) {
    const users = platform.environments.filter((environment) => environment.network.name === network.name || environment.drNetwork?.name === network.name);
    groups.set(networkStackId(network.name), users.length === 1 ? { kind: "environment", name: users[0].name } : { kind: "shared", name: `network ${network.name}` });
  }
  for (const environment of platform.environments) {
    if (environment.drNetwork) groups.set(peeringStackId(environment.network.name, environment.drNetwork.name), { kind: "environment", name: environment.name });
  }
  for (const app of platform.apps) {
    for (const deployment of app.deployments) {
      for (const kind of [...APP_STACK_KINDS, ...DR_STACK_KINDS, ...CDN_STACK_KINDS]) groups.set(appStackId(app.name, deployment.environment.name, kind), { kind: "environment", name: deployment.environment.name });
    }
  }
  return (stackId) => groups.get(stackId) ?? { kind: "shared", name: "other" };
}
