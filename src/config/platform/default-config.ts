import { PlatformConfigInput } from "./schema";

/**
 * The built-in configuration: seed 004's four environments in us-east-1 and a
 * prod disaster-recovery network in eu-west-1, in two accounts (seed 000's
 * accounts -> networks -> environments mapping).
 *
 * The account ids, the alert e-mail address, the hosted zone ids and prod's image digest are PLACEHOLDERS (111111111111, 222222222222): synthesis
 * and `terraform plan` with placeholder credentials work with them, a real
 * deployment does not. Copy this shape into a JSON file with your ids and
 * point `PLATFORM_CONFIG` at it.
 */
export const DEFAULT_CONFIG: PlatformConfigInput = {
  project: {
    name: "acme",
    owner: "platform-team",
    defaultRegion: "us-east-1",
    tags: {},
    repository: "acme/platform",
  },
  accounts: {
    nonprod: { id: "111111111111", region: "us-east-1" },
    prod: { id: "222222222222", region: "us-east-1" },
  },
  networks: {
    dev: { account: "nonprod", region: "us-east-1", cidr: "10.10.0.0/16" },
    staging: { account: "nonprod", region: "us-east-1", cidr: "10.20.0.0/16" },
    uat: { account: "nonprod", region: "us-east-1", cidr: "10.30.0.0/16" },
    prod: { account: "prod", region: "us-east-1", cidr: "10.40.0.0/16" },
    "prod-dr": { account: "prod", region: "eu-west-1", cidr: "10.50.0.0/16" },
  },
  environments: {
    dev: { network: "dev", tier: "dev" },
    staging: { network: "staging", tier: "staging" },
    uat: { network: "uat", tier: "uat" },
    // Seed 004 puts prod at $300-500+ a month; this prod also has a read replica, its caches and the pilot light in
    // eu-west-1 (decision 0005), about $1,280 in fixed charges at the price table's rates (npm run cost): within the
    // prod tier's budget with its DR allowance, $1,400 (decision 0007).
    prod: { network: "prod", drNetwork: "prod-dr", tier: "prod" },
  },
  apps: {
    web: {
      // Placeholder address: replace it with your team's. Prod also pages the
      // on-call through PagerDuty; the integration URL is read from this SSM
      // parameter at plan time and never written here (see README).
      alerts: { emails: ["platform-alerts@example.com"] },
      // The tag CI pushed to the build repository; raise it and `cdktf deploy web-<env>-service` to roll out.
      service: { imageTag: "0.1.0" },
      // Read at run time from AppConfig; an environment changes a value without a new image.
      featureFlags: { "new-checkout": { enabled: false, description: "The redesigned checkout flow" } },
      environments: {
        dev: { featureFlags: { "new-checkout": true } },
        staging: {},
        // HTTPS only in uat and prod (seed 004). Placeholder zone ids: use your own zones.
        uat: { service: { domainName: "uat.web.example.com", hostedZoneId: "Z0000000000000000UAT" } },
        prod: {
          // Prod runs by digest, the image staging tested (docs/runbooks/promote-image.md). PLACEHOLDER digest.
          service: {
            domainName: "web.example.com",
            hostedZoneId: "Z000000000000000PROD",
            imageDigest: "sha256:0000000000000000000000000000000000000000000000000000000000000000",
          },
          alerts: { incidentManagement: { provider: "pagerduty", endpointParameter: "/acme/web/pagerduty-endpoint" } },
          // Prod's metrics go to a Prometheus workspace (traces to X-Ray, as in staging and uat, whose metrics go to CloudWatch).
          telemetry: { metrics: "prometheus" },
          // Seed 004: prod logs to CloudWatch and Splunk. PLACEHOLDER endpoint; the token goes into the secret
          // acme/web/prod/splunk-hec-token that the secrets stack creates empty (docs/runbooks/log-forwarding.md).
          logForwarding: { enabled: true, splunk: { hecEndpoint: "https://http-inputs-acme.splunkcloud.com:443" } },
        },
      },
    },
  },
  delivery: {
    github: {
      // PLACEHOLDER team ids (gh api orgs/<org>/teams/<team> --jq .id): platform reviewers approve
      // staging and uat, release managers and DevOps approve prod (seed 004).
      reviewers: { staging: { teams: [1000001] }, uat: { teams: [1000001] }, prod: { teams: [1000002, 1000003] } },
    },
    // PLACEHOLDER identity account: its principals assume the developer, devops and admin roles.
    humans: { trustedAccountId: "333333333333" },
  },
};
