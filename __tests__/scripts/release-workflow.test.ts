import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * The deploy job's release step (decision 0013), run as GitHub Actions runs a `run:` step (`bash
 * --noprofile --norc -eo pipefail`) with stand-ins for npx, terraform and the scripts they start,
 * which record what they are asked: the order of a release, and that a failed migration or a
 * rolled-back deployment stops the job where it should.
 */
const WORKFLOW = join(__dirname, "../../.github/workflows/deploy-environment.yml");
const steps: { name?: string; run?: string; env?: Record<string, string> }[] = parse(readFileSync(WORKFLOW, "utf8")).jobs.deploy.steps;
const applyStep = steps.find((step) => step.name?.startsWith("Apply each stack"))!;

const STACKS = ["network-lowers", "web-staging-database", "web-staging-service"];

/** Stand-ins: every call is appended to calls.log; release.ts's targets name a task definition for service stacks only. */
const NPX = `#!/bin/bash
echo "npx $*" >> "$CALLS"
case "$*" in
  "tsx scripts/deploy-order.ts"*) printf '%s\\n' ${STACKS.join(" ")} ;;
  "tsx scripts/release.ts targets "*-service) printf '%s\\n' -target=aws_ecs_task_definition.task -target=aws_iam_role.roles_task ;;
  "tsx scripts/release.ts targets "*) ;;
  "tsx scripts/release.ts migrate "*) exit "\${MIGRATE_EXIT:-0}" ;;
  "tsx scripts/release.ts deploy "*) exit "\${DEPLOY_EXIT:-0}" ;;
esac
`;
const TERRAFORM = `#!/bin/bash
echo "terraform $* (in $(basename "$PWD"))" >> "$CALLS"
if [ "$1" = output ]; then echo '{"service":"acme-web-staging"}'; fi
`;

function runStep(env: Record<string, string> = {}): { code: number; calls: string[] } {
  const root = mkdtempSync(join(tmpdir(), "release-step-"));
  try {
    const bin = join(root, "bin");
    mkdirSync(bin);
    for (const [name, text] of [["npx", NPX], ["terraform", TERRAFORM]]) {
      writeFileSync(join(bin, name), text);
      chmodSync(join(bin, name), 0o755);
    }
    for (const stack of STACKS) mkdirSync(join(root, "cdktf.out", "stacks", stack), { recursive: true });
    const script = applyStep.run!.replace(/\$\{\{ inputs\.environment \}\}/g, "staging");
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd: root,
      env: { PATH: `${bin}:${process.env.PATH}`, CALLS: join(root, "calls.log"), RUNNER_TEMP: root, REGION: "", ...env },
      encoding: "utf8",
    });
    const calls = readFileSync(join(root, "calls.log"), "utf8").trim().split("\n");
    return { code: result.status ?? 1, calls: calls.map((call) => call.replaceAll(root, "<tmp>")) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("the deploy job's release of a service stack", () => {
  it("applies the release's targets, runs the migration, applies the stack, then deploys: other stacks are applied alone", () => {
    const { code, calls } = runStep();
    expect(code).toBe(0);
    expect(calls).toEqual([
      "npx tsx scripts/deploy-order.ts staging ",
      "npx cdktf synth",
      "npx tsx scripts/release.ts targets cdktf.out/stacks/network-lowers",
      "npx cdktf deploy network-lowers --auto-approve --ignore-missing-stack-dependencies",
      "npx tsx scripts/release.ts targets cdktf.out/stacks/web-staging-database",
      "npx cdktf deploy web-staging-database --auto-approve --ignore-missing-stack-dependencies",
      "npx tsx scripts/release.ts targets cdktf.out/stacks/web-staging-service",
      "terraform init -input=false (in web-staging-service)",
      "terraform apply -input=false -auto-approve -target=aws_ecs_task_definition.task -target=aws_iam_role.roles_task (in web-staging-service)",
      "terraform output -json release (in web-staging-service)",
      "npx tsx scripts/release.ts migrate <tmp>/release-web-staging-service.json",
      "npx cdktf deploy web-staging-service --auto-approve --ignore-missing-stack-dependencies",
      "terraform output -json release (in web-staging-service)",
      "npx tsx scripts/release.ts deploy <tmp>/release-web-staging-service.json",
    ]);
  });

  it("stops at a failed migration: the service stack is not applied, nothing is deployed", () => {
    const { code, calls } = runStep({ MIGRATE_EXIT: "1" });
    expect(code).toBe(1);
    expect(calls.at(-1)).toBe("npx tsx scripts/release.ts migrate <tmp>/release-web-staging-service.json");
    expect(calls).not.toContain("npx cdktf deploy web-staging-service --auto-approve --ignore-missing-stack-dependencies");
  });

  it("fails the job when the deployment fails or rolls back", () => {
    const { code, calls } = runStep({ DEPLOY_EXIT: "1" });
    expect(code).toBe(1);
    expect(calls.at(-1)).toBe("npx tsx scripts/release.ts deploy <tmp>/release-web-staging-service.json");
  });

  it("describes the deployment by the commit, and leaves blue/green services out of the rolling-update check", () => {
    expect(applyStep.env).toEqual({ RELEASE_DESCRIPTION: "${{ github.sha }}" });
    const wait = steps.find((step) => step.name?.startsWith("Wait for each ECS rollout"))!;
    expect(wait.run).toContain(`jq -r '.release.value.blueGreen != null')" = true ]; then echo "$stack: released by CodeDeploy"; continue; fi`);
    expect(wait.run!.indexOf("released by CodeDeploy")).toBeLessThan(wait.run!.indexOf("aws ecs wait services-stable"));
  });
});
