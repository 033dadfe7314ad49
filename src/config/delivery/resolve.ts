import { ResolvedAccount } from "../account/resolve";
import type { ResolvedDeployment } from "../app/resolve";
import { ResolvedEnvironment } from "../environment/resolve";
import { PlatformConfig } from "../platform/schema";
import { ResolvedProject } from "../project/resolve";
import { ResolvedBuildRepository } from "../service/resolve";
import { APP_STACK_KINDS, appStackId, DR_STACK_KINDS, networkStackId, peeringStackId } from "../shared/stack-ids";
import { administratorArns, appFilesBucketsIn, ResolvedAudit, resolveAudit } from "./audit";
import { jobWorkflowRef, ROLE_WORKFLOWS } from "./oidc-subjects";
import { ResolvedOrganization, resolveOrganization } from "./organization";

/** Which OIDC subject forms the CI roles trust, unless `delivery.github.subjects` says. */
export const DEFAULT_SUBJECT_FORM = "name";

/** Approving reviews a pull request to main needs (seed 004: two approvals before staging). */
export const DEFAULT_REQUIRED_APPROVALS = 2;

/** Seconds since the MFA sign-in within which the admin role may be assumed. */
export const DEFAULT_ADMIN_MFA_MAX_AGE_SECONDS = 3600;

/** Days CloudTrail's logs are kept (seed 004's logging table: one year). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/**
 * Seconds since the MFA sign-in within which the break-glass role may be assumed: shorter than the
 * admin role's, as its use is an incident's first minutes.
 */
export const BREAK_GLASS_MFA_MAX_AGE_SECONDS = 900;

/** The role people assume when the primary region is down, in every account with a DR network where people's access is configured. */
export const breakGlassRoleName = (project: string) => `${project}-break-glass`;

/** A CI role's sessions (plan, image push): one hour, enough for a plan or a push. */
export const CI_SESSION_SECONDS = 3600;

/**
 * A deploy role's sessions: three hours, the deploy job's timeout. A failover's apply waits for
 * RDS to promote the replica, take its first backup and convert it to Multi-AZ; a session that
 * expired mid-apply would stop the job with the rest of the stacks unapplied.
 */
export const DEPLOY_SESSION_SECONDS = 3 * 3600;

/** GitHub's OIDC issuer and the audience AWS's STS expects. */
export const GITHUB_OIDC = { url: "https://token.actions.githubusercontent.com", host: "token.actions.githubusercontent.com", audience: "sts.amazonaws.com" } as const;

/** The checks a pull request to main must pass: the pull-request workflow's jobs. */
export const REQUIRED_CHECKS = ["checks", "plan"] as const;

/**
 * The permissions boundary every role of a pipeline-deployed stack carries: one per `Environment`
 * tag value (an environment, or a network), which the access stack of its account creates.
 */
export const workloadBoundaryArn = (project: string, accountId: string, scope: string) => `arn:aws:iam::${accountId}:policy/${workloadBoundaryName(project, scope)}`;

/** The boundary policy's name, `<project>-workload-boundary-<environment or network>`. */
export const workloadBoundaryName = (project: string, scope: string) => `${project}-workload-boundary-${scope}`;

/**
 * The app stacks an administrator applies: the app files buckets (no deploy role may loosen their
 * policy, lifecycle or replication) and the backups (no deploy role may touch a vault).
 */
export const ADMINISTRATOR_APP_STACK_KINDS: readonly string[] = ["files", "dr-storage", "backup"];

/** The app stacks a deploy role applies: every other kind. */
export const PIPELINE_APP_STACK_KINDS = [...APP_STACK_KINDS, ...DR_STACK_KINDS].filter((kind) => !ADMINISTRATOR_APP_STACK_KINDS.includes(kind));

/** The stacks of an app's cache (decision 0009), which exist only where the app has one. */
const CACHE_STACK_KINDS: readonly string[] = ["cache", "dr-cache"];

/** The role an administrator assumes in every account where people's access is configured: the only key administrator of the audit trail and the vaults. */
export const adminRoleName = (project: string) => `${project}-admin`;

/** Where IAM and Route 53, the global services, take their calls: every deploy role may call there. */
export const GLOBAL_SERVICES_REGION = "us-east-1";

