import { parseConfig } from "../../src/config/platform/load";
import { resolvePlatform } from "../../src/config/platform/resolve";
import { PlatformConfigInput } from "../../src/config/platform/schema";
import { COLLECTOR_IMAGE } from "../../src/config/telemetry/defaults";
import { issuesOf } from "../support/config-issues";
import { defaultConfigCopy } from "../support/config";

/** Issue 22, parts 4 and 5: the collector sidecar's and log forwarding's configuration, resolution and every validation message. */

const ECR_COPY = "111111111111.dkr.ecr.us-east-1.amazonaws.com/mirror/aws-otel-collector:v0.45.1";

function resolved(mutate: (config: PlatformConfigInput) => void = () => undefined) {
  const config = defaultConfigCopy();
  mutate(config);
  return resolvePlatform(parseConfig(config, "test"));
}

const deployment = (env: string, mutate?: (config: PlatformConfigInput) => void) => resolved(mutate).apps[0].deployments.find((d) => d.environment.name === env)!;

describe("telemetry: resolution", () => {
  it("is off in dev and on elsewhere by the tiers, with metrics to CloudWatch below prod and to Prometheus in the built-in prod", () => {
    expect(deployment("dev").telemetry).toBeUndefined();
    expect(deployment("staging").telemetry).toEqual({
      image: COLLECTOR_IMAGE,
      user: "4317:4317",
      cpu: 64,
      memory: 128,
      ports: { otlpGrpc: 4317, otlpHttp: 4318, health: 13133 },
      metrics: "cloudwatch",
      namespace: "acme/web",
      metricsLogGroupName: "/ecs/acme-web-staging/metrics",
    });
    expect(deployment("prod").telemetry).toMatchObject({ cpu: 128, memory: 256, metrics: "prometheus", workspaceAlias: "acme-web-prod" });
    expect(deployment("prod").telemetry?.metricsLogGroupName).toBeUndefined();
  });

  it("is off where config turns it off", () => {
    expect(deployment("staging", (c) => (c.apps!.web.telemetry = { enabled: false })).telemetry).toBeUndefined();
  });

  it("gives a network without NAT, which lists no endpoints, the collector's: X-Ray, and Prometheus remote write where it is used", () => {
    const platform = resolved((c) => {
      c.networks.dev.natMode = "none";
      c.apps!.web.environments!.dev.telemetry = { enabled: true, metrics: "prometheus", image: ECR_COPY };
    });
    const services = platform.networks.find((n) => n.name === "dev")!.interfaceEndpoints.services;
    expect(services).toEqual(expect.arrayContaining(["xray", "aps-workspaces"]));
    // A network with NAT gets none of them.
    expect(platform.networks.find((n) => n.name === "staging")!.interfaceEndpoints.services).not.toContain("xray");
  });
});

