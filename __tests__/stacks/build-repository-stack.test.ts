import { Testing } from "cdktf";
import type { PlatformRun } from "../../src/config/platform/load";
import { BuildRepositoryStack } from "../../stacks/build-repository-stack";
import { SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, defaultRun, runOf } from "../support/config";

const ref = SynthesizedStack.ref;

/** The web app's build repository stack of a run, synthesized (which runs the guardrails). */
function synthesize(run: PlatformRun): SynthesizedStack {
  const stack = new BuildRepositoryStack(Testing.app(), "web-build-repository", {
    project: run.platform.project,
    repository: run.platform.apps[0].buildRepository,
  });
  return new SynthesizedStack(stack);
}

/** The rules of the lifecycle policy, parsed. */
const lifecycleRules = (stack: SynthesizedStack) => JSON.parse(stack.resource("aws_ecr_lifecycle_policy", "repository/lifecycle").policy).rules;

describe("<app>-build-repository stack", () => {
  const stack = synthesize(defaultRun());
  const repository = stack.resource("aws_ecr_repository", "repository/repository");
  const key = stack.resource("aws_kms_key", "repository/key/key");

  it("holds acme/web with immutable tags, scanned on push, encrypted with the stack's rotating key, never force-deleted", () => {
    expect(repository).toMatchObject({
      name: "acme/web",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: ref("aws_kms_key", key, "arn") }],
      force_delete: false,
    });
    expect(key.enable_key_rotation).toBe(true);
    expect(stack.resource("aws_kms_alias", "repository/key/alias").name).toBe("alias/acme-web-ecr");
  });

  it("deploys into the nonprod account's primary region with state in its backend", () => {
    expect(stack.json.provider.aws[0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["111111111111"] });
    expect(stack.json.terraform.backend.s3).toMatchObject({
      bucket: "acme-111111111111-us-east-1-tfstate",
      key: "acme/web-build-repository.tfstate",
      region: "us-east-1",
      encrypt: true,
    });
  });

  it("expires untagged images after 7 days and all but the newest 50 CI images; images with a release tag are selected first, so never by the CI rule", () => {
    expect(lifecycleRules(stack)).toEqual([
      expect.objectContaining({
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
        action: { type: "expire" },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: "tagged", tagPatternList: ["*.*"], countType: "imageCountMoreThan", countNumber: 10000 },
        action: { type: "expire" },
      }),
      expect.objectContaining({
        rulePriority: 3,
        selection: { tagStatus: "tagged", tagPrefixList: ["ci-"], countType: "imageCountMoreThan", countNumber: 50 },
        action: { type: "expire" },
      }),
    ]);
    expect(stack.resource("aws_ecr_lifecycle_policy", "repository/lifecycle").repository).toBe(ref("aws_ecr_repository", repository, "name"));
  });

  it("lets only prod's task execution roles pull, and nobody outside the account push", () => {
    const policy = stack.resource("aws_ecr_repository_policy", "repository/policy");
    expect(policy.repository).toBe(ref("aws_ecr_repository", repository, "name"));
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: "PullRolesPull",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::222222222222:root"] },
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/acme-web-*-task-execution"] } },
      },
    ]);
  });

  it("lets those roles decrypt images with the key only through ECR in the repository's region", () => {
    const statements = JSON.parse(key.policy).Statement;
    expect(statements[1]).toEqual({
      Sid: "PullRolesDecryptThroughEcr",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::222222222222:root"] },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": "ecr.us-east-1.amazonaws.com" },
        ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/acme-web-*-task-execution"] },
      },
    });
  });

  it("outputs the repository's URL and ARN", () => {
    expect(stack.json.output).toMatchObject({
      repository_url: { value: ref("aws_ecr_repository", repository, "repository_url") },
      repository_arn: { value: ref("aws_ecr_repository", repository, "arn") },
    });
  });

  it("has no repository policy and no cross-account key use when the app stays in one account; replication is the registry's", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments = { dev: {}, staging: {} };
    const single = synthesize(runOf(config));
    expect(single.resources("aws_ecr_repository_policy")).toEqual([]);
    expect(JSON.parse(single.resource("aws_kms_key", "repository/key/key").policy).Statement).toHaveLength(1);
    expect(stack.resources("aws_ecr_replication_configuration")).toEqual([]);
  });

  it("takes the lifecycle numbers from the app's configuration", () => {
    const config = defaultConfigCopy();
    config.apps!.web.buildRepository = { keepCiImages: 20, untaggedExpiryDays: 3, ciTagPrefix: "build-" };
    const [untagged, , ci] = lifecycleRules(synthesize(runOf(config)));
    expect(untagged.selection.countNumber).toBe(3);
    expect(ci.selection).toMatchObject({ tagPrefixList: ["build-"], countNumber: 20 });
  });
});
