import { appEnvironmentNames, mergedBlock, settingPath } from "../app/blocks";
import type { PlatformConfig } from "../platform/schema";
import { blueGreenSettings } from "../release/resolve";
import { mergedJobs } from "../scheduled-jobs/resolve";
import type { ConfigIssue } from "../shared/errors";
import { mustNameMessage } from "../shared/references";
import { MAX_CONNECTION_NAME_LENGTH } from "./defaults";

/** The environment names an app's pipeline may not release to while on: `pipeline`, `pipeline-*` make the deploy role's name prefix `<project>-<app>-pipeline`, the pipeline's own. */
const PIPELINE_NAME_PREFIX = /^pipeline($|-)/;

/**
 * Rules about an app's CodePipeline (decision 0015, which cites the AWS pages behind each): the
 * environments it names are the app's; each of them is in the build repository's account and region
 * (a cross-account or cross-region pipeline is refused: its action roles and key grants are not
 * built); each releases with CodeDeploy's blue/green (the pipeline never updates a service that
 * Terraform's task definition revision rolls); the connection's name fits CodeConnections' 32
 * characters; no environment's name prefix is the pipeline's; no scheduled job runs where it
 * releases (a schedule runs Terraform's task definition revision, so the configured image, not the
 * pipeline's release).
 */
export function pipelineIssues(config: PlatformConfig): ConfigIssue[] {
  return Object.entries(config.apps).flatMap(([appName, app]) => {
    const block = app.pipeline;
    if (block?.enabled !== true) return [];
    const issues: ConfigIssue[] = [];
    const own = appEnvironmentNames(config, app);
    const listed = block.environments ?? own;
    const listPath = block.environments ? `apps.${appName}.pipeline.environments` : `apps.${appName}.pipeline.enabled`;
    for (const env of listed.filter((candidate) => !own.includes(candidate))) {
      issues.push({ path: `apps.${appName}.pipeline.environments`, value: env, message: mustNameMessage(`an environment app ${appName} runs in`, env, own) });
    }
    const networkOf = (env: string) => config.networks[config.environments[env].network];
    const firstNetwork = own.length > 0 ? networkOf(own[0]) : undefined;
    const repositoryAccount = app.buildRepository?.account ?? firstNetwork?.account;
    const repositoryRegion = repositoryAccount !== undefined ? config.accounts[repositoryAccount]?.region : undefined;
    for (const env of listed.filter((candidate) => own.includes(candidate))) {
      const network = networkOf(env);
      if (!network || repositoryAccount === undefined) continue;
      if (network.account !== repositoryAccount || network.region !== repositoryRegion) {
        issues.push({
          path: listPath,
          value: block.environments ?? true,
          message:
            `releases to environment ${env}, in account ${network.account} and ${network.region} (environments.${env}.network "${config.environments[env].network}"), while the pipeline lives with the build repository in account ${repositoryAccount} and ${repositoryRegion} (apps.${appName}.buildRepository.account): ` +
            `a cross-account or cross-region pipeline is not supported (decision 0015); list in apps.${appName}.pipeline.environments only environments of that account and region, and release the others with the deploy workflow`,
        });
      }
      const environment = config.environments[env];
      if (!blueGreenSettings(environment.tier, mergedBlock(app, env, "blueGreen")).enabled) {
        issues.push({
          path: settingPath(app, appName, env, "blueGreen", "enabled"),
          value: mergedBlock(app, env, "blueGreen").enabled ?? false,
          message:
            `must be true in environment ${env}, which apps.${appName}.pipeline releases to: the pipeline releases through CodeDeploy's blue/green deployment, which owns the service's task definition; ` +
            `a rolling service's revision is Terraform's, which the next apply would put back (decision 0015); turn blueGreen on there, or leave ${env} out of apps.${appName}.pipeline.environments`,
        });
      }
    }
    for (const env of listed.filter((candidate) => own.includes(candidate))) {
      for (const [job, settings] of Object.entries(mergedJobs(app, env)).filter(([, settings]) => settings.enabled !== false)) {
        const level = app.environments?.[env]?.scheduledJobs?.[job] !== undefined ? `apps.${appName}.environments.${env}` : `apps.${appName}`;
        issues.push({
          path: `${level}.scheduledJobs.${job}`,
          value: settings.schedule ?? job,
          message:
            `runs in environment ${env}, which apps.${appName}.pipeline releases to: a schedule runs the task definition revision Terraform registered, with the configured image, not the image the pipeline released (decision 0015); ` +
            `set enabled to false there, or leave ${env} out of apps.${appName}.pipeline.environments`,
        });
      }
    }
    for (const env of own.filter((candidate) => PIPELINE_NAME_PREFIX.test(candidate))) {
      issues.push({
        path: `environments.${env}`,
        value: env,
        message: `makes the name prefix "${config.project.name}-${appName}-${env}", which the deploy role of ${env} reaches by name and which begins with the prefix of app ${appName}'s pipeline, "${config.project.name}-${appName}-pipeline": rename the environment, or turn apps.${appName}.pipeline off`,
      });
    }
    const connectionName = `${config.project.name}-${appName}`;
    if (connectionName.length > MAX_CONNECTION_NAME_LENGTH) {
      issues.push({
        path: `apps.${appName}.pipeline.enabled`,
        value: true,
        message: `names the CodeConnections connection "${connectionName}" (${connectionName.length} characters, <project>-<app>): CodeConnections allows at most ${MAX_CONNECTION_NAME_LENGTH}; shorten project.name or the app's name`,
      });
    }
    return issues;
  });
}
