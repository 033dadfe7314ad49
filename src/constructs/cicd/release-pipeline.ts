import { Codepipeline, CodepipelineStage, CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";

/** One environment's release as the pipeline runs it. */
export interface PipelineReleaseStage {
  /** The environment. */
  readonly environment: string;
  /** Whether a person approves it first. */
  readonly approval: boolean;
  /** The release project (task definition, AppSpec, migration). */
  readonly project: { readonly name: string; readonly arn: string };
  /** Its output artifact's name (the task definition and AppSpec the deploy action takes). */
  readonly outputArtifact: string;
  /** Whether the release runs a migration: then the project also takes the platform repository's source, whose runner it runs. */
  readonly migrate: boolean;
  /** CodeDeploy's application and deployment group, and the deployment configuration the group uses. */
  readonly codeDeploy: { readonly application: string; readonly deploymentGroup: string; readonly deploymentConfig: string };
  /** The roles the service's task definition names, which CodeDeploy's ECS action passes to ECS when it registers the release. */
  readonly taskRoleArns: readonly string[];
}

/** Properties of a {@link ReleasePipeline}. */
export interface ReleasePipelineProps {
  /** The pipeline's name, which its role takes with `-role`. */
  readonly name: string;
  /** The CodeConnections connection's name. */
  readonly connectionName: string;
  /** The account and region. */
  readonly accountId: string;
  /** The region. */
  readonly region: string;
  /** The app's repository (`owner/name`) and the branch whose pushes start a run. */
  readonly source: { readonly repository: string; readonly branch: string };
  /** The platform repository, whose migration runner the release projects run. */
  readonly platformRepository: string;
  /** The artifact store: bucket name and key. */
  readonly artifacts: { readonly bucketName: string; readonly keyArn: string };
  /** The image build project. */
  readonly build: { readonly name: string; readonly arn: string };
  /** The environments in deploy order. */
  readonly releases: readonly PipelineReleaseStage[];
  /** Minutes a manual approval waits. */
  readonly approvalTimeoutMinutes: number;
}

/** The source artifacts' names: the app's code and the platform's (for the migration runner). */
const APP_SOURCE = "app";
const PLATFORM_SOURCE = "platform";

/**
 * An app's CodePipeline (V2; decision 0015): a CodeConnections connection to GitHub (created
 * PENDING: an administrator completes its handshake in the console, docs/runbooks/codepipeline.md);
 * Source (the app's branch, and the platform repository where a release migrates), Build (the
 * image, gated on its scan), then a stage per environment in deploy order: a manual approval
 * (every one but the first), the release project (the migration, the task definition with the
 * built image, the AppSpec), and CodeDeploy's ECS blue/green deployment of the environment's
 * deployment group. Its role may use the connection, the artifact store, start its own projects,
 * deploy to its deployment groups and pass the services' task roles to ECS tasks, and nothing else.
 */
export class ReleasePipeline extends Construct {
  /** The connection's ARN. */
  readonly connectionArn: string;
  /** The pipeline's role's ARN. */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ReleasePipelineProps) {
    super(scope, id);
    const connection = new CodestarconnectionsConnection(this, "connection", { name: props.connectionName, providerType: "GitHub" });
    const role = new IamRole(this, "role", { name: `${props.name}-role`, description: `CodePipeline runs ${props.name} as this role`, assumeRolePolicy: serviceTrustPolicy("codepipeline.amazonaws.com", props.accountId) });
    const policy = new IamRolePolicy(this, "role-policy", { role: role.id, name: "pipeline", policy: policyDocument(pipelineStatements(props, connection.arn)) });
    const migrates = props.releases.some((release) => release.migrate);
    const sourceAction = (name: string, repository: string, branch: string, output: string, detectChanges: boolean): CodepipelineStageAction => ({
      name,
      category: "Source",
      owner: "AWS",
      provider: "CodeStarSourceConnection",
      version: "1",
      outputArtifacts: [output],
      configuration: { ConnectionArn: connection.arn, FullRepositoryId: repository, BranchName: branch, OutputArtifactFormat: "CODE_ZIP", DetectChanges: String(detectChanges) },
    });
    const stages: CodepipelineStage[] = [
      {
        name: "Source",
        action: [sourceAction("App", props.source.repository, props.source.branch, APP_SOURCE, true), ...(migrates ? [sourceAction("Platform", props.platformRepository, "main", PLATFORM_SOURCE, false)] : [])],
      },
      {
        name: "Build",
        action: [{ name: "Image", category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", namespace: "Build", inputArtifacts: [APP_SOURCE], configuration: { ProjectName: props.build.name } }],
      },
      ...props.releases.map((release) => releaseStage(release, props.approvalTimeoutMinutes)),
    ];
    new Codepipeline(this, "pipeline", {
      name: props.name,
      roleArn: role.arn,
      pipelineType: "V2",
      // A newer commit replaces a run waiting at an approval: a person approves the newest build.
      executionMode: "SUPERSEDED",
      artifactStore: [{ type: "S3", location: props.artifacts.bucketName, encryptionKey: { id: props.artifacts.keyArn, type: "KMS" } }],
      stage: stages,
      trigger: [{ providerType: "CodeStarSourceConnection", gitConfiguration: { sourceActionName: "App", push: [{ branches: { includes: [props.source.branch] } }] } }],
      dependsOn: [policy],
    });
    this.connectionArn = connection.arn;
    this.roleArn = role.arn;
  }
}

/** `Release-<env>`: the approval (all but the first), the release project, CodeDeploy. */
function releaseStage(release: PipelineReleaseStage, approvalTimeoutMinutes: number): CodepipelineStage {
  const output = release.outputArtifact;
  const order = release.approval ? 1 : 0;
  return {
    name: `Release-${release.environment}`,
    action: [
      ...(release.approval
        ? [
            {
              name: "Approve",
              category: "Approval",
              owner: "AWS",
              provider: "Manual",
              version: "1",
              runOrder: 1,
              timeoutInMinutes: approvalTimeoutMinutes,
              configuration: { CustomData: `Release #{Build.IMAGE_URI} to ${release.environment}` },
            },
          ]
        : []),
      {
        name: release.migrate ? "Migrate" : "Prepare",
        category: "Build",
        owner: "AWS",
        provider: "CodeBuild",
        version: "1",
        runOrder: order + 1,
        inputArtifacts: [APP_SOURCE, ...(release.migrate ? [PLATFORM_SOURCE] : [])],
        outputArtifacts: [output],
        configuration: {
          ProjectName: release.project.name,
          PrimarySource: APP_SOURCE,
          EnvironmentVariables: JSON.stringify([{ name: "IMAGE_URI", value: "#{Build.IMAGE_URI}", type: "PLAINTEXT" }]),
        },
      },
      {
        name: "Deploy",
        category: "Deploy",
        owner: "AWS",
        provider: "CodeDeployToECS",
        version: "1",
        runOrder: order + 2,
        inputArtifacts: [output],
        configuration: {
          ApplicationName: release.codeDeploy.application,
          DeploymentGroupName: release.codeDeploy.deploymentGroup,
          TaskDefinitionTemplateArtifact: output,
          TaskDefinitionTemplatePath: "taskdef.json",
          AppSpecTemplateArtifact: output,
          AppSpecTemplatePath: "appspec.yaml",
        },
      },
    ],
  };
}

/** The pipeline role's statements: see {@link ReleasePipeline}. */
function pipelineStatements(props: ReleasePipelineProps, connectionArn: string): PolicyStatement[] {
  const { accountId, region } = props;
  const codeDeploy = `arn:aws:codedeploy:${region}:${accountId}`;
  return [
    { Sid: "UseTheConnection", Effect: "Allow", Action: ["codestar-connections:UseConnection", "codeconnections:UseConnection"], Resource: connectionArn },
    { Sid: "TheArtifactBucket", Effect: "Allow", Action: ["s3:GetBucketVersioning", "s3:GetBucketLocation"], Resource: `arn:aws:s3:::${props.artifacts.bucketName}` },
    { Sid: "TheArtifacts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], Resource: `arn:aws:s3:::${props.artifacts.bucketName}/*` },
    { Sid: "TheArtifactKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: props.artifacts.keyArn },
    {
      Sid: "ItsOwnProjects",
      Effect: "Allow",
      Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild"],
      Resource: [props.build.arn, ...props.releases.map((release) => release.project.arn)],
    },
    {
      Sid: "DeployToItsDeploymentGroups",
      Effect: "Allow",
      Action: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment"],
      Resource: props.releases.map((release) => `${codeDeploy}:deploymentgroup:${release.codeDeploy.application}/${release.codeDeploy.deploymentGroup}`),
    },
    {
      Sid: "ItsApplicationsRevisions",
      Effect: "Allow",
      Action: ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"],
      Resource: props.releases.map((release) => `${codeDeploy}:application:${release.codeDeploy.application}`),
    },
    { Sid: "ItsDeploymentConfigs", Effect: "Allow", Action: "codedeploy:GetDeploymentConfig", Resource: [...new Set(props.releases.map((release) => `${codeDeploy}:deploymentconfig:${release.codeDeploy.deploymentConfig}`))] },
    // RegisterTaskDefinition takes no resource (Service Authorization Reference, Amazon ECS): the roles it may pass bound what a revision can do.
    { Sid: "RegisterTheReleaseWhichHasNoResourceScope", Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: "*" },
    {
      Sid: "PassTheServicesTaskRolesToEcsTasks",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [...new Set(props.releases.flatMap((release) => release.taskRoleArns))],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}
