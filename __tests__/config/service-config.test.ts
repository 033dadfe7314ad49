import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { issuesOf, deploymentOf, Mutation } from "../support/config-issues";
import { defaultConfigCopy } from "../support/config";

/** An image digest the schema accepts. */
const DIGEST = `sha256:${"ab".repeat(32)}`;

/** A proxy image reference the schema accepts. */
const NGINX = "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/nginx:1.27";

const deployment = deploymentOf;

const web = (c: Parameters<Mutation>[0]) => c.apps!.web;

describe("service settings: tier presets, then the app's, then the environment's", () => {
  it.each([
    // env, cpu, memory, min, max, insights, spot, https, waf, exec
    ["dev", 256, 512, 1, 3, false, true, false, false, true],
    ["staging", 512, 1024, 2, 4, false, true, false, false, true],
    ["uat", 512, 1024, 2, 6, false, true, true, true, true],
    ["prod", 1024, 2048, 3, 10, true, false, true, true, false],
  ])("sizes %s: %i CPU, %i MiB, %i to %i tasks", (env, cpu, memory, minTasks, maxTasks, containerInsights, fargateSpot, httpsRequired, waf, execCommand) => {
    const service = deployment(env).service;
    expect(service).toMatchObject({ cpu, memory, minTasks, maxTasks, containerInsights, fargateSpot, httpsRequired, execCommand });
    expect(service.waf !== undefined).toBe(waf);
  });

  it("runs the build repository's image by tag, with seed 004's scaling targets and cooldowns", () => {
    expect(deployment("dev").service).toMatchObject({
      name: "acme-web-dev",
      image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/web:0.1.0",
      buildRepositoryArn: "arn:aws:ecr:us-east-1:111111111111:repository/acme/web",
      containerPort: 3000,
      healthCheckPath: "/health",
      autoscaling: { cpuTargetPercent: 70, memoryTargetPercent: 75, scaleOutCooldownSeconds: 300, scaleInCooldownSeconds: 900 },
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200 },
      logRetentionDays: 7,
      databaseCredentials: "iam",
    });
    expect(deployment("dev").service.domain).toBeUndefined();
    expect(deployment("prod").service.domain).toEqual({ name: "web.example.com", hostedZoneId: "Z000000000000000PROD" });
    expect(deployment("prod").service).toMatchObject({ deletionProtection: true, logRetentionDays: 30 });
  });

  it("takes an image from another registry with a credentials secret (seed 001's GHCR)", () => {
    const mutate: Mutation = (c) => (web(c).environments!.staging.service = { imageTag: "1.2.3", imageRepository: "ghcr.io/acme/web", registryCredentials: true });
    const service = deployment("staging", mutate).service;
    expect(service).toMatchObject({ image: "ghcr.io/acme/web:1.2.3", registryCredentials: true });
    expect(service.buildRepositoryArn).toBeUndefined();
  });

  it("lets an environment change one setting and keep the app's others", () => {
    const mutate: Mutation = (c) => {
      web(c).service = { imageTag: "2.0.0", cpu: 512, memory: 1024 };
      web(c).environments!.staging.service = { imageTag: "2.1.0-rc1", requestsPerTarget: 500 };
    };
    expect(deployment("staging", mutate).service).toMatchObject({ image: expect.stringMatching(/:2\.1\.0-rc1$/), cpu: 512, memory: 1024 });
    expect(deployment("staging", mutate).service.autoscaling.requestsPerTarget).toBe(500);
    expect(deployment("dev", mutate).service.image).toMatch(/:2\.0\.0$/);
  });

  it("takes feature flag values from the app and overrides them per environment", () => {
    expect(deployment("dev").featureFlags).toEqual([{ name: "new-checkout", enabled: true, description: "The redesigned checkout flow" }]);
    expect(deployment("prod").featureFlags).toEqual([{ name: "new-checkout", enabled: false, description: "The redesigned checkout flow" }]);
  });

  it("adds a bastion only where turned on", () => {
    expect(deployment("dev").bastion).toBeUndefined();
    const mutate: Mutation = (c) => (web(c).environments!.staging.bastion = { enabled: true, sshCidr: "203.0.113.7/32" });
    expect(deployment("staging", mutate).bastion).toEqual({ instanceType: "t3.micro", sshCidr: "203.0.113.7/32" });
  });

  it("shares one build repository per app, pulled by the other accounts and replicated to the DR region", () => {
    const repository = resolvePlatform(parseConfig(defaultConfigCopy(), "test")).apps[0].buildRepository;
    expect(repository).toMatchObject({
      name: "acme/web",
      region: "us-east-1",
      url: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/web",
      pullers: { accountIds: ["222222222222"], roleArnPatterns: ["arn:aws:iam::222222222222:role/acme-web-*-task-execution"] },
      replicaRegions: ["eu-west-1"],
      lifecycle: { keepCiImages: 50, ciTagPrefix: "ci-", untaggedExpiryDays: 7 },
    });
    expect(repository.account.name).toBe("nonprod");
  });

  it("merges service alarm thresholds over the tier's", () => {
    expect(deployment("prod").serviceAlarms).toEqual({ loadBalancer5xx: 10, target5xx: 10, p99ResponseSeconds: 2, cpuPercent: 80, memoryPercent: 85, taskFailures: 0 });
    expect(deployment("dev", (c) => (web(c).serviceAlarms = { p99ResponseSeconds: 1.5 })).serviceAlarms.p99ResponseSeconds).toBe(1.5);
  });
});

