import { ResolvedAccount, stateBackendFor } from "../account/resolve";
import type { ResolvedDeployment } from "../app/resolve";
import type { ResolvedBlueGreen, ResolvedMigrations } from "../release/resolve";
import type { ResolvedBuildRepository } from "../service/resolve";
import { deploySequence } from "../environment/deploy-sequence";
import { appStackId } from "../shared/stack-ids";
import {
  BUILD_LOG_RETENTION_DAYS,
  BuildComputeType,
  CODEBUILD_IMAGE,
  DEFAULT_APPROVAL_TIMEOUT_MINUTES,
  DEFAULT_ARTIFACT_EXPIRY_DAYS,
  DEFAULT_BUILD_COMPUTE_TYPE,
  DEFAULT_BUILD_TIMEOUT_MINUTES,
  DEFAULT_FAIL_ON_SEVERITY,
  DEFAULT_PIPELINE_BRANCH,
  SCAN_SEVERITIES,
  ScanSeverity,
} from "./defaults";
import type { PipelineConfig } from "./schema";

/**
 * CodePipeline keeps an artifact at `<pipeline name, truncated>/<artifact name, truncated>/<random>`
 * in the artifact store: the pipeline's name cut to 20 characters (AWS re:Post, *CodePipeline truncates
 * folder names in output artifact S3 bucket*; the API Reference's ArtifactStore: "a folder to contain
 * the pipeline artifacts is created for you based on the name of the pipeline"), the artifact's to 10
 * (`SourceArtifact` is kept under `SourceArti/`, as CodePipeline's action events show).
 */
export const PIPELINE_FOLDER_CHARS = 20;
export const ARTIFACT_FOLDER_CHARS = 10;

/** One environment the pipeline releases to, every name decided. */
export interface PipelineRelease {
  /** The environment. */
  readonly environment: string;
  /** Whether a person approves the release first: every environment but the first in deploy order. */
  readonly approval: boolean;
  /** The CodeBuild project that prepares the release (task definition, AppSpec) and runs the migration: `<pipeline>-<env>-release`. */
  readonly projectName: string;
  /** Its role, named like the project. */
  readonly roleName: string;
  /** Its output artifact (task definition and AppSpec), `release<n>` in deploy order: at most {@link ARTIFACT_FOLDER_CHARS} characters, so its folder in the artifact bucket is its whole name. */
  readonly outputArtifact: string;
  /** The key prefix of that artifact's objects, `<artifact folder>/<output artifact>/`: the only keys its role may write. */
  readonly outputKeyPrefix: string;
  /** The ECS cluster and service, `<project>-<app>-<env>`, whose task definition family has that name too. */
  readonly serviceName: string;
  /** The service's task roles, which the release passes to ECS: `<service>-task-execution` and `<service>-task`. */
  readonly taskRoleNames: readonly string[];
  /** The containers' log group, `/ecs/<service>`. */
  readonly logGroupName: string;
  /** CodeDeploy's application and deployment group (decision 0013), which the release's deploy action uses. */
  readonly blueGreen: ResolvedBlueGreen;
  /** The migration the release runs before CodeDeploy shifts traffic, where the environment has one. */
  readonly migrations?: ResolvedMigrations;
  /**
   * Where the release reads the service stack's `release` output (the release contract of decision
   * 0013: cluster, tasks' network, container, migration): its state object, and the backend key's alias.
   */
  readonly serviceState: { readonly bucket: string; readonly key: string; readonly region: string; readonly keyAlias: string };
}

/** An app's CodePipeline (decision 0015), every setting decided. */
export interface ResolvedPipeline {
  /** The app. */
  readonly app: string;
  /** The pipeline's name, `<project>-<app>-pipeline`: the prefix of every name of its stack. */
  readonly name: string;
  /** The account and region it lives in: the build repository's. */
  readonly account: ResolvedAccount;
  /** The region. */
  readonly region: string;
  /** The CodeConnections connection's name, `<project>-<app>` (at most 32 characters). */
  readonly connectionName: string;
  /** The GitHub repository (`owner/name`) the pipeline builds: the app's, else the platform's. */
  readonly repository: string;
  /** The branch whose pushes start it. */
  readonly branch: string;
  /** The platform repository, whose migration runner (scripts/) the release projects run. */
  readonly platformRepository: string;
  /** The artifact bucket, `<pipeline>-artifacts-<account id>`. */
  readonly artifactBucket: string;
  /** The folder CodePipeline keeps the pipeline's artifacts in: its name's first {@link PIPELINE_FOLDER_CHARS} characters. */
  readonly artifactFolder: string;
  /** Days a run's artifacts are kept. */
  readonly artifactExpiryDays: number;
  /** The artifact key's alias, `alias/<pipeline>-artifacts`. */
  readonly keyAlias: string;
  /** The build repository the image build pushes to. */
  readonly buildRepository: ResolvedBuildRepository;
  /** The image build: its project and role name (`<pipeline>-image`), compute, timeout, build context and scan gate. */
  readonly build: {
    readonly projectName: string;
    readonly roleName: string;
    readonly computeType: BuildComputeType;
    readonly timeoutMinutes: number;
    readonly context: string;
    /** The severities that fail the build: `failOnSeverity` and every one above it. */
    readonly failingSeverities: readonly ScanSeverity[];
  };
  /** The CodeBuild image every project runs. */
  readonly codeBuildImage: string;
  /** Days the projects' log groups (`/aws/codebuild/<project>`) keep a build's log. */
  readonly logRetentionDays: number;
  /** The pipeline's own role, `<pipeline>-role`. */
  readonly roleName: string;
  /** Minutes a manual approval waits. */
  readonly approvalTimeoutMinutes: number;
  /** The environments it releases to, in deploy order. */
  readonly releases: readonly PipelineRelease[];
}

