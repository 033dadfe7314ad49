import { issuesOf } from "../support/config-issues";

/**
 * What a service needs from a network with no NAT (natMode "none"): its image from ECR in the
 * network's region, and an interface endpoint for each AWS service its tasks call.
 */
describe("reachability from a network with no NAT", () => {
  const noNat = `environment dev runs in network dev, which has no NAT and so no route to the internet`;

  it("accepts dev with no NAT and the endpoints that mode brings: ECR, logs, secrets, flags, ECS Exec", () => {
    expect(issuesOf((c) => (c.networks.dev.natMode = "none"))).toEqual([]);
  });

  it("names each endpoint the tasks need that the network's own list leaves out: the image's registry, the logs, the secrets", () => {
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.networks.dev.interfaceEndpoints = { services: ["ecr.api", "secretsmanager", "appconfigdata", "ssmmessages"] };
      }),
    ).toEqual([`  - networks.dev.interfaceEndpoints.services = ["ecr.api","secretsmanager","appconfigdata","ssmmessages"]: must include "ecr.dkr", "logs": ${noNat}, and app web uses ECS tasks (their ECR image, logs and secrets) there`]);
  });

  it("refuses an image from ECR in another region, as interface endpoints reach their own region only", () => {
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.apps!.web.environments!.dev.service = { imageRepository: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/web", imageTag: "1.0" };
      }),
    ).toEqual([
      `  - apps.web.environments.dev.service.imageRepository = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme/web": needs NAT or an ECR repository in us-east-1: interface endpoints reach their own region only, and ${noNat}`,
    ]);
  });

  it("refuses a proxy image from outside AWS", () => {
    expect(
      issuesOf((c) => {
        c.networks.dev.natMode = "none";
        c.apps!.web.environments!.dev.service = { proxy: { image: "docker.io/library/nginx:1.27" } };
      }),
    ).toEqual([`  - apps.web.environments.dev.service.proxy = "docker.io/library/nginx:1.27": needs NAT or an ECR repository: ${noNat}`]);
  });
});