describe("telemetry: validation", () => {
  it("keeps the collector to half the task's CPU", () => {
    expect(issuesOf((c) => (c.apps!.web.environments!.staging.telemetry = { cpu: 300 }))).toEqual([
      "  - apps.web.environments.staging.telemetry.cpu = 300: must be at most half the task's 512 CPU units in environment staging (256): the collector shares the task with the app; lower it or raise the service's cpu",
    ]);
  });

  it("and to half its memory", () => {
    expect(issuesOf((c) => (c.apps!.web.environments!.staging.telemetry = { memory: 768 }))).toEqual([
      "  - apps.web.environments.staging.telemetry.memory = 768: must be at most half the task's 1024 MiB in environment staging (512): the collector shares the task with the app; lower it or raise the service's memory",
    ]);
  });

  it("refuses an app port that is one of the collector's", () => {
    expect(issuesOf((c) => (c.apps!.web.environments!.staging.service = { containerPort: 4318 }))).toEqual([
      "  - apps.web.environments.staging.service.containerPort = 4318: uses 4318, the OpenTelemetry collector's OTLP HTTP port in environment staging: the containers of a task share one network namespace; choose another port or turn telemetry off",
    ]);
  });

  it("and a proxy port that is", () => {
    expect(issuesOf((c) => (c.apps!.web.environments!.staging.service = { proxy: { image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/nginx:1.27", port: 13133 } }))).toEqual([
      '  - apps.web.environments.staging.service.proxy = {"image":"111111111111.dkr.ecr.us-east-1.amazonaws.com/nginx:1.27","port":13133}: uses 13133, the OpenTelemetry collector\'s health check port in environment staging: the containers of a task share one network namespace; choose another port or turn telemetry off',
    ]);
  });

  it("refuses the collector's default public ECR image in a network without NAT, naming the field to change and the ways out", () => {
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.apps!.web.environments!.dev.telemetry = { enabled: true };
      }),
    ).toEqual([
      `  - apps.web.telemetry.image = "${COLLECTOR_IMAGE}": is the collector's default image, on public ECR, which environment dev cannot pull: it runs in network dev, which has no NAT and so no route to the internet; ` +
        `name a copy in an ECR repository of us-east-1 here, turn the collector off there (apps.web.environments.dev.telemetry.enabled false), or give the network NAT (networks.dev.natMode "instance", "single" or "per-az")`,
    ]);
  });

  it("says so where the collector runs by default (staging, uat, prod), and each way out clears it", () => {
    const noNatStaging = (c: PlatformConfigInput) => (c.networks.staging.natMode = "none");
    expect(issuesOf(noNatStaging)).toEqual([
      `  - apps.web.telemetry.image = "${COLLECTOR_IMAGE}": is the collector's default image, on public ECR, which environment staging cannot pull: it runs in network staging, which has no NAT and so no route to the internet, ` +
        `and the collector runs by default in a staging-tier environment; name a copy in an ECR repository of us-east-1 here, turn the collector off there (apps.web.environments.staging.telemetry.enabled false), ` +
        `or give the network NAT (networks.staging.natMode "instance", "single" or "per-az")`,
    ]);
    const withWayOut = (wayOut: (c: PlatformConfigInput) => void) =>
      issuesOf((c) => {
        noNatStaging(c);
        wayOut(c);
      });
    expect(withWayOut((c) => (c.apps!.web.environments!.staging.telemetry = { enabled: false }))).toEqual([]);
    expect(withWayOut((c) => (c.apps!.web.telemetry = { image: ECR_COPY }))).toEqual([]);
    expect(withWayOut((c) => (c.networks.staging.natMode = "single"))).toEqual([]);
  });

  it("says the collector runs by default where a listed endpoint set lacks X-Ray, and how to turn it off", () => {
    expect(
      issuesOf((c) => {
        c.networks.staging.natMode = "none";
        c.networks.staging.interfaceEndpoints = { services: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "appconfigdata", "ssmmessages"] };
        c.apps!.web.telemetry = { image: ECR_COPY };
      }),
    ).toEqual([
      '  - networks.staging.interfaceEndpoints.services = ["ecr.api","ecr.dkr","logs","secretsmanager","appconfigdata","ssmmessages"]: must include "xray": environment staging runs in network staging, which has no NAT and so no route to the internet, ' +
        "and app web uses the OpenTelemetry collector for X-Ray traces (on by default in a staging-tier environment; apps.web.environments.staging.telemetry.enabled false turns it off) there",
    ]);
  });

  it("asks a listed endpoint set of a network without NAT for X-Ray and Prometheus remote write", () => {
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.networks.dev.interfaceEndpoints = { services: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "appconfigdata", "ssmmessages"] };
        c.apps!.web.environments!.dev.telemetry = { enabled: true, metrics: "prometheus", image: ECR_COPY };
      }),
    ).toEqual([
      '  - networks.dev.interfaceEndpoints.services = ["ecr.api","ecr.dkr","logs","secretsmanager","appconfigdata","ssmmessages"]: must include "xray", "aps-workspaces": environment dev runs in network dev, which has no NAT and so no route to the internet, and app web uses the OpenTelemetry collector for X-Ray traces and Prometheus remote write there',
    ]);
  });

  it("accepts a collector copied into the region's ECR in a network without NAT that lists no endpoints", () => {
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.apps!.web.environments!.dev.telemetry = { enabled: true, metrics: "prometheus", image: ECR_COPY };
      }),
    ).toEqual([]);
  });

  it.each([
    ["metrics", { metrics: "datadog" }, '  - apps.web.telemetry.metrics = "datadog": must be one of cloudwatch, prometheus, none'],
    ["namespace", { namespace: "AWS/ECS" }, '  - apps.web.telemetry.namespace = "AWS/ECS": must be a CloudWatch namespace: 1-255 letters, digits and . - _ / # :, not starting with AWS/'],
    [
      "image",
      { image: "public.ecr.aws/aws-observability/aws-otel-collector" },
      '  - apps.web.telemetry.image = "public.ecr.aws/aws-observability/aws-otel-collector": must be an image pinned by tag or digest, such as public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1',
    ],
    ["cpu", { cpu: 16 }, "  - apps.web.telemetry.cpu = 16: must be at least 32 CPU units"],
    ["memory", { memory: 8192 }, "  - apps.web.telemetry.memory = 8192: must be at most 4096 MiB"],
  ])("refuses a bad %s", (_field, telemetry, message) => {
    expect(issuesOf((c) => (c.apps!.web.telemetry = telemetry as never))).toEqual([message]);
  });
});

