import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { imageBuildspec } from "../../../src/constructs/cicd/buildspecs";

/**
 * The image build's buildspec (decision 0015), run as CodeBuild runs its build phase: its commands
 * in bash, in order, the first failing one failing the build. Only `aws` and `docker` are replaced,
 * by scripts on the PATH that record their arguments and answer as ECR would: an existing tag or
 * ImageNotFoundException, a finished scan and its findings. jq is the real one.
 */
const REPOSITORY_URL = "333333333333.dkr.ecr.us-east-1.amazonaws.com/acme/web";
const spec = JSON.parse(imageBuildspec({ repositoryUrl: REPOSITORY_URL, repositoryName: "acme/web", tagPrefix: "ci-", context: ".", failingSeverities: ["CRITICAL", "HIGH"] }));

const AWS = `#!/bin/bash
echo "aws $*" >> "$CALLS"
case "$*" in
  "ecr describe-images "*"imageTag=release."*) if [ -n "$RELEASED" ]; then echo "sha256:earlier"; else echo "An error occurred (ImageNotFoundException)" >&2; exit 254; fi ;;
  "ecr batch-get-image "*) echo '{"schemaVersion":2}' ;;
  "ecr put-image "*) echo '{"image":{}}' ;;
  "ecr describe-images "*) if [ -n "$EXISTING_DIGEST" ] || [ -f "$PUSHED" ]; then echo "\${EXISTING_DIGEST:-sha256:new}"; else echo "An error occurred (ImageNotFoundException)" >&2; exit 254; fi ;;
  "ecr wait image-scan-complete "*) exit 0 ;;
  "ecr describe-image-scan-findings "*) echo "$FINDINGS" ;;
  *) echo "unexpected aws $*" >&2; exit 2 ;;
esac
`;
const DOCKER = `#!/bin/bash
echo "docker $*" >> "$CALLS"
if [ "$1" = "push" ]; then touch "$PUSHED"; fi
`;

/** Runs the build phase with IMAGE_TAG set; returns the exit status, the output and the recorded calls. */
function runBuild(env: { existingDigest?: string; findings: string; released?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), "image-buildspec-"));
  try {
    for (const [name, body] of [["aws", AWS], ["docker", DOCKER]]) {
      writeFileSync(join(dir, name), body);
      chmodSync(join(dir, name), 0o755);
    }
    const calls = join(dir, "calls");
    writeFileSync(calls, "");
    const script = ["set -e", "IMAGE_TAG=ci-0123456789ab", "CODEBUILD_RESOLVED_SOURCE_VERSION=0123456789abcdef0123456789abcdef01234567", ...spec.phases.build.commands].join("\n");
    const result = spawnSync("bash", ["-c", script], {
      env: { PATH: `${dir}:${process.env.PATH}`, CALLS: calls, PUSHED: join(dir, "pushed"), EXISTING_DIGEST: env.existingDigest ?? "", FINDINGS: env.findings, RELEASED: env.released ? "yes" : "" },
      encoding: "utf8",
    });
    return { status: result.status, output: result.stdout + result.stderr, calls: readFileSync(calls, "utf8").trim().split("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CLEAN = JSON.stringify({ LOW: 2, UNDEFINED: 1 });
const HIGH = JSON.stringify({ HIGH: 1, LOW: 2 });

describe("the image build's buildspec", () => {
  it("a first build of the commit builds, pushes ci-<commit>, waits for the scan and exports the image by digest", () => {
    const run = runBuild({ findings: CLEAN });
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => call.startsWith("docker"))).toEqual([`docker build --tag ${REPOSITORY_URL}:ci-0123456789ab .`, `docker push ${REPOSITORY_URL}:ci-0123456789ab`]);
    expect(run.calls).toContain("aws ecr wait image-scan-complete --repository-name acme/web --image-id imageTag=ci-0123456789ab");
    expect(run.output).toContain(`releasing ${REPOSITORY_URL}@sha256:new`);
    // The release tag, on the same manifest: the lifecycle's CI rule cannot expire the image once it has one.
    expect(run.calls).toContain("aws ecr batch-get-image --repository-name acme/web --image-ids imageTag=ci-0123456789ab --query images[0].imageManifest --output text");
    expect(run.calls).toContain('aws ecr put-image --repository-name acme/web --image-tag release.0123456789ab --image-manifest {"schemaVersion":2}');
  });

  it("a re-run whose image has its release tag already does not put it again (the repository's tags are IMMUTABLE)", () => {
    const run = runBuild({ existingDigest: "sha256:earlier", findings: CLEAN, released: true });
    expect(run.status).toBe(0);
    expect(run.output).toContain("release.0123456789ab is already there: a re-run of this commit");
    expect(run.calls.filter((call) => call.startsWith("aws ecr put-image"))).toEqual([]);
  });

  it("a re-run of the same commit (its tag already in the IMMUTABLE repository) neither builds nor pushes, and checks that image's scan again", () => {
    const run = runBuild({ existingDigest: "sha256:earlier", findings: CLEAN });
    expect(run.status).toBe(0);
    expect(run.calls.filter((call) => call.startsWith("docker"))).toEqual([]);
    expect(run.output).toContain("ci-0123456789ab is already pushed (sha256:earlier): a re-run of this commit; no build or push, its scan findings checked again");
    expect(run.calls).toContain("aws ecr describe-image-scan-findings --repository-name acme/web --image-id imageTag=ci-0123456789ab --query imageScanFindings.findingSeverityCounts --output json");
    expect(run.output).toContain(`releasing ${REPOSITORY_URL}@sha256:earlier`);
  });

  it("a re-run of a commit whose image failed the gate fails again: the existing image's findings still count", () => {
    const run = runBuild({ existingDigest: "sha256:earlier", findings: HIGH });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("1 finding(s) of CRITICAL or HIGH: the image is not released");
    expect(run.output).not.toContain("releasing");
    // No release tag: the image expires among the CI builds.
    expect(run.calls.filter((call) => call.startsWith("aws ecr put-image"))).toEqual([]);
  });
});
