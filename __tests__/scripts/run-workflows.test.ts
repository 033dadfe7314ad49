import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPLOY_WORKFLOW_PATH, deployWorkflowOf } from "../../scripts/deploy-workflow";
import { IMAGE_WORKFLOW_PATH, imageWorkflowOf } from "../../scripts/image-workflow";
import { configuredPlatform, runWorkflows } from "../../scripts/workflows";
import { defaultConfigCopy } from "../support/config";
import { printedBy } from "../support/printed";

/** A working directory with a .github/workflows directory, as a repository root has. */
function repositoryRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "workflows-root-"));
  mkdirSync(join(root, ".github", "workflows"), { recursive: true });
  return root;
}

const workflowFiles = (root: string) => readdirSync(join(root, ".github", "workflows"));
const stale = (path: string, from: string) => `${path} is not what ${from} make: run npm run workflows and commit it\n`;

describe("npm run workflows", () => {
  it("writes the deploy and image workflows the configuration makes, then --check finds them current (0)", () => {
    const root = repositoryRoot();
    expect(printedBy(() => runWorkflows([], {}, root))).toEqual({ result: 0, stdout: "", stderr: `wrote ${DEPLOY_WORKFLOW_PATH}\nwrote ${IMAGE_WORKFLOW_PATH}\n` });
    const platform = configuredPlatform({}, root);
    expect(readFileSync(join(root, DEPLOY_WORKFLOW_PATH), "utf8")).toBe(deployWorkflowOf(platform));
    expect(readFileSync(join(root, IMAGE_WORKFLOW_PATH), "utf8")).toBe(imageWorkflowOf(platform));
    expect(printedBy(() => runWorkflows(["--check"], {}, root))).toEqual({ result: 0, stdout: "", stderr: "" });
  });

  it("--check fails (1) naming each stale file: image.yml alone when only it is stale, then both", () => {
    const root = repositoryRoot();
    printedBy(() => runWorkflows([], {}, root));
    writeFileSync(join(root, IMAGE_WORKFLOW_PATH), readFileSync(join(root, IMAGE_WORKFLOW_PATH), "utf8").replace("AWS_PUSH_ROLE_ARN_WEB", "AWS_PUSH_ROLE_ARN_SHOP"));
    expect(printedBy(() => runWorkflows(["--check"], {}, root))).toEqual({ result: 1, stdout: "", stderr: stale(IMAGE_WORKFLOW_PATH, "the configured apps") });
    writeFileSync(join(root, DEPLOY_WORKFLOW_PATH), "name: deploy\n");
    expect(printedBy(() => runWorkflows(["--check"], {}, root))).toEqual({
      result: 1,
      stdout: "",
      stderr: stale(DEPLOY_WORKFLOW_PATH, "the configured environments") + stale(IMAGE_WORKFLOW_PATH, "the configured apps"),
    });
  });

  it("removes image.yml where no app's image is built here (every app has its own repository), and --check names one left behind", () => {
    const root = repositoryRoot();
    const config = defaultConfigCopy();
    config.apps!.web.repository = "acme/web-app";
    writeFileSync(join(root, "platform.json"), JSON.stringify(config));
    writeFileSync(join(root, IMAGE_WORKFLOW_PATH), "name: image\n");
    expect(printedBy(() => runWorkflows(["--check"], {}, root))).toMatchObject({ result: 1, stderr: expect.stringContaining(stale(IMAGE_WORKFLOW_PATH, "the configured apps")) });
    expect(printedBy(() => runWorkflows([], {}, root))).toEqual({ result: 0, stdout: "", stderr: `wrote ${DEPLOY_WORKFLOW_PATH}\nremoved ${IMAGE_WORKFLOW_PATH}: the configuration makes none\n` });
    expect(workflowFiles(root)).toEqual(["deploy.yml"]);
    expect(printedBy(() => runWorkflows(["--check"], {}, root))).toEqual({ result: 0, stdout: "", stderr: "" });
  });

  it.each([[["--chek"]], [["--check", "--force"]], [["deploy.yml"]]])("refuses the unknown argument of %j with one line naming it and --check, exit code 1, writing nothing", (args) => {
    const root = repositoryRoot();
    const unknown = args.find((arg) => arg !== "--check");
    expect(printedBy(() => runWorkflows(args, {}, root))).toEqual({ result: 1, stdout: "", stderr: `unknown argument ${unknown}: npm run workflows takes --check or nothing\n` });
    expect(workflowFiles(root)).toEqual([]);
  });

  it("refuses a configuration error with its message alone and exit code 1, writing nothing", () => {
    const root = repositoryRoot();
    writeFileSync(join(root, "platform.json"), JSON.stringify({ ...defaultConfigCopy(), environmnets: {} }));
    const { result, stdout, stderr } = printedBy(() => runWorkflows([], {}, root));
    expect({ result, stdout }).toEqual({ result: 1, stdout: "" });
    expect(stderr).toBe(`Invalid platform configuration (${join(root, "platform.json")}), 1 issue(s):\n  - environmnets = {}: is not a known field: did you mean "environments"?\n`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, DEPLOY_WORKFLOW_PATH))).toBe(false);
    expect(workflowFiles(root)).toEqual([]);
  });
});
