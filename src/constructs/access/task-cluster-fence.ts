import type { PolicyStatement } from "../security/policy-document";

/** The actions that start a task: their resource is the task definition, the cluster only a condition key. */
const TASK_STARTS = ["ecs:RunTask", "ecs:StartTask"];

/**
 * The deny that keeps RunTask and StartTask in the given clusters. For both, the resource is the
 * task definition and the cluster is only the `ecs:cluster` condition key (Service Authorization
 * Reference, Amazon ECS): a fence on the task definition alone lets a role that registers a revision
 * of a family it may run (any content) run it in any cluster of the account, with that cluster's
 * security groups and, on EC2 capacity, its instances. `ArnNotEquals` without `IfExists` is true when
 * the key is absent, so a request naming no cluster (ECS's `default`) is denied too; with no cluster
 * at all, every task start is.
 */
export function taskClusterFence(sid: string, clusterArns: readonly string[]): PolicyStatement {
  return clusterArns.length === 0
    ? { Sid: sid, Effect: "Deny", Action: TASK_STARTS, Resource: "*" }
    : { Sid: sid, Effect: "Deny", Action: TASK_STARTS, Resource: "*", Condition: { ArnNotEquals: { "ecs:cluster": [...clusterArns] } } };
}
