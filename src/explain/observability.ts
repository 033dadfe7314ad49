import type { ResolvedDeployment } from "../config/app/resolve";
import type { AppConfig } from "../config/app/schema";
import { PRICE_TABLE } from "../cost/price-table";
import { pricedRegion } from "../cost/pricer";
import type { ExplainedSection } from "./explanation";

/** Where the defaults of traces, metrics and log forwarding live: per tier, in their own domains. */
const DEFAULTS = { telemetry: "src/config/telemetry/defaults.ts", logForwarding: "src/config/log-forwarding/defaults.ts" } as const;

/** The source of a key of the `telemetry` or `logForwarding` block (or of its `splunk` block): the environment's, the app's, else the default there. */
function source(app: { name: string; config: AppConfig }, envName: string, tier: string, block: keyof typeof DEFAULTS, path: readonly string[]): string {
  const at = (node: unknown) => path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], node);
  if (at(app.config.environments?.[envName]?.[block]) !== undefined) return `apps.${app.name}.environments.${envName}.${block}.${path.join(".")}`;
  if (at(app.config[block]) !== undefined) return `apps.${app.name}.${block}.${path.join(".")}`;
  return `default (${DEFAULTS[block]}, tier ${tier})`;
}

/** A secret's monthly price in a region, or why there is none. */
function secretMonth(region: string): number | string {
  const priced = pricedRegion(PRICE_TABLE, region);
  return priced === undefined ? `${region} is not in the price table` : PRICE_TABLE.regions[priced].secretMonth;
}

/** Log forwarding's fixed cost: the token's secret, and its replica in the DR region where there is one. */
function forwardingMonth(deployment: ResolvedDeployment): number | string {
  const prices = [secretMonth(deployment.environment.network.region), ...(deployment.dr ? [secretMonth(deployment.dr.network.region)] : [])];
  const missing = prices.find((price) => typeof price === "string");
  return missing ?? Math.round((prices as number[]).reduce((sum, price) => sum + price, 0) * 100) / 100;
}

/**
 * The collector sidecar and log forwarding of an app in one environment (decision 0011): each
 * setting with its source, where the data goes, and what they cost (usage only; the collector's
 * share of the task is the app's), or that they are off.
 */
export function observabilitySections(app: { name: string; config: AppConfig }, deployment: ResolvedDeployment): ExplainedSection[] {
  const envName = deployment.environment.name;
  const tier = deployment.environment.tier;
  const { telemetry, logForwarding, service } = deployment;
  const telemetrySource = (...path: string[]) => source(app, envName, tier, "telemetry", path);
  const forwardingSource = (...path: string[]) => source(app, envName, tier, "logForwarding", path);
  const traces: ExplainedSection = telemetry
    ? {
        title: `app ${app.name}: traces and metrics (OpenTelemetry collector sidecar)`,
        settings: [
          { key: "enabled", value: true, source: telemetrySource("enabled") },
          { key: "image", value: telemetry.image, source: telemetrySource("image") },
          { key: "cpu", value: `${telemetry.cpu} of the task's ${service.cpu} CPU units`, source: telemetrySource("cpu") },
          { key: "memory", value: `${telemetry.memory} of the task's ${service.memory} MiB`, source: telemetrySource("memory") },
          { key: "traces", value: "X-Ray", source: "decision 0011: the awsxray exporter" },
          {
            key: "metrics",
            value: telemetry.metrics === "cloudwatch" ? `CloudWatch, namespace ${telemetry.namespace} (EMF events in ${telemetry.metricsLogGroupName})` : telemetry.metrics === "prometheus" ? `Prometheus workspace ${telemetry.workspaceAlias}` : "none",
            source: telemetrySource("metrics"),
          },
          { key: "monthlyUsd", value: "usage only", source: "X-Ray traces, EMF log ingestion or AMP samples (npm run cost lists them as excluded); the collector's CPU and memory are inside the task's size" },
        ],
      }
    : { title: `app ${app.name}: traces and metrics`, settings: [{ key: "enabled", value: false, source: telemetrySource("enabled") }] };
  const forwarding: ExplainedSection = logForwarding
    ? {
        title: `app ${app.name}: log forwarding (subscription filter, Firehose, Splunk)`,
        settings: [
          { key: "enabled", value: true, source: forwardingSource("enabled") },
          { key: "splunk.hecEndpoint", value: logForwarding.splunk.hecEndpoint, source: forwardingSource("splunk", "hecEndpoint") },
          { key: "splunk.endpointType", value: logForwarding.splunk.endpointType, source: forwardingSource("splunk", "endpointType") },
          { key: "splunk.acknowledgementTimeoutSeconds", value: logForwarding.splunk.acknowledgementTimeoutSeconds, source: forwardingSource("splunk", "acknowledgementTimeoutSeconds") },
          { key: "splunk.retrySeconds", value: logForwarding.splunk.retrySeconds, source: forwardingSource("splunk", "retrySeconds") },
          { key: "tokenSecret", value: logForwarding.tokenSecretName, source: "the secrets stack creates it empty: put {\"hec_token\": ...} (docs/runbooks/log-forwarding.md)" },
          { key: "failedEventsBucket", value: logForwarding.failedEvents.bucket, source: "<project>-<app>-<env>-<account>-logs-failed" },
          { key: "failedEventsExpirationDays", value: logForwarding.failedEvents.expirationDays, source: forwardingSource("failedEventsExpirationDays") },
          {
            key: "monthlyUsd",
            value: forwardingMonth(deployment),
            source: "the token's secret and, with a drNetwork, its DR replica (src/cost/price-table.ts); Firehose per GB is usage",
          },
        ],
      }
    : { title: `app ${app.name}: log forwarding`, settings: [{ key: "enabled", value: false, source: forwardingSource("enabled") }] };
  return [traces, forwarding];
}
