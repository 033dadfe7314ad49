/**
 * The claims of GitHub's OIDC subject, in order, that the github stack sets as the repository's
 * subject template: `repo:<owner>/<repo>:<context>:job_workflow_ref:<owner>/<repo>/<workflow path>@<ref>`.
 * With `job_workflow_ref` in the subject, a role trusts one workflow file on one ref, not every
 * workflow that runs in the same context (GitHub Docs, *OpenID Connect*, "Customizing the subject claims").
 */
export const SUBJECT_CLAIM_KEYS = ["repo", "context", "job_workflow_ref"] as const;

/** The workflows whose jobs assume roles, by the role they assume. */
export const ROLE_WORKFLOWS = {
  /** Plans a pull request: the plan role, from the pull request's merge ref. */
  pullRequestPlan: ".github/workflows/pull-request.yml",
  /** Plans `main` on a schedule to find drift: the plan role, from `main`. */
  drift: ".github/workflows/drift.yml",
  /** Applies one environment, called by the deploy workflow: the environment's deploy role, from `main`. */
  deployEnvironment: ".github/workflows/deploy-environment.yml",
  /** Builds and pushes an image: the push role, from `main`. */
  image: ".github/workflows/image.yml",
} as const;

/** `<owner>/<repo>/<workflow path>@<ref>`, the `job_workflow_ref` claim of a job of that workflow run on that ref. */
export function jobWorkflowRef(repository: string, workflowPath: string, ref: string): string {
  return `${repository}/${workflowPath}@${ref}`;
}
