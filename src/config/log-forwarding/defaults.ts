import type { Tier } from "../shared/tiers";

/**
 * Log forwarding (issue 22, part 5; seed 004's prod row: logs to CloudWatch and Splunk): a
 * CloudWatch Logs subscription filter on the service's log group sends its events to a Firehose
 * stream, which delivers them to a Splunk HTTP Event Collector and keeps what it cannot deliver in
 * an encrypted bucket (decision 0011).
 */

/** Splunk HEC endpoint types Firehose delivers to: `Raw` takes the events as they are, `Event` wants HEC's JSON event format. */
export const HEC_ENDPOINT_TYPES = ["Raw", "Event"] as const;

/** What a tier sets for log forwarding; each can be changed per app and environment. */
export interface LogForwardingTierDefaults {
  /** Whether the service's logs are forwarded (off everywhere: it needs an endpoint, which only config can name). */
  readonly enabled: boolean;
  /** Seconds Firehose waits for Splunk's indexer acknowledgement before it retries (Firehose allows 180 to 600). */
  readonly acknowledgementTimeoutSeconds: number;
  /** Seconds Firehose keeps retrying a batch before it goes to the failed-events bucket (0 to 7200). */
  readonly retrySeconds: number;
  /** Days the failed-events bucket keeps what could not be delivered. */
  readonly failedEventsExpirationDays: number;
}

/** Per tier: the failed events are kept as long as the tier keeps data it may need to replay. */
export const LOG_FORWARDING_TIER_DEFAULTS: Readonly<Record<Tier, LogForwardingTierDefaults>> = {
  dev: { enabled: false, acknowledgementTimeoutSeconds: 300, retrySeconds: 300, failedEventsExpirationDays: 14 },
  staging: { enabled: false, acknowledgementTimeoutSeconds: 300, retrySeconds: 300, failedEventsExpirationDays: 30 },
  uat: { enabled: false, acknowledgementTimeoutSeconds: 300, retrySeconds: 300, failedEventsExpirationDays: 30 },
  prod: { enabled: false, acknowledgementTimeoutSeconds: 300, retrySeconds: 3600, failedEventsExpirationDays: 90 },
};

/** The HEC endpoint type unless config names another: `Raw`, since the log events are the app's own lines, not HEC event JSON. */
export const DEFAULT_HEC_ENDPOINT_TYPE = "Raw";

/** Seconds and MiB Firehose buffers before a delivery to Splunk: its smallest interval, so a line reaches Splunk within a minute or so. */
export const SPLUNK_BUFFERING = { intervalSeconds: 60, sizeMb: 5 } as const;

/** The subscription filter pattern: every event of the log group. */
export const FORWARD_EVERY_EVENT = "";
