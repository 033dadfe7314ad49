import { cdnIssues } from "../cdn/validate";
import { cacheIssues } from "../cache/validate";
import { capacityIssues } from "../capacity/validate";
import { databaseIssues } from "../database/validate";
import { logForwardingIssues } from "../log-forwarding/validate";
import { DATABASE_SUBNET_SERVICES } from "../network/resolve";
import { PlatformConfig } from "../platform/schema";
import { releaseIssues } from "../release/validate";
import { scheduledJobsIssues } from "../scheduled-jobs/validate";
import { buildRepositoryIssues, serviceIssues } from "../service/validate";
import { ConfigIssue } from "../shared/errors";
import { telemetryIssues } from "../telemetry/validate";
import { appEnvironmentNames } from "./blocks";
import { APP_SECRET_KEY } from "./resolve";
import { AppConfig } from "./schema";

/**
 * Rules about apps that relate fields to each other, checked for every
 * environment an app runs in, after the app's and the environment's settings
 * are merged over the tier's presets.
 */
export function appIssues(config: PlatformConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [appName, app] of Object.entries(config.apps)) {
    issues.push(...appSecretKeyIssues(`apps.${appName}.secrets`, app.secrets));
    for (const [envName, environment] of Object.entries(app.environments ?? {})) {
      issues.push(...appSecretKeyIssues(`apps.${appName}.environments.${envName}.secrets`, environment.secrets));
    }
    issues.push(...buildRepositoryIssues(config, appName, app));
    for (const envName of appEnvironmentNames(config, app)) {
      const environment = config.environments[envName];
      issues.push(
        ...databaseIssues(config, appName, app, envName),
        ...networkIssues(config, appName, envName),
        ...serviceIssues(config, appName, app, envName),
        ...capacityIssues(config, appName, app, envName),
        ...telemetryIssues(config, appName, app, envName),
        ...logForwardingIssues(appName, app, envName, environment.tier),
        ...cacheIssues(config, appName, app, envName),
        ...cdnIssues(config, appName, app, envName),
        ...releaseIssues(config, appName, app, envName),
        ...scheduledJobsIssues(config, appName, app, envName),
      );
    }
  }
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

/** The app secret key's length and characters are fixed; config may raise its version only. */
function appSecretKeyIssues(path: string, secrets: AppConfig["secrets"]): ConfigIssue[] {
  const secretKey = secrets?.[APP_SECRET_KEY.name];
  if (!secretKey || (secretKey.length === undefined && secretKey.special === undefined)) return [];
  return [
    {
      path: `${path}.${APP_SECRET_KEY.name}`,
      value: secretKey,
      message: `is the app secret key every app gets (${APP_SECRET_KEY.length} letters and digits): only its version may be set; give further secrets other names`,
    },
  ];
}

function networkIssues(config: PlatformConfig, appName: string, envName: string): ConfigIssue[] {
  const networkName = config.environments[envName].network;
  const services = config.networks[networkName]?.interfaceEndpoints?.services;
  const missing = DATABASE_SUBNET_SERVICES.filter((service) => services !== undefined && !services.includes(service));
  return missing.map((service) => ({
    path: `networks.${networkName}.interfaceEndpoints.services`,
    value: services,
    message: `must include "${service}": app ${appName} has a database in environment ${envName}, and its role manager reaches ${service} from the database subnets, which have no route out of the VPC`,
  }));
}
