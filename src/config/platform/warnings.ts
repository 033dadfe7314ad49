import { appEnvironmentNames } from "../app/blocks";
import { capacityWarnings } from "../capacity/warnings";
import { releaseWarnings } from "../release/warnings";
import { PlatformConfig } from "./schema";

/**
 * What a valid configuration probably did not mean, said at synth without
 * failing: an environment no app runs in (its network and backend are built
 * for nothing), an app that lists environments but leaves some out
 * (an app that lists none runs in every one), accounts whose audit trail
 * and backup vaults only the root user administers (no admin role to name),
 * EC2 capacity too small for a service's most tasks, and a service that blue/green releases may
 * replace.
 */
export function configWarnings(config: PlatformConfig): string[] {
  const apps = Object.entries(config.apps);
  const idle = Object.keys(config.environments)
    .filter((env) => !apps.some(([, app]) => appEnvironmentNames(config, app).includes(env)))
    .map((env) => `environments.${env}: no app runs in it; only its network and backend are synthesized`);
  const partial = apps.flatMap(([name, app]) => {
    if (!app.environments) return [];
    const left = Object.keys(config.environments).filter((env) => !(env in app.environments!));
    return left.length === 0 ? [] : [`apps.${name}.environments: leaves out ${left.join(", ")}; list an environment there (even as {}) for the app to run in it`];
  });
  const humans = config.delivery.humans?.trustedAccountId !== undefined || config.delivery.humans?.samlProviderName !== undefined;
  const rootOnly =
    humans || config.delivery.administratorRoles !== undefined
      ? []
      : ["delivery.humans: not configured, nor delivery.administratorRoles: each account's root user alone administers the audit trail's key and bucket and the backup vaults"];
  return [...idle, ...partial, ...rootOnly, ...capacityWarnings(config), ...releaseWarnings(config)];
}
