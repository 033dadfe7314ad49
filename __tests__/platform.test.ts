import { App, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Platform } from "../src/platform";
import { buildPlatform } from "./support/synth";
import { defaultRun } from "./support/config";

describe("the platform of the built-in configuration", () => {
  const appStacks = (env: string) => [`web-${env}-monitoring`, `web-${env}-secrets`, `web-${env}-database`, `web-${env}-service`];
  const drStacks = (env: string) => (env === "prod" ? ["web-prod-dr-monitoring", "web-prod-dr-database", "web-prod-dr-storage"] : []);
  const drServiceStacks = (env: string) => (env === "prod" ? ["web-prod-dr-cache", "web-prod-dr-service", "web-prod-dns"] : []);
  // The cache where the tier defaults turn it on (decision 0009): not in dev.
  const cacheStacks = (env: string) => (env === "dev" ? [] : [`web-${env}-cache`]);
  // The CDN's edge stack where the tier default turns it on (decision 0008): prod.
  const edgeStacks = (env: string) => (env === "prod" ? ["web-prod-edge"] : []);
  const withBackup = (env: string) => [...appStacks(env).slice(0, 3), ...cacheStacks(env), ...drStacks(env), `web-${env}-files`, `web-${env}-service`, ...drServiceStacks(env), ...edgeStacks(env), `web-${env}-backup`];

  it("has a backend per account and per other region of its networks, a network per network, a registry per account whose repositories replicate, a build repository per app, monitoring, secrets, database, files, service and backup per app and environment, and prod's DR stacks", () => {
    const { app } = buildPlatform();
    expect(app.node.children.map((stack) => stack.node.id)).toEqual([
      "backend-nonprod",
      "backend-prod",
      "backend-prod-eu-west-1",
      "access-nonprod",
      "audit-nonprod",
      "access-prod",
      "audit-prod",
      "github-platform",
      "network-dev",
      "network-staging",
      "network-uat",
      "network-prod",
      "network-prod-dr",
      "peering-prod-prod-dr",
      "registry-nonprod",
      "web-build-repository",
      ...["dev", "staging", "uat", "prod"].flatMap(withBackup),
    ]);
  });

  it("deploys each network after its account's backend in its region and its access stack (whose boundary its roles carry)", () => {
    const { platform } = buildPlatform();
    const dependencies = (name: string) => platform.networks.get(name)!.dependencies.map((stack) => stack.node.id);
    expect(dependencies("dev")).toEqual(["backend-nonprod", "access-nonprod"]);
    // And a DR network after the primary network whose stack creates its flow-log role.
    expect(dependencies("prod-dr")).toEqual(["backend-prod-eu-west-1", "access-prod", "network-prod"]);
  });

  it("deploys monitoring and secrets after the backend, the database after its network and monitoring", () => {
    const { platform } = buildPlatform();
    const stacks = platform.deployments.get("web-prod")!;
    const ids = (stack: TerraformStack) => stack.dependencies.map((dependency) => dependency.node.id).sort();
    expect(ids(stacks.monitoring)).toEqual(["backend-prod"]);
    expect(ids(stacks.secrets)).toEqual(["backend-prod"]);
    expect(ids(stacks.database)).toEqual(["network-prod", "web-prod-monitoring"]);
  });

  it("deploys the registry after its account's backend, the build repository after both, the files after the DR storage they replicate to, and each service after its database, secrets, build repository and files", () => {
    const { platform } = buildPlatform();
    const ids = (stack: TerraformStack) => stack.dependencies.map((dependency) => dependency.node.id).sort();
    expect(ids(platform.registries.get("nonprod")!)).toEqual(["access-nonprod", "backend-nonprod"]);
    expect(ids(platform.buildRepositories.get("web")!)).toEqual(["backend-nonprod", "registry-nonprod"]);
    expect(ids(platform.deployments.get("web-prod")!.files)).toEqual(["backend-prod", "web-prod-dr-storage"]);
    expect(ids(platform.deployments.get("web-prod")!.service)).toEqual(["web-build-repository", "web-prod-cache", "web-prod-database", "web-prod-files", "web-prod-secrets"]);
    expect(ids(platform.deployments.get("web-prod")!.cache!)).toEqual(["network-prod", "web-prod-monitoring"]);
    expect(ids(platform.deployments.get("web-prod")!.dr!.cache!)).toEqual(["network-prod-dr", "web-prod-dr-monitoring"]);
    expect(ids(platform.deployments.get("web-prod")!.dr!.service)).toContain("web-prod-dr-cache");
  });

  it("synthesizes only the selected environments' stacks", () => {
    const { app } = buildPlatform(defaultRun({ PLATFORM_ENVS: "prod" }));
    // The build repository, and the registry replicating it, live in the nonprod account and serve prod too.
    expect(app.node.children.map((stack) => stack.node.id)).toEqual([
      "backend-prod",
      "backend-prod-eu-west-1",
      "access-prod",
      "audit-prod",
      "github-platform",
      "network-prod",
      "network-prod-dr",
      "peering-prod-prod-dr",
      "registry-nonprod",
      "web-build-repository",
      ...withBackup("prod"),
    ]);
  });

  it("writes every stack to cdktf.out with its manifest", () => {
    const outdir = mkdtempSync(join(tmpdir(), "platform-synth-"));
    const app = new App({ outdir });
    new Platform(app, defaultRun());
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    // 45, the cache stacks of staging, uat, prod and prod's DR region, and prod's edge stack.
    expect(Object.keys(manifest.stacks)).toHaveLength(50);
    const stackJson = (id: string) => JSON.parse(readFileSync(join(outdir, manifest.stacks[id].synthesizedStackPath), "utf8"));
    expect(stackJson("network-dev").terraform.backend.s3.key).toBe("acme/network-dev.tfstate");
    // The database reads the network's and monitoring's outputs from their state, in the same account's backend.
    const remote = Object.values<any>(stackJson("web-dev-database").data.terraform_remote_state).map((state) => state.config.key).sort();
    expect(remote).toEqual(["acme/network-dev.tfstate", "acme/web-dev-monitoring.tfstate"]);
    // The service reads its network, monitoring, secrets and database; the build repository's names come from config.
    const serviceRemote = Object.values<any>(stackJson("web-dev-service").data.terraform_remote_state).map((state) => state.config.key).sort();
    expect(serviceRemote).toEqual(["acme/network-dev.tfstate", "acme/web-dev-database.tfstate", "acme/web-dev-monitoring.tfstate", "acme/web-dev-secrets.tfstate"]);
    const container = JSON.parse(Object.values<any>(stackJson("web-dev-service").resource.aws_ecs_task_definition)[0].container_definitions)[0];
    expect(container.secrets[0].valueFrom).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
  });
});
