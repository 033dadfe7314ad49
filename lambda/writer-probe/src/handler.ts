import { Signer } from "@aws-sdk/rds-signer";
import { parsePort } from "../../db-role-manager/src/aws";
import { embeddedMetricLine, ProbeMetric } from "../../shared/embedded-metric";
import { probeWriter, ProbeDependencies, ProbeResult } from "./probe";

/** Milliseconds to wait for the database: well inside the one-minute schedule. */
const CONNECT_TIMEOUT_MS = 5_000;

/** The variables the function's configuration sets. */
const REQUIRED = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "AWS_REGION", "METRIC_NAMESPACE", "METRIC_NAME", "METRIC_DIMENSION", "DB_IDENTIFIER"] as const;

/** The probe's configuration from its environment; a missing variable is an error, not a guess. */
export function probeConfiguration(env: NodeJS.ProcessEnv): { dependencies: ProbeDependencies; metric: ProbeMetric } {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`configuration_error: environment variables missing: ${missing.join(", ")}`);
  const host = env.DB_HOST!;
  const port = parsePort(env.DB_PORT!);
  const user = env.DB_USER!;
  return {
    dependencies: {
      connection: { host, port, database: env.DB_NAME!, connectTimeoutMs: CONNECT_TIMEOUT_MS, applicationName: "writer-probe" },
      credentials: async () => ({ user, password: await new Signer({ hostname: host, port, username: user, region: env.AWS_REGION }).getAuthToken() }),
    },
    metric: { namespace: env.METRIC_NAMESPACE!, name: env.METRIC_NAME!, dimension: { name: env.METRIC_DIMENSION!, value: env.DB_IDENTIFIER! } },
  };
}

/**
 * The Lambda entry point, run every minute by an EventBridge rule: probes the
 * DR database and writes the `Writer` datapoint (1 or 0) as an embedded-metric
 * log line on standard output, where the Node.js runtime adds no prefix.
 */
export async function handler(): Promise<ProbeResult> {
  const { dependencies, metric } = probeConfiguration(process.env);
  const result = await probeWriter(dependencies);
  process.stdout.write(`${embeddedMetricLine(metric, result.writer, Date.now())}\n`);
  if (result.reason) process.stdout.write(`${JSON.stringify({ level: "WARN", message: `not a writer: ${result.reason}` })}\n`);
  return result;
}
