import { ResolvedAccount } from "../account/resolve";
import { ResolvedEnvironment } from "../environment/resolve";
import { PlatformConfig } from "../platform/schema";
import { ResolvedProject } from "../project/resolve";
import { ResolvedBuildRepository } from "../service/resolve";

/** Which OIDC subject forms the CI roles trust, unless `delivery.github.subjects` says. */
export const DEFAULT_SUBJECT_FORM = "name";

/** Approving reviews a pull request to main needs (seed 004: two approvals before staging). */
export const DEFAULT_REQUIRED_APPROVALS = 2;

/** Seconds since the MFA sign-in within which the admin role may be assumed. */
export const DEFAULT_ADMIN_MFA_MAX_AGE_SECONDS = 3600;

/** Days CloudTrail's logs are kept (seed 004's logging table: one year). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** GitHub's OIDC issuer and the audience AWS's STS expects. */
export const GITHUB_OIDC = { url: "https://token.actions.githubusercontent.com", host: "token.actions.githubusercontent.com", audience: "sts.amazonaws.com" } as const;

/** The checks a pull request to main must pass: the pull-request workflow's jobs. */
export const REQUIRED_CHECKS = ["checks", "plan"] as const;

/** The permissions boundary every role of a pipeline-deployed stack carries: the access stack of its account creates it. */
export const workloadBoundaryArn = (project: string, accountId: string) => `arn:aws:iam::${accountId}:policy/${workloadBoundaryName(project)}`;

/** The boundary policy's name, `<project>-workload-boundary`. */
export const workloadBoundaryName = (project: string) => `${project}-workload-boundary`;

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
  /** `Environment` tag values of the resources its stacks own: the environment, its networks, its account. */
  readonly tagValues: readonly string[];
  /** IAM role names (patterns) its stacks create, all under the workload boundary. */
  readonly roleNamePatterns: readonly string[];
  /** State keys (patterns) of its stacks, in its account's backends. */
  readonly stateKeyPatterns: readonly string[];
}

/** An image-push role: `main` of the app's repository pushes to its build repository. */
export interface ImagePushScope {
  /** The app. */
  readonly app: string;
  /** `<project>-ci-push-<app>`. */
  readonly roleName: string;
  /** The OIDC subjects it trusts: `main` of the app's repository. */
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
  /** The OIDC subjects the plan role trusts: pull requests and `main`. */
  readonly planSubjects: readonly string[];
  /** State keys the plan role may not read: monitoring stacks whose state holds an incident management URL. */
  readonly unreadableStateKeys: readonly string[];
  /** One deploy role per environment in the account. */
  readonly deploy: readonly DeployScope[];
  /** One image-push role per build repository in the account. */
  readonly imagePush: readonly ImagePushScope[];
  /** The permissions boundary every role of a pipeline-deployed stack carries, `<project>-workload-boundary`. */
  readonly boundaryPolicyName: string;
  /** Seed 004's human roles in this account, where configured: developer (accounts with dev or staging), devops (read-only in prod), admin (prod, MFA). */
  readonly humans?: {
    readonly access: ResolvedHumanAccess;
    /** The developer role's environments here (dev and staging tiers), or none. */
    readonly developerEnvironments: readonly string[];
    /** Whether devops is read-only here (the account holds a prod-tier environment). */
    readonly devopsReadOnly: boolean;
    /** Whether the admin role exists here (a prod-tier environment). */
    readonly admin: boolean;
  };
  /** The audit trail's settings. */
  readonly audit: { readonly trailName: string; readonly bucket: string; readonly logGroupName: string; readonly retentionDays: number };
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

/** The stacks of an environment, as state key patterns: its apps' stacks, its networks and their peering, the account's registry and build repositories. */
function stateKeyPatterns(project: string, environment: ResolvedEnvironment, appNames: readonly string[]): string[] {
  const networks = [environment.network.name, ...(environment.drNetwork ? [environment.drNetwork.name] : [])];
  return [
    ...appNames.flatMap((app) => [`${project}/${app}-${environment.name}-*`, `${project}/${app}-build-repository.tfstate*`]),
    ...networks.map((network) => `${project}/network-${network}.tfstate*`),
    `${project}/peering-${environment.network.name}-*`,
    `${project}/registry-${environment.network.account.name}.tfstate*`,
  ];
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
  apps: readonly { readonly name: string; readonly buildRepository: ResolvedBuildRepository; readonly environmentNames: readonly string[] }[],
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
  const accesses = accounts.map((account): ResolvedAccess => {
    const own = environments.filter((environment) => environment.network.account.name === account.name);
    const appsIn = (env: string) => apps.filter((app) => app.environmentNames.includes(env)).map((app) => app.name);
    const tiers = new Set(own.map((environment) => environment.tier));
    return {
      account,
      planRoleName: `${project.name}-ci-plan`,
      planSubjects: prefixes.flatMap((prefix) => [`${prefix}:pull_request`, `${prefix}:ref:refs/heads/main`]),
      unreadableStateKeys: own.flatMap((environment) =>
        apps
          .filter((app) => app.environmentNames.includes(environment.name))
          .filter((app) => config.apps[app.name]?.environments?.[environment.name]?.alerts?.incidentManagement ?? config.apps[app.name]?.alerts?.incidentManagement)
          .map((app) => `${project.name}/${app.name}-${environment.name}-monitoring.tfstate`),
      ),
      deploy: own.map((environment) => ({
        environment: environment.name,
        roleName: `${project.name}-ci-deploy-${environment.name}`,
        subjects: prefixes.map((prefix) => `${prefix}:environment:${environment.name}`),
        regions: [...new Set([environment.network.region, ...(environment.drNetwork ? [environment.drNetwork.region] : []), GLOBAL_SERVICES_REGION])],
        tagValues: [...new Set([environment.name, environment.network.name, ...(environment.drNetwork ? [environment.drNetwork.name] : []), account.name])],
        roleNamePatterns: [
          ...appsIn(environment.name).map((app) => `${project.name}-${app}-${environment.name}-*`),
          ...[environment.network.name, ...(environment.drNetwork ? [environment.drNetwork.name] : [])].map((network) => `${project.name}-${network}-flow-logs`),
          `${project.name}-ecr-replica-creation`,
        ],
        stateKeyPatterns: stateKeyPatterns(project.name, environment, appsIn(environment.name)),
      })),
      imagePush: apps
        .filter((app) => app.buildRepository.account.name === account.name)
        .map((app) => ({
          app: app.name,
          roleName: `${project.name}-ci-push-${app.name}`,
          subjects: subjectPrefixes(config.apps[app.name]?.repository ?? project.repository, config.apps[app.name]?.repository ? undefined : delivery.github).map(
            (prefix) => `${prefix}:ref:refs/heads/main`,
          ),
          repositoryArn: app.buildRepository.arn,
        })),
      boundaryPolicyName: workloadBoundaryName(project.name),
      ...(humanAccess
        ? {
            humans: {
              access: humanAccess,
              developerEnvironments: own.filter((environment) => environment.tier === "dev" || environment.tier === "staging").map((environment) => environment.name),
              devopsReadOnly: tiers.has("prod"),
              admin: tiers.has("prod"),
            },
          }
        : {}),
      audit: {
        trailName: `${project.name}-audit`,
        bucket: `${project.name}-${account.id}-${account.region}-audit`,
        logGroupName: `/aws/cloudtrail/${project.name}`,
        retentionDays,
      },
    };
  });
  return { github, environments, githubStateAccount: accounts[0], accesses };
}
