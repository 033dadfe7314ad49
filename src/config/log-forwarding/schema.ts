import { z } from "zod";
import { HEC_ENDPOINT_TYPES } from "./defaults";

/** A Splunk HEC endpoint as Firehose takes it: HTTPS, a host and an optional port, no path. */
const HEC_ENDPOINT = /^https:\/\/(?=.{1,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/;

/** Forwarding of the service's log group to Splunk through a subscription filter and Firehose. */
export const logForwardingSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Forward the service's log group (`/ecs/<service>`) to Splunk through a CloudWatch Logs subscription filter and a Firehose stream."),
  splunk: z
    .strictObject({
      hecEndpoint: z
        .string()
        .regex(HEC_ENDPOINT, "must be the HEC endpoint as https://host[:port], such as https://http-inputs-acme.splunkcloud.com:443 (no path)")
        .describe("The Splunk HTTP Event Collector endpoint Firehose delivers to. The token is not config: Firehose reads it from the secret `<project>/<app>/<env>/splunk-hec-token` that the secrets stack creates empty (docs/runbooks/log-forwarding.md)."),
      endpointType: z.enum(HEC_ENDPOINT_TYPES, { error: `must be one of ${HEC_ENDPOINT_TYPES.join(", ")}` }).optional().describe("The HEC endpoint type."),
      acknowledgementTimeoutSeconds: z
        .number()
        .int()
        .min(180, "must be at least 180 seconds (Firehose's least)")
        .max(600, "must be at most 600 seconds (Firehose's most)")
        .optional()
        .describe("Seconds Firehose waits for Splunk's indexer acknowledgement (always on) before it retries."),
      retrySeconds: z.number().int().min(0, "must be 0 or more seconds").max(7200, "must be at most 7200 seconds (Firehose's most)").optional().describe("Seconds Firehose retries a batch before it writes it to the failed-events bucket."),
    })
    .optional()
    .describe("The Splunk destination; required when forwarding is on."),
  filterPattern: z.string().max(1024, "must be at most 1024 characters (CloudWatch Logs' limit)").optional().describe("The subscription filter pattern; empty forwards every event."),
  failedEventsExpirationDays: z
    .number()
    .int()
    .min(1, "must be at least 1 day")
    .max(3650, "must be at most 3650 days")
    .optional()
    .describe("Days the failed-events bucket keeps events Firehose could not deliver (replay them with docs/runbooks/log-forwarding.md)."),
});

/** A logForwarding block as it passed the schema. */
export type LogForwardingConfig = z.output<typeof logForwardingSchema>;
