import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";

/** Properties of a {@link PipelineBuildProject}. */
export interface PipelineBuildProjectProps {
  /** The project's name, which its role and log group (`/aws/codebuild/<name>`) take too. */
  readonly name: string;
  /** What it does, for the console. */
  readonly description: string;
  /** The account and region it runs in. */
  readonly accountId: string;
  /** The region. */
  readonly region: string;
  /** The buildspec, generated in code (buildspecs.ts). */
  readonly buildspec: string;
  /** CodeBuild's image. */
  readonly image: string;
  /** The compute type. */
  readonly computeType: string;
  /** Minutes a build may run. */
  readonly timeoutMinutes: number;
  /**
   * Run a Docker daemon in the build container (CodeBuild's privileged mode), which `docker build`
   * needs: the image build alone. @default false
   */
  readonly privileged?: boolean;
  /** The key encrypting its artifacts and its log group. */
  readonly keyArn: string;
  /** The artifact bucket's name: the build reads its input artifacts from it (and writes its output under `outputKeyPrefix`). */
  readonly artifactBucket: string;
  /** The key prefix of its output artifact's objects, the only keys it may write (the bucket's policy holds the same). @default none: it reads only */
  readonly outputKeyPrefix?: string;
  /** Days its log group keeps a build's log. */
  readonly logRetentionDays: number;
  /** What else its role may do. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * A CodeBuild project of a pipeline (decision 0015): its buildspec, its own role (trusted by
 * CodeBuild for this account only) that may write its own log group, read the pipeline's artifacts
 * (and write them where it has output), use the artifact key, and do what `statements` give, and
 * nothing else; the project's artifacts and logs encrypted with the pipeline's key. No VPC: a
 * build reaches AWS's public endpoints and nothing in an environment's network.
 */
export class PipelineBuildProject extends Construct {
  /** The project's name. */
  readonly name: string;
  /** The project's ARN. */
  readonly arn: string;
  /** Its role's ARN. */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: PipelineBuildProjectProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, "logs", { name: `/aws/codebuild/${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyId: props.keyArn });
    const role = new IamRole(this, "role", { name: props.name, description: `CodeBuild runs ${props.name} as this role`, assumeRolePolicy: serviceTrustPolicy("codebuild.amazonaws.com", props.accountId) });
    const objects = `arn:aws:s3:::${props.artifactBucket}/*`;
    const policy = new IamRolePolicy(this, "role-policy", {
      role: role.id,
      name: "build",
      policy: policyDocument([
        { Sid: "ItsOwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:*` },
        { Sid: "ReadThePipelinesArtifacts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: objects },
        ...(props.outputKeyPrefix === undefined
          ? []
          : [{ Sid: "WriteItsOwnOutputArtifact", Effect: "Allow" as const, Action: "s3:PutObject", Resource: `arn:aws:s3:::${props.artifactBucket}/${props.outputKeyPrefix}*` }]),
        { Sid: "TheArtifactKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey", ...(props.outputKeyPrefix === undefined ? [] : ["kms:Encrypt"])], Resource: props.keyArn },
        ...props.statements,
      ]),
    });
    const project = new CodebuildProject(this, "project", {
      name: props.name,
      description: props.description,
      serviceRole: role.arn,
      buildTimeout: props.timeoutMinutes,
      encryptionKey: props.keyArn,
      source: { type: "CODEPIPELINE", buildspec: props.buildspec },
      artifacts: { type: "CODEPIPELINE" },
      environment: { type: "LINUX_CONTAINER", computeType: props.computeType, image: props.image, imagePullCredentialsType: "CODEBUILD", privilegedMode: props.privileged ?? false },
      logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name }, s3Logs: { status: "DISABLED" } },
      // CodeBuild checks its role when the project is made and first runs: the role's policy first.
      dependsOn: [policy],
    });
    this.name = project.name;
    this.arn = project.arn;
    this.roleArn = role.arn;
  }
}
