import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { PlatformConfigInput } from "../../src/config/platform/schema";
import { IMAGE_WORKFLOW_PATH, imageWorkflowOf } from "../../scripts/image-workflow";
import { configuredPlatform } from "../../scripts/workflows";
import { defaultConfigCopy, runOf } from "../support/config";
import { buildPlatform, SynthesizedStack } from "../support/synth";

const ROOT = join(__dirname, "..", "..");

type Step = { uses?: string; run?: string; name?: string; with?: Record<string, string> };
type Job = { env: { APP: string }; steps: Step[] };

/** The image workflow a configuration makes, parsed. */
const workflowOf = (config: PlatformConfigInput) => parse(imageWorkflowOf(runOf(config).platform)!);

/** What each job pushes with: its push-role variable, its region, the repository and tag of its image, its build context. */
function pushes(workflow: { jobs: Record<string, Job> }) {
  return Object.entries(workflow.jobs).map(([name, job]) => {
    const credentials = job.steps.find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"))!.with!;
    const script = job.steps.find((step) => step.run?.includes("docker push"))!.run!.replace(/\$APP\b/g, job.env.APP);
    return {
      name,
      variable: /^\$\{\{ vars\.(\w+) \}\}$/.exec(credentials["role-to-assume"])![1],
      region: credentials["aws-region"],
      image: /\/([^/"]+\/[^/:"]+):([^"$]*)\$\{GITHUB_SHA::12\}"/.exec(script)!.slice(1).join(":"),
      context: /docker build -t "\$image" (\S+)/.exec(script)![1],
    };
  });
}

/** The repository variables the synthesized github stack sets to an app's push role's ARN, by app. */
function pushRoleVariables(config: PlatformConfigInput): Record<string, string> {
  const { platform } = buildPlatform(runOf(config));
  const variables = new SynthesizedStack(platform.github).resources("github_actions_variable");
  const roles = runOf(config).platform.delivery.accesses.flatMap((access) => access.imagePush.map((push) => [push.app, `arn:aws:iam::${access.account.id}:role/${push.roleName}`]));
  return Object.fromEntries(roles.flatMap(([app, arn]) => variables.filter((variable) => variable.value === arn).map((variable) => [app, variable.variable_name])));
}

/** The built-in configuration as a team in Tokyo would have it: project tokyoco, its one app shop, everything in ap-northeast-1 (DR in Osaka). */
function tokyoConfig(): PlatformConfigInput {
  const config = defaultConfigCopy();
  config.project = { ...config.project, name: "tokyoco", repository: "tokyoco/platform", defaultRegion: "ap-northeast-1" };
  for (const account of Object.values(config.accounts)) account.region = "ap-northeast-1";
  for (const network of Object.values(config.networks)) network.region = network.region === "eu-west-1" ? "ap-northeast-3" : "ap-northeast-1";
  config.apps = { shop: config.apps!.web };
  return config;
}

describe("the image workflow, generated from the configured apps", () => {
  it("is committed as the built-in configuration makes it (npm run workflows)", () => {
    expect(readFileSync(join(ROOT, IMAGE_WORKFLOW_PATH), "utf8")).toBe(imageWorkflowOf(configuredPlatform({}, ROOT)));
  });

  it("pushes tokyoco's shop to tokyoco/shop in ap-northeast-1 with AWS_PUSH_ROLE_ARN_SHOP, the variable the github stack sets to shop's push role", () => {
    const config = tokyoConfig();
    const workflow = workflowOf(config);
    expect(pushes(workflow)).toEqual([{ name: "build", variable: "AWS_PUSH_ROLE_ARN_SHOP", region: "ap-northeast-1", image: "tokyoco/shop:ci-", context: "app" }]);
    expect(workflow.on.push.paths).toEqual(["app/**"]);
    expect(pushRoleVariables(config)).toEqual({ shop: "AWS_PUSH_ROLE_ARN_SHOP" });
    // The image goes where the app's service pulls it from: its build repository, in that repository's region.
    const [repository] = runOf(config).platform.apps.map((app) => app.buildRepository);
    expect([repository.name, repository.region]).toEqual(["tokyoco/shop", "ap-northeast-1"]);
  });

  it("builds several apps in apps/<app>/, one job each with its own role, region and tag prefix; an app with its own repository builds there", () => {
    const config = defaultConfigCopy();
    config.accounts.tools = { id: "444444444444", region: "eu-central-1" };
    const { web } = config.apps!;
    config.apps = {
      web,
      "shop-api": { ...structuredClone(web), buildRepository: { account: "tools", ciTagPrefix: "build-" } },
      admin: { ...structuredClone(web), repository: "acme/admin" },
    };
    const workflow = workflowOf(config);
    expect(pushes(workflow)).toEqual([
      { name: "build-web", variable: "AWS_PUSH_ROLE_ARN_WEB", region: "us-east-1", image: "acme/web:ci-", context: "apps/web" },
      { name: "build-shop-api", variable: "AWS_PUSH_ROLE_ARN_SHOP_API", region: "eu-central-1", image: "acme/shop-api:build-", context: "apps/shop-api" },
    ]);
    expect(workflow.on.push.paths).toEqual(["apps/web/**", "apps/shop-api/**"]);
    // Exactly the apps the github stack sets a push-role variable for, each with that variable.
    expect(pushRoleVariables(config)).toEqual({ web: "AWS_PUSH_ROLE_ARN_WEB", "shop-api": "AWS_PUSH_ROLE_ARN_SHOP_API" });
  });

  it("is no workflow at all when every app builds in its own repository", () => {
    const config = defaultConfigCopy();
    config.apps!.web.repository = "acme/web-app";
    expect(imageWorkflowOf(runOf(config).platform)).toBeUndefined();
  });
});
