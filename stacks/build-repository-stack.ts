import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedProject } from "../src/config/project/resolve";
import type { ResolvedBuildRepository } from "../src/config/service/resolve";
import { BuildRepository } from "../src/constructs/registry/build-repository";
import { PlatformStack, sharedStackProps } from "./platform-stack";

/** Properties of a {@link BuildRepositoryStack}. */
export interface BuildRepositoryStackProps {
  /** Project-wide settings. */
  readonly project: ResolvedProject;
  /** The app's build repository. */
  readonly repository: ResolvedBuildRepository;
}

/**
 * `<app>-build-repository`: the ECR repository an app's environments share
 * (seed 000), in the account and primary region of the repository's account,
 * with state in that account's backend. CI pushes each build once under an
 * immutable tag, scanned on push (seed 003); every environment deploys that
 * same image, by its release tag or (prod) by its digest. The task execution roles of the app's environments in
 * other accounts may pull, and nothing else outside the owning account may.
 * Images replicate to the regions of the app's disaster-recovery networks
 * through the account's `registry-<account>` stack, which this one follows.
 * An administrator applies both: no deploy role may retag, re-policy or
 * delete the repository or its key (only the image workflow's push role pushes).
 * Service stacks name the repository by its URL and ARN, known from the
 * configuration before apply, so they need no reference to this stack's state.
 */
export class BuildRepositoryStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: BuildRepositoryStackProps) {
    const { project, repository } = props;
    // An administrator applies it: the supply chain prod trusts is out of every deploy role's reach.
    super(scope, id, { ...sharedStackProps(project, repository.account, repository.region, repository.account.name), deployedBy: "administrator" });
    const buildRepository = new BuildRepository(this, "repository", {
      name: repository.name,
      accountId: repository.account.id,
      region: repository.region,
      lifecycle: repository.lifecycle,
      pullers: repository.pullers,
    });
    new TerraformOutput(this, "repository_url", { value: buildRepository.repositoryUrl, description: "Where CI pushes the app's images" });
    new TerraformOutput(this, "repository_arn", { value: buildRepository.repositoryArn, description: "The app's build repository" });
  }
}
