import { appEnvironmentNames } from "./resolve";
import { mergedBlock } from "./resolve-app";
import type { PlatformConfig } from "./schema";

/**
 * What a valid configuration probably did not mean, said at synth without
 * failing: an environment no app runs in (its network and backend are built
 * for nothing), and an app that lists environments but leaves some out
 * (an app that lists none runs in every one), and an Aurora database whose
 * environment has a DR network, which gets no DR database yet.
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
  const auroraWithoutDr = apps.flatMap(([name, app]) =>
    appEnvironmentNames(config, app)
      .filter((env) => config.environments[env]?.drNetwork !== undefined && mergedBlock(app, env, "database").engine === "aurora-postgresql-serverless")
      .map((env) => `apps.${name} in environments.${env}: Aurora has no DR database yet (a global database is not built); only RDS replicates to the DR region`),
  );
  return [...idle, ...partial, ...auroraWithoutDr];
}
