import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { join } from "node:path";
import { LAMBDA_CA_BUNDLE } from "../../../lambda/bundle";
import { bundleRoleManager, ROLE_MANAGER_ARCHIVE, ROLE_MANAGER_RUNTIME } from "../../../lambda/db-role-manager/bundle";
import { lambdaVpcAccessStatements } from "../security/lambda-vpc-access";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";

/** The roles, schema and extensions the role manager sets up. */
export interface RoleManagerEvent {
  /** Always `manage` when invoked on apply. */
  readonly action: "manage";
  /** The migrator and app role names. */
  readonly roles: { readonly migrator: string; readonly app: string };
  /** The schema the migrator owns. */
  readonly schema: string;
  /** Extensions to create. */
  readonly extensions: readonly string[];
}

/** Properties of a {@link RoleManager}. */
export interface RoleManagerProps {
  /** The function's name. */
  readonly functionName: string;
  /** The account and region of the function. */
  readonly accountId: string;
  /** The region of the function. */
  readonly region: string;
  /** The VPC of the database. */
  readonly vpcId: string;
  /** Subnets the function runs in: the network's database subnets. */
  readonly subnetIds: readonly string[];
  /** The database's security group, the only place the function connects to on the database port. */
  readonly databaseSecurityGroupId: string;
  /** The interface endpoints' security group, through which the function reaches Secrets Manager. */
  readonly endpointSecurityGroupId: string;
  /** The database's host name. */
  readonly databaseAddress: string;
  /** The database port. */
  readonly databasePort: number;
  /** The database the roles are set up in. */
  readonly databaseName: string;
  /** The master secret: the only secret the function may read. */
  readonly masterSecretArn: string;
  /** The key of the database and its secret: the only key the function may use. */
  readonly kmsKeyArn: string;
  /** The resource id in `rds-db:connect` ARNs, for the check action's IAM logins. */
  readonly iamResourceId: string;
  /** What the function sets up on every apply that changes it. */
  readonly event: RoleManagerEvent;
  /** Days the function's log group keeps logs. */
  readonly logRetentionDays: number;
  /** Seconds the function may run. */
  readonly timeoutSeconds: number;
  /** The function's memory in MB. */
  readonly memoryMb: number;
  /** What must exist before the function is invoked: the database's writer and the master secret's value. */
  readonly dependsOn: readonly ITerraformDependable[];
  /**
   * Whether the apply invokes the function. False while the database must not be written to (the
   * stale primary while the DR region is the writer, or its replica while failing back): the
   * invocation goes, and the next apply that brings it back runs the function again. @default true
   */
  readonly invoke?: boolean;
}

/**
 * The database role manager (seed 000): a Lambda function in the database
 * subnets that creates the migrator and app roles, the schema and default
 * privileges, invoked on apply and again whenever its event or code changes.
 * Least privilege: it reads one secret, decrypts with one key, manages its
 * own network interfaces, writes its own log group, and connects to the
 * database and Secrets Manager only.
 */
export class RoleManager extends Construct {
  /** The function's security group, which the database admits on its port. */
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: RoleManagerProps) {
    super(scope, id);
    const { accountId, region } = props;
    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      description: `${props.functionName}: out to the database and Secrets Manager only`,
    });
    this.securityGroupId = securityGroup.id;
    const egress = (name: string, port: number, target: string, description: string) =>
      new VpcSecurityGroupEgressRule(this, name, {
        securityGroupId: securityGroup.id,
        description,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: target,
      });
    egress("to-database", props.databasePort, props.databaseSecurityGroupId, "PostgreSQL");
    egress("to-endpoints", 443, props.endpointSecurityGroupId, "Secrets Manager through its interface endpoint");

    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, "role", {
      name: props.functionName,
      description: `Runs the database role manager ${props.functionName}`,
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", accountId),
    });
    const policy = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "role-manager",
      policy: policyDocument([
        { Sid: "ReadMasterSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: props.masterSecretArn },
        {
          Sid: "DecryptSecretAndEnvironment",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.kmsKeyArn,
        },
        {
          Sid: "ConnectAsManagedRolesForCheck",
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: [props.event.roles.migrator, props.event.roles.app].map(
            (user) => `arn:aws:rds-db:${region}:${accountId}:dbuser:${props.iamResourceId}/${user}`,
          ),
        },
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:*` },
        ...lambdaVpcAccessStatements({ region, accountId, subnets: props.subnetIds, securityGroups: [securityGroup.id] }),
      ]),
    });

    const asset = new TerraformAsset(this, "code", { path: join(bundleRoleManager(), ROLE_MANAGER_ARCHIVE), type: AssetType.FILE });
    const fn = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: "Creates the database roles, schema and privileges (seed 000)",
      role: role.arn,
      runtime: ROLE_MANAGER_RUNTIME,
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: props.timeoutSeconds,
      memorySize: props.memoryMb,
      kmsKeyArn: props.kmsKeyArn,
      vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: [securityGroup.id] },
      loggingConfig: { logGroup: logGroup.name, logFormat: "JSON" },
      environment: {
        variables: {
          DB_HOST: props.databaseAddress,
          DB_PORT: String(props.databasePort),
          DB_NAME: props.databaseName,
          DB_SECRET_ARN: props.masterSecretArn,
          NODE_EXTRA_CA_CERTS: LAMBDA_CA_BUNDLE,
        },
      },
      dependsOn: [policy, logGroup],
    });

    if (props.invoke === false) return;
    // A changed input re-invokes by itself; new code must too.
    new LambdaInvocation(this, "manage", {
      functionName: fn.functionName,
      input: JSON.stringify(props.event),
      triggers: { code: asset.assetHash },
      dependsOn: [...props.dependsOn],
    });
  }
}
