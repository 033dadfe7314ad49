import { App, TerraformStack, Testing } from "cdktf";
import childProcess from "node:child_process";
import { ActiveRegion } from "../../src/config/environment/schema";
import { TerraformData } from "../../src/constructs/terraform/terraform-data";
import { Platform } from "../../src/platform";
import { buildPlatform, SynthesizedResource, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * Fail-back as configuration (issue 20, item 8; docs/runbooks/fail-back.md): "dr" -> "returning"
 * (step 1: the primary region's database rebuilt as a replica of the DR writer) -> "primary" (step 2:
 * that replica promoted, the DR database a replica again). The plans of each step, field by field,
 * and what Terraform and RDS do with them, by their documented rules:
 *
 * - Terraform (Language, `lifecycle` `replace_triggered_by`; `internal/terraform/eval_context_builtin.go`
 *   EvaluateReplaceTriggeredBy): a resource is replaced when a resource it names is planned for an
 *   update or a replacement; a create or a delete of that resource triggers nothing.
 * - terraform-provider-aws `aws_db_instance`: `replicate_source_db` is updatable. Removing it promotes
 *   the instance (PromoteReadReplica); setting it on a standalone instance fails the apply with
 *   "cannot elect new source database for replication" (RDS cannot make an existing standalone
 *   instance a replica: RDS User Guide, *Working with DB instance read replicas*). Deleting uses the
 *   state's `deletion_protection`, `skip_final_snapshot` and `final_snapshot_identifier`.
 */
type Stacks = { database: SynthesizedStack; dr: SynthesizedStack; drStack: TerraformStack };

function prodStacks(activeRegion: ActiveRegion): Stacks {
  const config = defaultConfigCopy();
  config.environments.prod.activeRegion = activeRegion;
  const stacks = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
  return { database: new SynthesizedStack(stacks.database), dr: new SynthesizedStack(stacks.dr!.database), drStack: stacks.dr!.database };
}

/** What applying `next` over what `prior` applied does to an instance, by the rules above. */
function outcome(prior: SynthesizedStack, next: SynthesizedStack, instancePath: string, markerPath: string): "replaced" | "promoted" | "cannot elect new source" | "in place" {
  const has = (stack: SynthesizedStack): SynthesizedResource | undefined => {
    try {
      return stack.resource("terraform_data", markerPath);
    } catch {
      return undefined;
    }
  };
  const before = prior.resource("aws_db_instance", instancePath);
  const after = next.resource("aws_db_instance", instancePath);
  const priorMarker = has(prior);
  const nextMarker = has(next);
  const triggers: string[] = after.lifecycle?.replace_triggered_by ?? [];
  // An update of the marker (it exists before and after, with another input) triggers; its create or delete does not.
  const markerUpdated = priorMarker && nextMarker && JSON.stringify(priorMarker.input) !== JSON.stringify(nextMarker.input);
  if (markerUpdated && triggers.some((trigger) => trigger.includes(`terraform_data.${nextMarker!.__name}`))) return "replaced";
  if (before.replicate_source_db !== undefined && after.replicate_source_db === undefined) return "promoted";
  if (before.replicate_source_db === undefined && after.replicate_source_db !== undefined) return "cannot elect new source";
  return "in place";
}

const outcomes = (prior: Stacks, next: Stacks) => ({
  primary: outcome(prior.database, next.database, "rds/primary", "rds/fail-back"),
  dr: outcome(prior.dr, next.dr, "replica/replica", "replica/fail-back"),
});

const ref = SynthesizedStack.ref;
const drWriterArn = "arn:aws:rds:eu-west-1:222222222222:db:acme-web-prod-dr";
const primaryArn = "arn:aws:rds:us-east-1:222222222222:db:acme-web-prod";

describe("fail-back as configuration: dr -> returning -> primary", () => {
  const standby = prodStacks("primary");
  const failedOver = prodStacks("dr");
  const returning = prodStacks("returning");

  it("step 1 (returning) replaces the stale primary with a Multi-AZ cross-region replica of the DR writer, under the same identifier and endpoint", () => {
    const stale = failedOver.database.resource("aws_db_instance", "rds/primary");
    const rebuilt = returning.database.resource("aws_db_instance", "rds/primary");
    const key = returning.database.resource("aws_kms_key", "key/key");
    const marker = returning.database.resource("terraform_data", "rds/fail-back");
    expect(marker.input).toEqual({ role: `replica of ${drWriterArn}` });
    expect(rebuilt).toMatchObject({
      identifier: "acme-web-prod",
      replicate_source_db: drWriterArn,
      kms_key_id: ref("aws_kms_key", key, "arn"),
      storage_encrypted: true,
      multi_az: true,
      backup_retention_period: 0,
      skip_final_snapshot: true,
      deletion_protection: true,
      lifecycle: { replace_triggered_by: [`terraform_data.${marker.__name}`] },
    });
    // A replica takes its engine, master user, database and storage from its source, and no backup plan (no snapshot of a read replica).
    for (const field of ["engine", "username", "password_wo", "db_name", "allocated_storage", "final_snapshot_identifier"]) expect(rebuilt[field]).toBeUndefined();
    expect(rebuilt.tags?.BackupPlan).toBeUndefined();
    expect(stale.engine).toBe("postgres");
    // The stale primary's in-region replica goes with it; step 2 makes a new one of the new primary.
    expect(() => returning.database.resource("aws_db_instance", "rds/replica")).toThrow();
    expect(outcomes(failedOver, returning)).toEqual({ primary: "replaced", dr: "in place" });
  });

  it("step 1 keeps the DR database the writer and readies it for step 2: a final snapshot named for this fail-back, its source's backups no longer replicated", () => {
    const writer = failedOver.dr.resource("aws_db_instance", "replica/replica");
    const ready = returning.dr.resource("aws_db_instance", "replica/replica");
    const marker = returning.dr.resource("terraform_data", "replica/fail-back");
    const changed = Object.keys({ ...writer, ...ready }).filter((field) => JSON.stringify(writer[field]) !== JSON.stringify(ready[field]));
    expect(changed.sort()).toEqual(["final_snapshot_identifier", "lifecycle"]);
    expect(ready.final_snapshot_identifier).toBe(`acme-web-prod-dr-failback-\${substr(${ref("terraform_data", marker).slice(2, -1)}, 0, 8)}`);
    expect(ready.replicate_source_db).toBeUndefined();
    // Still protected while it is the writer: the runbook turns protection off once the primary region's replica is promoted.
    expect(ready.deletion_protection).toBe(true);
    expect(marker.input).toEqual({ role: "writer until fail-back" });
    expect(failedOver.dr.resources("aws_db_instance_automated_backups_replication")).toHaveLength(1);
    expect(returning.dr.resources("aws_db_instance_automated_backups_replication")).toEqual([]);
  });

  it("step 2 (primary again) promotes the primary region's replica in place and replaces the DR writer with a replica of it", () => {
    expect(outcomes(returning, standby)).toEqual({ primary: "promoted", dr: "replaced" });
    const replica = standby.dr.resource("aws_db_instance", "replica/replica");
    const marker = standby.dr.resource("terraform_data", "replica/fail-back");
    expect(marker.input).toEqual({ role: `replica of ${primaryArn}` });
    expect(replica).toMatchObject({ replicate_source_db: primaryArn, lifecycle: { replace_triggered_by: [`terraform_data.${marker.__name}`] } });
    // The promoted primary is the original writer again: its backup plan, and no marker, so nothing replaces it later.
    const primary = standby.database.resource("aws_db_instance", "rds/primary");
    expect(primary.lifecycle).toBeUndefined();
    expect(primary).toMatchObject({ multi_az: true, backup_retention_period: 30, deletion_protection: true, tags: { BackupPlan: "acme-web-prod" } });
    expect(standby.database.resources("terraform_data")).toEqual([]);
    expect(standby.dr.resources("aws_db_instance_automated_backups_replication")[0].source_db_instance_arn).toBe(primaryArn);
  });

  it("replaces nothing in any other transition: the failover promotes, the fencing apply replaces nothing, re-applying a state changes nothing", () => {
    expect(outcomes(standby, failedOver)).toEqual({ primary: "in place", dr: "promoted" });
    expect(outcomes(standby, standby)).toEqual({ primary: "in place", dr: "in place" });
    expect(outcomes(failedOver, failedOver)).toEqual({ primary: "in place", dr: "in place" });
    expect(outcomes(returning, returning)).toEqual({ primary: "in place", dr: "in place" });
  });

  it("fails safe when a step is skipped: dr straight to primary would re-elect a source, which the provider refuses at apply, destroying nothing", () => {
    // The DR marker is created, not updated, so it triggers nothing; the runbook says to go through "returning".
    expect(outcomes(failedOver, standby)).toEqual({ primary: "in place", dr: "cannot elect new source" });
  });

  it("writes each marker with its input in HCL too (cdktf synth --hcl), as in JSON", () => {
    expect(returning.drStack.toHclTerraform().hcl).toMatch(/^resource "terraform_data" "replica_fail-back_\w+" \{\ninput = \{\nrole = "writer until fail-back"\n\}\n\}$/m);
  });

  it.each<ActiveRegion>(["primary", "dr", "returning"])(
    "synthesizes every stack, guardrails and validations included, with activeRegion %s, running no command",
    (activeRegion) => {
      const config = defaultConfigCopy();
      config.environments.prod.activeRegion = activeRegion;
      const app: App = Testing.app();
      const platform = new Platform(app, runOf(config));
      expect(platform.deployments.get("web-prod")!.dr).toBeDefined();
      // Each state holds fail-back markers. CDKTF's own class for them validated by running `terraform version`
      // at every synthesis, which failed where no Terraform CLI is installed.
      expect(app.node.findAll().filter((construct) => construct instanceof TerraformData).length).toBeGreaterThan(0);
      const commands = (["execSync", "execFileSync", "spawnSync"] as const).map((name) => jest.spyOn(childProcess, name));
      try {
        expect(() => app.synth()).not.toThrow();
        for (const command of commands) expect(command).not.toHaveBeenCalled();
      } finally {
        for (const command of commands) command.mockRestore();
      }
    },
  );
});
