import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { Codepipeline } from "@cdktf/provider-aws/lib/codepipeline";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Guardrails } from "../../src/aspects/guardrails";

/** A stack with the guardrails, and what a test puts in it. */
const synth = (build: (scope: Construct) => void) => () => {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Aspects.of(stack).add(new Guardrails({ requireDeletionProtection: false, requireHttps: false }));
  build(stack);
  return Testing.synth(stack);
};

const KEY = "arn:aws:kms:us-east-1:333333333333:key/1";

const project = (encryptionKey?: string) => (scope: Construct) =>
  new CodebuildProject(scope, "build", {
    name: "acme-web-pipeline-image",
    serviceRole: "arn:aws:iam::333333333333:role/acme-web-pipeline-image",
    source: { type: "CODEPIPELINE", buildspec: "{}" },
    artifacts: { type: "CODEPIPELINE" },
    environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/amazonlinux-x86_64-standard:5.0" },
    ...(encryptionKey ? { encryptionKey } : {}),
  });

const pipeline = (encryptionKey?: { id: string; type: string }) => (scope: Construct) =>
  new Codepipeline(scope, "pipeline", {
    name: "acme-web-pipeline",
    roleArn: "arn:aws:iam::333333333333:role/acme-web-pipeline-role",
    artifactStore: [{ type: "S3", location: "acme-web-pipeline-artifacts-333333333333", ...(encryptionKey ? { encryptionKey } : {}) }],
    stage: [
      { name: "Source", action: [{ name: "App", category: "Source", owner: "AWS", provider: "S3", version: "1", outputArtifacts: ["app"], configuration: { S3Bucket: "b", S3ObjectKey: "k" } }] },
      { name: "Approve", action: [{ name: "Approve", category: "Approval", owner: "AWS", provider: "Manual", version: "1" }] },
    ],
  });

describe("guardrails of a pipeline (decision 0015)", () => {
  it("codebuild-encryption: a project without a customer-managed key is refused", () => {
    expect(synth(project())).toThrow("[codebuild-encryption] guarded/build (aws_codebuild_project.build): does not set encryption_key");
    expect(synth(project(KEY))).not.toThrow();
  });

  it("codepipeline-artifact-encryption: an artifact store without a KMS key is refused", () => {
    expect(synth(pipeline())).toThrow(`[codepipeline-artifact-encryption] guarded/pipeline (aws_codepipeline.pipeline): does not set every artifact_store's encryption_key with type "KMS" and an id`);
    expect(synth(pipeline({ id: KEY, type: "KMS" }))).not.toThrow();
  });
});
