/** What an ECS container instance's agent is told at boot. */
export interface ContainerAgentSettings {
  /** The cluster to register with (a name, or a Terraform reference to it). */
  readonly clusterName: string;
  /** Memory kept back from tasks for the OS, Docker and the agent, MiB. */
  readonly reservedMemoryMiB: number;
  /** Whether the instance may be a Spot instance: then the agent drains it on an interruption notice. */
  readonly spot: boolean;
}

/**
 * The boot script of an ECS-optimized Amazon Linux 2023 instance: the agent's configuration
 * (Amazon ECS Developer Guide, "Amazon ECS container agent configuration"), nothing secret. awsvpc
 * tasks are cut off from the instance metadata service, and so from the instance role
 * (`ECS_AWSVPC_BLOCK_IMDS`); the agent uses each task's execution role for the awslogs driver, so the
 * instance role needs no logs permission; no privileged container may run; tasks get their task
 * roles' credentials; the reserved memory stays with the system; a Spot instance drains its tasks
 * when EC2 announces its interruption.
 */
export function containerInstanceUserData(settings: ContainerAgentSettings): string {
  return [
    "#!/bin/bash",
    "cat <<'CONFIG' >> /etc/ecs/ecs.config",
    `ECS_CLUSTER=${settings.clusterName}`,
    "ECS_AWSVPC_BLOCK_IMDS=true",
    "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true",
    "ECS_ENABLE_TASK_IAM_ROLE=true",
    "ECS_DISABLE_PRIVILEGED=true",
    `ECS_RESERVED_MEMORY=${settings.reservedMemoryMiB}`,
    ...(settings.spot ? ["ECS_ENABLE_SPOT_INSTANCE_DRAINING=true"] : []),
    "CONFIG",
    "",
  ].join("\n");
}
