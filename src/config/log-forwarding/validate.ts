import { mergedBlock } from "../app/blocks";
import type { AppConfig } from "../app/schema";
import type { ConfigIssue } from "../shared/errors";
import type { Tier } from "../shared/tiers";
import { LOG_FORWARDING_TIER_DEFAULTS } from "./defaults";

/** Forwarding that is on needs its Splunk endpoint: config is the only place that names it. */
export function logForwardingIssues(appName: string, app: AppConfig, envName: string, tier: Tier): ConfigIssue[] {
  const block = mergedBlock(app, envName, "logForwarding");
  if (!(block.enabled ?? LOG_FORWARDING_TIER_DEFAULTS[tier].enabled) || block.splunk !== undefined) return [];
  const setByEnvironment = app.environments?.[envName]?.logForwarding?.enabled !== undefined;
  return [
    {
      path: setByEnvironment ? `apps.${appName}.environments.${envName}.logForwarding.splunk` : `apps.${appName}.logForwarding.splunk`,
      value: undefined,
      message: `is required: log forwarding is on in environment ${envName}, and Firehose needs the Splunk HEC endpoint to deliver to ({ "hecEndpoint": "https://host:443" }), or turn logForwarding.enabled off`,
    },
  ];
}