/** Where GitHub Actions runs and what it may do. */
export interface ResolvedGithub {
  /** The platform repository's owner. */
  readonly owner: string;
  /** The platform repository's name. */
  readonly repository: string;
  /** The OIDC subject prefixes the roles trust for this repository: `repo:<owner>/<repo>` and/or `repo:<owner>@<id>/<repo>@<id>`. */
  readonly subjectPrefixes: readonly string[];
  /** Required reviewers of each environment's deployments: GitHub team and user ids (none: no approval). */
  readonly reviewers: Readonly<Record<string, { readonly teams: readonly number[]; readonly users: readonly number[] }>>;
  /** Approving reviews a pull request to main needs. */
  readonly requiredApprovals: number;
}

/** Who may assume the human roles. */
export type HumanPrincipal = { readonly kind: "account"; readonly accountId: string } | { readonly kind: "saml"; readonly providerName: string };

/** Seed 004's human roles. */
export interface ResolvedHumanAccess {
  /** Who may assume them. */
  readonly principal: HumanPrincipal;
  /** Seconds since MFA within which admin may be assumed (an account principal; a SAML provider's IdP enforces its own). */
  readonly adminMfaMaxAgeSeconds: number;
}

/** What an environment's deploy role may touch. */
export interface DeployScope {
  /** The environment. */
  readonly environment: string;
  /** `<project>-ci-deploy-<env>`. */
  readonly roleName: string;
  /** The OIDC subjects it trusts: jobs of the GitHub environment `<env>` only. */
  readonly subjects: readonly string[];
  /** Regions its stacks are in (its networks', and us-east-1 for IAM and Route 53). */
  readonly regions: readonly string[];
  /** `Environment` tag values of the resources its stacks own: the environment and its networks, never an account-wide value. */
  readonly tagValues: readonly string[];
  /** Physical name prefixes of its apps' resources, `<project>-<app>-<env>` (buckets, keys' aliases, log groups, roles). */
  readonly namePrefixes: readonly string[];
  /** The same prefixes of the account's other environments: explicitly denied. */
  readonly otherEnvironmentPrefixes: readonly string[];
  /** Its networks' names, whose flow-log roles, keys and log groups it manages. */
  readonly networks: readonly string[];
  /** IAM role names (patterns) its stacks create, all under one of its boundaries. */
  readonly roleNamePatterns: readonly string[];
  /** State keys of its pipeline-deployed stacks (and their lock files), in its account's backends. */
  readonly stateKeyPatterns: readonly string[];
  /** Route 53 hosted zones its services' records and certificates are in. */
  readonly hostedZoneIds: readonly string[];
  /** Whether its stacks keep Route 53 health checks (failover DNS). */
  readonly healthChecks: boolean;
  /** Whether its data is deletion-protected (uat and prod): then it may not delete a database either. */
  readonly protectsData: boolean;
  /** Its apps' backup plans (and, with DR, their DR region's plans, `<name>-dr`): the `BackupPlan` tag values by which AWS Backup selects their data, which it may set only to these and never remove. */
  readonly backupPlanNames: readonly string[];
  /** Its services' ECS clusters' ARNs (the DR region's `<service>-dr` included): the only clusters it may run or start a task in. */
  readonly clusterArns: readonly string[];
}

/** A workload permissions boundary: the most a role of a pipeline stack of one environment or network may do. */
export interface WorkloadBoundaryScope {
  /** `<project>-workload-boundary-<scope>`. */
  readonly name: string;
  /** The `Environment` tag value of its stacks: the environment or the network. */
  readonly scope: string;
  /** `Environment` tag values its roles may touch: the scope, and an environment's networks. */
  readonly tagValues: readonly string[];
  /** Name prefixes of the buckets its roles may use (none for a network). */
  readonly bucketPrefixes: readonly string[];
  /** The ECS clusters' ARNs its roles may run or start a task in: its environment's services' (DR included); none for a network. */
  readonly clusterArns: readonly string[];
}

/** An image-push role: `main` of the app's repository pushes to its build repository. */
export interface ImagePushScope {
  /** The app. */
  readonly app: string;
  /** `<project>-ci-push-<app>`. */
  readonly roleName: string;
  /** The repository (`owner/name`) whose image workflow pushes: the app's own, or the platform's. */
  readonly repository: string;
  /** The OIDC subjects it trusts: the image workflow on `main` of the app's repository. */
  readonly subjects: readonly string[];
  /** The build repository it may push to. */
  readonly repositoryArn: string;
}

