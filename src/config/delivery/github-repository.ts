import type { ImagePushScope, ResolvedGithub } from "./resolve";

/*
 * What the github stack and the platform repository's workflows share: the names of the variables
 * the stack sets and the workflows read, and which apps' images the platform repository builds.
 * One source, so that a generated workflow names a variable the stack makes.
 */

/** `acme-prod` -> `ACME_PROD`: a GitHub variable name part. */
const variablePart = (name: string) => name.toUpperCase().replace(/-/g, "_");

/** The plan role's name, which the pull-request and drift workflows assume in the account of each stack they plan. */
export const PLAN_ROLE_NAME_VARIABLE = "PLAN_ROLE_NAME";

/** `AWS_PLAN_ROLE_ARN_<ACCOUNT>`: the account's plan role. */
export const planRoleVariable = (account: string) => `AWS_PLAN_ROLE_ARN_${variablePart(account)}`;

/** `AWS_PUSH_ROLE_ARN_<APP>`: the app's image-push role. */
export const pushRoleVariable = (app: string) => `AWS_PUSH_ROLE_ARN_${variablePart(app)}`;

/** Whether the platform repository's image workflow pushes this image: the app has no repository of its own (`apps.<app>.repository`), or names the platform's. */
export const pushedFromPlatformRepository = (push: ImagePushScope, github: ResolvedGithub) => push.repository === `${github.owner}/${github.repository}`;
