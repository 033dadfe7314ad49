import { mergedBlock, settingPath } from "../app/blocks";
import { AppConfig } from "../app/schema";
import { missingEndpoints, missingEndpointsIssue, natWayOut } from "../network/no-egress";
import { networkHasPrivateEgress } from "../network/resolve";
import { PlatformConfig } from "../platform/schema";
import { ConfigIssue } from "../shared/errors";
import { COLLECTOR_IMAGE } from "../telemetry/defaults";
import { collectorEndpoints, telemetrySettings } from "../telemetry/resolve";

/**
 * Reachability rules: what an app's tasks pull and call must be reachable from a network whose
 * private subnets have no route to the internet (natMode "none", or an existing VPC without the
 * owner's NAT), both in the environment's network and in its DR network, where the pilot-light
 * service runs the same image, proxy, AppConfig agent, ECS Exec and feature flags (not the
 * collector or a bastion, which only the primary region runs).
 */

/** The interface endpoints ECS Exec, the SSM agent on a bastion, or an app reading its feature flags needs where there is no NAT. */
const EXEC_ENDPOINTS = ["ssmmessages"];

const BASTION_ENDPOINTS = ["ssm", "ssmmessages", "ec2messages"];

const FEATURE_FLAG_ENDPOINTS = ["appconfigdata"];

/**
 * What every task needs where there is no NAT: its image from ECR (the registry's API and its
 * layers' host; the layers themselves come from S3, whose gateway endpoint every network has), its
 * containers' logs, and its secrets (every app has at least its secret key). Fargate tasks reach
 * them through their own network interfaces (Amazon ECS Developer Guide, "Amazon ECS interface VPC
 * endpoints").
 */
const TASK_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"];

/** An ECR registry's host, whose region is in its name. */
const ECR_REGISTRY = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\//;

/** The service settings the rules read. */
interface ServiceReach {
  readonly execCommand: boolean;
  readonly appConfigAgent?: boolean;
  readonly imageRepository?: string;
  readonly proxy?: { readonly image: string } | null;
}

/** Where tasks of the app run: the environment's network, or its DR network with the pilot light. */
interface Site {
  readonly networkName: string;
  readonly dr: boolean;
}

/** What tasks and the bastion need in the environment's network and its DR network where either has no route to the internet. */
export function reachabilityIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string, service: ServiceReach): ConfigIssue[] {
  const environment = config.environments[envName];
  const sites: Site[] = [{ networkName: environment.network, dr: false }, ...(environment.drNetwork === undefined ? [] : [{ networkName: environment.drNetwork, dr: true }])];
  return sites
    .filter((site) => config.networks[site.networkName] && !networkHasPrivateEgress(config, site.networkName))
    .flatMap((site) => siteIssues(config, appName, app, envName, service, site));
}

function siteIssues(config: PlatformConfig, appName: string, app: AppConfig, envName: string, service: ServiceReach, site: Site): ConfigIssue[] {
  const { networkName, dr } = site;
  const issues: ConfigIssue[] = [];
  const noEgress = dr
    ? `environment ${envName}'s pilot-light service runs in its DR network ${networkName}, which has no NAT and so no route to the internet`
    : `environment ${envName} runs in network ${networkName}, which has no NAT and so no route to the internet`;
  if (service.appConfigAgent) {
    issues.push({ path: settingPath(app, appName, envName, "service", "appConfigAgent"), value: true, message: `needs NAT: the agent's image comes from public ECR, and ${noEgress}` });
  }
  const region = config.networks[networkName].region;
  const tier = config.environments[envName].tier;
  const telemetry = telemetrySettings(app, envName, tier);
  // The pilot light runs no collector; its app image, left to the build repository, is the replica in the DR region.
  const collectorHere = telemetry.enabled && !dr;
  const collectorByDefault = mergedBlock(app, envName, "telemetry").enabled === undefined;
  const collectorOff = `apps.${appName}.environments.${envName}.telemetry.enabled false`;
  const images = [
    { block: "service" as const, key: "imageRepository", image: service.imageRepository },
    { block: "service" as const, key: "proxy", image: service.proxy?.image },
    { block: "telemetry" as const, key: "image", image: collectorHere ? telemetry.image : undefined },
  ];
  for (const { block, key, image } of images) {
    if (image === undefined) continue;
    const ecrRegion = ECR_REGISTRY.exec(image)?.[1];
    if (ecrRegion === undefined) {
      issues.push({ path: settingPath(app, appName, envName, block, key), value: image, message: `needs NAT or an ECR repository: ${noEgress}` });
    } else if (ecrRegion !== region) {
      issues.push({
        path: settingPath(app, appName, envName, block, key),
        value: image,
        message: dr
          ? `is pulled in ${region} too, by the pilot light, and interface endpoints reach their own region only: ${noEgress}; give it NAT (${natWayOut(config, networkName)})${key === "imageRepository" ? ", or leave imageRepository out to run the build repository's image, which replicates to the DR region" : ""}`
          : `needs NAT or an ECR repository in ${region}: interface endpoints reach their own region only, and ${noEgress}`,
      });
    }
  }
  if (collectorHere && telemetry.image === undefined) {
    // The collector's default image is on public ECR, which no interface endpoint reaches; nobody may have asked for the collector either.
    issues.push({
      path: settingPath(app, appName, envName, "telemetry", "image"),
      value: COLLECTOR_IMAGE,
      message:
        `is the collector's default image, on public ECR, which environment ${envName} cannot pull: it runs in network ${networkName}, which has no NAT and so no route to the internet` +
        `${collectorByDefault ? `, and the collector runs by default in a ${tier}-tier environment` : ""}; ` +
        `name a copy in an ECR repository of ${region} here, turn the collector off there (${collectorOff}), or give the network NAT (${natWayOut(config, networkName)})`,
    });
  }
  const bastion = !dr && mergedBlock(app, envName, "bastion").enabled === true;
  const featureFlags = Object.keys(app.featureFlags ?? {}).length > 0;
  const execByDefault = mergedBlock(app, envName, "service").execCommand === undefined;
  const byDefault = (what: string, off: string) => `${what} (on by default in a ${tier}-tier environment; ${off} turns it off)`;
  const collector = `the OpenTelemetry collector for X-Ray traces${telemetry.metrics === "prometheus" ? " and Prometheus remote write" : ""}`;
  const uses = [
    { on: true, endpoints: TASK_ENDPOINTS, what: "ECS tasks (their ECR image, logs and secrets)" },
    { on: service.execCommand, endpoints: EXEC_ENDPOINTS, what: execByDefault ? byDefault("ECS Exec", `apps.${appName}.environments.${envName}.service.execCommand false`) : "ECS Exec" },
    { on: bastion, endpoints: BASTION_ENDPOINTS, what: "a bastion through SSM" },
    { on: featureFlags, endpoints: FEATURE_FLAG_ENDPOINTS, what: "feature flags read from AppConfig" },
    { on: collectorHere, endpoints: collectorEndpoints(telemetry.metrics), what: collectorByDefault ? byDefault(collector, collectorOff) : collector },
  ].filter((use) => use.on);
  const missing = missingEndpoints(config, networkName, uses.flatMap((use) => use.endpoints));
  if (missing.length === 0) return issues;
  const needing = uses.filter((use) => use.endpoints.some((endpoint) => missing.includes(endpoint))).map((use) => use.what);
  return [...issues, missingEndpointsIssue(config, networkName, missing, `${noEgress}, and app ${appName} uses ${needing.join(" and ")} there`)];
}