/** An account's access stack: CI roles, human roles, the workload boundary. */
export interface ResolvedAccess {
  /** The account. */
  readonly account: ResolvedAccount;
  /** The plan role, `<project>-ci-plan`. */
  readonly planRoleName: string;
  /** The OIDC subjects the plan role trusts: the pull-request workflow on pull requests, the drift workflow on `main`. */
  readonly planSubjects: readonly string[];
  /** State keys the plan role may not read: the stacks whose state holds a secret (see {@link secretBearingStateKeys}). */
  readonly unreadableStateKeys: readonly string[];
  /** One deploy role per environment in the account. */
  readonly deploy: readonly DeployScope[];
  /** One image-push role per build repository in the account. */
  readonly imagePush: readonly ImagePushScope[];
  /** The workload boundaries: one per environment and per network of the account. */
  readonly boundaries: readonly WorkloadBoundaryScope[];
  /** The admin role's name: the audit trail's and the vaults' only administrator. */
  readonly adminRoleName: string;
  /** Alias patterns of the keys that protect evidence or copies besides the state and audit keys (backup vaults, the DR database's, which the DR vault shares, registry): no deploy role administers them. */
  readonly platformKeyAliasPatterns: readonly string[];
  /** Seed 004's human roles in this account, where configured: developer (accounts with dev or staging), devops (read-only in prod), admin (prod, MFA). */
  readonly humans?: {
    readonly access: ResolvedHumanAccess;
    /** The developer role's environments here (dev and staging tiers), or none. */
    readonly developerEnvironments: readonly string[];
    /** Whether devops is read-only here (the account holds a prod-tier environment). */
    readonly devopsReadOnly: boolean;
    /**
     * The break-glass role, where the account has a DR network: administrator in the DR regions
     * only, assumed with MFA no older than {@link BREAK_GLASS_MFA_MAX_AGE_SECONDS}.
     * @default none: the account has no DR network
     */
    readonly breakGlass?: { readonly roleName: string; readonly regions: readonly string[]; readonly mfaMaxAgeSeconds: number };
  };
  /** Who alone administers the audit trail's key and bucket and the backup vaults and their keys here, as `aws:PrincipalArn` values. */
  readonly administratorArns: readonly string[];
  /** The audit trail's settings. */
  readonly audit: ResolvedAudit;
}

/** Delivery, access and audit across the platform. */
export interface ResolvedDelivery {
  /** GitHub Actions and the github stack. */
  readonly github: ResolvedGithub;
  /** Every environment of the configuration (not only a run's): each is a GitHub environment. */
  readonly environments: readonly ResolvedEnvironment[];
  /** The account whose backend keeps the github stack's state: the first configured, whichever environments a run selects. */
  readonly githubStateAccount: ResolvedAccount;
  /** Each account's access and audit. */
  readonly accesses: readonly ResolvedAccess[];
  /** By environment: the vault of a separate backup account that its recovery points are also copied to (none: no such copy). */
  readonly backupCopyVaults: Readonly<Record<string, string>>;
  /** The organization policies, where configured (applied from the management account). */
  readonly organization?: ResolvedOrganization;
}

/** `repo:<owner>/<repo>` and/or `repo:<owner>@<id>/<repo>@<id>`, as `delivery.github.subjects` says. */
function subjectPrefixes(repository: string, github: PlatformConfig["delivery"]["github"]): string[] {
  const [owner, name] = repository.split("/");
  const form = github?.subjects ?? DEFAULT_SUBJECT_FORM;
  const byName = `repo:${owner}/${name}`;
  const ids = github?.ids;
  const byId = ids ? `repo:${owner}@${ids.owner}/${name}@${ids.repository}` : undefined;
  if (form === "name" || byId === undefined) return [byName];
  return form === "id" ? [byId] : [byName, byId];
}

/** The networks an environment's stacks are in: its own and its DR network. */
const networksOf = (environment: ResolvedEnvironment) => [environment.network.name, ...(environment.drNetwork ? [environment.drNetwork.name] : [])];

/** The ECS clusters of an environment's services, named as each service (`<project>-<app>-<env>`, and `<…>-dr` in the DR region). */
const clusterArnsOf = (deployments: readonly ResolvedDeployment[]) =>
  deployments.flatMap((deployment) => [
    `arn:aws:ecs:${deployment.environment.network.region}:${deployment.environment.network.account.id}:cluster/${deployment.service.name}`,
    ...(deployment.dr ? [`arn:aws:ecs:${deployment.dr.network.region}:${deployment.dr.network.account.id}:cluster/${deployment.dr.service.name}`] : []),
  ]);

/** `<project>/<stack id>.tfstate*`: a stack's state key and its lock file. */
const stateKey = (project: string, stackId: string) => `${project}/${stackId}.tfstate*`;

