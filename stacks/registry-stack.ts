import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedRegistry } from "../src/config/service/registry";
import type { ResolvedProject } from "../src/config/project/resolve";
import { RegistryReplication } from "../src/constructs/registry/registry-replication";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of a {@link RegistryStack}. */
export interface RegistryStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The registry's settings. */
  readonly registry: ResolvedRegistry;
}

/**
 * `registry-<account>`: the settings ECR keeps once per registry, in the
 * account's primary region (where its build repositories live), beside the
 * account's backend: the replication of every build repository of the
 * account, and in each region receiving replicas a key and the creation
 * template that gives replicas immutable tags, that key, the pull policy and
 * the lifecycle of their source. An app's build repository stack depends on
 * it, so the templates exist before the first push replicates. State in the
 * account's backend; an administrator applies it, like the build repositories.
 */
export class RegistryStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    const { project, registry } = props;
    // An administrator applies it: no deploy role may change where prod's images come from.
    super(scope, id, { ...sharedStackProps(project, registry.account, registry.account.region, registry.account.name), deployedBy: "administrator" });
    const replication = new RegistryReplication(this, "replication", {
      accountId: registry.account.id,
      repositories: registry.repositories,
      providers: new Map(registry.replicaRegions.map((region) => [region, this.providerIn(region)])),
      templatePrefix: registry.templatePrefix,
      lifecycle: registry.lifecycle,
      creationRoleName: registry.replicaCreationRoleName,
      keyAlias: registry.replicaKeyAlias,
      replicaTags: this.tags,
    });
    new TerraformOutput(this, "replica_key_arns", {
      value: Object.fromEntries(replication.keyArns),
      description: "The key encrypting the build repositories' replicas, by region",
    });
  }
}
