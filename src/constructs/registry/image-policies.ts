import type { BuildRepositoryLifecycle, ImagePullers } from "../../config/service/resolve";
import { RELEASE_TAGS } from "../../config/service/defaults";
import type { PolicyStatement } from "../security/policy-document";

/**
 * The policies a build repository and its replicas share, so a replica
 * created from the registry's template pulls and expires like its source.
 */

/** The actions that read an image, and nothing that writes one. */
const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

const principals = (pullers: ImagePullers) => ({ AWS: pullers.accountIds.map((accountId) => `arn:aws:iam::${accountId}:root`) });
const onlyTheseRoles = (pullers: ImagePullers) => ({ ArnLike: { "aws:PrincipalArn": [...pullers.roleArnPatterns] } });

/** The repository policy statement letting the pullers' roles, and nobody else outside the account, pull. */
export function pullStatement(pullers: ImagePullers): PolicyStatement {
  return { Sid: "PullRolesPull", Effect: "Allow", Principal: principals(pullers), Action: PULL_ACTIONS, Condition: onlyTheseRoles(pullers) };
}

/** The key policy statement letting the pullers' roles decrypt images, only through ECR in the key's region. */
export function pullDecryptStatement(pullers: ImagePullers, region: string): PolicyStatement {
  return {
    Sid: "PullRolesDecryptThroughEcr",
    Effect: "Allow",
    Principal: principals(pullers),
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringEquals: { "kms:ViaService": `ecr.${region}.amazonaws.com` }, ...onlyTheseRoles(pullers) },
  };
}

/**
 * The lifecycle policy document: untagged images expire after some days, CI-tagged ones beyond the newest; an image with a
 * release tag (a version) is selected by a rule of its own first, so that the CI rule cannot expire it (RELEASE_TAGS).
 */
export function lifecyclePolicy(lifecycle: BuildRepositoryLifecycle): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${lifecycle.untaggedExpiryDays} days after their push`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: lifecycle.untaggedExpiryDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep images with a release tag (a version, ${RELEASE_TAGS.pattern}), whatever CI tag they also carry`,
        selection: { tagStatus: "tagged", tagPatternList: [RELEASE_TAGS.pattern], countType: "imageCountMoreThan", countNumber: RELEASE_TAGS.count },
        action: { type: "expire" },
      },
      {
        rulePriority: 3,
        description: `Keep the newest ${lifecycle.keepCiImages} images tagged ${lifecycle.ciTagPrefix}* and no release tag`,
        selection: { tagStatus: "tagged", tagPrefixList: [lifecycle.ciTagPrefix], countType: "imageCountMoreThan", countNumber: lifecycle.keepCiImages },
        action: { type: "expire" },
      },
    ],
  });
}
