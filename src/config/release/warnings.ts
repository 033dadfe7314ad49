import { appEnvironmentNames, mergedBlock } from "../app/blocks";
import type { PlatformConfig } from "../platform/schema";
import { blueGreenSettings } from "./resolve";

/**
 * Blue/green releases replace a service that runs with rolling updates: an ECS service's deployment
 * controller cannot change in place with the AWS provider 5.100.0 the platform pins (its
 * `deployment_controller` forces a new service), so the first apply destroys the service, then
 * creates it under CodeDeploy (decision 0013). Valid, and harmless for a new service: a warning.
 */
export function releaseWarnings(config: PlatformConfig): string[] {
  return Object.entries(config.apps).flatMap(([appName, app]) =>
    appEnvironmentNames(config, app).flatMap((envName) => {
      const environment = config.environments[envName];
      if (!environment || !blueGreenSettings(environment.tier, mergedBlock(app, envName, "blueGreen")).enabled) return [];
      return [
        `apps.${appName} in environment ${envName}: blueGreen.enabled puts the ECS service under CodeDeploy; if it already runs with rolling updates, the next apply replaces it (its tasks stop before the new service's start): apply it in a quiet hour, or run the service anew (CHANGELOG, upgrade notes)`,
      ];
    }),
  );
}
