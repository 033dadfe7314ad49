import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";

/** Properties of a {@link StateLockTable}. */
export interface StateLockTableProps {
  /** The table name. */
  readonly tableName: string;
  /** The customer-managed key encrypting the table. */
  readonly kmsKeyArn: string;
}

/**
 * The DynamoDB table Terraform's S3 backend locks state with (`LockID` hash
 * key): on-demand, point-in-time recovery, encrypted with a customer-managed
 * key, and protected from deletion.
 */
export class StateLockTable extends Construct {
  /** The table. */
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateLockTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, "table", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: true,
    });
  }
}
