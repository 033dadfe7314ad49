import { DEFAULT_APPROVAL_TIMEOUT_MINUTES, DEFAULT_FAIL_ON_SEVERITY, DEFAULT_PIPELINE_BRANCH } from "../config/pipeline/defaults";
import type { ResolvedPipeline } from "../config/pipeline/resolve";
import type { AppConfig } from "../config/app/schema";
import { pipelineStackId } from "../config/shared/stack-ids";
import { PRICE_TABLE } from "../cost/price-table";
import type { ExplainedSection } from "./explanation";

/** Where the pipeline's defaults live. */
const PIPELINE_DEFAULTS = "src/config/pipeline/defaults.ts";

/**
 * The app's CodePipeline as it touches one environment (decision 0015): whether the pipeline
 * releases it, in which position and behind which approval, with which gate, from which stack, and
 * the pipeline's fixed monthly charge (its key) at the price table's rate; or that it is off.
 */
export function pipelineSections(app: { name: string; config: AppConfig }, pipeline: ResolvedPipeline | undefined, envName: string): ExplainedSection[] {
  const title = `app ${app.name}: pipeline`;
  const block = app.config.pipeline;
  const source = (key: keyof NonNullable<AppConfig["pipeline"]>, fallback: string) => (block?.[key] !== undefined ? `apps.${app.name}.pipeline.${key}` : fallback);
  if (!pipeline) return [{ title, settings: [{ key: "enabled", value: false, source: source("enabled", `default (${PIPELINE_DEFAULTS}): GitHub Actions builds and deploys`) }] }];
  const index = pipeline.releases.findIndex((release) => release.environment === envName);
  const release = pipeline.releases[index];
  return [
    {
      title,
      settings: [
        { key: "enabled", value: true, source: `apps.${app.name}.pipeline.enabled` },
        { key: "stack", value: `${pipelineStackId(app.name)} (${pipeline.region}, account ${pipeline.account.name}; an administrator applies it)`, source: "decision 0015: the build repository's account and region" },
        { key: "source", value: `${pipeline.repository}@${pipeline.branch} through the CodeConnections connection ${pipeline.connectionName} (PENDING until its handshake: docs/runbooks/codepipeline.md)`, source: source("branch", `default ${DEFAULT_PIPELINE_BRANCH}`) },
        { key: "failOnSeverity", value: pipeline.build.failingSeverities, source: source("failOnSeverity", `default ${DEFAULT_FAIL_ON_SEVERITY} (${PIPELINE_DEFAULTS})`) },
        { key: "releasesThisEnvironment", value: release !== undefined, source: source("environments", "default: every environment of the app") },
        ...(release
          ? [
              { key: "position", value: `${index + 1} of ${pipeline.releases.length} (${pipeline.releases.map((candidate) => candidate.environment).join(", ")})`, source: "deploy order: lowest tier first, as the deploy workflow" },
              {
                key: "approval",
                value: release.approval ? `manual, waits ${pipeline.approvalTimeoutMinutes} minutes` : "none: the first environment",
                source: source("approvalTimeoutMinutes", `default ${DEFAULT_APPROVAL_TIMEOUT_MINUTES} minutes (${PIPELINE_DEFAULTS})`),
              },
              { key: "migration", value: release.migrations ? release.migrations.command.join(" ") : "none", source: `the migrations of ${envName} (decision 0013's runner, run by ${release.projectName})` },
              { key: "deploy", value: `CodeDeploy blue/green: ${release.blueGreen.applicationName}/${release.blueGreen.deploymentGroupName}`, source: "decision 0015: the pipeline never updates a rolling service" },
              { key: "deployWorkflow", value: "applies the stacks; runs no migration and no CodeDeploy deployment here", source: "decision 0015: one releaser per environment (the service stack's release output names the pipeline)" },
            ]
          : [{ key: "deployWorkflow", value: "applies the stacks and releases (migration, deployment)", source: "decision 0013: the pipeline does not release this environment" }]),
        { key: "monthlyUsd", value: PRICE_TABLE.regions[pipeline.region].kmsKeyMonth, source: "src/cost/price-table.ts: the artifact key; CodePipeline action minutes and CodeBuild build minutes are usage" },
      ],
    },
  ];
}
