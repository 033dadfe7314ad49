import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { AuditTrail } from "../src/constructs/audit/audit-trail";
import type { AccessStackProps } from "./access-stack";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of an {@link AuditStack}: those of the account's access stack, whose settings hold the audit's. */
export type AuditStackProps = AccessStackProps;

/**
 * `audit-<account>`: the account's CloudTrail trail (seed 004's logging
 * table), multi-region, validated, encrypted, with the data events of the
 * state, app files and audit buckets and of Lambda, kept a year in a bucket
 * locked in compliance mode (this account's, or the log archive's) and a log
 * group. An administrator applies it, as one of the key administrators
 * (KMS's lockout safety check refuses anyone else); no deploy role may change it.
 */
export class AuditStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: AuditStackProps) {
    const { project, access } = props;
    const { audit } = access;
    super(scope, id, { ...sharedStackProps(project, access.account, access.account.region, access.account.name), deployedBy: "administrator" });
    const trail = new AuditTrail(this, "trail", {
      trailName: audit.trailName,
      bucketName: audit.bucket,
      destination: audit.destination,
      logGroupName: audit.logGroupName,
      retentionDays: audit.retentionDays,
      administratorArns: access.administratorArns,
      dataEventObjectPrefixes: audit.dataEventObjectPrefixes,
      auditObjectPrefix: audit.auditObjectPrefix,
      accountId: access.account.id,
      region: access.account.region,
    });
    new TerraformOutput(this, "trail_arn", { value: trail.trailArn, description: "The account's audit trail" });
  }
}
