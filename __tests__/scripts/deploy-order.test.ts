import { deployOrder, DeployOrderError } from "../../scripts/deploy-order";

describe("the deploy jobs' stack order, generated from the platform", () => {
  it("lists only one region's stacks where one is given: a failover's, with the primary region down", () => {
    expect(deployOrder("prod", {}, __dirname, "eu-west-1")).toEqual(["network-prod-dr", "web-prod-dr-monitoring", "web-prod-dr-database", "web-prod-dr-cache", "web-prod-dr-service"]);
  });

  it("puts every stack after the stacks it depends on, and lists only the pipeline's stacks of the environment's account", () => {
    const prod = deployOrder("prod", {}, __dirname);
    expect(prod).toEqual([
      "network-prod",
      "network-prod-dr",
      "peering-prod-prod-dr",
      "web-prod-monitoring",
      "web-prod-secrets",
      "web-prod-database",
      "web-prod-cache",
      "web-prod-dr-monitoring",
      "web-prod-dr-database",
      "web-prod-service",
      "web-prod-dr-cache",
      "web-prod-dr-service",
      "web-prod-dns",
    ]);
    expect(deployOrder("dev", {}, __dirname).slice(0, 3)).toEqual(["network-dev", "web-dev-monitoring", "web-dev-secrets"]);
    for (const order of [prod, deployOrder("dev", {}, __dirname), deployOrder("uat", {}, __dirname)]) {
      // The administrator's stacks: the backup stacks (no deploy role touches a vault), the files and DR storage stacks (no deploy role loosens a files bucket), the registry and the build repository (the supply chain prod trusts).
      expect(order.some((stack) => /^(backend|access|audit|github|registry)-|-(backup|files|dr-storage|build-repository)$/.test(stack))).toBe(false);
    }
  });

  it("refuses an environment the configuration does not name as its own argument, not as PLATFORM_ENVS, which nobody set", () => {
    expect(() => deployOrder("prd", {}, __dirname)).toThrow(new DeployOrderError('unknown environment "prd": the configuration\'s environments are dev, staging, uat, prod; did you mean "prod"?'));
  });

  it("refuses a region that is not the environment's, which would list no stack and let a failover job apply nothing", () => {
    expect(() => deployOrder("prod", {}, __dirname, "eu-wset-1")).toThrow(
      new DeployOrderError('environment prod has no stacks in region "eu-wset-1": its regions are us-east-1, eu-west-1; did you mean "eu-west-1"?'),
    );
  });
});
