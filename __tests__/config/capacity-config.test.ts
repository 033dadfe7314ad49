import { CAPACITY_TIER_DEFAULTS } from "../../src/config/capacity/defaults";
import { instanceTypeSpec, tasksPerInstance } from "../../src/config/capacity/instance-types";
import { parseConfig } from "../../src/config/platform/load";
import { configWarnings } from "../../src/config/platform/warnings";
import { TIER_PRESETS, TIERS } from "../../src/config/shared/tiers";
import { issuesOf, deploymentOf, Mutation } from "../support/config-issues";
import { defaultConfigCopy } from "../support/config";

const deployment = deploymentOf;

const web = (c: Parameters<Mutation>[0]) => c.apps!.web;
const env = (c: Parameters<Mutation>[0], name: string) => web(c).environments![name];
const ec2Everywhere: Mutation = (c) => (web(c).capacity = { provider: "ec2" });
const capacityLines = (mutate: Mutation) => issuesOf(mutate).filter((line) => /\.(capacity|service\.(fargateSpot|onDemandBaseTasks))|interfaceEndpoints/.test(line));

describe("the capacity block: Fargate by default, EC2 with seed 004's types and counts per tier", () => {
  it("runs every environment of the built-in configuration on Fargate, X86_64", () => {
    for (const name of TIERS) expect(deployment(name).capacity).toEqual({ cpuArchitecture: "X86_64" });
  });

  it("gives each tier seed 004's instance type and fewest instances, and a maximum that holds the tier's most tasks", () => {
    const shapes = Object.fromEntries(
      TIERS.map((tier) => {
        const ec2 = deployment(tier, ec2Everywhere).capacity.ec2!;
        return [tier, [ec2.instanceType, ec2.minInstances, ec2.maxInstances, ec2.placement]];
      }),
    );
    expect(shapes).toEqual({
      dev: ["t3.micro", 1, 3, "binpack-memory"],
      staging: ["t3.small", 2, 4, "binpack-memory"],
      uat: ["t3.medium", 2, 3, "binpack-memory"],
      prod: ["m6g.large", 3, 10, "spread-zones"],
    });
  });

  it("holds each tier's most tasks at its maximum, and prod's twice over (a deployment at 200%)", () => {
    const holds = Object.fromEntries(
      TIERS.map((tier) => {
        const { cpu, memory, maxTasks } = TIER_PRESETS[tier].service;
        const defaults = CAPACITY_TIER_DEFAULTS[tier];
        return [tier, [tasksPerInstance(instanceTypeSpec(defaults.instanceType)!, { cpu, memory }) * defaults.maxInstances, maxTasks]];
      }),
    );
    expect(holds).toEqual({ dev: [3, 3], staging: [4, 4], uat: [6, 6], prod: [20, 10] });
  });

  it("resolves prod's names, its ARM64 AMI parameter and architecture, IMDS and the instance refresh's healthy range", () => {
    expect(deployment("prod", ec2Everywhere).capacity).toEqual({
      cpuArchitecture: "ARM64",
      ec2: {
        capacityProviderName: "acme-web-prod-ec2",
        groupName: "acme-web-prod-ecs",
        instanceRoleName: "acme-web-prod-ecs-instance",
        serviceLinkedRoleSuffix: "acme-web-prod",
        volumeKeyAlias: "alias/acme-web-prod-ecs-volumes",
        amiParameter: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
        instanceType: "m6g.large",
        spotInstanceTypes: [],
        minInstances: 3,
        maxInstances: 10,
        targetCapacityPercent: 100,
        instanceWarmupSeconds: 300,
        placement: "spread-zones",
        volumeSizeGb: 30,
        reservedMemoryMiB: 256,
        imdsHopLimit: 1,
        maintenance: { minHealthyPercent: 100, maxHealthyPercent: 200 },
      },
    });
    expect(deployment("dev", ec2Everywhere).capacity).toMatchObject({ cpuArchitecture: "X86_64", ec2: { amiParameter: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" } });
  });

  it("takes the environment's settings over the app's, and Spot above an on-demand base only with spot", () => {
    const ec2 = deployment("staging", (c) => {
      web(c).capacity = { provider: "ec2", instanceType: "t3.medium", spot: true, spotInstanceTypes: ["t3a.medium"] };
      env(c, "staging").capacity = { onDemandBaseInstances: 1, maxInstances: 5, targetCapacityPercent: 90 };
    }).capacity.ec2!;
    expect(ec2).toMatchObject({ instanceType: "t3.medium", spotInstanceTypes: ["t3a.medium"], minInstances: 2, maxInstances: 5, targetCapacityPercent: 90, spot: { onDemandBaseInstances: 1, allocationStrategy: "price-capacity-optimized" } });
    expect(deployment("staging", ec2Everywhere).capacity.ec2?.spot).toBeUndefined();
  });

  it("runs one environment on EC2 and leaves the others on Fargate", () => {
    const mutate: Mutation = (c) => (env(c, "uat").capacity = { provider: "ec2" });
    expect(deployment("uat", mutate).capacity.ec2?.instanceType).toBe("t3.medium");
    expect(deployment("staging", mutate).capacity.ec2).toBeUndefined();
  });
});

describe("capacity validation: each message names the field, the value and what is allowed", () => {
  it("refuses an architecture other than the instance type's", () => {
    expect(capacityLines((c) => (env(c, "prod").capacity = { provider: "ec2", architecture: "X86_64" }))).toEqual([
      '  - apps.web.environments.prod.capacity.architecture = "X86_64": must be ARM64, the architecture of instanceType m6g.large: the ECS-optimized AMI and the task definition\'s runtime platform follow the instances (or choose an instance type of X86_64)',
    ]);
  });

  it("refuses Spot types of another architecture than instanceType's, and types outside the allowed families", () => {
    expect(capacityLines((c) => (env(c, "staging").capacity = { provider: "ec2", spot: true, spotInstanceTypes: ["t4g.small", "t2.small"] }))).toEqual([
      '  - apps.web.environments.staging.capacity.spotInstanceTypes.0 = "t4g.small": is ARM64, but instanceType t3.small is X86_64: one launch template has one AMI, so every type of the group must share its architecture',
      '  - apps.web.environments.staging.capacity.spotInstanceTypes.1 = "t2.small": must be an instance type EC2 capacity allows: one of families t3, t3a, t4g, m5, m6i, m7i, m6g, m7g, c6i, c6g, c7g, r6i, r6g, r7g (t3, t3a, t4g micro to 2xlarge; the others large to 4xlarge)',
    ]);
  });

  it("refuses minInstances above maxInstances", () => {
    expect(capacityLines((c) => (env(c, "uat").capacity = { provider: "ec2", minInstances: 4, maxInstances: 3 }))).toEqual([
      "  - apps.web.environments.uat.capacity.minInstances = 4: must be at most maxInstances (3) in environment uat",
    ]);
  });

  it("refuses an on-demand base or Spot types without spot, and an on-demand base that leaves no Spot instance", () => {
    expect(capacityLines((c) => (env(c, "uat").capacity = { provider: "ec2", onDemandBaseInstances: 1, spotInstanceTypes: ["t3a.medium"] }))).toEqual([
      "  - apps.web.environments.uat.capacity.onDemandBaseInstances = 1: needs spot true: without Spot every instance is on-demand in environment uat",
      '  - apps.web.environments.uat.capacity.spotInstanceTypes = ["t3a.medium"]: needs spot true: without Spot every instance is on-demand in environment uat',
    ]);
    expect(capacityLines((c) => (env(c, "uat").capacity = { provider: "ec2", spot: true, onDemandBaseInstances: 3 }))).toEqual([
      "  - apps.web.environments.uat.capacity.onDemandBaseInstances = 3: must be below maxInstances (3) with spot true in environment uat: otherwise no instance is ever a Spot instance",
    ]);
  });

  it("refuses an instance type too small for the task's CPU or memory (every Spot type too)", () => {
    expect(capacityLines((c) => (env(c, "prod").capacity = { provider: "ec2", instanceType: "c6g.large", spot: true, spotInstanceTypes: ["t4g.micro"] }))).toEqual([
      '  - apps.web.environments.prod.capacity.spotInstanceTypes.0 = "t4g.micro": is too small for a task of 1024 CPU units and 2048 MiB: it has 2048 CPU units and about 716 MiB for tasks, and ECS managed scaling does not scale out for tasks larger than the smallest type',
    ]);
    expect(capacityLines((c) => (env(c, "dev").capacity = { provider: "ec2" }) && (env(c, "dev").service = { memory: 1024 }))).toEqual([
      '  - apps.web.capacity.instanceType = "t3.micro": is too small for a task of 256 CPU units and 1024 MiB: it has 2048 CPU units and about 716 MiB for tasks, and ECS managed scaling does not scale out for tasks larger than the smallest type',
    ]);
  });

  it("refuses a maximum that cannot hold the fewest tasks and the one more a deployment starts", () => {
    expect(capacityLines((c) => (env(c, "staging").capacity = { provider: "ec2", maxInstances: 2 }))).toEqual([
      "  - apps.web.environments.staging.capacity.maxInstances = 2: holds 2 task(s) (1 per instance of t3.small: its CPU, memory and network interfaces, one per awsvpc task) but environment staging needs 3: its 2 fewest tasks and one more while a deployment replaces them",
    ]);
    // With a healthy floor below 100%, ECS stops a task before it starts its successor: no room needed.
    expect(capacityLines((c) => (env(c, "staging").capacity = { provider: "ec2", maxInstances: 2 }) && (env(c, "staging").service = { minimumHealthyPercent: 50 }))).toEqual([]);
  });

  it("refuses Fargate's Spot settings on EC2 capacity, and ARM64 tasks on Fargate Spot", () => {
    expect(capacityLines((c) => (env(c, "dev").capacity = { provider: "ec2" }) && (env(c, "dev").service = { fargateSpot: true, onDemandBaseTasks: 0 }))).toEqual([
      "  - apps.web.environments.dev.service.fargateSpot = true: applies to Fargate only, and environment dev runs on EC2 capacity: use capacity.spot and capacity.onDemandBaseInstances",
      "  - apps.web.environments.dev.service.onDemandBaseTasks = 0: applies to Fargate only, and environment dev runs on EC2 capacity: use capacity.spot and capacity.onDemandBaseInstances",
    ]);
    expect(capacityLines((c) => (env(c, "dev").capacity = { architecture: "ARM64" }))).toEqual([
      '  - apps.web.environments.dev.capacity.architecture = "ARM64": needs service.fargateSpot false in environment dev: Fargate Spot runs X86_64 tasks only, and the environment\'s tasks run on Fargate',
    ]);
  });

  it("refuses a project name that makes a capacity provider name ECS reserves", () => {
    expect(capacityLines((c) => (c.project.name = "ecsplatform") && ec2Everywhere(c)).filter((line) => line.includes("environments.dev") || line.includes("apps.web.capacity.provider"))).toEqual([
      '  - apps.web.capacity.provider = "ec2": makes the capacity provider name ecsplatform-web-dev-ec2, which ECS refuses (no name may start with aws, ecs or fargate): rename the project',
    ]);
  });

  it("asks for ECS's endpoints where container instances have no NAT", () => {
    expect(
      capacityLines((c) => {
        c.networks.dev.natMode = "none";
        env(c, "dev").capacity = { provider: "ec2" };
      }),
    ).toEqual([
      '  - networks.dev.interfaceEndpoints.services = (missing): must include "ecs", "ecs-agent", "ecs-telemetry", which the default set of a network without NAT (ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, kms, sts, appconfigdata) leaves out: ' +
        'network dev has no NAT, and app web\'s EC2 container instances in environment dev register with ECS and report through them; list that set with them, or give the network NAT (networks.dev.natMode "instance", "single" or "per-az")',
    ]);
    // A network that lists its endpoints is told only what its list lacks.
    expect(
      capacityLines((c) => {
        c.networks.dev.natMode = "none";
        c.networks.dev.interfaceEndpoints = { services: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages", "appconfigdata", "ecs", "ecs-agent"] };
        env(c, "dev").capacity = { provider: "ec2" };
      }),
    ).toEqual([
      '  - networks.dev.interfaceEndpoints.services = ["ecr.api","ecr.dkr","logs","secretsmanager","ssmmessages","appconfigdata","ecs","ecs-agent"]: must include "ecs-telemetry": network dev has no NAT, and app web\'s EC2 container instances in environment dev register with ECS and report through them',
    ]);
  });
});

describe("capacity warnings", () => {
  const warningsOf = (mutate: Mutation) => {
    const config = defaultConfigCopy();
    mutate(config);
    return configWarnings(parseConfig(config, "test"));
  };

  it("warns where EC2 capacity at its maximum holds fewer tasks than the service's most, and not otherwise", () => {
    expect(warningsOf((c) => (env(c, "dev").capacity = { provider: "ec2", maxInstances: 2 }))).toEqual([
      "apps.web in environment dev: EC2 capacity holds 2 task(s) at maxInstances 2 of t3.micro, below service.maxTasks 3; tasks autoscaling starts beyond it stay in PROVISIONING (raise capacity.maxInstances or lower service.maxTasks)",
    ]);
    expect(warningsOf(ec2Everywhere)).toEqual([]);
    expect(warningsOf(() => undefined)).toEqual([]);
  });
});
