import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { estimateStack } from "../../src/cost/estimate";
import { PRICE_TABLE } from "../../src/cost/price-table";

/** CloudWatch dashboards (issue 22, part 3): $3 a month each, account-wide; an account's first 3 free, which the per-stack estimate does not deduct. */
describe("the price of a CloudWatch dashboard", () => {
  it("is a global line of $3 a month that says the account's free three are not deducted", () => {
    const stack = new TerraformStack(Testing.app(), "dashboards");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new CloudwatchDashboard(stack, "dashboard", { dashboardName: "acme-web-dev", dashboardBody: JSON.stringify({ widgets: [] }) });
    const lines = estimateStack(JSON.parse(Testing.synth(stack)));
    expect(lines).toEqual([
      expect.objectContaining({
        item: "CloudWatch dashboard (an account's first 3 are free: not deducted)",
        region: "global",
        quantity: 1,
        unit: "dashboard-month",
        unitPriceUsd: 3,
        monthlyUsd: 3,
      }),
    ]);
    expect(PRICE_TABLE.global.cloudwatch).toEqual({ dashboardMonth: 3, freeDashboardsPerAccount: 3 });
  });
});
