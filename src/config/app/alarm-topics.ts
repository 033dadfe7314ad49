import type { ResolvedDeployment } from "./resolve";

/** Where an alarm topic lives: the environment's region, or its disaster-recovery region. */
export type AlarmTopicSite = "primary" | "dr";

/** The name of an app's alarm topic in one environment: `<project>-<app>-<env>-alarms`, or `<project>-<app>-<env>-dr-alarms` in the DR region. */
export function alarmTopicName(project: string, deployment: Pick<ResolvedDeployment, "app" | "environment">, site: AlarmTopicSite = "primary"): string {
  return `${project}-${deployment.app}-${deployment.environment.name}${site === "dr" ? "-dr" : ""}-alarms`;
}

/**
 * The ARN of that topic, known from config (the monitoring stacks create it in the environment's
 * account), so a stack that alarms to it reads no other stack's state. Undefined for the DR site
 * of an environment without a DR network.
 */
export function alarmTopicArn(project: string, deployment: Pick<ResolvedDeployment, "app" | "environment">, site: AlarmTopicSite = "primary"): string | undefined {
  const { environment } = deployment;
  const network = site === "dr" ? environment.drNetwork : environment.network;
  if (network === undefined) return undefined;
  return `arn:aws:sns:${network.region}:${environment.network.account.id}:${alarmTopicName(project, deployment, site)}`;
}
