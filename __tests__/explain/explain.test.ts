import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { DEFAULT_CONFIG } from "../../src/config/platform/default-config";
import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { TIER_PRESETS } from "../../src/config/shared/tiers";
import { Explanation, explainEnvironment } from "../../src/explain/explanation";
import { formatExplanation } from "../../src/explain/format";
import { runExplain } from "../../scripts/explain";
import { withoutPlatformVariables } from "../support/config";
import { printedBy } from "../support/printed";

const ROOT = resolve(__dirname, "../..");

function explain(input: PlatformConfigInput, env: string): Explanation {
  const config = parseConfig(input, "test");
  return explainEnvironment(config, resolvePlatform(config), env);
}

/** The setting `key` of the section whose title starts with `section`, as [value, source]. */
function setting(explanation: Explanation, section: string, key: string): [unknown, string] {
  const found = explanation.sections.find((candidate) => candidate.title.startsWith(section))?.settings.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no ${section} ${key} in ${explanation.sections.map((s) => s.title).join(" | ")}`);
  return [found.value, found.source];
}

/** The built-in configuration with prod and the web app changed at several levels, to show each source. */
function customized(): PlatformConfigInput {
  const config = structuredClone(DEFAULT_CONFIG) as PlatformConfigInput & { apps: Record<string, any>; environments: Record<string, any>; networks: Record<string, any> };
  config.networks.uat.natMode = "instance";
  config.environments.uat.overrides = { logRetentionDays: 30 };
  config.environments.prod.overrides = { multiAz: false };
  config.environments.prod.monthlyBudgetUsd = 1300;
  config.environments.prod.waivers = { multiAz: "single-AZ until the launch, agreed with the owner" };
  config.apps.web.service = { ...config.apps.web.service, cpu: 512, memory: 1024 };
  config.apps.web.environments.uat.service.cpu = 1024;
  config.apps.web.environments.uat.service.memory = 2048;
  config.apps.web.environments.uat.database = { engine: "aurora-postgresql-serverless", maxCapacity: 8 };
  config.apps.web.environments.uat.featureFlags = { "new-checkout": true };
  return config;
}

describe("npm run explain: each resolved setting and where it came from", () => {
  it("names the tier preset for what nothing overrides, and the config path for what the app sets", () => {
    const prod = explain(DEFAULT_CONFIG, "prod");
    expect(setting(prod, "network prod", "natMode")).toEqual(["per-az", "tier preset prod (the network's tier)"]);
    expect(setting(prod, "environment prod", "multiAz")).toEqual([true, "tier preset prod"]);
    expect(setting(prod, "environment prod", "monthlyBudgetUsd")).toEqual([
      TIER_PRESETS.prod.monthlyBudgetUsd + TIER_PRESETS.prod.drMonthlyAllowanceUsd,
      "tier preset prod, with its DR allowance (environments.prod.drNetwork)",
    ]);
    expect(setting(explain(DEFAULT_CONFIG, "dev"), "environment dev", "monthlyBudgetUsd")).toEqual([80, "tier preset dev"]);
    expect(setting(prod, "app web: database", "instanceClass")).toEqual(["db.r6g.large", "tier preset prod"]);
    expect(setting(prod, "app web: database", "engine")).toEqual(["rds-postgresql", "default (src/config/database/defaults.ts)"]);
    expect(setting(prod, "app web: service", "cpu")).toEqual([1024, "tier preset prod"]);
    expect(setting(prod, "app web: service", "image")[1]).toBe("apps.web.environments.prod.service.imageDigest");
    expect(setting(prod, "app web: service", "domainName")).toEqual(["web.example.com", "apps.web.environments.prod.service.domainName"]);
    expect(setting(prod, "app web: alerts", "emails")).toEqual([["platform-alerts@example.com"], "apps.web.alerts.emails"]);
    expect(setting(prod, "app web: feature flags", "new-checkout")).toEqual([false, "apps.web.featureFlags.new-checkout.enabled"]);
  });

  it("explains the DR network's standby size and the pilot light's task count", () => {
    const prod = explain(DEFAULT_CONFIG, "prod");
    expect(setting(prod, "DR network prod-dr", "natMode")).toEqual(["single", "tier preset prod (the network's tier); one NAT gateway while it is a standby DR network"]);
    expect(setting(prod, "DR network prod-dr", "interfaceEndpoints.azCount")).toEqual([1, "tier preset prod (the network's tier); one endpoint zone while it is a standby DR network"]);
    // A DR network with no NAT of its own gets no gateway: only its endpoint zones are the standby's.
    const noNat = explain({ ...DEFAULT_CONFIG, networks: { ...DEFAULT_CONFIG.networks, "prod-dr": { ...DEFAULT_CONFIG.networks["prod-dr"], natMode: "none" } } }, "prod");
    expect(setting(noNat, "DR network prod-dr", "natMode")).toEqual(["none", "networks.prod-dr.natMode"]);
    expect(setting(noNat, "DR network prod-dr", "interfaceEndpoints.azCount")).toEqual([1, "tier preset prod (the network's tier); one endpoint zone while it is a standby DR network"]);
    expect(setting(prod, "environment prod", "drStandbyTasks")).toEqual([1, "default (src/config/dr/defaults.ts)"]);
    expect(setting(prod, "app web: disaster recovery", "service.minTasks")).toEqual([1, "drStandbyTasks (default (src/config/dr/defaults.ts)), while standing by"]);
    expect(setting(prod, "app web: disaster recovery", "databaseCopy")).toEqual(["read-replica", "database.engine (default (src/config/database/defaults.ts))"]);
  });

  it("shows an environment's override with the waiver that explains it", () => {
    const prod = explain(customized(), "prod");
    expect(setting(prod, "environment prod", "multiAz")).toEqual([false, 'environments.prod.overrides.multiAz; waiver: "single-AZ until the launch, agreed with the owner"']);
    expect(setting(prod, "waivers", "multiAz")).toEqual(["single-AZ until the launch, agreed with the owner", "environments.prod.waivers.multiAz"]);
    // Its own budget, with no DR allowance added.
    expect(setting(prod, "environment prod", "monthlyBudgetUsd")).toEqual([1300, "environments.prod.monthlyBudgetUsd"]);
    // The app's service cpu beats the tier's.
    expect(setting(prod, "app web: service", "cpu")).toEqual([512, "apps.web.service.cpu"]);
  });

  it("lets the environment's block win over the app's, and a network's own setting over its tier", () => {
    const uat = explain(customized(), "uat");
    expect(setting(uat, "app web: service", "cpu")).toEqual([1024, "apps.web.environments.uat.service.cpu"]);
    expect(setting(uat, "app web: service", "minTasks")).toEqual([2, "tier preset uat"]);
    expect(setting(uat, "network uat", "natMode")).toEqual(["instance", "networks.uat.natMode"]);
    expect(setting(uat, "network uat", "natInstanceType")).toEqual(["t4g.nano", "default (src/config/shared/tiers.ts)"]);
    expect(setting(uat, "environment uat", "logRetentionDays")).toEqual([30, "environments.uat.overrides.logRetentionDays"]);
    expect(setting(uat, "app web: feature flags", "new-checkout")).toEqual([true, "apps.web.environments.uat.featureFlags.new-checkout"]);
    // An image from outside ECR and the credentials it is pulled with, beside each other.
    const external = customized() as PlatformConfigInput & { apps: Record<string, any> };
    external.apps.web.environments.dev.service = { imageRepository: "ghcr.io/acme/web", imageTag: "1.0.0", registryCredentials: true };
    const dev = explain(external, "dev");
    expect(setting(dev, "app web: service", "image")).toEqual(["ghcr.io/acme/web:1.0.0", "apps.web.environments.dev.service.imageTag"]);
    expect(setting(dev, "app web: service", "registryCredentials")).toEqual([true, "apps.web.environments.dev.service.registryCredentials"]);
  });

  it("shows the settings of the engine in use: Aurora's capacity, not an instance class", () => {
    const uat = explain(customized(), "uat");
    expect(setting(uat, "app web: database", "maxCapacity")).toEqual([8, "apps.web.environments.uat.database.maxCapacity"]);
    expect(setting(uat, "app web: database", "minCapacity")).toEqual([0.5, "tier preset uat"]);
    expect(() => setting(uat, "app web: database", "instanceClass")).toThrow("no app web: database instanceClass");
  });

  it("formats one aligned line per setting under its section's title", () => {
    const text = formatExplanation(explain(DEFAULT_CONFIG, "dev"));
    expect(text.split("\n")[0]).toBe("Environment dev (tier dev): each setting, its value, and where it came from");
    expect(text).toMatch(/\nnetwork dev \(us-east-1, account nonprod\)\n {2}cidr +10\.10\.0\.0\/16 +networks\.dev\.cidr\n/);
    expect(text).toMatch(/\n {2}natMode +instance +tier preset dev \(the network's tier\)\n/);
    expect(text).toMatch(/\n {2}extensions +none +default \(src\/config\/database\/defaults\.ts\)\n/);
  });
});

describe("the explain command", () => {
  // As a user runs it: npm bundles the script with esbuild, then runs the bundle.
  const npmExplain = (args: string[]) =>
    spawnSync("npm", ["run", "--silent", "explain", "--", ...args], { cwd: ROOT, encoding: "utf8", env: withoutPlatformVariables(process.env) });
  // As npm runs the script (its runExplain), in this process, with what it prints captured.
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const { result, stdout, stderr } = printedBy(() => runExplain(args, { ...withoutPlatformVariables(process.env), ...env }, ROOT));
    return { status: result, stdout, stderr };
  };

  it("prints JSON for scripts with --json and the configuration line on stderr, and exits 1 for an environment it cannot explain", () => {
    const result = npmExplain(["prod", "--json"]);
    expect(result.status).toBe(0);
    expect(result.stderr.trim()).toBe("Configuration: the built-in default (src/config/platform/default-config.ts); environments: prod (explain)");
    const explanation = JSON.parse(result.stdout) as Explanation;
    expect(explanation.environment).toBe("prod");
    expect(setting(explanation, "app web: service", "minTasks")).toEqual([3, "tier preset prod"]);
    // What it cannot explain is its exit code too, not only a message.
    expect(npmExplain(["qa"]).status).toBe(1);
  });

  it("reads the configuration PLATFORM_CONFIG names", () => {
    const file = join(mkdtempSync(join(tmpdir(), "explain-")), "platform.json");
    writeFileSync(file, JSON.stringify(customized()));
    const result = run(["uat"], { PLATFORM_CONFIG: file });
    expect(result.status).toBe(0);
    expect(result.stderr.trim()).toBe(`Configuration: ${file} (PLATFORM_CONFIG); environments: uat (explain)`);
    expect(result.stdout).toMatch(/\n {2}cpu +1024 +apps\.web\.environments\.uat\.service\.cpu\n/);
  });

  it("names the environments there are when asked for one there is not, and shows its usage without one", () => {
    const unknown = run(["qa"]);
    expect([unknown.status, unknown.stderr.trim()]).toEqual([1, 'environment "qa" is not in this configuration; its environments are dev, staging, uat, prod']);
    const bare = run([]);
    expect([bare.status, bare.stderr.trim()]).toEqual([2, "usage: npm run explain -- <environment> [--json]"]);
  });
});
