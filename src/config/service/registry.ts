import { ResolvedAccount } from "../account/resolve";
import { BuildRepositoryLifecycle, ResolvedBuildRepository } from "./resolve";

/**
 * An account's ECR registry settings, which ECR keeps once per registry and
 * so no app's stack may own: the replication configuration of every build
 * repository of the account, and in each region receiving replicas the
 * repository creation template that gives a replica what its source has
 * (immutable tags, a key of its own region, the pull policy, the lifecycle).
 */
export interface ResolvedRegistry {
  /** The account whose registry this is. */
  readonly account: ResolvedAccount;
  /** The build repositories that replicate, each to its own regions. */
  readonly repositories: readonly ResolvedBuildRepository[];
  /** Every region receiving replicas: each gets a creation template and a replica key. */
  readonly replicaRegions: readonly string[];
  /** The namespace the creation templates match, `<project>`: ECR reads it as `<project>/`, every build repository of the project. */
  readonly templatePrefix: string;
  /** The lifecycle every replica gets: that of the replicated repositories, which validation requires to agree. */
  readonly lifecycle: BuildRepositoryLifecycle;
  /** The IAM role ECR assumes to create replicas encrypted with the replica keys, `<project>-ecr-replica-creation`. */
  readonly replicaCreationRoleName: string;
  /** The alias of the replica key in each replica region, `alias/<project>-ecr-replicas`. */
  readonly replicaKeyAlias: string;
}

/** The registries of the accounts holding a build repository that replicates; accounts without one need no registry settings. */
export function resolveRegistries(project: string, repositories: readonly ResolvedBuildRepository[]): ResolvedRegistry[] {
  const replicating = repositories.filter((repository) => repository.replicaRegions.length > 0);
  const accounts = [...new Map(replicating.map((repository) => [repository.account.name, repository.account])).values()];
  return accounts.map((account) => {
    const own = replicating.filter((repository) => repository.account.name === account.name);
    return {
      account,
      repositories: own,
      replicaRegions: [...new Set(own.flatMap((repository) => repository.replicaRegions))],
      templatePrefix: project,
      lifecycle: own[0].lifecycle,
      replicaCreationRoleName: `${project}-ecr-replica-creation`,
      replicaKeyAlias: `alias/${project}-ecr-replicas`,
    };
  });
}
