import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import { Construct } from "constructs";
import type { PolicyStatement } from "../security/policy-document";

/** Properties of a {@link MetricsWorkspace}. */
export interface MetricsWorkspaceProps {
  /** The workspace's alias (AMP does not require it to be unique; ours is the service's name). */
  readonly alias: string;
  /** The customer-managed key that encrypts the workspace's data (AMP takes a grant on it when it creates the workspace). */
  readonly kmsKeyArn: string;
}

/**
 * An Amazon Managed Service for Prometheus workspace for one service's metrics, encrypted with a
 * customer-managed key. Its only writer is the service's task role ({@link remoteWriteStatement});
 * queries (Grafana, `awscurl`) need `aps:QueryMetrics` on it, which no platform role is given.
 */
export class MetricsWorkspace extends Construct {
  /** The workspace's ARN. */
  readonly arn: string;
  /** The remote write URL, `<prometheus endpoint>api/v1/remote_write`. */
  readonly remoteWriteUrl: string;

  constructor(scope: Construct, id: string, props: MetricsWorkspaceProps) {
    super(scope, id);
    const workspace = new PrometheusWorkspace(this, "workspace", { alias: props.alias, kmsKeyArn: props.kmsKeyArn });
    this.arn = workspace.arn;
    this.remoteWriteUrl = `${workspace.prometheusEndpoint}api/v1/remote_write`;
  }

  /** The task role's statement: remote write to this workspace, nothing else. */
  remoteWriteStatement(): PolicyStatement {
    return { Sid: "RemoteWriteToTheWorkspace", Effect: "Allow", Action: "aps:RemoteWrite", Resource: this.arn };
  }
}
