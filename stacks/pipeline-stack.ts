import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { PipelineRelease, ResolvedPipeline } from "../src/config/pipeline/resolve";
import type { ResolvedProject } from "../src/config/project/resolve";
import { ArtifactStore } from "../src/constructs/cicd/artifact-store";
import { PipelineBuildProject } from "../src/constructs/cicd/build-project";
import { imageBuildspec, releaseBuildspec } from "../src/constructs/cicd/buildspecs";
import { ReleasePipeline } from "../src/constructs/cicd/release-pipeline";
import type { PolicyStatement } from "../src/constructs/security/policy-document";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of a {@link PipelineStack}. */
export interface PipelineStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app's pipeline. */
  readonly pipeline: ResolvedPipeline;
}

/** Minutes a release build may run beyond its migration's: reading the contract, registering, `npm ci` of the runner. */
const RELEASE_OVERHEAD_MINUTES = 15;

/**
 * `<app>-pipeline` (decision 0015): an app's CodePipeline in the account and region of its build
 * repository, state in that account's backend. An administrator applies it, as the build
 * repository's stack: its image build pushes into the repository every environment runs from, and
 * its release projects act in every environment it releases to (dev to prod), which no deploy role
 * (one environment's) and no workload boundary (one `Environment` tag, no ECR writes) reaches.
 */
export class PipelineStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    const { project, pipeline } = props;
    super(scope, id, { ...sharedStackProps(project, pipeline.account, pipeline.region, pipeline.name), deployedBy: "administrator" });
    const accountId = pipeline.account.id;
    const { region } = pipeline;
    const projectNames = [pipeline.build.projectName, ...pipeline.releases.map((release) => release.projectName)];
    const store = new ArtifactStore(this, "artifacts", {
      bucketName: pipeline.artifactBucket,
      keyAlias: pipeline.keyAlias,
      accountId,
      region,
      expiryDays: pipeline.artifactExpiryDays,
      logGroupNames: projectNames.map((name) => `/aws/codebuild/${name}`),
      writers: {
        pipelineRoleArn: `arn:aws:iam::${accountId}:role/${pipeline.roleName}`,
        releases: pipeline.releases.map((release) => ({ roleArn: `arn:aws:iam::${accountId}:role/${release.roleName}`, keyPrefix: release.outputKeyPrefix })),
      },
    });
    const common = { accountId, region, image: pipeline.codeBuildImage, keyArn: store.keyArn, artifactBucket: store.bucketName, logRetentionDays: pipeline.logRetentionDays };
    const repository = pipeline.buildRepository;
    const build = new PipelineBuildProject(this, "image", {
      ...common,
      name: pipeline.build.projectName,
      description: `Builds ${pipeline.app}'s image, pushes it to ${repository.name} and gates it on its scan`,
      buildspec: imageBuildspec({
        repositoryUrl: repository.url,
        repositoryName: repository.name,
        tagPrefix: repository.lifecycle.ciTagPrefix,
        context: pipeline.build.context,
        failingSeverities: pipeline.build.failingSeverities,
      }),
      computeType: pipeline.build.computeType,
      timeoutMinutes: pipeline.build.timeoutMinutes,
      // docker build needs a Docker daemon in the build container: see decision 0015 for how the project is confined.
      privileged: true,
      statements: [
        { Sid: "EcrLoginWhichHasNoResourceScope", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PushToTheBuildRepositoryAndReadItsScan",
          Effect: "Allow",
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:DescribeImages",
            "ecr:DescribeImageScanFindings",
          ],
          Resource: repository.arn,
        },
      ],
    });
    const releases = pipeline.releases.map((release) => {
      const project = new PipelineBuildProject(this, `release-${release.environment}`, {
        ...common,
        name: release.projectName,
        description: `Prepares ${pipeline.app}'s release to ${release.environment}${release.migrations ? " and runs its migration" : ""}`,
        buildspec: releaseBuildspec({ serviceState: release.serviceState, migrate: release.migrations !== undefined }),
        computeType: "BUILD_GENERAL1_SMALL",
        timeoutMinutes: (release.migrations?.timeoutMinutes ?? 0) + RELEASE_OVERHEAD_MINUTES,
        outputKeyPrefix: release.outputKeyPrefix,
        statements: releaseStatements(release, accountId, region),
      });
      return {
        environment: release.environment,
        approval: release.approval,
        project: { name: project.name, arn: project.arn },
        migrate: release.migrations !== undefined,
        outputArtifact: release.outputArtifact,
        codeDeploy: { application: release.blueGreen.applicationName, deploymentGroup: release.blueGreen.deploymentGroupName, deploymentConfig: release.blueGreen.deploymentConfig.name },
        taskRoleArns: release.taskRoleNames.map((name) => `arn:aws:iam::${accountId}:role/${name}`),
      };
    });
    const releasePipeline = new ReleasePipeline(this, "pipeline", {
      name: pipeline.name,
      connectionName: pipeline.connectionName,
      accountId,
      region,
      source: { repository: pipeline.repository, branch: pipeline.branch },
      platformRepository: pipeline.platformRepository,
      artifacts: { bucketName: store.bucketName, keyArn: store.keyArn },
      build: { name: build.name, arn: build.arn },
      releases,
      approvalTimeoutMinutes: pipeline.approvalTimeoutMinutes,
    });
    new TerraformOutput(this, "connection_arn", { value: releasePipeline.connectionArn, description: "The CodeConnections connection, PENDING until an administrator completes its handshake (docs/runbooks/codepipeline.md)" });
  }
}

