import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { BuildRepositoryLifecycle, ImagePullers } from "../../config/service/resolve";
import { EncryptionKey } from "../security/kms-key";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { lifecyclePolicy, pullDecryptStatement, pullStatement } from "./image-policies";

/** A build repository that replicates, as the registry's replication sees it. */
export interface ReplicatedRepository {
  /** The repository's name, such as `acme/web`. */
  readonly name: string;
  /** The regions of the same account it replicates to. */
  readonly replicaRegions: readonly string[];
  /** Roles of other accounts that may pull its replicas. */
  readonly pullers: ImagePullers;
}

/** Properties of a {@link RegistryReplication}. */
export interface RegistryReplicationProps {
  /** The account owning the registry. */
  readonly accountId: string;
  /** The replicated repositories; at least one. */
  readonly repositories: readonly ReplicatedRepository[];
  /** The provider of each region receiving replicas, by region code. */
  readonly providers: ReadonlyMap<string, TerraformProvider>;
  /** The repository namespace the creation templates match, such as `acme` (ECR reads `acme/`). */
  readonly templatePrefix: string;
  /** Which replicated images expire: the source repositories' lifecycle. */
  readonly lifecycle: BuildRepositoryLifecycle;
  /** The name of the role ECR assumes to create replicas. */
  readonly creationRoleName: string;
  /** The alias of the replica key in each replica region. */
  readonly keyAlias: string;
  /** The tags ECR puts on the replicas it creates (the registry stack's: `DeployedBy = administrator` keeps deploy and devops roles off them). */
  readonly replicaTags: Readonly<Record<string, string>>;
}

/**
 * The registry's replication (ECR keeps one configuration per registry, so
 * it covers every build repository of the account) and what the replicas get
 * in each region receiving them: a rotating key of that region, and a
 * repository creation template with immutable tags, that key, the source's
 * pull policy and lifecycle. Without a template ECR creates replicas with
 * mutable tags, AES-256 and no policy, so another account could not pull.
 * ECR applies a template only when it creates a replica; one that already
 * exists keeps what it was created with. Replication waits for the templates.
 */
export class RegistryReplication extends Construct {
  /** The replica key of each replica region, by region code. */
  readonly keyArns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: RegistryReplicationProps) {
    super(scope, id);
    const regions = [...new Set(props.repositories.flatMap((repository) => repository.replicaRegions))];
    const pullersIn = (region: string): ImagePullers => {
      const repositories = props.repositories.filter((repository) => repository.replicaRegions.includes(region));
      return {
        accountIds: [...new Set(repositories.flatMap((repository) => repository.pullers.accountIds))],
        roleArnPatterns: [...new Set(repositories.flatMap((repository) => repository.pullers.roleArnPatterns))],
      };
    };

    for (const region of regions) {
      const pullers = pullersIn(region);
      const key = new EncryptionKey(this, `key-${region}`, {
        alias: props.keyAlias,
        description: `Encrypts the ECR replicas of ${props.templatePrefix}/* in ${region}`,
        accountId: props.accountId,
        serviceStatements: pullers.accountIds.length > 0 ? [pullDecryptStatement(pullers, region)] : [],
        provider: props.providers.get(region)!,
      });
      this.keyArns.set(region, key.arn);
    }

    const role = new IamRole(this, "creation-role", {
      name: props.creationRoleName,
      description: "ECR creates replicas of the build repositories with the registry's templates",
      assumeRolePolicy: serviceTrustPolicy("ecr.amazonaws.com", props.accountId),
    });
    const rolePolicy = new IamRolePolicy(this, "creation-policy", {
      role: role.id,
      name: "create-replicas",
      policy: policyDocument([
        {
          Sid: "CreateReplicas",
          Effect: "Allow",
          Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
          Resource: regions.map((region) => `arn:aws:ecr:${region}:${props.accountId}:repository/${props.templatePrefix}/*`),
        },
        { Sid: "UseReplicaKeys", Effect: "Allow", Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], Resource: [...this.keyArns.values()] },
      ]),
    });

    const templates = regions.map((region) => {
      const pullers = pullersIn(region);
      return new EcrRepositoryCreationTemplate(this, `template-${region}`, {
        provider: props.providers.get(region)!,
        prefix: props.templatePrefix,
        appliedFor: ["REPLICATION"],
        description: `Replicas of the ${props.templatePrefix} build repositories`,
        imageTagMutability: "IMMUTABLE",
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.keyArns.get(region)! }],
        customRoleArn: role.arn,
        resourceTags: { ...props.replicaTags },
        lifecyclePolicy: lifecyclePolicy(props.lifecycle),
        ...(pullers.accountIds.length > 0 ? { repositoryPolicy: policyDocument([pullStatement(pullers)]) } : {}),
      });
    });

    new EcrReplicationConfiguration(this, "replication", {
      replicationConfiguration: { rule: replicationRules(props.accountId, props.repositories) },
      dependsOn: [...templates, rolePolicy],
    });
  }
}

/** One rule per set of destination regions, filtering the repositories that replicate to exactly that set. */
function replicationRules(accountId: string, repositories: readonly ReplicatedRepository[]) {
  const byDestinations = new Map<string, ReplicatedRepository[]>();
  for (const repository of repositories) {
    const key = [...repository.replicaRegions].sort().join(",");
    byDestinations.set(key, [...(byDestinations.get(key) ?? []), repository]);
  }
  return [...byDestinations.entries()].map(([key, members]) => ({
    destination: key.split(",").map((region) => ({ region, registryId: accountId })),
    repositoryFilter: members.map((repository) => ({ filter: repository.name, filterType: "PREFIX_MATCH" })),
  }));
}
