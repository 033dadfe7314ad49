import { App } from "cdktf";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Platform } from "../src/platform";
import { buildPlatform, defaultRun } from "./support/synth";

describe("the platform of the built-in configuration", () => {
  it("has a backend per account and a network per network", () => {
    const { app } = buildPlatform();
    expect(app.node.children.map((stack) => stack.node.id)).toEqual([
      "backend-nonprod",
      "backend-prod",
      "network-dev",
      "network-staging",
      "network-uat",
      "network-prod",
      "network-prod-dr",
    ]);
  });

  it("deploys each network after its account's backend", () => {
    const { platform } = buildPlatform();
    const dependencies = (name: string) => platform.networks.get(name)!.dependencies.map((stack) => stack.node.id);
    expect(dependencies("dev")).toEqual(["backend-nonprod"]);
    expect(dependencies("prod-dr")).toEqual(["backend-prod"]);
  });

  it("synthesizes only the selected environments' stacks", () => {
    const { app } = buildPlatform(defaultRun({ PLATFORM_ENVS: "prod" }));
    expect(app.node.children.map((stack) => stack.node.id)).toEqual(["backend-prod", "network-prod", "network-prod-dr"]);
  });

  it("writes every stack to cdktf.out with its manifest", () => {
    const outdir = mkdtempSync(join(tmpdir(), "platform-synth-"));
    const app = new App({ outdir });
    new Platform(app, defaultRun());
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toHaveLength(7);
    const dev = JSON.parse(readFileSync(join(outdir, manifest.stacks["network-dev"].synthesizedStackPath), "utf8"));
    expect(dev.terraform.backend.s3.key).toBe("acme/network-dev.tfstate");
  });
});