/** The environments a pipeline releases to, in deploy order: those it names, else every one of the app. */
export function pipelineEnvironments(block: PipelineConfig, deployments: readonly { readonly environment: { readonly name: string; readonly tier: ResolvedDeployment["environment"]["tier"] } }[]): string[] {
  const chosen = deployments.map((deployment) => deployment.environment).filter((environment) => block.environments === undefined || block.environments.includes(environment.name));
  return deploySequence(chosen);
}

/** The severities that fail a build gated at `severity`: it and the higher ones. */
export function failingSeverities(severity: ScanSeverity): ScanSeverity[] {
  return SCAN_SEVERITIES.slice(0, SCAN_SEVERITIES.indexOf(severity) + 1);
}

/**
 * An app's pipeline, or undefined where it is off (the default). Validation has made sure that each
 * environment it releases to has blue/green on and shares the build repository's account and region.
 */
export function resolvePipeline(
  project: { readonly name: string; readonly repository: string },
  app: { readonly name: string; readonly repository?: string; readonly pipeline?: PipelineConfig },
  buildRepository: ResolvedBuildRepository,
  deployments: readonly ResolvedDeployment[],
): ResolvedPipeline | undefined {
  const block = app.pipeline ?? {};
  if (block.enabled !== true) return undefined;
  const name = `${project.name}-${app.name}-pipeline`;
  const artifactFolder = name.slice(0, PIPELINE_FOLDER_CHARS);
  const order = pipelineEnvironments(block, deployments);
  const releases = order.map((environment, index): PipelineRelease => {
    const deployment = deployments.find((candidate) => candidate.environment.name === environment)!;
    const serviceName = deployment.service.name;
    const backend = stateBackendFor(deployment.environment.network.account, deployment.environment.network.region);
    return {
      environment,
      approval: index > 0,
      projectName: `${name}-${environment}-release`,
      roleName: `${name}-${environment}-release`,
      outputArtifact: `release${index + 1}`,
      outputKeyPrefix: `${artifactFolder}/release${index + 1}/`,
      serviceName,
      taskRoleNames: [`${serviceName}-task-execution`, `${serviceName}-task`],
      logGroupName: `/ecs/${serviceName}`,
      blueGreen: deployment.blueGreen!,
      ...(deployment.migrations ? { migrations: deployment.migrations } : {}),
      serviceState: { bucket: backend.bucket, key: `${project.name}/${appStackId(app.name, environment, "service")}.tfstate`, region: backend.region, keyAlias: backend.kmsAlias },
    };
  });
  return {
    app: app.name,
    name,
    account: buildRepository.account,
    region: buildRepository.region,
    connectionName: `${project.name}-${app.name}`,
    repository: app.repository ?? project.repository,
    branch: block.branch ?? DEFAULT_PIPELINE_BRANCH,
    platformRepository: project.repository,
    artifactBucket: `${name}-artifacts-${buildRepository.account.id}`,
    artifactFolder,
    artifactExpiryDays: block.artifactExpiryDays ?? DEFAULT_ARTIFACT_EXPIRY_DAYS,
    keyAlias: `alias/${name}-artifacts`,
    buildRepository,
    build: {
      projectName: `${name}-image`,
      roleName: `${name}-image`,
      computeType: block.computeType ?? DEFAULT_BUILD_COMPUTE_TYPE,
      timeoutMinutes: block.buildTimeoutMinutes ?? DEFAULT_BUILD_TIMEOUT_MINUTES,
      context: block.buildContext ?? ".",
      failingSeverities: failingSeverities(block.failOnSeverity ?? DEFAULT_FAIL_ON_SEVERITY),
    },
    codeBuildImage: CODEBUILD_IMAGE,
    logRetentionDays: BUILD_LOG_RETENTION_DAYS,
    roleName: `${name}-role`,
    approvalTimeoutMinutes: block.approvalTimeoutMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES,
    releases,
  };
}
