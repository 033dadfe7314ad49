import { AppConfig } from "../app/schema";

/**
 * Which image an app runs in one environment: a tag or a digest, taken from
 * the most specific level that names either (the environment's service
 * block, else the app's), so an environment's digest replaces the app's tag
 * and an environment's tag replaces the app's digest.
 */
export interface ImageChoice {
  /** The image tag, when the level deploys by tag. */
  readonly tag?: string;
  /** The image digest (`sha256:...`), when the level deploys by digest. */
  readonly digest?: string;
  /** The configuration path of the service block that chose, such as `apps.web.environments.prod.service`. */
  readonly path: string;
}

/** The image choice of an app in an environment, or undefined when neither level names a tag or a digest. */
export function imageChoice(app: AppConfig, appName: string, envName: string): ImageChoice | undefined {
  const levels = [
    { service: app.environments?.[envName]?.service, path: `apps.${appName}.environments.${envName}.service` },
    { service: app.service, path: `apps.${appName}.service` },
  ];
  const chosen = levels.find(({ service }) => service?.imageTag !== undefined || service?.imageDigest !== undefined);
  if (!chosen) return undefined;
  return { tag: chosen.service?.imageTag, digest: chosen.service?.imageDigest, path: chosen.path };
}

/** The image reference a task definition runs: `<repository>@<digest>`, or `<repository>:<tag>`. */
export function imageReference(repository: string, choice: ImageChoice): string {
  return choice.digest !== undefined ? `${repository}@${choice.digest}` : `${repository}:${choice.tag}`;
}
