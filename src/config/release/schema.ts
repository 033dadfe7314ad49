import { z } from "zod";
import { parseCidr } from "../shared/cidr";
import { MAX_MIGRATION_TIMEOUT_MINUTES, MAX_RELEASE_MINUTES, MIN_TEST_CIDR_PREFIX, TRAFFIC_SHIFTS } from "./defaults";

const minutes = (max: number) => z.number().int("must be a whole number of minutes").min(0, "must be 0 or more minutes").max(max, `must be at most ${max} minutes`);

/** A block of addresses the test listener admits: a CIDR without host bits, no wider than a /16. */
const testCidr = z.string().refine(
  (text) => {
    const cidr = parseCidr(text);
    return cidr !== undefined && !cidr.hostBitsSet && cidr.prefix >= MIN_TEST_CIDR_PREFIX;
  },
  { message: `must be an IPv4 CIDR block without host bits, no wider than a /${MIN_TEST_CIDR_PREFIX} (such as 203.0.113.0/24): the test listener is never open to the internet` },
);

/** CodeDeploy's blue/green deployment of an app's ECS service (decision 0013). */
export const blueGreenSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe(
      "Release the service with CodeDeploy's ECS blue/green deployment instead of ECS's rolling update: a second target group and a test listener, traffic shifted as `traffic` says, rolled back automatically on the service's alarms and on a failed deployment. Switching an existing service replaces it (see CHANGELOG).",
    ),
  traffic: z
    .enum(TRAFFIC_SHIFTS, { error: `must be one of ${TRAFFIC_SHIFTS.join(", ")}` })
    .optional()
    .describe("How production traffic moves to the new tasks: `all-at-once`, `linear` (trafficPercent every trafficIntervalMinutes) or `canary` (trafficPercent, then the rest after trafficIntervalMinutes)."),
  trafficPercent: z.number().int("must be a whole percentage").min(1, "must be 1 to 99").max(99, "must be 1 to 99").optional().describe("With linear or canary: the percentage of traffic moved per step (linear) or first (canary)."),
  trafficIntervalMinutes: minutes(MAX_RELEASE_MINUTES).min(1, "must be at least 1 minute").optional().describe("With linear or canary: minutes between steps."),
  terminationWaitMinutes: minutes(MAX_RELEASE_MINUTES)
    .optional()
    .describe("Minutes the old tasks keep running after all traffic moved; an alarm in that time still rolls the release back. The deploy job waits for it. At least the rollback alarms' window plus CloudWatch's delay (15)."),
  testListenerPort: z
    .number()
    .int()
    .min(1024, "must be a port from 1024 to 65535 (80 and 443 are the production listeners')")
    .max(65535, "must be a port from 1024 to 65535")
    .optional()
    .describe("The load balancer port of the test listener, which serves the new tasks before they take production traffic (HTTPS with the service's certificate where it has a domain)."),
  testListenerCidrs: z
    .array(testCidr)
    .optional()
    .describe("Who may reach the test listener: these blocks only (an office, a VPN's egress). None when left out: CodeDeploy routes to it without a network path, and nobody on the internet reaches it."),
});

/** A blue/green block as it passed the schema. */
export type BlueGreenConfig = z.output<typeof blueGreenSchema>;

/** The migration task the deploy workflow runs before each release (decision 0013). */
export const migrationsSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Run the migration command before each release; on where a command is given."),
  command: z
    .array(z.string().min(1, "must not be empty").max(4096, "must be at most 4096 characters"))
    .min(1, "must have at least one element, such as [\"bin/rails\", \"db:migrate\"]")
    .max(64, "must have at most 64 elements")
    .optional()
    .describe(
      "The command a one-off task of the release's image runs before the service takes the release, as an array such as `[\"bin/rails\", \"db:migrate\"]`; a non-zero exit stops the release. It logs into the database as the migrator role (with IAM authentication), and writes to the service's log group under the `migrate` stream prefix.",
    ),
  timeoutMinutes: z
    .number()
    .int()
    .min(1, "must be at least 1 minute")
    .max(MAX_MIGRATION_TIMEOUT_MINUTES, `must be at most ${MAX_MIGRATION_TIMEOUT_MINUTES} minutes`)
    .optional()
    .describe("Minutes the deploy job waits for the migration task to stop; past them it stops the task and the release."),
});

/** A migrations block as it passed the schema. */
export type MigrationsConfig = z.output<typeof migrationsSchema>;
