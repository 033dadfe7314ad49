import { Construct } from "constructs";
import type { PolicyStatement } from "../security/policy-document";
import { EncryptionKey, logsServiceStatement } from "../security/kms-key";
import { SecureBucket } from "../storage/secure-bucket";

/** Properties of an {@link ArtifactStore}. */
export interface ArtifactStoreProps {
  /** The bucket's name (globally unique: it ends with the account id). */
  readonly bucketName: string;
  /** The key's alias. */
  readonly keyAlias: string;
  /** The account and region of the pipeline. */
  readonly accountId: string;
  /** The region. */
  readonly region: string;
  /** Days a run's artifacts (and their noncurrent versions) are kept. */
  readonly expiryDays: number;
  /** The log groups of the pipeline's CodeBuild projects, which CloudWatch Logs encrypts with the key. */
  readonly logGroupNames: readonly string[];
  /** Who may write artifacts: the pipeline's role anywhere (its source actions' outputs), each release role under its output's key prefix only. */
  readonly writers: { readonly pipelineRoleArn: string; readonly releases: readonly { readonly roleArn: string; readonly keyPrefix: string }[] };
}

/** Writing or deleting an artifact (ACLs are off: the bucket owner owns every object). */
const ARTIFACT_WRITES = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"];

/**
 * The bucket policy's writers: no principal but the pipeline's role and the release roles writes or
 * deletes an artifact, and each release role only under its own output's prefix. A lower
 * environment's release build runs code of the app and could otherwise replace the source artifact
 * or prod's release output, which prod's release role runs or CodeDeploy deploys.
 */
function writerStatements(bucketArn: string, writers: ArtifactStoreProps["writers"]): PolicyStatement[] {
  return [
    {
      Sid: "OnlyThePipelineAndItsReleasesWriteArtifacts",
      Effect: "Deny",
      Principal: "*",
      Action: ARTIFACT_WRITES,
      Resource: `${bucketArn}/*`,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [writers.pipelineRoleArn, ...writers.releases.map((release) => release.roleArn)] } },
    },
    ...writers.releases.map(
      (release, index): PolicyStatement => ({
        Sid: `Release${index + 1}WritesItsOutputOnly`,
        Effect: "Deny",
        Principal: "*",
        Action: ARTIFACT_WRITES,
        NotResource: `${bucketArn}/${release.keyPrefix}*`,
        Condition: { ArnEquals: { "aws:PrincipalArn": release.roleArn } },
      }),
    ),
  ];
}

/**
 * A pipeline's artifact store (decision 0015): a KMS key of its own (rotating; the account's IAM
 * policies grant its use, so only the pipeline's roles, whose policies name it, use it; CloudWatch
 * Logs may encrypt the projects' log groups with it), and a bucket encrypted with it: public access
 * blocked, TLS only, versioned, every artifact and version expiring after `expiryDays`, and written
 * only by the pipeline's role and each release role under its own output (see {@link writerStatements}).
 */
export class ArtifactStore extends Construct {
  /** The bucket's name. */
  readonly bucketName: string;
  /** The bucket's ARN. */
  readonly bucketArn: string;
  /** The key's ARN. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const key = new EncryptionKey(this, "key", {
      alias: props.keyAlias,
      description: `Artifacts and build logs of ${props.bucketName}`,
      accountId: props.accountId,
      serviceStatements: [logsServiceStatement(props.region, props.logGroupNames.map((name) => `arn:aws:logs:${props.region}:${props.accountId}:log-group:${name}`))],
    });
    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: key.arn },
      lifecycle: { expirationDays: props.expiryDays, noncurrentVersionExpirationDays: props.expiryDays },
      policyStatements: writerStatements(`arn:aws:s3:::${props.bucketName}`, props.writers),
    });
    // The reference, not the literal: what stores artifacts in it is made after it.
    this.bucketName = bucket.bucket.bucket;
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
  }
}
