import { ActiveRegion } from "../../src/config/environment/schema";
import { buildPlatform, SynthesizedStack } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * Fencing (issue 20, item 7): with `activeRegion: "dr"` the primary-region stacks, applied once
 * us-east-1 is back, keep everything off the stale primary and leave the promoted DR copies alone.
 * Each case compares the failed-over synthesis with the standing-by one, the way a reviewer reads
 * the fencing plan.
 */
function prodStacks(activeRegion: ActiveRegion) {
  const config = defaultConfigCopy();
  config.environments.prod.activeRegion = activeRegion;
  const stacks = buildPlatform(runOf(config)).platform.deployments.get("web-prod")!;
  return { service: new SynthesizedStack(stacks.service), database: new SynthesizedStack(stacks.database), secrets: new SynthesizedStack(stacks.secrets) };
}

const ref = SynthesizedStack.ref;

describe("fencing the primary region while the DR region is the writer (activeRegion \"dr\")", () => {
  const standby = prodStacks("primary");
  const failedOver = prodStacks("dr");

  it("scales the primary service to zero and holds it there: desired count 0 owned by Terraform, autoscaling pinned to 0", () => {
    const before = standby.service.resource("aws_ecs_service", "service/service");
    const after = failedOver.service.resource("aws_ecs_service", "service/service");
    // Standing by, autoscaling owns the count after the first apply; fenced, Terraform sets it to 0 on every apply.
    expect(before.lifecycle).toEqual({ ignore_changes: ["desired_count"] });
    expect(before.desired_count).toBe(3);
    expect(after.desired_count).toBe(0);
    expect(after.lifecycle).toBeUndefined();
    expect(failedOver.service.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 0, max_capacity: 0 });
    expect(standby.service.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 3, max_capacity: 10 });
  });

  it("makes the stale primary refuse every connection: its security group admits neither the app's clients (service, bastion) nor the role manager, which is not invoked", () => {
    const databaseGroup = (stack: SynthesizedStack) => ref("aws_security_group", stack.resource("aws_security_group", "security-groups/database"));
    const ingress = (stack: SynthesizedStack) =>
      stack.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === databaseGroup(stack)).map((rule) => rule.description);
    expect(ingress(standby.database).sort()).toEqual(["PostgreSQL from the app's service", "PostgreSQL from the role manager"]);
    expect(ingress(failedOver.database)).toEqual([]);
    // The clients' group still exists (the service and bastion keep their membership), but leads nowhere.
    expect(failedOver.database.resource("aws_security_group", "security-groups/clients").name).toBe("acme-web-prod-database-clients");
    expect(standby.database.resources("aws_lambda_invocation")).toHaveLength(1);
    expect(failedOver.database.resources("aws_lambda_invocation")).toEqual([]);
  });

  it("readies the stale primary for the fail-back's replacement and keeps its last writes: deletion protection off, a final snapshot named for this failover, nothing else changed", () => {
    const before = standby.database.resource("aws_db_instance", "rds/primary");
    const after = failedOver.database.resource("aws_db_instance", "rds/primary");
    const marker = failedOver.database.resource("terraform_data", "rds/fail-back");
    const changed = Object.keys({ ...before, ...after }).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    expect(changed.sort()).toEqual(["deletion_protection", "final_snapshot_identifier", "lifecycle"]);
    expect(after).toMatchObject({
      identifier: "acme-web-prod",
      deletion_protection: false,
      skip_final_snapshot: false,
      final_snapshot_identifier: `acme-web-prod-stale-\${substr(${ref("terraform_data", marker).slice(2, -1)}, 0, 8)}`,
      lifecycle: { replace_triggered_by: [`terraform_data.${marker.__name}`] },
    });
    expect(marker.input).toEqual({ role: "stale primary, fenced" });
    // Its in-region replica goes with it in step 1, so its protection comes off now too.
    expect(failedOver.database.resource("aws_db_instance", "rds/replica").deletion_protection).toBe(false);
    expect(standby.database.resources("terraform_data")).toEqual([]);
  });

  it("leaves the secrets' DR copies alone: the replica blocks stay, ignored, so an apply neither re-replicates over the standalone copies nor removes them", () => {
    // terraform-provider-aws aws_secretsmanager_secret (internal/service/secretsmanager/secret.go): a replica
    // dropped from the set is removed with RemoveRegionsFromReplication, which deletes the replica secret
    // (Secrets Manager API Reference); one added is replicated with ReplicateSecretToRegions, which fails on
    // (or, with force_overwrite_replica_secret, overwrites) the standalone secret the runbook made by
    // stop-replication-to-replica. Read back after that, the primary lists no replica: without
    // ignore_changes the plan would add it.
    const secrets = (stacks: typeof standby) => [
      ...stacks.secrets.resources("aws_secretsmanager_secret"),
      stacks.database.resource("aws_secretsmanager_secret", "master/secret"),
    ];
    for (const secret of secrets(failedOver)) {
      expect(secret.replica).toEqual([{ region: "eu-west-1", kms_key_id: expect.stringContaining("aws_kms_key.") }]);
      expect(secret.lifecycle).toEqual({ ignore_changes: ["replica"] });
      // Unchanged from standing by: the fencing plan shows nothing on the secrets.
      expect(secret.force_overwrite_replica_secret).toBe(true);
    }
    for (const secret of secrets(standby)) {
      expect(secret.lifecycle).toBeUndefined();
      // After a fail-back (activeRegion "primary" again) the replica is added back over the standalone copy.
      expect(secret.force_overwrite_replica_secret).toBe(true);
    }
    expect(secrets(failedOver).map((secret) => secret.name).sort()).toEqual(secrets(standby).map((secret) => secret.name).sort());
  });

  it("stays fenced while failing back (activeRegion \"returning\"): service at zero, no ingress, no invocation, secrets ignored", () => {
    const returning = prodStacks("returning");
    expect(returning.service.resource("aws_ecs_service", "service/service").desired_count).toBe(0);
    expect(returning.service.resource("aws_appautoscaling_target", "autoscaling/target")).toMatchObject({ min_capacity: 0, max_capacity: 0 });
    const group = ref("aws_security_group", returning.database.resource("aws_security_group", "security-groups/database"));
    expect(returning.database.resources("aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === group)).toEqual([]);
    expect(returning.database.resources("aws_lambda_invocation")).toEqual([]);
    expect(returning.database.resource("aws_secretsmanager_secret", "master/secret").lifecycle).toEqual({ ignore_changes: ["replica"] });
  });
});