/** The state keys of an environment's pipeline-deployed stacks: its apps' stacks but the backup (the DR ones where it has DR, the cache's where the app has one), its networks and their peering. */
function stateKeyPatterns(project: string, environment: ResolvedEnvironment, deployments: readonly ResolvedDeployment[]): string[] {
  const kinds = (deployment: ResolvedDeployment) =>
    PIPELINE_APP_STACK_KINDS.filter((kind) => (deployment.dr !== undefined || !(DR_STACK_KINDS as readonly string[]).includes(kind)) && (deployment.cache !== undefined || !CACHE_STACK_KINDS.includes(kind)));
  return [
    ...deployments.flatMap((deployment) => kinds(deployment).map((kind) => stateKey(project, appStackId(deployment.app, environment.name, kind)))),
    ...networksOf(environment).map((network) => stateKey(project, networkStackId(network))),
    ...(environment.drNetwork ? [stateKey(project, peeringStackId(environment.network.name, environment.drNetwork.name))] : []),
  ];
}

/**
 * The state keys the plan role may not read, derived from what each stack keeps in its state: a
 * monitoring stack (primary and DR) where incident management is on reads the endpoint's SecureString
 * parameter, whose value Terraform stores. Every other stack writes its secrets write-only or
 * generates them ephemerally; a test scans every synthesized stack for secret-bearing data and fails
 * when one is missing here.
 */
export function secretBearingStateKeys(project: string, deployments: readonly ResolvedDeployment[]): string[] {
  return deployments
    .filter((deployment) => deployment.alerts.incidentManagement !== undefined)
    .flatMap((deployment) => [
      `${project}/${appStackId(deployment.app, deployment.environment.name, "monitoring")}.tfstate`,
      ...(deployment.dr ? [`${project}/${appStackId(deployment.app, deployment.environment.name, "dr-monitoring")}.tfstate`] : []),
    ]);
}

/**
 * Resolves delivery from the whole configuration (not the environments a run
 * selects: an access stack must keep every environment's roles of its account).
 */
