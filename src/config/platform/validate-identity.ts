import { ConfigIssue } from "../shared/errors";
import { APP_STACK_KINDS, appStackId, CDN_STACK_KINDS, DR_STACK_KINDS, backendStackId, buildRepositoryStackId, networkStackId, pipelineStackId, peeringStackId, regionalBackendStackId, registryStackId } from "../shared/stack-ids";
import { PlatformConfig } from "./schema";

/**
 * Names and ids that must be unique: account ids (two names for one AWS
 * account would give it two backends with one bucket name), and the stack
 * ids the configuration generates, such as `web-a-b-service` from app
 * `web` in environment `a-b` and from app `web-a` in environment `b`: their
 * physical names would collide too.
 */
export function identityIssues(config: PlatformConfig): ConfigIssue[] {
  return [...accountIdIssues(config), ...stackIdIssues(config)];
}

function accountIdIssues(config: PlatformConfig): ConfigIssue[] {
  const firstWithId = new Map<string, string>();
  return Object.entries(config.accounts).flatMap(([name, account]) => {
    const first = firstWithId.get(account.id);
    if (first === undefined) {
      firstWithId.set(account.id, name);
      return [];
    }
    return [{ path: `accounts.${name}.id`, value: account.id, message: `is also the id of accounts.${first}: each account name must be its own AWS account` }];
  });
}

/**
 * A stack id the configuration makes, with the configuration path that makes it; `shared` where
 * several paths make the same stack by design (one peering per network pair, one regional backend
 * per account and region), so that only another kind of stack with that id is a collision.
 */
interface MadeStackId {
  readonly id: string;
  readonly path: string;
  readonly shared?: true;
}

/** Every stack id the configuration makes. */
function stackIds(config: PlatformConfig): MadeStackId[] {
  return [
    ...Object.keys(config.accounts).flatMap((name) => [
      { id: backendStackId(name), path: `accounts.${name}` },
      { id: registryStackId(name), path: `accounts.${name}` },
    ]),
    ...Object.entries(config.environments)
      .filter(([, environment]) => environment.drNetwork !== undefined)
      .map(([name, environment]): MadeStackId => ({ id: peeringStackId(environment.network, environment.drNetwork!), path: `environments.${name}.drNetwork`, shared: true })),
    ...Object.entries(config.networks)
      .filter(([, network]) => config.accounts[network.account] && network.region !== config.accounts[network.account].region)
      .map(([name, network]): MadeStackId => ({ id: regionalBackendStackId(network.account, network.region), path: `networks.${name}.region`, shared: true })),
    ...Object.keys(config.networks).map((name) => ({ id: networkStackId(name), path: `networks.${name}` })),
    ...Object.entries(config.apps).flatMap(([app, settings]) => [
      { id: buildRepositoryStackId(app), path: `apps.${app}` },
      ...(settings.pipeline?.enabled === true ? [{ id: pipelineStackId(app), path: `apps.${app}.pipeline` }] : []),
      ...Object.keys(settings.environments ?? config.environments).flatMap((env) =>
        [...APP_STACK_KINDS, ...CDN_STACK_KINDS, ...(config.environments[env]?.drNetwork ? DR_STACK_KINDS : [])].map((kind) => ({
          id: appStackId(app, env, kind),
          path: settings.environments ? `apps.${app}.environments.${env}` : `apps.${app} in environments.${env}`,
        })),
      ),
    ]),
  ];
}

function stackIdIssues(config: PlatformConfig): ConfigIssue[] {
  const firstPath = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  // A shared stack made again (environments sharing a network and DR network, networks of one account in one region) is the same stack.
  const ids = stackIds(config).filter(({ id, shared }, index, all) => !(shared && all.findIndex((other) => other.id === id && other.shared) < index));
  for (const { id, path } of ids) {
    const first = firstPath.get(id);
    if (first === undefined) firstPath.set(id, path);
    else issues.push({ path, value: id, message: `makes the stack id "${id}", which ${first} makes too; stacks and their physical names would collide: rename one` });
  }
  return issues;
}
