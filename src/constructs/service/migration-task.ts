import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { ResolvedMigrations } from "../../config/release/resolve";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../security/policy-document";
import type { AppTaskDefinition } from "./task-definition";

/** Properties of a {@link MigrationTask}. */
export interface MigrationTaskProps {
  /** The resolved migration: family, role name, command, stream prefix. */
  readonly migrations: ResolvedMigrations;
  /** The account whose ECS tasks may assume the role. */
  readonly accountId: string;
  /** The app's task definition as the service runs it: the migration's has the same image, size, execution role, secrets and log group. */
  readonly app: AppTaskDefinition;
  /** The migration container's environment: the app's, as the migrator where the app logs in with IAM. */
  readonly environment: Readonly<Record<string, string>>;
  /** What the migration may do, such as connecting to the database as the migrator. @default nothing */
  readonly statements?: readonly PolicyStatement[];
}

/**
 * The release's migration task (decision 0013): a task definition of its own family, registered
 * from the app's image, environment and secrets in the same apply as the service's, whose app
 * container alone runs the migration command, logging to the service's log group under its own
 * stream prefix; and its task role, `<service>-migrate-task`, which may do what it is given (the
 * database's migrator login) and nothing of the app's. The deploy workflow runs it before the
 * service takes the release.
 */
export class MigrationTask extends Construct {
  /** The task definition's ARN (with revision). */
  readonly arn: string;
  /** The task role's ARN, which the deploy role may pass to ECS tasks. */
  readonly taskRoleArn: string;

  constructor(scope: Construct, id: string, props: MigrationTaskProps) {
    super(scope, id);
    const { migrations } = props;
    const role = new IamRole(this, "role", {
      name: migrations.roleName,
      description: `The migration task ${migrations.family} runs as this role`,
      assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", props.accountId),
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, "role-policy", { role: role.id, name: "migrate", policy: policyDocument(props.statements) });
    }
    const task = props.app.oneOffTask(this, "task", {
      family: migrations.family,
      taskRoleArn: role.arn,
      environment: props.environment,
      oneOff: { command: migrations.command, streamPrefix: migrations.streamPrefix },
    });
    this.arn = task.arn;
    this.taskRoleArn = role.arn;
  }
}
