import { DatabaseEngine } from "../database/defaults";
import { ResolvedEnvironment } from "../environment/resolve";
import { ResolvedNetwork } from "../network/resolve";
import { ImageChoice, imageReference } from "../service/image";
import { ResolvedBuildRepository, ResolvedService } from "../service/resolve";
import { drIsWriter } from "./fail-back";
import { APP_FILES_REPLICATION_MINUTES, DR_RPO_SECONDS, REACHABILITY_PROBE, WRITER_PROBE } from "./defaults";

/** What an app has in its environment's disaster-recovery region. */
export interface ResolvedDisasterRecovery {
  /** The DR network, in another region of the same account. */
  readonly network: ResolvedNetwork;
  /** How the database reaches the DR region: an RDS cross-region read replica, or the secondary cluster of an Aurora global database. */
  readonly copy: "read-replica" | "global-database";
  /** The ARN of the primary database (instance or cluster): known from config, so the DR stacks read no state in the primary region. */
  readonly sourceDatabaseArn: string;
  /** The Aurora global database's identifier, `<project>-<app>-<env>-global`, which the primary stack makes from its cluster. @default none (RDS) */
  readonly globalClusterIdentifier?: string;
  /** The DR copy's identifier (replica instance or secondary cluster), `<project>-<app>-<env>-dr`. */
  readonly replicaIdentifier: string;
  /** The replica lag, in seconds, above which the RPO is at risk. */
  readonly rpoSeconds: number;
  /** The app files bucket's replica in the DR region, and the alias of the key encrypting it there. */
  readonly appFiles: { readonly bucket: string; readonly keyAlias: string; readonly replicationMinutes: number };
  /** The pilot-light service in the DR region. */
  readonly service: ResolvedDrService;
  /**
   * The aliases of the DR region's keys that the DR task roles use: the DR service's own key and
   * the keys of the secrets' and the master secret's replicas. Stacks of the DR region create
   * the first and the primary stacks create the others there, so the roles (which IAM, in
   * us-east-1, keeps in the primary stacks) name them by alias.
   */
  readonly keyAliases: { readonly service: string; readonly secrets: string; readonly masterSecret: string };
  /**
   * The DR region's two gate alarms on the writer probe's metric, which Route 53 health checks
   * follow: `notWriter` is OK only while the DR database takes writes (the DR record answers only
   * then); `tookOver` is in ALARM then (the primary record never answers while it is, even when
   * the primary region comes back with its stale database).
   */
  readonly gateAlarms: { readonly notWriter: string; readonly tookOver: string };
  /**
   * The writer probe in the DR region (its function and role, `<project>-<app>-<env>-dr-writer-probe`;
   * the role lives in the primary database stack, as IAM's control plane is in us-east-1) and the
   * metric it writes, which the gate alarms watch.
   */
  readonly writerProbe: {
    readonly functionName: string;
    readonly roleName: string;
    readonly metric: ProbeMetricName;
  };
  /**
   * The reachability probe in the DR region, where the app has a domain: its function and role,
   * `<project>-<app>-<env>-dr-reachability` (the role lives in the primary service stack), the URL
   * it fetches (the health path at the domain), its metric and the alarm that pages on it.
   * @default none: the app has no domain
   */
  readonly reachabilityProbe?: {
    readonly functionName: string;
    readonly roleName: string;
    readonly url: string;
    readonly metric: ProbeMetricName;
    readonly alarmName: string;
  };
  /**
   * Whether the DR region is the writer (`activeRegion: "dr"`, or `"returning"` while failing
   * back): the replica is promoted to a standalone, writable instance with the environment's
   * multi-AZ and backups (or the Aurora secondary is detached from the global database), and
   * replicates no more; the primary region's stacks are fenced (service at zero, database refusing
   * its clients, secrets leaving the DR copies alone).
   */
  readonly active: boolean;
  /**
   * Fail-back step 1 (`activeRegion: "returning"`): the primary region's database is replaced by a
   * cross-region replica of the DR writer, and the DR writer is made ready to be replaced by a
   * replica in step 2 (`"primary"` again). Always false for Aurora, which validation refuses.
   */
  readonly returning: boolean;
  /** The DR database's ARN (instance or cluster), in the DR region: the source of the primary region's replica while returning. */
  readonly drDatabaseArn: string;
}

/** A probe's CloudWatch metric: namespace, name, and the one dimension naming what it probes. */
export interface ProbeMetricName {
  /** The namespace. */
  readonly namespace: string;
  /** The metric's name. */
  readonly name: string;
  /** The dimension's name and value. */
  readonly dimension: { readonly name: string; readonly value: string };
}

