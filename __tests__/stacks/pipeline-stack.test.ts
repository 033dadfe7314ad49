import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { ARTIFACT_FOLDER_CHARS } from "../../src/config/pipeline/resolve";
import { Platform } from "../../src/platform";
import { PipelineStack } from "../../stacks/pipeline-stack";
import { buildPlatform, SynthesizedStack } from "../support/synth";

const EXAMPLE = join(__dirname, "../../examples/codepipeline.json");

/** examples/codepipeline.json's platform, in a test app. */
function examplePlatform() {
  const app = Testing.app();
  return new Platform(app, { platform: resolvePlatform(parseConfig(JSON.parse(readFileSync(EXAMPLE, "utf8")), "test")), bootstrap: false });
}

/** A role's inline policy statements by Sid. */
const statementsOf = (stack: SynthesizedStack, path: string): Record<string, { Action: string | string[]; Resource: string | string[]; Condition?: object }> =>
  Object.fromEntries(JSON.parse(stack.resource("aws_iam_role_policy", path).policy).Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));

describe("<app>-pipeline stack (decision 0015)", () => {
  const platform = examplePlatform();
  const pipelineStack = platform.pipelines.get("web")!;
  const stack = new SynthesizedStack(pipelineStack);
  const ref = SynthesizedStack.ref;

  it("exists only where apps.<app>.pipeline is on: none in the built-in configuration", () => {
    const { app, platform: builtIn } = buildPlatform();
    expect(builtIn.pipelines.size).toBe(0);
    expect(app.node.children.filter((child) => child instanceof PipelineStack)).toEqual([]);
    expect(pipelineStack.node.id).toBe("web-pipeline");
  });

  it("lives in the build repository's account and region, applied by an administrator, after the build repository and the service stacks it deploys to", () => {
    expect(stack.json.provider.aws[0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["333333333333"] });
    expect(stack.json.provider.aws[0].default_tags[0].tags).toMatchObject({ DeployedBy: "administrator", Environment: "acme-web-pipeline" });
    expect(stack.json.terraform.backend.s3.key).toBe("acme/web-pipeline.tfstate");
    expect(pipelineStack.dependencies.map((dependency) => dependency.node.id).sort()).toEqual(["backend-shared", "web-build-repository", "web-dev-service", "web-prod-service", "web-staging-service"]);
    // No role of an administrator's stack carries a workload boundary.
    for (const role of stack.resources("aws_iam_role")) expect(role.permissions_boundary).toBeUndefined();
  });

  it("a V2 pipeline: the app's main from the PENDING connection, the image build, then dev, and an approval before staging and prod", () => {
    const [pipeline] = stack.resources("aws_codepipeline");
    const connection = stack.resource("aws_codestarconnections_connection", "pipeline/connection");
    expect(connection).toMatchObject({ name: "acme-web", provider_type: "GitHub" });
    expect(pipeline).toMatchObject({ name: "acme-web-pipeline", pipeline_type: "V2", execution_mode: "SUPERSEDED" });
    const actions = pipeline.stage.map((stage: { name: string; action: { name: string; provider: string }[] }) => [stage.name, stage.action.map((action) => `${action.name}:${action.provider}`)]);
    expect(actions).toEqual([
      ["Source", ["App:CodeStarSourceConnection", "Platform:CodeStarSourceConnection"]],
      ["Build", ["Image:CodeBuild"]],
      ["Release-dev", ["Migrate:CodeBuild", "Deploy:CodeDeployToECS"]],
      ["Release-staging", ["Approve:Manual", "Migrate:CodeBuild", "Deploy:CodeDeployToECS"]],
      ["Release-prod", ["Approve:Manual", "Migrate:CodeBuild", "Deploy:CodeDeployToECS"]],
    ]);
    const app = pipeline.stage[0].action[0];
    expect(app.configuration).toEqual({ ConnectionArn: ref("aws_codestarconnections_connection", connection, "arn"), FullRepositoryId: "acme/web", BranchName: "main", OutputArtifactFormat: "CODE_ZIP", DetectChanges: "true" });
    expect(pipeline.stage[0].action[1].configuration).toMatchObject({ FullRepositoryId: "acme/platform", DetectChanges: "false" });
    expect(pipeline.trigger).toEqual([{ provider_type: "CodeStarSourceConnection", git_configuration: { source_action_name: "App", push: [{ branches: { includes: ["main"] } }] } }]);
    const prod = pipeline.stage[4].action;
    expect(prod[0]).toMatchObject({ run_order: 1, timeout_in_minutes: 10080 });
    expect(prod[1]).toMatchObject({ run_order: 2, input_artifacts: ["app", "platform"], output_artifacts: ["release3"] });
    expect(JSON.parse(prod[1].configuration.EnvironmentVariables)).toEqual([{ name: "IMAGE_URI", value: "#{Build.IMAGE_URI}", type: "PLAINTEXT" }]);
    expect(prod[2]).toMatchObject({
      run_order: 3,
      configuration: { ApplicationName: "acme-web-prod", DeploymentGroupName: "acme-web-prod", TaskDefinitionTemplateArtifact: "release3", AppSpecTemplateArtifact: "release3" },
    });
  });

  it("keeps artifacts in a bucket of its own key: versioned, public access blocked, TLS only, expiring after 30 days", () => {
    const key = stack.resource("aws_kms_key", "artifacts/key/key");
    expect(key.enable_key_rotation).toBe(true);
    const bucket = stack.resource("aws_s3_bucket", "artifacts/bucket/bucket");
    expect(bucket.bucket).toBe("acme-web-pipeline-artifacts-333333333333");
    expect(stack.resources("aws_s3_bucket_server_side_encryption_configuration")[0].rule[0].apply_server_side_encryption_by_default).toMatchObject({ sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key", key, "arn") });
    expect(stack.resources("aws_s3_bucket_public_access_block")[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(stack.resources("aws_s3_bucket_versioning")[0].versioning_configuration.status).toBe("Enabled");
    const rules = stack.resources("aws_s3_bucket_lifecycle_configuration")[0].rule;
    expect(rules.some((rule: { expiration?: { days: number }[] }) => rule.expiration?.[0]?.days === 30)).toBe(true);
    expect(JSON.parse(stack.resources("aws_s3_bucket_policy")[0].policy).Statement.some((statement: { Condition?: { Bool?: Record<string, boolean> } }) => statement.Condition?.Bool?.["aws:SecureTransport"] === false)).toBe(true);
    const [pipeline] = stack.resources("aws_codepipeline");
    expect(pipeline.artifact_store).toEqual([{ type: "S3", location: ref("aws_s3_bucket", bucket, "bucket"), encryption_key: { id: ref("aws_kms_key", key, "arn"), type: "KMS" } }]);
  });

  it("lets no one but the pipeline's role write artifacts, and each release role only its own output (the lower releases run the app's code)", () => {
    const bucket = "arn:aws:s3:::acme-web-pipeline-artifacts-333333333333";
    const role = (name: string) => `arn:aws:iam::333333333333:role/${name}`;
    const statements = Object.fromEntries(JSON.parse(stack.resources("aws_s3_bucket_policy")[0].policy).Statement.map((statement: { Sid: string }) => [statement.Sid, statement]));
    const writes = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"];
    expect(statements.OnlyThePipelineAndItsReleasesWriteArtifacts).toEqual({
      Sid: "OnlyThePipelineAndItsReleasesWriteArtifacts",
      Effect: "Deny",
      Principal: "*",
      Action: writes,
      Resource: `${bucket}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [role("acme-web-pipeline-role"), ...["dev", "staging", "prod"].map((env) => role(`acme-web-pipeline-${env}-release`))] } },
    });
    // CodePipeline's key layout: the pipeline's name cut to 20 characters, then the artifact's name (release<n>, never longer than 10, which it would cut).
    ["dev", "staging", "prod"].forEach((env, index) => {
      expect(statements[`Release${index + 1}WritesItsOutputOnly`]).toMatchObject({ Effect: "Deny", Action: writes, NotResource: `${bucket}/acme-web-pipeline/release${index + 1}/*`, Condition: { ArnEquals: { "aws:PrincipalArn": role(`acme-web-pipeline-${env}-release`) } } });
    });
    const artifact = stack.resource("aws_s3_bucket", "artifacts/bucket/bucket");
    expect(statementsOf(stack, "release-dev/role-policy").WriteItsOwnOutputArtifact).toMatchObject({ Action: "s3:PutObject", Resource: `arn:aws:s3:::${ref("aws_s3_bucket", artifact, "bucket")}/acme-web-pipeline/release1/*` });
    expect(statementsOf(stack, "image/role-policy").WriteItsOwnOutputArtifact).toBeUndefined();
  });

  it("names release outputs within CodePipeline's folder truncation, and cuts a long pipeline name as CodePipeline does", () => {
    const pipeline = resolvePlatform(parseConfig(JSON.parse(readFileSync(EXAMPLE, "utf8")), "test")).apps[0].pipeline!;
    for (const release of pipeline.releases) expect(release.outputArtifact.length).toBeLessThanOrEqual(ARTIFACT_FOLDER_CHARS);
    const long = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    long.apps = { "storefront-api": long.apps.web };
    const resolved = resolvePlatform(parseConfig(long, "test")).apps[0].pipeline!;
    expect(resolved.name).toBe("acme-storefront-api-pipeline");
    expect(resolved.releases.map((release) => release.outputKeyPrefix)).toEqual(["acme-storefront-api-/release1/", "acme-storefront-api-/release2/", "acme-storefront-api-/release3/"]);
  });

  it("runs Docker (privileged) in the image build alone; every project encrypts with the artifact key and logs to its own encrypted group", () => {
    const projects = stack.resources("aws_codebuild_project");
    expect(Object.fromEntries(projects.map((project) => [project.name, project.environment.privileged_mode]))).toEqual({
      "acme-web-pipeline-image": true,
      "acme-web-pipeline-dev-release": false,
      "acme-web-pipeline-staging-release": false,
      "acme-web-pipeline-prod-release": false,
    });
    const key = stack.resource("aws_kms_key", "artifacts/key/key");
    for (const project of projects) {
      expect(project.encryption_key).toBe(ref("aws_kms_key", key, "arn"));
      expect(project.vpc_config).toBeUndefined();
    }
    for (const group of stack.resources("aws_cloudwatch_log_group")) expect(group).toMatchObject({ kms_key_id: ref("aws_kms_key", key, "arn"), retention_in_days: 90 });
  });

  it("generates the buildspecs: push by commit, wait for the scan, fail on HIGH or CRITICAL, export the image by digest; no Terraform interpolation in them", () => {
    const [image, dev] = ["image/project", "release-dev/project"].map((path) => stack.resource("aws_codebuild_project", path).source.buildspec as string);
    const build = JSON.parse(image);
    expect(build.env["exported-variables"]).toContain("IMAGE_URI");
    const commands: string = build.phases.build.commands.join("\n");
    expect(commands).toContain("aws ecr wait image-scan-complete --repository-name 'acme/web'");
    expect(commands).toContain("jq '[.CRITICAL, .HIGH] | map(. // 0) | add'");
    expect(commands).toContain("IMAGE_URI='333333333333.dkr.ecr.us-east-1.amazonaws.com/acme/web'@$(aws ecr describe-images");
    const release: string = JSON.parse(dev).phases.build.commands.join("\n");
    expect(release).toContain('aws s3 cp "s3://acme-333333333333-us-east-1-tfstate/acme/web-dev-service.tfstate" -');
    expect(release).toContain('npx tsx scripts/release.ts migrate "$CODEBUILD_SRC_DIR/release-with-image.json" --pipeline');
    expect(JSON.parse(dev).artifacts.files).toEqual(["taskdef.json", "appspec.yaml"]);
    for (const spec of [image, dev]) expect(spec).not.toMatch(/\$\{/);
  });

  it("scopes the image build's role: push to acme/web only, read the pipeline's artifacts, write its own log group", () => {
    const statements = statementsOf(stack, "image/role-policy");
    expect(statements.PushToTheBuildRepositoryAndReadItsScan.Resource).toBe("arn:aws:ecr:us-east-1:333333333333:repository/acme/web");
    const bucket = stack.resource("aws_s3_bucket", "artifacts/bucket/bucket");
    expect(statements.ReadThePipelinesArtifacts).toMatchObject({ Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `arn:aws:s3:::${ref("aws_s3_bucket", bucket, "bucket")}/*` });
    expect(Object.keys(statements).sort()).toEqual(["EcrLoginWhichHasNoResourceScope", "ItsOwnLogGroup", "PushToTheBuildRepositoryAndReadItsScan", "ReadThePipelinesArtifacts", "TheArtifactKey"]);
  });

  it("scopes each release role to its environment: its service stack's state object, its migration family on its cluster, its two migration roles", () => {
    const statements = statementsOf(stack, "release-staging/role-policy");
    expect(statements.TheServiceStacksReleaseContract.Resource).toBe("arn:aws:s3:::acme-333333333333-us-east-1-tfstate/acme/web-staging-service.tfstate");
    expect(statements.RunTheMigrationOnTheEnvironmentsCluster).toMatchObject({
      Resource: "arn:aws:ecs:us-east-1:333333333333:task-definition/acme-web-staging-migrate:*",
      Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:us-east-1:333333333333:cluster/acme-web-staging" } },
    });
    expect(statements.PassTheMigrationsRolesToEcsTasks.Resource).toEqual(["arn:aws:iam::333333333333:role/acme-web-staging-task-execution", "arn:aws:iam::333333333333:role/acme-web-staging-migrate-task"]);
    expect(JSON.stringify(statements)).not.toMatch(/acme-web-(dev|prod)/);
  });

  it("scopes the pipeline's role: its connection, its projects, its deployment groups, the services' task roles passed to ECS tasks only", () => {
    const statements = statementsOf(stack, "pipeline/role-policy");
    expect(statements.DeployToItsDeploymentGroups.Resource).toEqual(["dev", "staging", "prod"].map((env) => `arn:aws:codedeploy:us-east-1:333333333333:deploymentgroup:acme-web-${env}/acme-web-${env}`));
    expect(statements.PassTheServicesTaskRolesToEcsTasks).toMatchObject({ Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } });
    expect((statements.PassTheServicesTaskRolesToEcsTasks.Resource as string[]).every((arn) => /role\/acme-web-(dev|staging|prod)-task(-execution)?$/.test(arn))).toBe(true);
    expect((statements.ItsOwnProjects.Resource as string[]).length).toBe(4);
  });
});
