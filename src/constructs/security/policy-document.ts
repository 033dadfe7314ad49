/** An IAM policy statement, written as AWS documents it. */
export interface PolicyStatement {
  /** A label for the statement. */
  readonly Sid?: string;
  /** Allow or Deny. */
  readonly Effect: "Allow" | "Deny";
  /** Who the statement applies to (resource policies only). */
  readonly Principal?: "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[]; readonly Federated?: string };
  /** The actions (or, in a Deny, `NotAction`: every action but these). */
  readonly Action?: string | readonly string[];
  /** Every action but these: a Deny's exceptions. */
  readonly NotAction?: string | readonly string[];
  /** The resources (absent in trust policies). */
  readonly Resource?: string | readonly string[];
  /** Every resource but these (a Deny's exceptions). */
  readonly NotResource?: string | readonly string[];
  /** Conditions, by operator and key. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | number | readonly string[]>>>>;
}

/**
 * A policy document as JSON. Literal ARNs keep the plan readable; CDKTF
 * tokens inside the statements become Terraform interpolations.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A trust policy letting an AWS service assume a role on behalf of one account only. */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}
