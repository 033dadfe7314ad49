import { describe as describeValue, renderReviewSummary, summarizeTaskDefinitions } from "../../scripts/review-summary";
import { buildPlatform, SynthesizedStack, writtenStacks } from "../support/synth";
import { defaultConfigCopy, runOf } from "../support/config";

/**
 * The reviewer's summary (`npm run plan -- <stack> --summary`): each task
 * definition's containers as the synthesized JSON holds them, which the plan
 * shows as `(known after apply)` because the definitions refer to other
 * stacks' outputs. Names of variables and secrets, never their values.
 */
describe("the reviewer summary of a stack's task definitions", () => {
  const stacks = writtenStacks();

  it("reads web-prod-service's task definition as written: image, port, health check, CPU and memory, variable and secret names", () => {
    const prod = stacks.get("web-prod-service")!;
    // What makes the plan say "known after apply": the definitions refer to other stacks' outputs.
    expect(prod.resource.aws_ecs_task_definition.task_B336BBAC.container_definitions).toContain("${data.terraform_remote_state.");
    expect(summarizeTaskDefinitions(prod)).toEqual([
      {
        address: "aws_ecs_task_definition.task_B336BBAC",
        family: "acme-web-prod",
        cpu: "1024",
        memory: "2048",
        compatibilities: ["FARGATE"],
        containers: [
          {
            name: "app",
            image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/web@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            essential: true,
            ports: ["3000/tcp"],
            healthCheck: { command: "CMD-SHELL curl -fsS http://127.0.0.1:3000/health > /dev/null || exit 1", interval: 30, timeout: 5, retries: 3, startPeriod: 60 },
            environment: [
              "APPCONFIG_APPLICATION",
              "APPCONFIG_ENVIRONMENT",
              "APPCONFIG_PROFILE",
              "APP_FILES_BUCKET",
              "AWS_REGION",
              "CACHE_AUTH",
              "CACHE_HOST",
              "CACHE_NAME",
              "CACHE_PORT",
              "CACHE_TLS",
              "CACHE_USER",
              "DB_AUTH",
              "DB_HOST",
              "DB_NAME",
              "DB_PORT",
              "DB_USER",
              "OTEL_EXPORTER_OTLP_ENDPOINT",
              "OTEL_RESOURCE_ATTRIBUTES",
              "OTEL_SERVICE_NAME",
              "SECRET_VERSIONS",
            ],
            secrets: ["SECRET_KEY"],
            user: "1000:1000",
            readonlyRootFilesystem: true,
            dependsOn: [],
          },
          {
            name: "otel-collector",
            image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1",
            essential: false,
            ports: [],
            healthCheck: { command: "CMD /healthcheck", interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
            cpu: 128,
            memory: 256,
            environment: ["AOT_CONFIG_CONTENT"],
            secrets: [],
            user: "4317:4317",
            readonlyRootFilesystem: true,
            dependsOn: [],
          },
        ],
      },
    ]);
  });

  it("prints it for a reader, with no value of a variable or a secret", () => {
    const text = renderReviewSummary("web-prod-service", summarizeTaskDefinitions(stacks.get("web-prod-service")!));
    expect(text.split("\n").slice(0, 12)).toEqual([
      "web-prod-service: 1 ECS task definition(s), from the synthesized JSON (values of variables and secrets not shown)",
      "",
      "task definition acme-web-prod (aws_ecs_task_definition.task_B336BBAC): CPU 1024 units, memory 2048 MiB, FARGATE",
      "  container app (essential)",
      "    image         111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/web@sha256:0000000000000000000000000000000000000000000000000000000000000000",
      "    pull secret   none",
      "    ports         3000/tcp",
      "    health check  CMD-SHELL curl -fsS http://127.0.0.1:3000/health > /dev/null || exit 1; every 30 s, timeout 5 s, 3 retries, start period 60 s",
      "    cpu, memory   the task's, no limit of its own",
      "    environment   APPCONFIG_APPLICATION, APPCONFIG_ENVIRONMENT, APPCONFIG_PROFILE, APP_FILES_BUCKET, AWS_REGION, CACHE_AUTH, CACHE_HOST, CACHE_NAME, CACHE_PORT, CACHE_TLS, CACHE_USER, DB_AUTH, DB_HOST, DB_NAME, DB_PORT, DB_USER, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME, SECRET_VERSIONS",
      "    secrets       SECRET_KEY",
      "    runs as       1000:1000, read-only root filesystem",
    ]);
    // Values: the bucket's name, the database user, the secret's ARN (an output of the secrets stack).
    for (const value of ["acme-web-prod-222222222222-files", "DB_USER=app", "secretsmanager", "terraform_remote_state", "iam"]) expect(text).not.toContain(value);
  });

  it("sizes each environment's task as its tier does, and says when a stack has no task definition", () => {
    const sizes = ["dev", "staging", "prod"].map((env) => summarizeTaskDefinitions(stacks.get(`web-${env}-service`)!).map(({ family, cpu, memory }) => ({ family, cpu, memory })));
    expect(sizes).toEqual([[{ family: "acme-web-dev", cpu: "256", memory: "512" }], [{ family: "acme-web-staging", cpu: "512", memory: "1024" }], [{ family: "acme-web-prod", cpu: "1024", memory: "2048" }]]);
    expect(summarizeTaskDefinitions(stacks.get("web-prod-dr-service")!)[0].containers.map((c) => c.name)).toEqual(["app"]);
    expect(renderReviewSummary("network-dev", summarizeTaskDefinitions(stacks.get("network-dev")!))).toBe("network-dev: no ECS task definition.\n");
  });

  it("lists the proxy sidecar and the AppConfig agent with their ports, order and essential flag", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.staging.service = { proxy: { image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/nginx:1.27" }, appConfigAgent: true };
    const { platform } = buildPlatform(runOf(config));
    const staging = new SynthesizedStack(platform.deployments.get("web-staging")!.service).json;
    const [app, proxy, agent] = summarizeTaskDefinitions(staging)[0].containers;
    expect(app).toMatchObject({ name: "app", ports: ["3000/tcp"], dependsOn: [] });
    expect(proxy).toMatchObject({ name: "proxy", image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/nginx:1.27", essential: true, ports: ["8080/tcp"], environment: ["UPSTREAM"], secrets: [], dependsOn: ["app HEALTHY"] });
    expect(proxy.healthCheck).toBeUndefined();
    expect(agent).toMatchObject({ name: "appconfig-agent", essential: false, ports: ["2772/tcp"] });
    const text = renderReviewSummary("web-staging-service", summarizeTaskDefinitions(staging));
    expect(text).toContain("  container proxy (essential), after app HEALTHY\n    image         111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/nginx:1.27\n    pull secret   none\n    ports         8080/tcp\n    health check  none\n");
    expect(text).toContain("  container appconfig-agent (not essential)\n");
  });

  it("names the secret an image from an outside registry is pulled with, and never its value", () => {
    const config = defaultConfigCopy();
    config.apps!.web.environments!.dev.service = { imageRepository: "ghcr.io/acme/web", registryCredentials: true };
    const { platform } = buildPlatform(runOf(config));
    const dev = new SynthesizedStack(platform.deployments.get("web-dev")!.service).json;
    const [app] = summarizeTaskDefinitions(dev)[0].containers;
    // The secrets stack's registry-credentials secret (a stack synthesized alone shows the reference unresolved; `cdktf synth` writes it as <from stack web-dev-secrets>).
    expect(app.pullSecret).toBe("<aws_secretsmanager_secret.registry-credentials.arn after apply>");
    expect(renderReviewSummary("web-dev-service", summarizeTaskDefinitions(dev))).toContain("    pull secret   <aws_secretsmanager_secret.registry-credentials.arn after apply>\n");
  });

  it("writes references out for a reader, reads container limits, and names a definition it cannot read instead of failing", () => {
    expect(describeValue("${data.terraform_remote_state.cross-stack-reference-input-web-build-repository.outputs.cross-stack-output-aws_ecr_repositoryrepository_url}:ci-abc")).toBe(
      "<from stack web-build-repository>:ci-abc",
    );
    expect(describeValue("${aws_ecr_repository.repo_1234.repository_url}:latest")).toBe("<aws_ecr_repository.repo_1234.repository_url after apply>:latest");
    const containers = JSON.stringify([{ name: "worker", image: "${aws_ecr_repository.repo.repository_url}:1", cpu: 256, memory: 512, memoryReservation: 256, portMappings: [{ containerPort: 80, hostPort: 8080 }] }]);
    // A container with neither user nor readonlyRootFilesystem runs as the image's user, writable: the summary says so.
    const [definition, expression] = summarizeTaskDefinitions({
      resource: {
        aws_ecs_task_definition: {
          worker: { family: "worker", cpu: "512", memory: "1024", container_definitions: containers },
          other: { family: "other", container_definitions: "${jsonencode(local.containers)}" },
        },
      },
    });
    expect(definition.containers[0]).toMatchObject({ image: "<aws_ecr_repository.repo.repository_url after apply>:1", cpu: 256, memory: 512, memoryReservation: 256, ports: ["80/tcp (host 8080)"] });
    expect(renderReviewSummary("s", [definition])).toContain("    cpu, memory   CPU 256 units, memory 512 MiB, memory reservation 256 MiB\n");
    expect(renderReviewSummary("s", [definition])).toContain("    runs as       the image's user (root unless the image sets one), writable root filesystem\n");
    expect(expression).toMatchObject({ containers: [], unreadable: "container_definitions is a Terraform expression, not JSON: ${jsonencode(local.containers)}" });
  });
});
