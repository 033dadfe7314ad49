/*
 * What the github stack and the platform repository's workflows share: the names of the variables
 * the stack sets and the workflows read. One source, so that a generated workflow names a variable
 * the stack makes.
 */

/** `acme-prod` -> `ACME_PROD`: a GitHub variable name part. */
const variablePart = (name: string) => name.toUpperCase().replace(/-/g, "_");

/** `AWS_PLAN_ROLE_ARN_<ACCOUNT>`: the account's plan role. */
export const planRoleVariable = (account: string) => `AWS_PLAN_ROLE_ARN_${variablePart(account)}`;

/** `AWS_PUSH_ROLE_ARN_<APP>`: the app's image-push role. */
export const pushRoleVariable = (app: string) => `AWS_PUSH_ROLE_ARN_${variablePart(app)}`;
