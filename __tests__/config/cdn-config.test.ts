import { issuesOf, deploymentOf, Mutation } from "../support/config-issues";

const deployment = deploymentOf;

const web = (c: Parameters<Mutation>[0]) => c.apps!.web;
const prodEnv = (c: Parameters<Mutation>[0]) => web(c).environments!.prod;

describe("the CDN block: tier default, then the app's, then the environment's", () => {
  it("is on in prod with the built-in configuration, origin.<domain> as its origin (prod has DR)", () => {
    expect(deployment("prod").cdn).toMatchObject({
      name: "acme-web-prod-edge",
      domain: { name: "web.example.com", hostedZoneId: "Z000000000000000PROD" },
      originHostName: "origin.web.example.com",
      priceClass: "PriceClass_100",
      staticPaths: ["/assets/*", "/packs/*", "/favicon.ico", "/robots.txt"],
      forwardedCookies: "all",
      forwardedQueryStrings: "all",
      originSecretName: "acme/web/prod/origin-verify",
      originSecretVersion: 1,
    });
  });

  it.each(["dev", "staging", "uat"])("is off in %s by default", (env) => {
    expect(deployment(env).cdn).toBeUndefined();
  });

  it("an environment turns it on over the app's block, with the load balancer's DNS name as its origin (no DR)", () => {
    const cdn = deployment("uat", (c) => {
      web(c).cdn = { priceClass: "PriceClass_200", staticPaths: ["/static/*"] };
      web(c).environments!.uat.cdn = { enabled: true, forwardedCookies: ["_session"] };
    })!.cdn;
    expect(cdn).toMatchObject({ priceClass: "PriceClass_200", staticPaths: ["/static/*"], forwardedCookies: ["_session"] });
    expect(cdn?.originHostName).toBeUndefined();
  });

  it("prod turns it off", () => {
    expect(deployment("prod", (c) => (prodEnv(c).cdn = { enabled: false })).cdn).toBeUndefined();
  });
});

describe("CDN validation: each message names the field, the value and what is allowed", () => {
  it("needs the service's domainName", () => {
    expect(issuesOf((c) => (web(c).environments!.dev.cdn = { enabled: true }))).toEqual([
      "  - apps.web.environments.dev.cdn.enabled = true: needs apps.web.service.domainName in environment dev: CloudFront serves the app's domain, with a certificate for it; set a domainName or turn the CDN off",
    ]);
  });

  it("says when the tier's default turned it on", () => {
    expect(
      issuesOf((c) => {
        c.environments!.dev = { ...c.environments!.dev, tier: "prod" } as never;
      }).filter((line) => line.includes(".cdn.")),
    ).toEqual([expect.stringContaining("apps.web.environments.dev.cdn.enabled = (missing): needs apps.web.service.domainName in environment dev (on by default in the prod tier)")]);
  });

  it("needs a hosted zone or a certificate in us-east-1", () => {
    expect(
      issuesOf((c) => {
        web(c).environments!.dev.service = { ...web(c).environments!.dev.service, domainName: "dev.web.example.com", certificateArn: `arn:aws:acm:us-east-1:111111111111:certificate/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}` };
        web(c).environments!.dev.cdn = { enabled: true };
      }),
    ).toEqual([
      "  - apps.web.environments.dev.cdn.certificateArn = (missing): or apps.web.service.hostedZoneId is required for the CDN of dev.web.example.com in environment dev: CloudFront needs a certificate in us-east-1, DNS-validated in the zone or given here",
    ]);
  });

  const certificate = (region: string, account = "333333333333") => `arn:aws:acm:${region}:${account}:certificate/12345678-1234-1234-1234-123456789012`;

  it("refuses a certificate outside us-east-1", () => {
    expect(issuesOf((c) => (prodEnv(c).cdn = { certificateArn: certificate("eu-west-1") }))).toEqual([
      `  - apps.web.environments.prod.cdn.certificateArn = "${certificate("eu-west-1")}": must be a certificate in us-east-1, where CloudFront takes its certificates; this one is in eu-west-1`,
    ]);
  });

  it("refuses a certificate of another account", () => {
    expect(issuesOf((c) => (web(c).cdn = { certificateArn: certificate("us-east-1", "999999999999") }))).toEqual([
      expect.stringMatching(/^ {2}- apps\.web\.cdn\.certificateArn = ".*999999999999.*": must be a certificate of environment prod's account \d{12}; this one is in 999999999999$/),
    ]);
  });

  it("keeps the cache behaviors within CloudFront's quota of 25", () => {
    const paths = Array.from({ length: 25 }, (_, i) => `/p${i}/*`);
    expect(issuesOf((c) => (web(c).cdn = { staticPaths: paths }))).toEqual([
      `  - apps.web.cdn.staticPaths = ${JSON.stringify(paths)}: must list at most 24 patterns: a distribution has at most 25 cache behaviors, the default one included`,
    ]);
  });

  it("refuses a repeated static path", () => {
    expect(issuesOf((c) => (web(c).cdn = { staticPaths: ["/assets/*", "/assets/*"] }))).toEqual([
      '  - apps.web.cdn.staticPaths = ["/assets/*","/assets/*"]: must not repeat a pattern (/assets/*): a distribution refuses two cache behaviors with one pattern',
    ]);
  });

  it("refuses Host and the origin header, which the platform passes", () => {
    expect(issuesOf((c) => (web(c).cdn = { forwardedHeaders: ["Host", "X-Origin-Verify"] }))).toEqual([
      '  - apps.web.cdn.forwardedHeaders = ["Host","X-Origin-Verify"]: must not list Host, X-Origin-Verify: the platform always passes host and x-origin-verify',
    ]);
  });

  it("refuses Authorization", () => {
    expect(issuesOf((c) => (web(c).cdn = { forwardedHeaders: ["Authorization"] }))).toEqual([
      '  - apps.web.cdn.forwardedHeaders = ["Authorization"]: must not list Authorization: CloudFront refuses it in an origin request policy, and the dynamic paths\' cache policy caches nothing, so it cannot carry it either; use a session cookie',
    ]);
  });

  it("keeps the origin request policy within 10 headers, 2 of them the platform's", () => {
    const headers = Array.from({ length: 9 }, (_, i) => `X-H${i}`);
    expect(issuesOf((c) => (web(c).cdn = { forwardedHeaders: headers }))).toEqual([
      `  - apps.web.cdn.forwardedHeaders = ${JSON.stringify(headers)}: must list at most 8 headers: an origin request policy holds 10, and the platform adds host and x-origin-verify`,
    ]);
  });

  it.each(["forwardedCookies", "forwardedQueryStrings"] as const)("keeps %s within an origin request policy's 10 names", (key) => {
    const names = Array.from({ length: 11 }, (_, i) => `n${i}`);
    expect(issuesOf((c) => (web(c).cdn = { [key]: names }))).toEqual([`  - apps.web.cdn.${key} = ${JSON.stringify(names)}: must list at most 10 names, an origin request policy's quota, or be "all"`]);
  });

  it("refuses a path pattern CloudFront does not take", () => {
    expect(issuesOf((c) => (web(c).cdn = { staticPaths: ["assets/*"] }))).toEqual([expect.stringContaining('apps.web.cdn.staticPaths[0] = "assets/*": must be a CloudFront path pattern such as /assets/*')]);
  });
});
