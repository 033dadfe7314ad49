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

  describe("the pilot light in a DR network with no NAT", () => {
    const drNoNat = "environment prod's pilot-light service runs in its DR network prod-dr, which has no NAT and so no route to the internet";

    it("accepts the built-in prod with no NAT in prod-dr: its image is the build repository's replica in eu-west-1, its endpoints the default set", () => {
      expect(issuesOf((c) => (c.networks["prod-dr"].natMode = "none"))).toEqual([]);
    });

    it("refuses an image from outside AWS, which prod's own network (with NAT) pulls but the pilot light cannot", () => {
      expect(
        issuesOf((c) => {
          c.networks["prod-dr"].natMode = "none";
          c.apps!.web.environments!.prod.service!.imageRepository = "ghcr.io/acme/web";
        }),
      ).toEqual([`  - apps.web.environments.prod.service.imageRepository = "ghcr.io/acme/web": needs NAT or an ECR repository: ${drNoNat}`]);
    });

    it("refuses an ECR image of the primary region, naming the build repository's replica as the way out", () => {
      expect(
        issuesOf((c) => {
          c.networks["prod-dr"].natMode = "none";
          c.apps!.web.environments!.prod.service!.imageRepository = "222222222222.dkr.ecr.us-east-1.amazonaws.com/acme/web";
        }),
      ).toEqual([
        `  - apps.web.environments.prod.service.imageRepository = "222222222222.dkr.ecr.us-east-1.amazonaws.com/acme/web": is pulled in eu-west-1 too, by the pilot light, and interface endpoints reach their own region only: ${drNoNat}; give it NAT (networks.prod-dr.natMode "instance", "single" or "per-az"), or leave imageRepository out to run the build repository's image, which replicates to the DR region`,
      ]);
    });

    it("refuses a proxy image from another region's ECR, which the primary network reaches", () => {
      expect(
        issuesOf((c) => {
          c.networks["prod-dr"].natMode = "none";
          c.apps!.web.environments!.prod.service!.proxy = { image: "222222222222.dkr.ecr.us-east-1.amazonaws.com/nginx:1.27" };
        }),
      ).toEqual([
        `  - apps.web.environments.prod.service.proxy = "222222222222.dkr.ecr.us-east-1.amazonaws.com/nginx:1.27": is pulled in eu-west-1 too, by the pilot light, and interface endpoints reach their own region only: ${drNoNat}; give it NAT (networks.prod-dr.natMode "instance", "single" or "per-az")`,
      ]);
    });

    it("names the endpoints the pilot light needs that the DR network's list leaves out, and not the collector's, which only the primary runs", () => {
      expect(
        issuesOf((c) => {
          c.networks["prod-dr"].natMode = "none";
          c.networks["prod-dr"].interfaceEndpoints = { services: ["ecr.api", "ecr.dkr", "secretsmanager", "ssmmessages"] };
        }),
      ).toEqual([
        `  - networks.prod-dr.interfaceEndpoints.services = ["ecr.api","ecr.dkr","secretsmanager","ssmmessages"]: must include "logs", "appconfigdata": ${drNoNat}, and app web uses ECS tasks (their ECR image, logs and secrets) and feature flags read from AppConfig there`,
      ]);
    });
  });
});
