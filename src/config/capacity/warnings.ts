import { appEnvironmentNames, mergedBlock } from "../app/blocks";
import type { PlatformConfig } from "../platform/schema";
import { groupTasksPerInstance } from "./instance-types";
import { capacitySettings } from "./resolve";
import { taskShape } from "./validate";

/**
 * EC2 capacity that cannot hold the service's most tasks: autoscaling may then start tasks that stay
 * in PROVISIONING, since managed scaling never goes above maxInstances (Amazon ECS Developer Guide,
 * "Auto Scaling group capacity providers considerations"). Valid, so a warning.
 */
export function capacityWarnings(config: PlatformConfig): string[] {
  return Object.entries(config.apps).flatMap(([appName, app]) =>
    appEnvironmentNames(config, app).flatMap((envName) => {
      const environment = config.environments[envName];
      if (!environment) return [];
      const settings = capacitySettings(mergedBlock(app, envName, "capacity"), environment.tier);
      if (settings.provider !== "ec2") return [];
      const task = taskShape(app, envName, environment.tier);
      const holds = groupTasksPerInstance([settings.instanceType, ...settings.spotInstanceTypes], task) * settings.maxInstances;
      return holds >= task.maxTasks
        ? []
        : [
            `apps.${appName} in environment ${envName}: EC2 capacity holds ${holds} task(s) at maxInstances ${settings.maxInstances} of ${settings.instanceType}, below service.maxTasks ${task.maxTasks}; tasks autoscaling starts beyond it stay in PROVISIONING (raise capacity.maxInstances or lower service.maxTasks)`,
          ];
    }),
  );
}
