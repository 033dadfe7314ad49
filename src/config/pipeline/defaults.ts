/**
 * CodePipeline releases of an app (issue 23, part 4; decision 0015): the source from GitHub through
 * a CodeConnections connection, an image build gated on its ECR scan, then per environment in
 * deploy order a manual approval (all but the first), the migration and a CodeDeploy blue/green
 * release. Off by default: GitHub Actions builds and deploys.
 */

/** The ECR scan severities, highest first (Amazon ECR User Guide, "Scan images for software vulnerabilities": basic scanning's findings). */
export const SCAN_SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"] as const;

/** An ECR scan severity. */
export type ScanSeverity = (typeof SCAN_SEVERITIES)[number];

/** The branch of the app's repository that starts the pipeline. */
export const DEFAULT_PIPELINE_BRANCH = "main";

/** A finding at or above this severity fails the build (seed 003: scan results gate the release). */
export const DEFAULT_FAIL_ON_SEVERITY: ScanSeverity = "HIGH";

/** CodeBuild's Linux compute types the projects may use (AWS CodeBuild User Guide, "Build environment compute modes and types"). */
export const BUILD_COMPUTE_TYPES = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"] as const;

/** A CodeBuild compute type. */
export type BuildComputeType = (typeof BUILD_COMPUTE_TYPES)[number];

/** The image build's compute type: 3 GB and 2 vCPUs build a Rails image. */
export const DEFAULT_BUILD_COMPUTE_TYPE: BuildComputeType = "BUILD_GENERAL1_SMALL";

/** Minutes an image build may run (CodeBuild allows 5 to 2160). */
export const DEFAULT_BUILD_TIMEOUT_MINUTES = 30;

/** CodeBuild's bounds of a build's timeout in minutes (AWS CodeBuild User Guide, "Quotas": build timeout 5 minutes to 36 hours). */
export const BUILD_TIMEOUT_BOUNDS = { min: 5, max: 2160 } as const;

/** Days the artifact bucket keeps a pipeline run's artifacts (source archives, the release's task definition and AppSpec). */
export const DEFAULT_ARTIFACT_EXPIRY_DAYS = 30;

/** Minutes a manual approval waits before it fails the run: CodePipeline's own default, 7 days (quotas: 5 minutes to 60 days). */
export const DEFAULT_APPROVAL_TIMEOUT_MINUTES = 7 * 24 * 60;

/** CodePipeline's bounds of a manual approval's timeout in minutes (AWS CodePipeline User Guide, "Quotas"). */
export const APPROVAL_TIMEOUT_BOUNDS = { min: 5, max: 86_400 } as const;

/** The longest name CodeConnections gives a connection (AWS CodeConnections API Reference, CreateConnection: ConnectionName 1 to 32 characters). */
export const MAX_CONNECTION_NAME_LENGTH = 32;

/** The most stages a pipeline has (AWS CodePipeline User Guide, "Quotas": stages per pipeline): source, build, then one per environment. */
export const MAX_PIPELINE_STAGES = 50;

/** The CodeBuild image the projects run: Amazon Linux 2023 with Docker, the AWS CLI and Node.js (the migration runner is TypeScript). */
export const CODEBUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";


/** Days the CodeBuild projects' log groups keep a build's log. */
export const BUILD_LOG_RETENTION_DAYS = 90;