export function resolveDelivery(
  config: PlatformConfig,
  project: ResolvedProject,
  accounts: readonly ResolvedAccount[],
  environments: readonly ResolvedEnvironment[],
  apps: readonly { readonly name: string; readonly buildRepository: ResolvedBuildRepository; readonly deployments: readonly ResolvedDeployment[] }[],
): ResolvedDelivery {
  const { delivery } = config;
  const [owner, repository] = project.repository.split("/");
  const prefixes = subjectPrefixes(project.repository, delivery.github);
  const github: ResolvedGithub = {
    owner,
    repository,
    subjectPrefixes: prefixes,
    reviewers: Object.fromEntries(Object.entries(delivery.github?.reviewers ?? {}).map(([env, who]) => [env, { teams: who.teams ?? [], users: who.users ?? [] }])),
    requiredApprovals: delivery.github?.requiredApprovals ?? DEFAULT_REQUIRED_APPROVALS,
  };
  const humans = delivery.humans;
  const humanAccess: ResolvedHumanAccess | undefined =
    humans?.trustedAccountId !== undefined || humans?.samlProviderName !== undefined
      ? {
          principal: humans.trustedAccountId !== undefined ? { kind: "account", accountId: humans.trustedAccountId } : { kind: "saml", providerName: humans.samlProviderName! },
          adminMfaMaxAgeSeconds: humans.adminMfaMaxAgeSeconds ?? DEFAULT_ADMIN_MFA_MAX_AGE_SECONDS,
        }
      : undefined;
  const retentionDays = delivery.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const repositoryRef = (repository: string, workflow: string, ref: string) => `job_workflow_ref:${jobWorkflowRef(repository, workflow, ref)}`;
  const accesses = accounts.map((account): ResolvedAccess => {
    const own = environments.filter((environment) => environment.network.account.name === account.name);
    const deploymentsIn = (env: string) => apps.flatMap((app) => app.deployments.filter((deployment) => deployment.environment.name === env));
    const namePrefixesOf = (env: string) => deploymentsIn(env).map((deployment) => `${project.name}-${deployment.app}-${env}`);
    const ownNetworks = [...new Set(own.flatMap(networksOf))];
    const tiers = new Set(own.map((environment) => environment.tier));
    const drRegions = [...new Set(environments.flatMap((environment) => (environment.drNetwork?.account.name === account.name ? [environment.drNetwork.region] : [])))].sort();
    return {
      account,
      planRoleName: `${project.name}-ci-plan`,
      planSubjects: prefixes.flatMap((prefix) => [
        `${prefix}:pull_request:${repositoryRef(project.repository, ROLE_WORKFLOWS.pullRequestPlan, "refs/pull/*/merge")}`,
        `${prefix}:ref:refs/heads/main:${repositoryRef(project.repository, ROLE_WORKFLOWS.drift, "refs/heads/main")}`,
      ]),
      unreadableStateKeys: secretBearingStateKeys(project.name, own.flatMap((environment) => deploymentsIn(environment.name))),
      deploy: own.map((environment) => {
        const deployments = deploymentsIn(environment.name);
        return {
          environment: environment.name,
          roleName: `${project.name}-ci-deploy-${environment.name}`,
          subjects: prefixes.map((prefix) => `${prefix}:environment:${environment.name}:${repositoryRef(project.repository, ROLE_WORKFLOWS.deployEnvironment, "refs/heads/main")}`),
          regions: [...new Set([environment.network.region, ...(environment.drNetwork ? [environment.drNetwork.region] : []), GLOBAL_SERVICES_REGION])],
          tagValues: [...new Set([environment.name, ...networksOf(environment)])],
          namePrefixes: namePrefixesOf(environment.name),
          otherEnvironmentPrefixes: own.filter((other) => other.name !== environment.name).flatMap((other) => namePrefixesOf(other.name)),
          networks: networksOf(environment),
          roleNamePatterns: [...namePrefixesOf(environment.name).map((prefix) => `${prefix}-*`), ...networksOf(environment).map((network) => `${project.name}-${network}-flow-logs`)],
          stateKeyPatterns: stateKeyPatterns(project.name, environment, deployments),
          hostedZoneIds: [...new Set(deployments.flatMap((deployment) => (deployment.service.domain?.hostedZoneId ? [deployment.service.domain.hostedZoneId] : [])))],
          healthChecks: deployments.some((deployment) => deployment.dr !== undefined && deployment.service.domain?.hostedZoneId !== undefined),
          protectsData: environment.settings.deletionProtection,
          // With DR, the DR region's plan too: the DR database stack tags the promoted database with it.
          backupPlanNames: deployments.flatMap((deployment) => [deployment.backup.name, ...(deployment.backup.drPlanName ? [deployment.backup.drPlanName] : [])]),
          clusterArns: clusterArnsOf(deployments),
        };
      }),
      imagePush: apps
        .filter((app) => app.buildRepository.account.name === account.name)
        .map((app) => {
          const repository = config.apps[app.name]?.repository ?? project.repository;
          return {
            app: app.name,
            roleName: `${project.name}-ci-push-${app.name}`,
            repository,
            subjects: subjectPrefixes(repository, config.apps[app.name]?.repository ? undefined : delivery.github).map(
              (prefix) => `${prefix}:ref:refs/heads/main:${repositoryRef(repository, ROLE_WORKFLOWS.image, "refs/heads/main")}`,
            ),
            repositoryArn: app.buildRepository.arn,
          };
        }),
      boundaries: [
        ...own.map((environment) => ({
          name: workloadBoundaryName(project.name, environment.name),
          scope: environment.name,
          tagValues: [...new Set([environment.name, ...networksOf(environment)])],
          bucketPrefixes: namePrefixesOf(environment.name),
          clusterArns: clusterArnsOf(deploymentsIn(environment.name)),
        })),
        ...ownNetworks
          .filter((network) => !own.some((environment) => environment.name === network))
          .map((network) => ({ name: workloadBoundaryName(project.name, network), scope: network, tagValues: [network], bucketPrefixes: [], clusterArns: [] })),
      ],
      adminRoleName: adminRoleName(project.name),
      platformKeyAliasPatterns: [`alias/${project.name}-*-backup`, `alias/${project.name}-*-dr-database`, `alias/${project.name}-*-ecr`, `alias/${project.name}-ecr-replicas`],
      ...(humanAccess
        ? {
            humans: {
              access: humanAccess,
              developerEnvironments: own.filter((environment) => environment.tier === "dev" || environment.tier === "staging").map((environment) => environment.name),
              devopsReadOnly: tiers.has("prod"),
              ...(drRegions.length > 0 ? { breakGlass: { roleName: breakGlassRoleName(project.name), regions: drRegions, mfaMaxAgeSeconds: BREAK_GLASS_MFA_MAX_AGE_SECONDS } } : {}),
            },
          }
        : {}),
      administratorArns: administratorArns(config, adminRoleName(project.name), account.id),
      audit: resolveAudit(config, project.name, account, accounts, retentionDays, appFilesBucketsIn(account.name, apps.flatMap((app) => app.deployments))),
    };
  });
  const organization = resolveOrganization(config, project.name, adminRoleName(project.name), accounts);
  return { github, environments, githubStateAccount: accounts[0], accesses, backupCopyVaults: delivery.backupCopyVaults ?? {}, ...(organization ? { organization } : {}) };
}
