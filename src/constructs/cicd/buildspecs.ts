/**
 * The CodeBuild projects' buildspecs (decision 0015), written here rather than as YAML files in the
 * app's repository: the pipeline's steps are the platform's, reviewed with it. A buildspec is YAML,
 * and JSON is YAML, so each is the JSON of its object. Commands run in bash (`env.shell`); each
 * command's non-zero exit fails the build. No command writes a dollar sign before a brace, which
 * Terraform would read as an interpolation of the synthesized JSON.
 */
import { PIPELINE_RELEASE_TAG_PREFIX } from "../../config/service/defaults";

/** What the image build needs to know. */
export interface ImageBuildspecProps {
  /** The build repository's URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** The repository's name, `<project>/<app>`. */
  readonly repositoryName: string;
  /** The tag prefix of CI builds (the lifecycle expires them beyond the newest kept). */
  readonly tagPrefix: string;
  /** The directory `docker build` builds. */
  readonly context: string;
  /** The scan severities that fail the build. */
  readonly failingSeverities: readonly string[];
}

/** The shell quoting of a literal. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Builds the image of the commit, pushes it as `<prefix><commit>` (unless that tag is already in
 * the IMMUTABLE repository: a re-run of the commit's build, which checks that image instead), waits for ECR's scan on push to
 * finish (`aws ecr wait image-scan-complete`: a failed or unsupported scan fails the wait, and the
 * build), then fails on any finding of a failing severity; tags an image that passed
 * `release.<commit>`, a release tag the lifecycle never expires, and exports it by digest, `IMAGE_URI`,
 * which the release steps take, so every environment runs the scanned bytes.
 */
export function imageBuildspec(props: ImageBuildspecProps): string {
  const registry = props.repositoryUrl.split("/")[0];
  const repository = quoted(props.repositoryName);
  const severities = props.failingSeverities.map((severity) => `.${severity}`).join(", ");
  return JSON.stringify({
    version: "0.2",
    env: { shell: "bash", "exported-variables": ["IMAGE_URI", "IMAGE_TAG"] },
    phases: {
      pre_build: {
        commands: [
          `aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin ${quoted(registry)}`,
          `IMAGE_TAG=${quoted(props.tagPrefix)}"$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-12)"`,
        ],
      },
      build: {
        commands: [
          // The repository's tags are IMMUTABLE: a re-run of this commit's build finds its tag and checks that image's scan again instead of pushing.
          `if existing=$(aws ecr describe-images --repository-name ${repository} --image-ids imageTag="$IMAGE_TAG" --query 'imageDetails[0].imageDigest' --output text 2>/dev/null); then ` +
            `echo "$IMAGE_TAG is already pushed ($existing): a re-run of this commit; no build or push, its scan findings checked again"; ` +
            `else docker build --tag ${quoted(props.repositoryUrl)}:"$IMAGE_TAG" ${quoted(props.context)} && docker push ${quoted(props.repositoryUrl)}:"$IMAGE_TAG"; fi`,
          `aws ecr wait image-scan-complete --repository-name ${repository} --image-id imageTag="$IMAGE_TAG"`,
          `counts=$(aws ecr describe-image-scan-findings --repository-name ${repository} --image-id imageTag="$IMAGE_TAG" --query 'imageScanFindings.findingSeverityCounts' --output json)`,
          `echo "scan findings by severity: $counts"`,
          `failing=$(echo "$counts" | jq '[${severities}] | map(. // 0) | add')`,
          `if [ "$failing" -gt 0 ]; then echo "$failing finding(s) of ${props.failingSeverities.join(" or ")}: the image is not released"; exit 1; fi`,
          // A release tag, so the lifecycle never expires an image an environment may run by digest (the CI rule would, 'keepCiImages' builds later).
          `RELEASE_TAG=${quoted(PIPELINE_RELEASE_TAG_PREFIX)}"$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-12)"`,
          `if aws ecr describe-images --repository-name ${repository} --image-ids imageTag="$RELEASE_TAG" >/dev/null 2>&1; then echo "$RELEASE_TAG is already there: a re-run of this commit"; ` +
            `else aws ecr put-image --repository-name ${repository} --image-tag "$RELEASE_TAG" --image-manifest "$(aws ecr batch-get-image --repository-name ${repository} --image-ids imageTag="$IMAGE_TAG" --query 'images[0].imageManifest' --output text)" >/dev/null; fi`,
          `IMAGE_URI=${quoted(props.repositoryUrl)}@$(aws ecr describe-images --repository-name ${repository} --image-ids imageTag="$IMAGE_TAG" --query 'imageDetails[0].imageDigest' --output text)`,
          `echo "releasing $IMAGE_URI"`,
        ],
      },
    },
  });
}

