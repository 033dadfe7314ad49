/**
 * The Terraform CLI versions every stack accepts, written as each stack's
 * `terraform.required_version`, so an older or a 2.x CLI refuses at `init`
 * with the version it needs instead of failing on a block it cannot read.
 *
 * 1.11 is the floor: the secrets reach AWS through write-only arguments
 * (`password_wo`, `secret_string_wo`: Terraform 1.11 and later) from
 * ephemeral resources (1.10), and the S3 backend's `use_lockfile` is
 * generally available from 1.11 (experimental in 1.10). The ceiling is the
 * next major version, which Terraform's 1.x compatibility promises do not
 * cover. The engine checks run 1.11.4.
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.11, < 2.0";

