import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** Properties of {@link DatabaseSecurityGroups}. */
export interface DatabaseSecurityGroupsProps {
  /** Prefix of the groups' names. */
  readonly name: string;
  /** The VPC. */
  readonly vpcId: string;
  /** The database port. */
  readonly port: number;
  /**
   * Whether the database admits its clients' group. False fences it: while the DR region is the
   * writer, the stale primary refuses the app's service (and the bastion, which joins the same
   * group) at the network, whatever runs. @default true
   */
  readonly admitClients?: boolean;
  /**
   * The security group of an existing database, which the platform does not own: no database group is
   * created, and this one gets the rule admitting the clients' group (and nothing else).
   * @default none: the database's group is created here
   */
  readonly existingDatabaseGroupId?: string;
}

/**
 * The database's security group, which admits the database port from named
 * groups only and has no egress, and the clients' group: the app's service
 * joins it to reach the database, and it may go nowhere else. For an existing
 * database, its own group in place of the first, with one rule added to it.
 */
export class DatabaseSecurityGroups extends Construct {
  /** The database's group. */
  readonly databaseGroupId: string;
  /** The group that the app's service tasks join to reach the database. */
  readonly clientGroupId: string;
  private readonly port: number;

  constructor(scope: Construct, id: string, props: DatabaseSecurityGroupsProps) {
    super(scope, id);
    this.port = props.port;
    const databaseGroupId =
      props.existingDatabaseGroupId ??
      new SecurityGroup(this, "database", {
        name: `${props.name}-database`,
        vpcId: props.vpcId,
        description: `${props.name}: PostgreSQL from its clients and role manager only`,
      }).id;
    const clients = new SecurityGroup(this, "clients", {
      name: `${props.name}-database-clients`,
      vpcId: props.vpcId,
      description: `${props.name}: members may connect to the database`,
    });
    this.databaseGroupId = databaseGroupId;
    this.clientGroupId = clients.id;
    new VpcSecurityGroupEgressRule(this, "clients-to-database", {
      securityGroupId: clients.id,
      description: "PostgreSQL",
      ipProtocol: "tcp",
      fromPort: props.port,
      toPort: props.port,
      referencedSecurityGroupId: databaseGroupId,
    });
    if (props.admitClients ?? true) this.admit("from-clients", clients.id, "PostgreSQL from the app's service");
  }

  /** Admits the database port from one more security group. */
  admit(id: string, sourceGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.databaseGroupId,
      description,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      referencedSecurityGroupId: sourceGroupId,
    });
  }
}
