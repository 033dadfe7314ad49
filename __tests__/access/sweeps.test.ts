import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ContractRequest, PolicyWorld, RoleModel } from "../support/iam-contract";
import { writtenStacks } from "../support/synth";
import { defaultRun } from "../support/config";

/**
 * The access contract's invariants, swept over every principal and resource of the synthesized
 * world (thousands of requests): where the table (docs/access-contract.md) states one case per
 * attack, these state the attack for every role, key, bucket, vault, trail and workflow that
 * exists, so a new stack or role is covered the day it is added. Each failure lists every request
 * that breaks the invariant, with the statements that allowed it.
 */
let world: PolicyWorld;
beforeAll(() => {
  world = PolicyWorld.build(
    writtenStacks(),
    defaultRun().platform.accounts.map((account) => ({ name: account.name, id: account.id })),
  );
}, 60_000);

const ADMIN = "acme-admin";
const WORKFLOWS = readdirSync(join(__dirname, "../../.github/workflows")).filter((file) => file.endsWith(".yml"));

/** Evaluates every request and returns those whose decision is not the expected one. */
async function breaches(requests: ContractRequest[], expected: "allowed" | "denied"): Promise<string[]> {
  const found: string[] = [];
  for (const request of requests) {
    const decision = await world.evaluate(request);
    if ((decision.result === "Allowed" ? "allowed" : "denied") !== expected)
      found.push(`${request.principal} ${request.action} ${request.resource}${request.context ? ` [${request.context}]` : ""}: ${decision.result} ${decision.decisive.join("; ")}`);
  }
  return found;
}

const roles = () => [...world.roles.values()];
const principal = (role: RoleModel) => `${role.name}@${world.accountName(role.account)}`;
const deployRoles = () => roles().filter((role) => /-ci-deploy-/.test(role.name));
const environmentOf = (role: RoleModel) => role.name.replace(/^.*-ci-deploy-/, "");
const resourcesOf = (type: string) => [...world.resources.values()].filter((resource) => resource.place.type === type);
const resourceArgs = (type: string) => [...world.stacks].flatMap(([stack, json]) => Object.values<Record<string, any>>(json.resource?.[type] ?? {}).map((args) => ({ stack, args })));
const requests = (who: RoleModel[], actions: string[], resources: string[], context = ""): ContractRequest[] =>
  who.flatMap((role) => resources.filter((arn) => sameAccount(role, arn)).flatMap((resource) => actions.map((action) => ({ principal: principal(role), action, resource, context }))));
const sameAccount = (role: RoleModel, arn: string) => {
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(arn);
  const account = bucket ? world.resources.get(`arn:aws:s3:::${bucket[1]}`)?.place.account : arn.split(":")[4];
  return account === role.account;
};

/** The keys that protect evidence and copies: the trail's, the state backend's, the backup vaults' and the image repositories', found by use, not by alias. */
function protectedKeys(): string[] {
  const keys = new Set<string>();
  for (const { stack, args } of resourceArgs("aws_cloudtrail")) keys.add(world.resolve(stack, args.kms_key_id) as string);
  for (const { stack, args } of resourceArgs("aws_backup_vault")) keys.add(world.resolve(stack, args.kms_key_arn) as string);
  for (const { stack, args } of resourceArgs("aws_ecr_repository")) for (const encryption of args.encryption_configuration ?? []) if (encryption.kms_key) keys.add(world.resolve(stack, encryption.kms_key) as string);
  for (const { stack, args } of resourceArgs("aws_s3_bucket_server_side_encryption_configuration")) {
    const bucket = world.resolve(stack, args.bucket) as string;
    if (![...world.stateObjects].some((object) => object.startsWith(`${bucket}/`))) continue;
    for (const rule of args.rule ?? []) {
      const key = rule.apply_server_side_encryption_by_default?.kms_master_key_id;
      if (key) keys.add(world.resolve(stack, key) as string);
    }
  }
  for (const key of keys) if (!world.resources.has(key)) throw new Error(`${key} is no key of the world`);
  return [...keys];
}

