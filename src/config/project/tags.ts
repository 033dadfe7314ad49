import { ResolvedProject } from "./resolve";

/** The ManagedBy tag value. */
export const MANAGED_BY = "cdktf";

/** The tag that says who applies a resource's stack: "pipeline" or "administrator"; no deploy role touches what an administrator applies. */
export const DEPLOYED_BY_TAG = "DeployedBy";

/**
 * Seed 004's tag set, without its `timestamp()` tags (they make every plan
 * dirty), plus the project's extra tags and who applies the stack. `environment` is
 * the environment, network or account the stack belongs to.
 */
export function platformTags(project: ResolvedProject, environment: string, deployedBy: "pipeline" | "administrator"): Record<string, string> {
  return {
    ...project.tags,
    Project: project.name,
    Environment: environment,
    ManagedBy: MANAGED_BY,
    CostAllocation: `${project.name}-${environment}`,
    Owner: project.owner,
    Repository: project.repository,
    [DEPLOYED_BY_TAG]: deployedBy,
  };
}
