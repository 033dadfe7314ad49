import { z } from "zod";

/** An app's CloudWatch dashboard, for every environment or one. */
export const dashboardSchema = z.strictObject({
  enabled: z.boolean().optional().describe("Whether the environment gets a CloudWatch dashboard of its load balancer, service, database, cache, WAF and alarms (and one in its DR region)."),
  periodSeconds: z
    .number()
    .int()
    .refine((seconds) => seconds >= 60 && seconds % 60 === 0, {
      message: "must be 60 or a multiple of 60 seconds (the period of the load balancer's and Container Insights' metrics)",
    })
    .optional()
    .describe("Seconds per datapoint of the dashboard's graphs."),
});