describe("log forwarding: resolution", () => {
  it("is on in the built-in prod only, to the PLACEHOLDER endpoint, with acknowledgement and the tier's retry and expiry", () => {
    for (const env of ["dev", "staging", "uat"]) expect(deployment(env).logForwarding).toBeUndefined();
    expect(deployment("prod").logForwarding).toEqual({
      streamName: "acme-web-prod-logs",
      subscriptionFilterName: "acme-web-prod-to-splunk",
      filterPattern: "",
      splunk: {
        hecEndpoint: "https://http-inputs-acme.splunkcloud.com:443",
        endpointType: "Raw",
        acknowledgementTimeoutSeconds: 300,
        retrySeconds: 3600,
        buffering: { intervalSeconds: 60, sizeMb: 5 },
      },
      tokenSecretName: "acme/web/prod/splunk-hec-token",
      failedEvents: { bucket: "acme-web-prod-222222222222-logs-failed", expirationDays: 90 },
      errorLogGroupName: "/aws/kinesisfirehose/acme-web-prod-logs",
      roleNames: { logs: "acme-web-prod-logs-to-firehose", firehose: "acme-web-prod-firehose" },
    });
  });

  it("is off where config turns it off", () => {
    expect(deployment("prod", (c) => (c.apps!.web.environments!.prod.logForwarding!.enabled = false)).logForwarding).toBeUndefined();
  });
});

describe("log forwarding: validation", () => {
  it("needs the Splunk endpoint where an environment turns it on", () => {
    expect(issuesOf((c) => (c.apps!.web.environments!.staging.logForwarding = { enabled: true }))).toEqual([
      '  - apps.web.environments.staging.logForwarding.splunk = (missing): is required: log forwarding is on in environment staging, and Firehose needs the Splunk HEC endpoint to deliver to ({ "hecEndpoint": "https://host:443" }), or turn logForwarding.enabled off',
    ]);
  });

  it("and names the app's block where the app turns it on", () => {
    expect(
      issuesOf((c) => {
        c.apps!.web.logForwarding = { enabled: true };
        delete c.apps!.web.environments!.prod.logForwarding;
      }),
    ).toEqual([
      '  - apps.web.logForwarding.splunk = (missing): is required: log forwarding is on in environment dev, and Firehose needs the Splunk HEC endpoint to deliver to ({ "hecEndpoint": "https://host:443" }), or turn logForwarding.enabled off',
    ]);
  });

  const prod = (change: (forwarding: Record<string, any>) => void) => issuesOf((c) => change(c.apps!.web.environments!.prod.logForwarding as Record<string, any>));

  it.each([
    [
      "an HEC endpoint that is not https://host[:port]",
      (f: Record<string, any>) => (f.splunk.hecEndpoint = "http://splunk.example.com:8088/services/collector"),
      '  - apps.web.environments.prod.logForwarding.splunk.hecEndpoint = "http://splunk.example.com:8088/services/collector": must be the HEC endpoint as https://host[:port], such as https://http-inputs-acme.splunkcloud.com:443 (no path)',
    ],
    [
      "an acknowledgement timeout below Firehose's least",
      (f: Record<string, any>) => (f.splunk.acknowledgementTimeoutSeconds = 60),
      "  - apps.web.environments.prod.logForwarding.splunk.acknowledgementTimeoutSeconds = 60: must be at least 180 seconds (Firehose's least)",
    ],
    ["an unknown endpoint type", (f: Record<string, any>) => (f.splunk.endpointType = "json"), '  - apps.web.environments.prod.logForwarding.splunk.endpointType = "json": must be one of Raw, Event'],
    ["a retry beyond Firehose's most", (f: Record<string, any>) => (f.splunk.retrySeconds = 9000), "  - apps.web.environments.prod.logForwarding.splunk.retrySeconds = 9000: must be at most 7200 seconds (Firehose's most)"],
    ["no expiry of failed events", (f: Record<string, any>) => (f.failedEventsExpirationDays = 0), "  - apps.web.environments.prod.logForwarding.failedEventsExpirationDays = 0: must be at least 1 day"],
  ])("refuses %s", (_what, change, message) => {
    expect(prod(change)).toEqual([message]);
  });

  it("refuses a filter pattern longer than CloudWatch Logs takes", () => {
    const [issue] = prod((f) => (f.filterPattern = "x".repeat(1025)));
    expect(issue).toMatch(/^ {2}- apps\.web\.environments\.prod\.logForwarding\.filterPattern = "x+": must be at most 1024 characters \(CloudWatch Logs' limit\)$/);
  });
});
