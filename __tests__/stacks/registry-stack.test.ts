import { Testing } from "cdktf";
import type { PlatformConfigInput } from "../../src/config/platform/schema";
import { RegistryStack } from "../../stacks/registry-stack";
import { SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, defaultRun, runOf } from "../support/config";

const ref = SynthesizedStack.ref;

/** The registry stack of the nonprod account, synthesized (which runs the guardrails). */
function synthesize(config?: PlatformConfigInput): SynthesizedStack {
  const run = config ? runOf(config) : defaultRun();
  const registry = run.platform.registries.find((candidate) => candidate.account.name === "nonprod")!;
  return new SynthesizedStack(new RegistryStack(Testing.app(), "registry-nonprod", { project: run.platform.project, registry }));
}

describe("registry-<account> stack", () => {
  const stack = synthesize();
  const template = stack.resource("aws_ecr_repository_creation_template", "replication/template-eu-west-1");
  const key = stack.resource("aws_kms_key", "replication/key-eu-west-1/key");
  const role = stack.resource("aws_iam_role", "replication/creation-role");

  it("replicates the build repository to prod's disaster-recovery region in the same account, once the template and the role's policy exist", () => {
    const [replication] = stack.resources("aws_ecr_replication_configuration");
    expect(replication.replication_configuration).toEqual({
      rule: [{ destination: [{ region: "eu-west-1", registry_id: "111111111111" }], repository_filter: [{ filter: "acme/web", filter_type: "PREFIX_MATCH" }] }],
    });
    expect(replication.depends_on).toEqual([
      `aws_ecr_repository_creation_template.${template.__name}`,
      `aws_iam_role_policy.${stack.resource("aws_iam_role_policy", "replication/creation-policy").__name}`,
    ]);
    expect(replication.provider).toBeUndefined();
    expect(stack.json.provider.aws[0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["111111111111"] });
  });

  it("gives replicas in eu-west-1 immutable tags, a rotating key of that region, the source's lifecycle and pull policy", () => {
    expect(stack.json.provider.aws[1]).toMatchObject({ alias: "eu-west-1", region: "eu-west-1", allowed_account_ids: ["111111111111"] });
    expect(template).toMatchObject({
      provider: "aws.eu-west-1",
      prefix: "acme",
      applied_for: ["REPLICATION"],
      image_tag_mutability: "IMMUTABLE",
      encryption_configuration: [{ encryption_type: "KMS", kms_key: ref("aws_kms_key", key, "arn") }],
      custom_role_arn: ref("aws_iam_role", role, "arn"),
    });
    expect(JSON.parse(template.lifecycle_policy).rules.map((rule: { selection: unknown }) => rule.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      { tagStatus: "tagged", tagPatternList: ["*.*"], countType: "imageCountMoreThan", countNumber: 10000 },
      { tagStatus: "tagged", tagPrefixList: ["ci-"], countType: "imageCountMoreThan", countNumber: 50 },
    ]);
    expect(JSON.parse(template.repository_policy).Statement).toEqual([
      {
        Sid: "PullRolesPull",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::222222222222:root"] },
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/acme-web-*-task-execution"] } },
      },
    ]);
    expect(key).toMatchObject({ provider: "aws.eu-west-1", enable_key_rotation: true });
    // Default tags reach no replica ECR creates: the template tags them as the administrator's, so no deploy or devops role may change them.
    expect(template.resource_tags).toEqual(stack.json.provider.aws[0].default_tags[0].tags);
    expect(template.resource_tags).toMatchObject({ DeployedBy: "administrator" });
    expect(stack.resource("aws_kms_alias", "replication/key-eu-west-1/alias")).toMatchObject({ provider: "aws.eu-west-1", name: "alias/acme-ecr-replicas" });
  });

  it("lets prod's task execution roles decrypt replicas only through ECR in eu-west-1", () => {
    expect(JSON.parse(key.policy).Statement[1]).toMatchObject({
      Principal: { AWS: ["arn:aws:iam::222222222222:root"] },
      Action: "kms:Decrypt",
      Condition: {
        StringEquals: { "kms:ViaService": "ecr.eu-west-1.amazonaws.com" },
        ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/acme-web-*-task-execution"] },
      },
    });
  });

  it("lets ECR, for this account only, create replicas of the project's repositories with the replica keys, and nothing else", () => {
    expect(role.name).toBe("acme-ecr-replica-creation");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } },
    ]);
    const policy = JSON.parse(stack.resource("aws_iam_role_policy", "replication/creation-policy").policy);
    expect(policy.Statement).toEqual([
      { Sid: "CreateReplicas", Effect: "Allow", Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"], Resource: ["arn:aws:ecr:eu-west-1:111111111111:repository/acme/*"] },
      { Sid: "UseReplicaKeys", Effect: "Allow", Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], Resource: [ref("aws_kms_key", key, "arn")] },
    ]);
  });

  it("covers every replicating repository of the account in one configuration: one rule per set of destinations", () => {
    const config = defaultConfigCopy();
    config.apps!.api = { ...config.apps!.web, buildRepository: { replicaRegions: ["eu-west-1", "us-west-2"] } };
    config.apps!.admin = { ...config.apps!.web };
    const both = synthesize(config);
    const [replication] = both.resources("aws_ecr_replication_configuration");
    expect(replication.replication_configuration.rule).toEqual([
      {
        destination: [{ region: "eu-west-1", registry_id: "111111111111" }],
        repository_filter: [
          { filter: "acme/web", filter_type: "PREFIX_MATCH" },
          { filter: "acme/admin", filter_type: "PREFIX_MATCH" },
        ],
      },
      {
        destination: [
          { region: "eu-west-1", registry_id: "111111111111" },
          { region: "us-west-2", registry_id: "111111111111" },
        ],
        repository_filter: [{ filter: "acme/api", filter_type: "PREFIX_MATCH" }],
      },
    ]);
    expect(both.resources("aws_ecr_repository_creation_template").map((t) => [t.provider, t.prefix])).toEqual([
      ["aws.eu-west-1", "acme"],
      ["aws.us-west-2", "acme"],
    ]);
    const pullRoles = JSON.parse(both.resource("aws_ecr_repository_creation_template", "replication/template-eu-west-1").repository_policy).Statement[0].Condition;
    expect(pullRoles.ArnLike["aws:PrincipalArn"]).toEqual(["arn:aws:iam::222222222222:role/acme-web-*-task-execution", "arn:aws:iam::222222222222:role/acme-api-*-task-execution", "arn:aws:iam::222222222222:role/acme-admin-*-task-execution"]);
  });

  it("does not exist for an account whose repositories do not replicate", () => {
    const config = defaultConfigCopy();
    delete config.environments.prod.drNetwork;
    delete config.networks["prod-dr"];
    expect(runOf(config).platform.registries).toEqual([]);
  });
});