/**
 * What an environment's release project may do: read the service stack's state object (its release
 * contract) with the backend's key; describe task definitions; where it migrates, register the
 * migration's revision and run it on the environment's cluster, passing the migration's two roles
 * to ECS tasks, and read its logs. Nothing of the service, its deployment group or another environment.
 */
function releaseStatements(release: PipelineRelease, accountId: string, region: string): PolicyStatement[] {
  const { serviceState, migrations, serviceName } = release;
  const cluster = `arn:aws:ecs:${region}:${accountId}:cluster/${serviceName}`;
  return [
    { Sid: "TheServiceStacksReleaseContract", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${serviceState.bucket}/${serviceState.key}` },
    {
      Sid: "TheStateKey",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: `arn:aws:kms:${serviceState.region}:${accountId}:key/*`,
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [serviceState.keyAlias] } },
    },
    // DescribeTaskDefinition and RegisterTaskDefinition take no resource (Service Authorization Reference, Amazon ECS).
    { Sid: "DescribeTaskDefinitionsWhichHasNoResourceScope", Effect: "Allow", Action: "ecs:DescribeTaskDefinition", Resource: "*" },
    ...(migrations
      ? [
          { Sid: "RegisterTheMigrationWhichHasNoResourceScope", Effect: "Allow" as const, Action: "ecs:RegisterTaskDefinition", Resource: "*" },
          {
            Sid: "RunTheMigrationOnTheEnvironmentsCluster",
            Effect: "Allow" as const,
            Action: "ecs:RunTask",
            Resource: `arn:aws:ecs:${region}:${accountId}:task-definition/${migrations.family}:*`,
            Condition: { ArnEquals: { "ecs:cluster": cluster } },
          },
          { Sid: "WatchAndStopItsTasks", Effect: "Allow" as const, Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: `arn:aws:ecs:${region}:${accountId}:task/${serviceName}/*` },
          // Before it starts a migration, the runner looks for one still running (scripts/release.ts); ListTasks is scoped by the cluster key only.
          { Sid: "ListTheClustersTasks", Effect: "Allow" as const, Action: "ecs:ListTasks", Resource: "*", Condition: { ArnEquals: { "ecs:cluster": cluster } } },
          { Sid: "TagTheTaskItStarts", Effect: "Allow" as const, Action: "ecs:TagResource", Resource: `arn:aws:ecs:${region}:${accountId}:task/${serviceName}/*`, Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } } },
          {
            Sid: "PassTheMigrationsRolesToEcsTasks",
            Effect: "Allow" as const,
            Action: "iam:PassRole",
            Resource: [`arn:aws:iam::${accountId}:role/${serviceName}-task-execution`, `arn:aws:iam::${accountId}:role/${migrations.roleName}`],
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
          },
          {
            Sid: "ReadTheMigrationsLogs",
            Effect: "Allow" as const,
            Action: ["logs:GetLogEvents", "logs:FilterLogEvents"],
            Resource: `arn:aws:logs:${region}:${accountId}:log-group:${release.logGroupName}:*`,
          },
        ]
      : []),
  ];
}
