import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Guardrails } from "../src/aspects/guardrails";
import { NameTagging } from "../src/aspects/tagging";
import { WorkloadBoundary } from "../src/aspects/workload-boundary";
import { workloadBoundaryArn } from "../src/config/delivery/resolve";
import { ResolvedAccount, stateBackendFor } from "../src/config/account/resolve";
import { ResolvedEnvironment } from "../src/config/environment/resolve";
import { ResolvedNetwork } from "../src/config/network/resolve";
import { ResolvedProject } from "../src/config/project/resolve";
import { platformTags } from "../src/config/project/tags";
import { TERRAFORM_REQUIRED_VERSION } from "../src/config/shared/terraform";

/** Properties every stack of the platform takes. */
export interface PlatformStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The account the stack deploys into; its backend holds the stack's state. */
  readonly account: ResolvedAccount;
  /** The region the stack deploys into. */
  readonly region: string;
  /** The Environment tag: the environment, network or account the stack belongs to. */
  readonly environment: string;
  /** Where state lives: the account's S3 backend, or a local file while bootstrapping that backend. */
  readonly stateBackend: "s3" | "local";
  /** Whether the guardrails require deletion protection on every resource that supports it. */
  readonly requireDeletionProtection: boolean;
  /**
   * Whether the guardrails require load balancer listeners to serve HTTPS only (uat and prod).
   * @default false
   */
  readonly requireHttps?: boolean;
  /**
   * Who applies the stack. "pipeline": a CI deploy role, so every IAM role in it carries the
   * workload permissions boundary (the deploy roles may create no role without it).
   * "administrator": the bootstrap stacks (backend, access, audit) that define the pipeline's own
   * permissions and that no deploy role may change.
   * @default "pipeline"
   */
  readonly deployedBy?: "pipeline" | "administrator";
}

/**
 * The base of a stack that serves one environment: its network's account
 * and region (or those of its DR network), its S3 backend there, and deletion
 * protection where the environment keeps data (uat and prod unless waived).
 */
export function environmentStackProps(project: ResolvedProject, environment: ResolvedEnvironment, network: ResolvedNetwork = environment.network): PlatformStackProps {
  return {
    project,
    account: network.account,
    region: network.region,
    environment: environment.name,
    stateBackend: "s3",
    requireDeletionProtection: environment.settings.deletionProtection,
  };
}

/**
 * Props of a stack that an account's environments share and that holds no
 * application data (a network, a build repository): the account's S3
 * backend, no deletion protection requirement, tagged with its own name.
 */
export function sharedStackProps(project: ResolvedProject, account: ResolvedAccount, region: string, name: string): PlatformStackProps {
  return { project, account, region, environment: name, stateBackend: "s3", requireDeletionProtection: false };
}

/**
 * The base of every stack: the Terraform versions it needs (`required_version`),
 * an AWS provider pinned to its account and region
 * with the platform's default tags, the account's S3 backend in the stack's
 * region (its primary one where it has none there; state key
 * `<project>/<stack id>.tfstate`, encrypted with the backend's key, locked
 * with DynamoDB and the S3 lock file), the tagging aspects, and the guardrails,
 * which check its final JSON at each synthesis.
 */
export class PlatformStack extends TerraformStack {
  /** The account the stack deploys into. */
  readonly account: ResolvedAccount;
  /** The region the stack deploys into. */
  readonly region: string;
  /** Who applies it: a CI deploy role, or an administrator (backend, access, audit). */
  readonly deployedBy: "pipeline" | "administrator";

  /** The tags every resource of the stack carries through the providers' default tags (`Project`, `Environment`, `DeployedBy`, ...). */
  readonly tags: Readonly<Record<string, string>>;
  private readonly regionalProviders = new Map<string, AwsProvider>();
  private readonly guardrails: Guardrails;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    this.account = props.account;
    this.region = props.region;
    this.deployedBy = props.deployedBy ?? "pipeline";
    this.tags = platformTags(props.project, props.environment, this.deployedBy);
    new AwsProvider(this, "aws", { region: props.region, allowedAccountIds: [props.account.id], defaultTags: [{ tags: this.tags }] });
    // The Terraform versions that read every block the platform writes (src/config/shared/terraform.ts).
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);

    if (props.stateBackend === "local") {
      new LocalBackend(this, {});
    } else {
      const backend = stateBackendFor(props.account, props.region);
      new S3Backend(this, {
        bucket: backend.bucket,
        key: `${props.project.name}/${id}.tfstate`,
        region: backend.region,
        encrypt: true,
        kmsKeyId: backend.kmsAliasArn,
        dynamodbTable: backend.lockTable,
      });
      // cdktf 0.21's S3Backend predates Terraform 1.10's S3-native locking.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }

    Aspects.of(this).add(new NameTagging(props.project.name));
    if (this.deployedBy === "pipeline") Aspects.of(this).add(new WorkloadBoundary(workloadBoundaryArn(props.project.name, props.account.id, props.environment)));
    this.guardrails = new Guardrails({ requireDeletionProtection: props.requireDeletionProtection, requireHttps: props.requireHttps ?? false, pipelineDeployed: this.deployedBy === "pipeline" });
    // The guardrails run in these two: a stack class replacing either would write its stacks unchecked.
    for (const method of ["toTerraform", "toHclTerraform"] as const) {
      if (this[method] !== PlatformStack.prototype[method]) throw new Error(`${new.target.name} overrides ${method}(), in which the guardrails check every platform stack: add to the stack instead`);
    }
  }

  /**
   * The stack's Terraform JSON, after the aspects, checked by the guardrails: a violation fails the
   * synthesis. One resolution serves both the JSON written and the guardrails.
   */
  override toTerraform(): Record<string, unknown> {
    const synthesized = super.toTerraform();
    this.guardrails.enforce(this, synthesized);
    return synthesized;
  }

  /** The stack as HCL (`cdktf synth --hcl`), written only once its JSON passes the guardrails. */
  override toHclTerraform(): ReturnType<TerraformStack["toHclTerraform"]> {
    this.toTerraform();
    return super.toHclTerraform();
  }

  /**
   * The provider for another region of the stack's account, aliased by the
   * region's code and tagged like the stack's own (one per region).
   */
  providerIn(region: string): AwsProvider {
    const existing = this.regionalProviders.get(region);
    if (existing) return existing;
    const provider = new AwsProvider(this, `aws-${region}`, { alias: region, region, allowedAccountIds: [this.account.id], defaultTags: [{ tags: this.tags }] });
    this.regionalProviders.set(region, provider);
    return provider;
  }
}
