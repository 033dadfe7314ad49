import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import type { BuildRepositoryLifecycle, ImagePullers } from "../../config/service/resolve";
import { EncryptionKey } from "../security/kms-key";
import { policyDocument } from "../security/policy-document";
import { lifecyclePolicy, pullDecryptStatement, pullStatement } from "./image-policies";

/** Properties of a {@link BuildRepository}. */
export interface BuildRepositoryProps {
  /** The repository name, such as `acme/web`; the key alias is `alias/<name with / as ->-ecr`. */
  readonly name: string;
  /** The account that owns the repository and its key. */
  readonly accountId: string;
  /** The repository's region: ECR in this region is the only way pullers may use the key. */
  readonly region: string;
  /** Which images expire; release tags never do. */
  readonly lifecycle: BuildRepositoryLifecycle;
  /** Roles of other accounts that may pull; no accounts, no repository policy. */
  readonly pullers: ImagePullers;
}

/**
 * An ECR repository for an app's images, shared by its environments: tags
 * are immutable, every push is scanned, images are encrypted with the
 * repository's own rotating key, a lifecycle policy expires untagged images
 * and all but the newest CI-tagged ones (release tags never expire), and the
 * task execution roles of the pull accounts (and no one else outside the
 * owner) may pull. Replication is the registry's (`registry-<account>`).
 */
export class BuildRepository extends Construct {
  /** The repository URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** The repository's ARN. */
  readonly repositoryArn: string;

  constructor(scope: Construct, id: string, props: BuildRepositoryProps) {
    super(scope, id);
    const crossAccount = props.pullers.accountIds.length > 0;
    const key = new EncryptionKey(this, "key", {
      alias: `alias/${props.name.replaceAll("/", "-")}-ecr`,
      description: `Encrypts the images of the ECR repository ${props.name}`,
      accountId: props.accountId,
      serviceStatements: crossAccount ? [pullDecryptStatement(props.pullers, props.region)] : [],
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

    new EcrLifecyclePolicy(this, "lifecycle", { repository: repository.name, policy: lifecyclePolicy(props.lifecycle) });
    if (crossAccount) {
      new EcrRepositoryPolicy(this, "policy", { repository: repository.name, policy: policyDocument([pullStatement(props.pullers)]) });
    }
  }
}
