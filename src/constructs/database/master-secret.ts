import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { replicaSettings, SecretReplica } from "../security/secret-replica";
import { EphemeralPassword } from "../security/ephemeral-password";

/** Properties of a {@link MasterSecret}. */
export interface MasterSecretProps {
  /** The secret's name in Secrets Manager, such as `acme/web/prod/database/master`. */
  readonly name: string;
  /** What the secret is for. */
  readonly description: string;
  /** The master user's name. */
  readonly username: string;
  /** Characters in the generated password (letters and digits: RDS refuses `/`, `'`, `"`, `@` and spaces). */
  readonly passwordLength: number;
  /** The password's version: raising it generates a new one and writes it to the database and the secret (rotation). */
  readonly version: number;
  /** The database's key, which encrypts the secret. */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can still be restored (7 to 30). */
  readonly recoveryWindowDays: number;
  /** A replica in the DR region, with that region's key. @default none */
  readonly replica?: SecretReplica;
}

/** Where the database answers, written into the secret beside the credentials. */
export interface MasterConnection {
  /** The writer's host name. */
  readonly host: string;
  /** The database port. */
  readonly port: number;
  /** The database name. */
  readonly databaseName: string;
}

/**
 * The database's master credentials, ours rather than RDS-managed (RDS
 * cannot create a read replica of a source that manages its master password
 * in Secrets Manager). The password is generated at apply time and goes to
 * the database (`password_wo` / `master_password_wo`) and to the secret
 * (`secret_string_wo`) through write-only arguments, so no state holds it.
 * The secret takes the JSON shape of Secrets Manager's RDS credentials
 * (`username`, `password`, `engine`, `host`, `port`, `dbname`), written once
 * the database exists, since the host is known only then.
 */
export class MasterSecret extends Construct {
  /** The secret's ARN. */
  readonly arn: string;
  /** The master user's name. */
  readonly username: string;
  /** The password, for the database's write-only argument only. */
  readonly password: string;
  /** The password's version, for the database's `*_wo_version`. */
  readonly version: number;
  private readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: MasterSecretProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays,
      ...replicaSettings(props.replica),
    });
    this.arn = this.secret.arn;
    this.username = props.username;
    this.version = props.version;
    this.password = new EphemeralPassword(this, "password", { length: props.passwordLength, punctuation: false }).value;
  }

  /**
   * Writes the credentials with the database's address, after the database
   * has taken the same password in the same apply. Readers of the secret
   * (the role manager) must depend on the returned version.
   */
  store(connection: MasterConnection, database: ITerraformDependable): SecretsmanagerSecretVersion {
    return new SecretsmanagerSecretVersion(this, "version", {
      secretId: this.secret.id,
      secretStringWo: Fn.jsonencode({
        engine: "postgres",
        host: connection.host,
        port: connection.port,
        dbname: connection.databaseName,
        username: this.username,
        password: this.password,
      }),
      secretStringWoVersion: this.version,
      dependsOn: [database],
    });
  }
}