describe("the access contract's invariants, over every principal and resource", () => {
  it("F1, F3, F7, F9: no deploy role disables, deletes or stops rotating any key of its account", async () => {
    const keys = resourcesOf("aws_kms_key").map((key) => key.arn);
    const all = requests(deployRoles(), ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation"], keys);
    expect(all.length).toBeGreaterThan(100);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F1, F7, F9: no deploy role administers or uses a key that protects evidence or copies (trail, state, vaults, image repositories) beyond the state key's data use", async () => {
    const all = requests(deployRoles(), ["kms:PutKeyPolicy", "kms:CreateGrant", "kms:UpdateAlias", "kms:DeleteAlias"], protectedKeys());
    expect(all.length).toBeGreaterThan(50);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F3: no deploy role reads, writes or deletes the state of another environment's stack or of an account-wide stack", async () => {
    const environments = deployRoles().map(environmentOf);
    const all = deployRoles().flatMap((role) => {
      const others = environments.filter((environment) => environment !== environmentOf(role));
      const foreign = [...world.stateObjects].filter((object) => {
        const stack = object.replace(/^[^/]+\/[^/]+\/(.+)\.tfstate$/, "$1");
        const accountWide = /^(backend|access|audit|github|registry)-|-build-repository$/.test(stack);
        return accountWide || others.some((environment) => new RegExp(`(^|-)${environment}(-|$)`).test(stack) && !new RegExp(`(^|-)${environmentOf(role)}(-|$)`).test(stack));
      });
      return requests([role], ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion"], foreign.map((object) => `arn:aws:s3:::${object}`));
    });
    expect(all.length).toBeGreaterThan(200);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F1, F10: no principal but the admin role blinds, reconfigures or erases an account's trail, its log group, bucket or key", async () => {
    const all = resourceArgs("aws_cloudtrail").flatMap(({ stack, args }) => {
      const trail = resourcesOf("aws_cloudtrail").find((resource) => resource.place.stack === stack)!;
      const logGroup = (world.resolve(stack, args.cloud_watch_logs_group_arn) as string).replace(/:\*$/, "");
      const bucket = `arn:aws:s3:::${world.resolve(stack, args.s3_bucket_name)}`;
      const key = world.resolve(stack, args.kms_key_id) as string;
      const who = roles().filter((role) => role.account === trail.place.account && role.name !== ADMIN);
      return [
        ...requests(who, ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"], [trail.arn]),
        ...requests(who, ["logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DisassociateKmsKey"], [logGroup]),
        ...requests(who, ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket"], [bucket]),
        ...requests(who, ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject"], [`${bucket}/AWSLogs/${trail.place.account}/CloudTrail/us-east-1/2026/01/01/log.json.gz`]),
        ...requests(who, ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"], [key]),
      ];
    });
    expect(all.length).toBeGreaterThan(500);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F8: no principal but the app's task, backup, replication and admin roles reads, writes, deletes or restores an app files object, of any version, primary or DR", async () => {
    const files = resourcesOf("aws_s3_bucket").filter((bucket) => /-files$/.test(bucket.bucket ?? ""));
    expect(files.length).toBeGreaterThan(4);
    const all = files.flatMap((bucket) => {
      const app = bucket.bucket!.replace(/-\d{12}(-[a-z]+-[a-z]+-\d)?-files$/, "");
      const exempt = [`${app}-task`, `${app}-dr-task`, `${app}-backup`, `${app}-files-replication`, ADMIN];
      const who = roles().filter((role) => role.account === bucket.place.account && !exempt.includes(role.name));
      return requests(who, ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:RestoreObject"], [`${bucket.arn}/uploads/a.png`]);
    });
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F9: no principal but the admin role deletes or shortens a recovery point, or deletes, re-policies or unlocks a vault", async () => {
    const all = resourcesOf("aws_backup_vault").flatMap((vault) => {
      const who = roles().filter((role) => role.account === vault.place.account && role.name !== ADMIN);
      const name = vault.arn.split(":").pop()!;
      const point = `arn:aws:backup:${vault.place.region}:${vault.place.account}:recovery-point:rp-1`;
      return [
        ...requests(who, ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"], [point], `vault=${name}`),
        ...requests(who, ["backup:DeleteBackupVault", "backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy", "backup:DeleteBackupVaultLockConfiguration"], [vault.arn]),
      ];
    });
    expect(all.length).toBeGreaterThan(100);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F2, 0006: no role under a boundary changes IAM or chains into another role", async () => {
    const workloads = roles().filter((role) => role.boundary);
    expect(workloads.length).toBeGreaterThan(10);
    const all = workloads.flatMap((role) => [
      ...requests([role], ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRolePermissionsBoundary"], [role.arn]),
      ...requests([role], ["iam:CreateRole"], [`arn:aws:iam::${role.account}:role/${role.name}-minted`], "new"),
      ...requests([role], ["sts:AssumeRole"], [`arn:aws:iam::${role.account}:role/${ADMIN}`]),
    ]);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F2: no deploy role rewrites a trust policy, nor changes a role that is not its environment's", async () => {
    const all = deployRoles().flatMap((role) => {
      const others = roles().filter((other) => other.account === role.account && !other.name.includes(`-${environmentOf(role)}-`) && !other.name.endsWith(`-${environmentOf(role)}`));
      return [
        ...requests([role], ["iam:UpdateAssumeRolePolicy"], roles().map((other) => other.arn)),
        ...requests([role], ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRole"], others.map((other) => other.arn)),
      ];
    });
    expect(all.length).toBeGreaterThan(100);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F3: a deploy role changes nothing tagged for another deploy role's environment, of any type", async () => {
    const destructive: Record<string, string[]> = {
      aws_kms_key: ["kms:PutKeyPolicy", "kms:Decrypt", "kms:CreateGrant"],
      aws_cloudwatch_log_group: ["logs:DeleteLogGroup", "logs:PutRetentionPolicy"],
      aws_secretsmanager_secret: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret"],
      aws_db_instance: ["rds:ModifyDBInstance", "rds:DeleteDBInstance"],
      aws_ecs_cluster: ["ecs:DeleteCluster"],
      aws_ecs_service: ["ecs:UpdateService", "ecs:DeleteService"],
      aws_lambda_function: ["lambda:UpdateFunctionCode", "lambda:DeleteFunction"],
      aws_sns_topic: ["sns:DeleteTopic", "sns:Subscribe"],
      aws_backup_vault: ["backup:DeleteBackupVault"],
      aws_iam_role: ["iam:PutRolePolicy", "iam:DeleteRole", "iam:PassRole"],
    };
    const environments = deployRoles().map(environmentOf);
    const all = deployRoles().flatMap((role) =>
      Object.entries(destructive).flatMap(([type, actions]) =>
        requests(
          [role],
          actions,
          resourcesOf(type)
            .filter((resource) => environments.includes(resource.tags.Environment) && resource.tags.Environment !== environmentOf(role))
            .map((resource) => resource.arn),
        ),
      ),
    );
    expect(all.length).toBeGreaterThan(200);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  it("F7: no pipeline or workload role but the push role writes, deletes or re-policies an image repository", async () => {
    const repositories = resourcesOf("aws_ecr_repository").map((repository) => repository.arn);
    const people = ["acme-admin", "acme-devops", "acme-developer"];
    const who = roles().filter((role) => !/-ci-push-/.test(role.name) && !people.includes(role.name));
    const all = requests(who, ["ecr:PutImage", "ecr:BatchDeleteImage", "ecr:SetRepositoryPolicy", "ecr:DeleteRepository", "ecr:PutLifecyclePolicy", "ecr:PutImageTagMutability"], repositories);
    expect(all.length).toBeGreaterThan(50);
    expect(await breaches(all, "denied")).toEqual([]);
  });

  describe("F5, F6, F7, 0006: GitHub Actions' jobs get exactly the roles of their workflow, context and ref", () => {
    /** Which job may assume which kind of role: the workflow file, the subject's context and the ref. */
    const legitimate = (role: RoleModel, context: string, workflow: string, ref: string): boolean => {
      if (/-ci-plan$/.test(role.name)) return (context === "pull_request" && workflow === "pull-request.yml" && /^refs\/pull\/\d+\/merge$/.test(ref)) || (context === "ref:refs/heads/main" && workflow === "drift.yml" && ref === "refs/heads/main");
      if (/-ci-deploy-/.test(role.name)) return context === `environment:${environmentOf(role)}` && workflow === "deploy-environment.yml" && ref === "refs/heads/main";
      if (/-ci-push-/.test(role.name)) return context === "ref:refs/heads/main" && workflow === "image.yml" && ref === "refs/heads/main";
      throw new Error(`${role.name}: a role GitHub may assume, with no rule here`);
    };
    const githubRoles = () => roles().filter((role) => JSON.stringify(role.trust).includes("token.actions.githubusercontent.com"));
    const jobs = () => {
      const environments = deployRoles().map(environmentOf);
      const contexts = ["pull_request", "ref:refs/heads/main", "ref:refs/heads/feature", ...environments.map((environment) => `environment:${environment}`)];
      const refs = ["refs/heads/main", "refs/heads/feature", "refs/pull/7/merge"];
      return contexts.flatMap((context) => [...WORKFLOWS, "other.yml"].flatMap((workflow) => refs.map((ref) => ({ context, workflow, ref }))));
    };

    it("trusts every legitimate job", async () => {
      const all = githubRoles().flatMap((role) =>
        jobs()
          .filter((job) => legitimate(role, job.context, job.workflow, job.ref))
          .map((job) => ({ principal: `github@${world.accountName(role.account)}`, action: "sts:AssumeRoleWithWebIdentity", resource: role.arn, context: `job=${job.context} ${job.workflow}@${job.ref}` })),
      );
      expect(all.length).toBeGreaterThanOrEqual(githubRoles().length);
      expect(await breaches(all, "allowed")).toEqual([]);
    });

    it("trusts no other job, workflow, branch or repository", async () => {
      const all = githubRoles().flatMap((role) => [
        ...jobs()
          .filter((job) => !legitimate(role, job.context, job.workflow, job.ref))
          .map((job) => ({ principal: `github@${world.accountName(role.account)}`, action: "sts:AssumeRoleWithWebIdentity", resource: role.arn, context: `job=${job.context} ${job.workflow}@${job.ref}` })),
        ...jobs()
          .filter((job) => legitimate(role, job.context, job.workflow, job.ref))
          .map((job) => ({ principal: `github@${world.accountName(role.account)}`, action: "sts:AssumeRoleWithWebIdentity", resource: role.arn, context: `job=${job.context} ${job.workflow}@${job.ref}; repo=acme/platform-fork` })),
      ]);
      expect(all.length).toBeGreaterThan(500);
      expect(await breaches(all, "denied")).toEqual([]);
    });
  });
});
