import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformResource, TerraformStack } from "cdktf";
import { cliConfiguration } from "../../scripts/offline-plan";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { runOf } from "../support/config";
import { terraformRuns } from "../support/terraform";

/**
 * docs/runbooks/adopt-existing.md: Terraform 1.5+ `import` blocks for resources a team already runs,
 * addressed as the synthesized JSON names them, added with CDKTF's `importFrom`.
 */
const example = JSON.parse(readFileSync(join(__dirname, "../../examples/existing-vpc.json"), "utf8"));
const { platform } = buildPlatform(runOf(example));
const prod = platform.deployments.get("web-prod")!;

/** The first resource of a type in a stack. */
function resourceOf(stack: TerraformStack, type: string): TerraformResource {
  const found = stack.node.findAll().find((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && c.terraformResourceType === type);
  if (!found) throw new Error(`no ${type} in ${stack.node.id}`);
  return found;
}

const adopted = [
  { stack: platform.networks.get("prod")!, type: "aws_vpc", id: "vpc-0123456789abcdef0" },
  { stack: prod.files, type: "aws_s3_bucket", id: "acme-web-prod-files-existing" },
  { stack: prod.database, type: prod.database.node.findAll().some((c) => TerraformResource.isTerraformResource(c) && c.terraformResourceType === "aws_rds_cluster") ? "aws_rds_cluster" : "aws_db_instance", id: "acme-web-prod" },
].map((entry) => {
  const resource = resourceOf(entry.stack, entry.type);
  resource.importFrom(entry.id);
  return { ...entry, resource, synthesized: new SynthesizedStack(entry.stack) };
});

/** Terraform and a provider mirror holding hashicorp/aws, when this machine has them. */
const mirror = process.env.PLATFORM_TF_MIRROR ?? "/opt/tf-plugins";
const hasTerraform = terraformRuns && existsSync(join(mirror, "registry.terraform.io/hashicorp/aws"));

describe("adopting running resources with import blocks (docs/runbooks/adopt-existing.md)", () => {
  it.each(adopted.map((entry) => [entry.type, entry]))("an import block for the %s, addressed as the stack's JSON names it", (_, entry) => {
    const address = `${entry.type}.${entry.resource.friendlyUniqueId}`;
    expect(entry.synthesized.json.resource[entry.type][entry.resource.friendlyUniqueId]).toBeDefined();
    expect(entry.synthesized.json.import).toEqual([{ to: address, id: entry.id }]);
  });

  (hasTerraform ? it : it.skip)(
    // The network adopting an existing VPC (data sources and postconditions) is planned by the engine checks (npm run test:terraform).
    "terraform validate accepts the network stack with its import block (its shape: validate does not check the address)",
    () => {
      const work = mkdtempSync(join(tmpdir(), "platform-import-"));
      try {
        writeFileSync(join(work, "terraformrc"), cliConfiguration(mirror));
        const env = { ...process.env, TF_CLI_CONFIG_FILE: join(work, "terraformrc"), TF_IN_AUTOMATION: "1" };
        const dir = join(work, "network-prod");
        mkdirSync(dir);
        writeFileSync(join(dir, "cdk.tf.json"), adopted[0].synthesized.text);
        execFileSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
        const output = execFileSync("terraform", ["validate", "-no-color"], { cwd: dir, env, encoding: "utf8" });
        expect(output).toContain("Success! The configuration is valid.");
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
