import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { serviceTrustPolicy } from "../security/policy-document";

/** Properties of an {@link EnhancedMonitoringRole}. */
export interface EnhancedMonitoringRoleProps {
  /** The role's name. */
  readonly name: string;
  /** The account whose RDS may assume the role. */
  readonly accountId: string;
}

/** The role's name for a database named `<project>-<app>-<env>`; IAM is global, so the DR replica uses the same role. */
export const enhancedMonitoringRoleName = (databaseName: string) => `${databaseName}-rds-monitoring`;

/** AWS's policy for the enhanced monitoring agent: write to the RDSOSMetrics log group only. */
const ENHANCED_MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

/** The role RDS assumes to publish enhanced monitoring (OS) metrics (seed 004: prod). */
export class EnhancedMonitoringRole extends Construct {
  /** The role's ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EnhancedMonitoringRoleProps) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.name,
      description: "RDS enhanced monitoring",
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", props.accountId),
    });
    new IamRolePolicyAttachment(this, "policy", { role: role.name, policyArn: ENHANCED_MONITORING_POLICY });
    this.arn = role.arn;
  }
}