describe("service validation: one message per rule", () => {
  it.each<[string, Mutation, string]>([
    [
      "an app port that is the proxy's",
      (c) => (web(c).service = { ...web(c).service, containerPort: 8080, proxy: { image: NGINX } }),
      `apps.web.service.containerPort = 8080: is the proxy's port: the containers of a task share one network namespace, so the app needs another port`,
    ],
    [
      "an app port that is the AppConfig agent's",
      (c) => (web(c).environments!.staging.service = { containerPort: 2772, appConfigAgent: true }),
      `apps.web.environments.staging.service.containerPort = 2772: is the AppConfig agent's port: the containers of a task share one network namespace`,
    ],
    [
      "a proxy on the AppConfig agent's port",
      (c) => (web(c).environments!.staging.service = { proxy: { image: NGINX, port: 2772 }, appConfigAgent: true }),
      `apps.web.environments.staging.service.proxy = {"image":"${NGINX}","port":2772}: listens on 2772, the AppConfig agent's port`,
    ],
    [
      "a certificate of another region",
      (c) => (web(c).environments!.prod.service = { domainName: "web.example.com", certificateArn: "arn:aws:acm:eu-west-1:222222222222:certificate/0e6f5a3c-1111-2222-3333-444455556666" }),
      `apps.web.environments.prod.service.certificateArn = "arn:aws:acm:eu-west-1:222222222222:certificate/0e6f5a3c-1111-2222-3333-444455556666": must be a certificate of the load balancer's account 222222222222 and region us-east-1 (environment prod); this one is in 222222222222, eu-west-1, which the load balancer cannot use`,
    ],
    [
      "a certificate of another account",
      (c) => (web(c).environments!.uat.service = { domainName: "uat.web.example.com", certificateArn: "arn:aws:acm:us-east-1:222222222222:certificate/0e6f5a3c-1111-2222-3333-444455556666" }),
      `apps.web.environments.uat.service.certificateArn = "arn:aws:acm:us-east-1:222222222222:certificate/0e6f5a3c-1111-2222-3333-444455556666": must be a certificate of the load balancer's account 111111111111 and region us-east-1 (environment uat)`,
    ],
    [
      "an environment running a CI tag the lifecycle expires",
      (c) => (web(c).environments!.dev.service = { imageTag: "ci-4f2a9c1" }),
      `apps.web.environments.dev.service.imageTag = "ci-4f2a9c1": is a CI tag (prefix ci-), which the build repository's lifecycle expires once newer CI images push it out, and then a scale-out or rollback cannot pull it: run a release tag`,
    ],
    ["the app as root", (c) => (web(c).service = { ...web(c).service, user: "0:0" }), `apps.web.service.user = "0:0": must not be root (uid 0): containers run as an unprivileged user`],
    [
      "the proxy as root",
      (c) => (web(c).service = { ...web(c).service, proxy: { image: NGINX, user: "root" } }),
      `apps.web.service.proxy.user = "root": must not be root (uid 0): containers run as an unprivileged user`,
    ],
    ["a malformed user", (c) => (web(c).service = { ...web(c).service, user: "1000:" }), `apps.web.service.user = "1000:": must be a user as uid, uid:gid, name or name:group, such as 1000:1000`],
    [
      "a bastion SSH range wider than /32",
      (c) => (web(c).bastion = { enabled: true, sshCidr: "203.0.113.0/24" }),
      `apps.web.bastion.sshCidr = "203.0.113.0/24": must be a single IPv4 address as a /32, such as 203.0.113.7/32`,
    ],
    [
      "HTTPS off in prod",
      (c) => (web(c).environments!.prod.service = { httpsRequired: false }),
      `apps.web.environments.prod.service.httpsRequired = false: cannot be turned off in a prod-tier environment: seed 004 serves HTTPS only in uat and prod`,
    ],
    [
      "HTTPS without a domain",
      (c) => (web(c).environments!.staging.service = { httpsRequired: true }),
      `apps.web.service.domainName = (missing): is required in environment staging: it serves HTTPS only, which needs a host name and a certificate`,
    ],
    [
      "a domain with neither zone nor certificate",
      (c) => (web(c).environments!.dev.service = { domainName: "dev.example.com" }),
      `apps.web.service.hostedZoneId = (missing): or certificateArn is required with domainName dev.example.com`,
    ],
    ["a zone without a domain", (c) => (web(c).environments!.dev.service = { hostedZoneId: "Z123" }), `apps.web.environments.dev.service.hostedZoneId = "Z123": needs domainName`],
    [
      "min tasks above max",
      (c) => (web(c).environments!.staging.service = { minTasks: 5, maxTasks: 3 }),
      `apps.web.environments.staging.service.minTasks = 5: must be at most maxTasks (3) in environment staging`,
    ],
    [
      "min tasks above the tier's max",
      (c) => (web(c).service = { imageTag: "1", minTasks: 4 }),
      `apps.web.service.minTasks = 4: must be at most maxTasks (3) in environment dev`,
    ],
    [
      "an override of an undeclared feature flag",
      (c) => (web(c).environments!.uat.featureFlags = { "dark-mode": true }),
      `apps.web.environments.uat.featureFlags.dark-mode = true: overrides a flag that apps.web.featureFlags does not declare (declared: new-checkout)`,
    ],
    ["a flag name AppConfig refuses", (c) => (web(c).featureFlags = { Beta: { enabled: true } }), `apps.web.featureFlags.Beta = "Beta": is not an allowed key: must be a flag name`],
    ["no image tag", (c) => (web(c).service = {}), `apps.web.service.imageTag = (missing): is required: the image tag or imageDigest to run in environment dev`],
    [
      "a tag and a digest named together",
      (c) => (web(c).environments!.staging.service = { imageTag: "1.0.0", imageDigest: DIGEST }),
      `apps.web.environments.staging.service.imageDigest = "${DIGEST}": and apps.web.environments.staging.service.imageTag (1.0.0) are both set: name the image once, by digest or by tag`,
    ],
    ["a digest that is not sha256", (c) => (web(c).service = { imageDigest: "sha256:ABC" }), `apps.web.service.imageDigest = "sha256:ABC": must be an image digest: sha256: and 64 lowercase hex digits`],
    [
      "prod by tag",
      (c) => delete web(c).environments!.prod.service!.imageDigest,
      `apps.web.service.imageTag = "0.1.0": a prod-tier environment cannot run an image by tag without environments.prod.waivers.imageTag giving a reason: a tag can be deleted and pushed again as another image; set imageDigest to the digest that passed staging (docs/runbooks/promote-image.md)`,
    ],
    [
      "two apps replicating from one account with different lifecycles",
      (c) => (c.apps!.api = { ...web(c), buildRepository: { keepCiImages: 20, ciTagPrefix: "build-" } }),
      `apps.api.buildRepository.keepCiImages = 20: must equal that of app web (50): both repositories replicate from account nonprod, whose registry gives every replica one lifecycle`,
    ],
    ["an image tag Docker refuses", (c) => (web(c).service = { imageTag: "-latest" }), `apps.web.service.imageTag = "-latest": must be an image tag`],
    [
      "a CI tag prefix with a dot, which would make every CI image a release image the lifecycle never expires",
      (c) => (web(c).buildRepository = { ciTagPrefix: "ci." }),
      `apps.web.buildRepository.ciTagPrefix = "ci.": must be an image tag prefix such as ci-: letters, digits, _ and -, no dot (a tag with a dot is a release tag, which never expires)`,
    ],
    [
      "registry credentials for the build repository",
      (c) => (web(c).service = { imageTag: "1", registryCredentials: true }),
      `apps.web.service.registryCredentials = true: needs imageRepository`,
    ],
    ["a CPU Fargate lacks", (c) => (web(c).service = { imageTag: "1", cpu: 300 }), `apps.web.service.cpu = 300: must be a Fargate CPU value: one of 256, 512, 1024, 2048, 4096, 8192, 16384`],
    [
      "memory Fargate does not pair with the CPU",
      (c) => (web(c).environments!.prod.service = { memory: 512 }),
      `apps.web.environments.prod.service.memory = 512: must be a memory size Fargate allows with 1024 CPU units: 2048 to 8192 MiB`,
    ],
    [
      "a name too long for a load balancer",
      (c) => {
        c.project.name = "acme-platform-xy";
        c.apps = { storefront: c.apps!.web };
      },
      `apps.storefront.environments.dev = "acme-platform-xy-storefront-dev": makes the service name acme-platform-xy-storefront-dev (31 characters) longer than 28: load balancer and target group names are limited to 32`,
    ],
    [
      "the AppConfig agent in a network without NAT",
      (c) => {
        c.networks.dev.natMode = "none";
        web(c).service = { imageTag: "1", appConfigAgent: true };
      },
      `apps.web.service.appConfigAgent = true: needs NAT: the agent's image comes from public ECR, and environment dev runs in network dev, which has no NAT`,
    ],
    [
      "a GHCR image in a network without NAT",
      (c) => {
        c.networks.dev.natMode = "none";
        web(c).environments!.dev.service = { imageRepository: "ghcr.io/acme/web" };
      },
      `apps.web.environments.dev.service.imageRepository = "ghcr.io/acme/web": needs NAT or an ECR repository: environment dev runs in network dev`,
    ],
    [
      "a bastion without the SSM endpoints in a network without NAT",
      (c) => {
        c.networks.dev.natMode = "none";
        web(c).environments!.dev.bastion = { enabled: true };
      },
      `networks.dev.interfaceEndpoints.services = (missing): must include "ec2messages", which the default set of a network without NAT (ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, kms, sts, appconfigdata) leaves out: environment dev runs in network dev, which has no NAT and so no route to the internet, and app web uses a bastion through SSM there; list that set with them, or give the network NAT (networks.dev.natMode "instance", "single" or "per-az")`,
    ],
    [
      "ECS Exec without its endpoint in a network without NAT",
      (c) => {
        c.networks.dev.natMode = "none";
        c.networks.dev.interfaceEndpoints = { services: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "appconfigdata"] };
      },
      `networks.dev.interfaceEndpoints.services = ["ecr.api","ecr.dkr","logs","secretsmanager","appconfigdata"]: must include "ssmmessages": environment dev runs in network dev, which has no NAT and so no route to the internet, and app web uses ECS Exec (on by default in a dev-tier environment; apps.web.environments.dev.service.execCommand false turns it off) there`,
    ],
    [
      "feature flags without the AppConfig Data endpoint in a network without NAT",
      (c) => {
        c.networks.dev.natMode = "none";
        c.networks.dev.interfaceEndpoints = { services: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"] };
      },
      `networks.dev.interfaceEndpoints.services = ["ecr.api","ecr.dkr","logs","secretsmanager","ssmmessages"]: must include "appconfigdata": environment dev runs in network dev, which has no NAT and so no route to the internet, and app web uses feature flags read from AppConfig there`,
    ],
    ["a build repository in an unknown account", (c) => (web(c).buildRepository = { account: "tools" }), `apps.web.buildRepository.account = "tools": must name an account, one of: nonprod, prod`],
    ["a port out of range", (c) => (web(c).service = { imageTag: "1", containerPort: 70000 }), `apps.web.service.containerPort = 70000: must be a port from 1 to 65535`],
  ])("%s", (_rule, mutate, expected) => {
    expect(issuesOf(mutate).join("\n")).toContain(expected);
  });

  it("accepts prod by tag with a waiver, and apps replicating from one account with the same lifecycle", () => {
    expect(
      issuesOf((c) => {
        delete web(c).environments!.prod.service!.imageDigest;
        c.environments.prod.waivers = { imageTag: "the external registry's tags are signed and pinned by policy" };
      }),
    ).toEqual([]);
    expect(issuesOf((c) => (c.apps!.api = { ...web(c), buildRepository: { keepCiImages: 50 } }))).toEqual([]);
  });

  it("takes the image from the most specific level naming a tag or a digest", () => {
    const repository = "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/web";
    expect(deployment("staging", (c) => (web(c).environments!.staging.service = { imageDigest: DIGEST })).service.image).toBe(`${repository}@${DIGEST}`);
    const tagOverDigest = deployment("dev", (c) => {
      web(c).service = { imageDigest: DIGEST };
      web(c).environments!.dev.service = { imageTag: "1.2.3" };
    });
    expect(tagOverDigest.service.image).toBe(`${repository}:1.2.3`);
  });

  it("accepts a /32 bastion where the network has NAT", () => {
    expect(issuesOf((c) => (web(c).environments!.staging.bastion = { enabled: true, sshCidr: "203.0.113.7/32" }))).toEqual([]);
  });
});
