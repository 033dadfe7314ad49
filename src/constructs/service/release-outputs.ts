import { Lazy, TerraformOutput, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedBlueGreen, ResolvedMigrations } from "../../config/release/resolve";
import type { AppService } from "./app-service";

/**
 * What a release applies before the service takes it (decision 0013): every task definition, the
 * cluster and its capacity, the roles and their policies, the log groups, and the security groups
 * and their rules. That is what a migration task needs to run (its definition, its roles, a cluster,
 * the tasks' network), and nothing a running service serves from: the service, its load balancer's
 * listeners and its deployment group are applied after the migration.
 */
export const RELEASE_PREREQUISITE_TYPES = [
  "aws_ecs_task_definition",
  "aws_ecs_cluster",
  "aws_ecs_cluster_capacity_providers",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_cloudwatch_log_group",
  "aws_security_group",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
] as const;

/** The output a release reads, `release`: the contract between the service stack and scripts/release.ts (and any pipeline that releases). */
export interface ReleaseContract {
  /** The region the service runs in. */
  readonly region: string;
  /** The cluster's name. */
  readonly cluster: string;
  /** The service's name. */
  readonly service: string;
  /** The app's task definition revision this apply registered: the release. */
  readonly taskDefinitionArn: string;
  /** The container and port the load balancer targets, which a CodeDeploy AppSpec names. */
  readonly container: { readonly name: string; readonly port: number };
  /** The tasks' network: private subnets, security groups, no public IP. */
  readonly network: { readonly subnets: readonly string[]; readonly securityGroups: readonly string[] };
  /** The service's capacity provider strategy. */
  readonly capacityProviderStrategy: readonly { readonly capacityProvider: string; readonly base?: number; readonly weight?: number }[];
  /** The Fargate platform version. @default none: EC2 capacity */
  readonly platformVersion?: string;
  /** Whether the service is held at zero tasks while the DR region is the writer: nothing is released or migrated here then. */
  readonly fenced: boolean;
  /** The migration, where the app has one. @default none */
  readonly migration?: {
    readonly taskDefinitionArn: string;
    readonly containerName: string;
    readonly command: readonly string[];
    readonly logGroup: string;
    readonly streamPrefix: string;
    readonly timeoutMinutes: number;
  };
  /** CodeDeploy's application and deployment group, where releases are blue/green; the minutes a release takes at least. @default none: rolling updates */
  readonly blueGreen?: { readonly application: string; readonly deploymentGroup: string; readonly releaseMinutes: number };
  /** The app's CodePipeline, where it releases this environment (decision 0015): the deploy workflow then runs neither the migration nor the deployment. @default none: the deploy workflow releases */
  readonly pipeline?: string;
}

/** Properties of {@link addReleaseOutputs}. */
export interface ReleaseOutputsProps {
  /** The service's name (its cluster's too). */
  readonly name: string;
  /** The region it runs in. */
  readonly region: string;
  /** The app service built by `addAppService`. */
  readonly app: AppService;
  /** The containers' log group. */
  readonly logGroupName: string;
  /** The migration's settings, where the app has one. @default none */
  readonly migrations?: ResolvedMigrations;
  /** The blue/green settings, where releases are blue/green. @default rolling updates */
  readonly blueGreen?: ResolvedBlueGreen;
  /** Whether the service is fenced at zero tasks (the DR region is the writer). */
  readonly fenced: boolean;
  /** The app's CodePipeline, where it releases this environment (decision 0015). @default none: the deploy workflow releases */
  readonly pipeline?: string;
}

/** `<type>.<name>` of every resource of the stack whose type a release applies first, sorted. */
export function releaseTargets(stack: Construct): string[] {
  const types: readonly string[] = RELEASE_PREREQUISITE_TYPES;
  return stack.node
    .findAll()
    .filter((node): node is TerraformResource => TerraformResource.isTerraformResource(node) && types.includes(node.terraformResourceType))
    .map((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`)
    .sort();
}

/**
 * The service stack's two release outputs. `release_targets` is a literal in the synthesized JSON
 * (read before any apply): the addresses `terraform apply -target` applies first. `release`
 * ({@link ReleaseContract}) depends only on those resources and on the remote states they read, so
 * Terraform writes it in that targeted apply already; names that are known at synth are literals,
 * never the service's attributes (the service is applied after the migration).
 */
export function addReleaseOutputs(stack: Construct, props: ReleaseOutputsProps): void {
  const { app, migrations, blueGreen } = props;
  const placement = app.fargate.placement;
  const contract: ReleaseContract = {
    region: props.region,
    cluster: props.name,
    service: props.name,
    taskDefinitionArn: app.task.arn,
    container: { name: app.task.entrypoint.containerName, port: app.task.entrypoint.port },
    network: { subnets: placement.subnetIds, securityGroups: placement.securityGroupIds },
    capacityProviderStrategy: placement.capacityProviderStrategy,
    ...(placement.platformVersion ? { platformVersion: placement.platformVersion } : {}),
    fenced: props.fenced,
    ...(migrations && app.migration
      ? { migration: { taskDefinitionArn: app.migration.arn, containerName: "app", command: migrations.command, logGroup: props.logGroupName, streamPrefix: migrations.streamPrefix, timeoutMinutes: migrations.timeoutMinutes } }
      : {}),
    ...(blueGreen ? { blueGreen: { application: blueGreen.applicationName, deploymentGroup: blueGreen.deploymentGroupName, releaseMinutes: blueGreen.releaseMinutes } } : {}),
    ...(props.pipeline ? { pipeline: props.pipeline } : {}),
  };
  new TerraformOutput(stack, "release", { value: contract, description: "What a release needs: the task definitions this apply registered, the tasks' network, the migration and CodeDeploy's names (scripts/release.ts)" });
  new TerraformOutput(stack, "release_targets", {
    value: Lazy.anyValue({ produce: () => releaseTargets(stack) }),
    description: "The resources a release applies before the migration and the service (terraform apply -target)",
  });
}