/** The pilot-light service: the app in the DR region at standby size, scaled to the environment's capacity on failover. */
export interface ResolvedDrService {
  /** `<project>-<app>-<env>-dr`: the name of its cluster, service, load balancer, log group, task roles and key. */
  readonly name: string;
  /** The image: the same tag or digest, from the build repository's replica in the DR region (or the same external image). */
  readonly image: string;
  /** The build repository's replica in the DR region, which the DR execution role may pull from. @default none (an external image) */
  readonly repositoryArn?: string;
  /** The bucket the DR load balancer writes its access logs to, `<name>-<account id>-lb-logs`. */
  readonly accessLogsBucket: string;
  /** The fewest tasks: the standby size while standing by, the environment's minimum after failover. */
  readonly minTasks: number;
  /** The most tasks autoscaling may run. */
  readonly maxTasks: number;
}

/** What {@link resolveDisasterRecovery} needs: the app's name in its environment, its engine, service, build repository and image. */
export interface DisasterRecoveryInput {
  /** `<project>-<app>-<env>`. */
  readonly name: string;
  /** The environment, with its networks, active region and standby size. */
  readonly environment: ResolvedEnvironment;
  /** The database engine: RDS gets a cross-region replica, Aurora a global database. */
  readonly engine: DatabaseEngine;
  /** The app's service in the primary region. */
  readonly service: ResolvedService;
  /** The app's build repository. */
  readonly repository: ResolvedBuildRepository;
  /** The tag or digest the environment runs. */
  readonly image: ImageChoice;
}

/** The DR settings of a database whose environment has a DR network. */
export function resolveDisasterRecovery(input: DisasterRecoveryInput): ResolvedDisasterRecovery | undefined {
  const { name, environment, engine, service, repository } = input;
  const { network: primary, drNetwork } = environment;
  if (drNetwork === undefined) return undefined;
  const aurora = engine === "aurora-postgresql-serverless";
  const active = drIsWriter(environment.activeRegion);
  const replicaHost = `${repository.account.id}.dkr.ecr.${drNetwork.region}.amazonaws.com`;
  return {
    network: drNetwork,
    copy: aurora ? "global-database" : "read-replica",
    sourceDatabaseArn: `arn:aws:rds:${primary.region}:${primary.account.id}:${aurora ? "cluster" : "db"}:${name}`,
    ...(aurora ? { globalClusterIdentifier: `${name}-global` } : {}),
    replicaIdentifier: `${name}-dr`,
    rpoSeconds: DR_RPO_SECONDS,
    appFiles: { bucket: `${name}-${drNetwork.account.id}-${drNetwork.region}-files`, keyAlias: `alias/${name}-files-dr`, replicationMinutes: APP_FILES_REPLICATION_MINUTES },
    service: {
      name: `${name}-dr`,
      ...(service.buildRepositoryArn === undefined
        ? { image: service.image }
        : {
            image: imageReference(`${replicaHost}/${repository.name}`, input.image),
            repositoryArn: `arn:aws:ecr:${drNetwork.region}:${repository.account.id}:repository/${repository.name}`,
          }),
      accessLogsBucket: `${name}-dr-${drNetwork.account.id}-lb-logs`,
      minTasks: active ? service.minTasks : environment.drStandbyTasks,
      maxTasks: active ? service.maxTasks : environment.drStandbyTasks,
    },
    keyAliases: { service: `alias/${name}-dr-service`, secrets: `alias/${name}-secrets-dr`, masterSecret: `alias/${name}-database-secrets-dr` },
    gateAlarms: { notWriter: `${name}-dr-database-not-writer`, tookOver: `${name}-dr-database-took-over` },
    writerProbe: {
      functionName: `${name}-dr-writer-probe`,
      roleName: `${name}-dr-writer-probe`,
      metric: { namespace: WRITER_PROBE.namespace, name: WRITER_PROBE.metricName, dimension: { name: WRITER_PROBE.dimensionName, value: `${name}-dr` } },
    },
    ...(service.domain === undefined
      ? {}
      : {
          reachabilityProbe: {
            functionName: `${name}-dr-reachability`,
            roleName: `${name}-dr-reachability`,
            url: `https://${service.domain.name}${service.healthCheckPath}`,
            metric: { namespace: WRITER_PROBE.namespace, name: REACHABILITY_PROBE.metricName, dimension: { name: REACHABILITY_PROBE.dimensionName, value: service.domain.name } },
            alarmName: `${name}-dr-app-unreachable`,
          },
        }),
    active,
    returning: environment.activeRegion === "returning",
    drDatabaseArn: `arn:aws:rds:${drNetwork.region}:${drNetwork.account.id}:${aurora ? "cluster" : "db"}:${name}-dr`,
  };
}
