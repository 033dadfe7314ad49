import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IAspect } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Gives every IAM role of a pipeline-deployed stack the workload permissions
 * boundary, so that what a deploy role creates can never do more than the
 * boundary allows (and never IAM). A boundary a construct sets is kept.
 */
export class WorkloadBoundary implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof IamRole) || node.permissionsBoundaryInput !== undefined) return;
    node.permissionsBoundary = this.boundaryArn;
  }
}
