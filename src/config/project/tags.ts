import { ResolvedProject } from "./resolve";

/** The ManagedBy tag value. */
export const MANAGED_BY = "cdktf";

/**
 * Seed 004's tag set, without its `timestamp()` tags (they make every plan
 * dirty), plus the project's extra tags. `environment` is the environment,
 * network or account the stack belongs to.
 */
export function platformTags(project: ResolvedProject, environment: string): Record<string, string> {
  return {
    ...project.tags,
    Project: project.name,
    Environment: environment,
    ManagedBy: MANAGED_BY,
    CostAllocation: `${project.name}-${environment}`,
    Owner: project.owner,
    Repository: project.repository,
  };
}
