import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";

/** Properties of {@link ProbeRole}. */
export interface ProbeRoleProps {
  /** The role's name, which is also its function's. */
  readonly name: string;
  /** The account. */
  readonly accountId: string;
  /** The region its function runs in (the DR region). */
  readonly region: string;
  /** What the probe needs beyond writing its own log group. @default nothing */
  readonly statements?: readonly PolicyStatement[];
}

/**
 * The role a DR region's probe function runs as, created by a stack of the primary region: IAM's
 * control plane is in us-east-1, so no stack a failover applies may create it. It may write its
 * function's log group in the DR region (where its metric's datapoints are), and what it is given.
 */
export class ProbeRole extends Construct {
  /** The role's ARN. */
  readonly arn: string;
  /** The role's inline policy: what a function that must not run without its permissions depends on. */
  readonly permissions: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ProbeRoleProps) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.name,
      description: `Runs the probe ${props.name} in ${props.region}`,
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", props.accountId),
    });
    this.permissions = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "probe",
      policy: policyDocument([
        ...(props.statements ?? []),
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/lambda/${props.name}:*` },
      ]),
    });
    this.arn = role.arn;
  }
}
