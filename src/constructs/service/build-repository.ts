import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import { EncryptionKey } from "../security/kms-key";
import { policyDocument } from "../security/policy-document";

/** Properties of a {@link BuildRepository}. */
export interface BuildRepositoryProps {
  /** The repository name, such as `acme/web`; the key alias is `alias/<name with / as ->-ecr`. */
  readonly name: string;
  /** The account that owns the repository, its key and the replicas. */
  readonly accountId: string;
  /** The repository's region: ECR in this region is the only way pull accounts may use the key. */
  readonly region: string;
  /** How many images with a CI tag are kept; older ones expire. */
  readonly keepCiImages: number;
  /** The tag prefix of CI builds; images with any other tag never expire. */
  readonly ciTagPrefix: string;
  /** Days after its push an untagged image expires. */
  readonly untaggedExpiryDays: number;
  /** Regions of the same account the repository replicates to; none, no replication configuration. */
  readonly replicaRegions: readonly string[];
  /** Other accounts whose roles matching `pullRoleNamePattern` may pull; none, no repository policy. */
  readonly pullAccountIds: readonly string[];
  /** The name pattern of the roles of the pull accounts that may pull, such as `acme-web-*-task-execution`. */
  readonly pullRoleNamePattern: string;
}

/** The actions that read an image, and nothing that writes one. */
const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/**
 * An ECR repository for an app's images, shared by its environments: tags
 * are immutable, every push is scanned, images are encrypted with the
 * repository's own rotating key, a lifecycle policy expires untagged images
 * and all but the newest CI-tagged ones (release tags never expire), the task execution roles of the pull
 * accounts (and no one else outside the owner) may pull, and images replicate
 * to the replica regions of the same account.
 */
export class BuildRepository extends Construct {
  /** The repository URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** The repository's ARN. */
  readonly repositoryArn: string;
  /** The repository's name. */
  readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: BuildRepositoryProps) {
    super(scope, id);
    const pullers = props.pullAccountIds.map((accountId) => `arn:aws:iam::${accountId}:root`);
    const pullRoles = { ArnLike: { "aws:PrincipalArn": props.pullAccountIds.map((accountId) => `arn:aws:iam::${accountId}:role/${props.pullRoleNamePattern}`) } };

    const key = new EncryptionKey(this, "key", {
      alias: `alias/${props.name.replaceAll("/", "-")}-ecr`,
      description: `Encrypts the images of the ECR repository ${props.name}`,
      accountId: props.accountId,
      serviceStatements:
        pullers.length === 0
          ? []
          : [
              {
                Sid: "PullRolesDecryptThroughEcr",
                Effect: "Allow",
                Principal: { AWS: pullers },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `ecr.${props.region}.amazonaws.com` }, ...pullRoles },
              },
            ],
    });

    const repository = new EcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: key.arn }],
      forceDelete: false,
    });
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.repositoryName = repository.name;

    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images ${props.untaggedExpiryDays} days after their push`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: props.untaggedExpiryDays },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${props.keepCiImages} images tagged ${props.ciTagPrefix}*; release tags never expire`,
            selection: { tagStatus: "tagged", tagPrefixList: [props.ciTagPrefix], countType: "imageCountMoreThan", countNumber: props.keepCiImages },
            action: { type: "expire" },
          },
        ],
      }),
    });

    if (pullers.length > 0) {
      new EcrRepositoryPolicy(this, "policy", {
        repository: repository.name,
        policy: policyDocument([{ Sid: "PullRolesPull", Effect: "Allow", Principal: { AWS: pullers }, Action: PULL_ACTIONS, Condition: pullRoles }]),
      });
    }

    if (props.replicaRegions.length > 0) {
      new EcrReplicationConfiguration(this, "replication", {
        replicationConfiguration: {
          rule: [
            {
              destination: props.replicaRegions.map((region) => ({ region, registryId: props.accountId })),
              repositoryFilter: [{ filter: props.name, filterType: "PREFIX_MATCH" }],
            },
          ],
        },
      });
    }
  }
}