/** What a release build needs to know. */
export interface ReleaseBuildspecProps {
  /** Where the service stack's state is, whose `release` output is the release contract (decision 0013). */
  readonly serviceState: { readonly bucket: string; readonly key: string; readonly region: string };
  /** Whether the environment runs a migration first. */
  readonly migrate: boolean;
}

/** The task definition revision of `$1`'s latest with the app container's image replaced by `$IMAGE_URI`, as RegisterTaskDefinition takes it (what DescribeTaskDefinition adds left out). */
const WITH_IMAGE = `jq --arg image "$IMAGE_URI" '.taskDefinition | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt) | .containerDefinitions |= map(if .name == "app" then .image = $image else . end)'`;

/**
 * Prepares one environment's release of `$IMAGE_URI`: reads the release contract from the service
 * stack's state; where a migration is configured, registers a revision of the migration's family
 * with the image and runs it with the migration runner of the platform repository (its source is
 * the secondary input `platform`), failing the release on a non-zero exit; then writes the
 * service's task definition with the image (`taskdef.json`) and the AppSpec (`appspec.yaml`) that
 * CodeDeploy's ECS blue/green action deploys. The pipeline never updates the service itself.
 */
export function releaseBuildspec(props: ReleaseBuildspecProps): string {
  const state = `s3://${props.serviceState.bucket}/${props.serviceState.key}`;
  const migration = props.migrate
    ? [
        `aws ecs describe-task-definition --task-definition "$(jq -r '.migration.taskDefinitionArn' release.json)" | ${WITH_IMAGE} > migrate-taskdef.json`,
        `MIGRATION_TASK_DEFINITION=$(aws ecs register-task-definition --cli-input-json file://migrate-taskdef.json --query 'taskDefinition.taskDefinitionArn' --output text)`,
        `jq --arg arn "$MIGRATION_TASK_DEFINITION" '.migration.taskDefinitionArn = $arn' release.json > release-with-image.json`,
        // The release runner of decision 0013 (scripts/release.ts): RunTask, waited for, exit 1 unless the container exits 0.
        `cd "$CODEBUILD_SRC_DIR_platform" && npm ci --no-audit --no-fund && npx tsx scripts/release.ts migrate "$CODEBUILD_SRC_DIR/release-with-image.json" --pipeline`,
      ]
    : [];
  return JSON.stringify({
    version: "0.2",
    env: { shell: "bash" },
    phases: {
      build: {
        commands: [
          `aws s3 cp ${JSON.stringify(state)} - --region ${props.serviceState.region} | jq '.outputs.release.value' > release.json`,
          `if [ "$(jq -r '.fenced' release.json)" = "true" ]; then echo "the service is fenced (the DR region is the writer): nothing is released"; exit 1; fi`,
          ...migration,
          `cd "$CODEBUILD_SRC_DIR"`,
          `aws ecs describe-task-definition --task-definition "$(jq -r '.service' release.json)" | ${WITH_IMAGE} > taskdef.json`,
          `jq '{version: 0.0, Resources: [{TargetService: {Type: "AWS::ECS::Service", Properties: {TaskDefinition: "<TASK_DEFINITION>", LoadBalancerInfo: {ContainerName: .container.name, ContainerPort: .container.port}}}}]}' release.json > appspec.yaml`,
        ],
      },
    },
    artifacts: { files: ["taskdef.json", "appspec.yaml"] },
  });
}
