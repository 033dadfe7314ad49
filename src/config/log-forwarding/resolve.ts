import type { Tier } from "../shared/tiers";
import { definedOnly } from "../shared/defined-only";
import { DEFAULT_HEC_ENDPOINT_TYPE, FORWARD_EVERY_EVENT, HEC_ENDPOINT_TYPES, LOG_FORWARDING_TIER_DEFAULTS, SPLUNK_BUFFERING } from "./defaults";
import type { LogForwardingConfig } from "./schema";

/** Forwarding of one app's service logs in one environment to Splunk. */
export interface ResolvedLogForwarding {
  /** The Firehose stream, `<service>-logs`. */
  readonly streamName: string;
  /** The subscription filter on the service's log group, `<service>-to-splunk`. */
  readonly subscriptionFilterName: string;
  /** The subscription filter pattern (empty: every event). */
  readonly filterPattern: string;
  /** The Splunk destination. */
  readonly splunk: {
    /** The HEC endpoint, `https://host[:port]`. */
    readonly hecEndpoint: string;
    /** The HEC endpoint type. */
    readonly endpointType: (typeof HEC_ENDPOINT_TYPES)[number];
    /** Seconds Firehose waits for the indexer acknowledgement. */
    readonly acknowledgementTimeoutSeconds: number;
    /** Seconds Firehose retries a batch. */
    readonly retrySeconds: number;
    /** Firehose's buffering before a delivery. */
    readonly buffering: typeof SPLUNK_BUFFERING;
  };
  /** The secret holding `{"hec_token": "..."}`, `<project>/<app>/<env>/splunk-hec-token`, which the secrets stack creates with no value. */
  readonly tokenSecretName: string;
  /** The bucket of events Firehose could not deliver, `<service>-<account id>-logs-failed`, and how long it keeps them. */
  readonly failedEvents: { readonly bucket: string; readonly expirationDays: number };
  /** Firehose's own delivery-error log group, `/aws/kinesisfirehose/<service>-logs`. */
  readonly errorLogGroupName: string;
  /** The role CloudWatch Logs assumes to put to the stream, `<service>-logs-to-firehose`, and the role Firehose assumes, `<service>-firehose`. */
  readonly roleNames: { readonly logs: string; readonly firehose: string };
}

/** The Splunk HEC token's secret of an app in an environment: `<prefix>/splunk-hec-token`. */
export const splunkTokenSecretName = (secretNamePrefix: string) => `${secretNamePrefix}/splunk-hec-token`;

/** The tier's forwarding settings with the app's and the environment's on top; undefined when forwarding is off (validation has required the endpoint when on). */
export function resolveLogForwarding(serviceName: string, accountId: string, secretNamePrefix: string, tier: Tier, block: LogForwardingConfig): ResolvedLogForwarding | undefined {
  const tierDefaults = LOG_FORWARDING_TIER_DEFAULTS[tier];
  const enabled = block.enabled ?? tierDefaults.enabled;
  if (!enabled || block.splunk === undefined) return undefined;
  const splunk = { ...tierDefaults, ...definedOnly(block.splunk) };
  const streamName = `${serviceName}-logs`;
  return {
    streamName,
    subscriptionFilterName: `${serviceName}-to-splunk`,
    filterPattern: block.filterPattern ?? FORWARD_EVERY_EVENT,
    splunk: {
      hecEndpoint: block.splunk.hecEndpoint,
      endpointType: block.splunk.endpointType ?? DEFAULT_HEC_ENDPOINT_TYPE,
      acknowledgementTimeoutSeconds: splunk.acknowledgementTimeoutSeconds,
      retrySeconds: splunk.retrySeconds,
      buffering: SPLUNK_BUFFERING,
    },
    tokenSecretName: splunkTokenSecretName(secretNamePrefix),
    failedEvents: { bucket: `${serviceName}-${accountId}-logs-failed`, expirationDays: block.failedEventsExpirationDays ?? tierDefaults.failedEventsExpirationDays },
    errorLogGroupName: `/aws/kinesisfirehose/${streamName}`,
    roleNames: { logs: `${serviceName}-logs-to-firehose`, firehose: `${serviceName}-firehose` },
  };
}
