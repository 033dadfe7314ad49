import { embeddedMetricLine, ProbeMetric } from "../../shared/embedded-metric";
import { probeReachable, ReachabilityResult, ReachabilitySettings } from "./probe";

/** Milliseconds to wait for the app: Route 53's HTTPS health checks wait 4 s for the first byte. */
const TIMEOUT_MS = 4_000;

/** The variables the function's configuration sets. */
const REQUIRED = ["PROBE_URL", "METRIC_NAMESPACE", "METRIC_NAME", "METRIC_DIMENSION", "DIMENSION_VALUE"] as const;

/** The probe's configuration from its environment; a missing variable is an error, not a guess. */
export function reachabilityConfiguration(env: NodeJS.ProcessEnv): { settings: ReachabilitySettings; metric: ProbeMetric } {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`configuration_error: environment variables missing: ${missing.join(", ")}`);
  if (!env.PROBE_URL!.startsWith("https://")) throw new Error(`configuration_error: PROBE_URL = ${JSON.stringify(env.PROBE_URL)}: must be an https:// URL`);
  return {
    settings: { url: env.PROBE_URL!, timeoutMs: TIMEOUT_MS },
    metric: { namespace: env.METRIC_NAMESPACE!, name: env.METRIC_NAME!, dimension: { name: env.METRIC_DIMENSION!, value: env.DIMENSION_VALUE! } },
  };
}

/** The Lambda entry point, run every minute: probes the app at its domain and writes the `Reachable` datapoint (1 or 0) as an embedded-metric log line. */
export async function handler(): Promise<ReachabilityResult> {
  const { settings, metric } = reachabilityConfiguration(process.env);
  const result = await probeReachable(settings);
  process.stdout.write(`${embeddedMetricLine(metric, result.reachable, Date.now())}\n`);
  if (result.reason) process.stdout.write(`${JSON.stringify({ level: "WARN", message: `unreachable: ${result.reason}` })}\n`);
  return result;
}
