import { z } from "zod";
import { region } from "../shared/fields";

/** One AWS account: its id and the region of its state backend. */
export const accountSchema = z.strictObject({
  id: z
    .string({ error: "must be a 12-digit AWS account id as a string, in quotes (a number would lose leading zeros)" })
    .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
    .describe("The 12-digit AWS account id."),
  region: region.describe("The region of the account's state backend."),
});
