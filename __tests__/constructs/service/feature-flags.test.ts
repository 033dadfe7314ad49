import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformOutput, Testing } from "cdktf";
import { FEATURE_FLAG_DEPLOYMENT } from "../../../src/config/service/defaults";
import type { ResolvedFeatureFlag } from "../../../src/config/service/resolve";
import { FeatureFlags, FeatureFlagsProps } from "../../../src/constructs/service/feature-flags";
import { policyDocument } from "../../../src/constructs/security/policy-document";

const FLAGS: ResolvedFeatureFlag[] = [
  { name: "newCheckout", enabled: true, description: "The redesigned checkout" },
  { name: "betaSearch", enabled: false },
];

const PROPS: FeatureFlagsProps = {
  name: "acme-web-dev",
  environmentName: "dev",
  flags: FLAGS,
  deploymentStrategy: FEATURE_FLAG_DEPLOYMENT,
  region: "us-east-1",
  accountId: "111111111111",
};

/**
 * The synthesized resources of one FeatureFlags, by type, with a task role
 * policy built from its read statement and its runtime environment as an output.
 */
function synth(props: FeatureFlagsProps = PROPS): { resources: Record<string, Record<string, any>>; runtimeEnvironment: Record<string, string> } {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const flags = new FeatureFlags(scope, "flags", props);
      new IamRolePolicy(scope, "read", { role: "acme-web-dev-task", policy: policyDocument([flags.readPolicyStatement()]) });
      new TerraformOutput(scope, "runtime", { value: flags.runtimeEnvironment });
    }),
  );
  return { resources: json.resource, runtimeEnvironment: json.output.runtime.value };
}

/** The only resource of a type, with its logical name. */
function only(resources: Record<string, Record<string, any>>, type: string): { name: string; config: Record<string, any> } {
  const entries = Object.entries(resources[type] ?? {});
  expect(entries).toHaveLength(1);
  const [[name, config]] = entries;
  return { name, config };
}

describe("FeatureFlags", () => {
  const { resources, runtimeEnvironment } = synth();
  const application = only(resources, "aws_appconfig_application");
  const environment = only(resources, "aws_appconfig_environment");
  const profile = only(resources, "aws_appconfig_configuration_profile");
  const version = only(resources, "aws_appconfig_hosted_configuration_version");
  const strategy = only(resources, "aws_appconfig_deployment_strategy");
  const deployment = only(resources, "aws_appconfig_deployment");
  const applicationId = `\${aws_appconfig_application.${application.name}.id}`;
  const environmentId = `\${aws_appconfig_environment.${environment.name}.environment_id}`;
  const profileId = `\${aws_appconfig_configuration_profile.${profile.name}.configuration_profile_id}`;

  it("names the application after the service and the environment after the environment", () => {
    expect(application.config.name).toBe("acme-web-dev");
    expect(environment.config).toMatchObject({ name: "dev", application_id: applicationId });
  });

  it("keeps the flags in a hosted AppConfig feature-flag profile, with the AWS-owned key unless a key is given", () => {
    expect(profile.config).toMatchObject({ application_id: applicationId, location_uri: "hosted", type: "AWS.AppConfig.FeatureFlags" });
    expect(profile.config.kms_key_identifier).toBeUndefined();
    const keyArn = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const encrypted = only(synth({ ...PROPS, kmsKeyArn: keyArn }).resources, "aws_appconfig_configuration_profile");
    expect(encrypted.config.kms_key_identifier).toBe(keyArn);
  });

  it("stores the flags and this environment's values as AWS.AppConfig.FeatureFlags JSON, version 1", () => {
    expect(version.config).toMatchObject({ application_id: applicationId, configuration_profile_id: profileId, content_type: "application/json" });
    expect(JSON.parse(version.config.content)).toEqual({
      version: "1",
      flags: {
        newCheckout: { name: "newCheckout", description: "The redesigned checkout" },
        betaSearch: { name: "betaSearch" },
      },
      values: { newCheckout: { enabled: true }, betaSearch: { enabled: false } },
    });
  });

  it("still creates the plumbing, with an empty flag set, when the app has no flags", () => {
    const empty = synth({ ...PROPS, flags: [] }).resources;
    expect(JSON.parse(only(empty, "aws_appconfig_hosted_configuration_version").config.content)).toEqual({ version: "1", flags: {}, values: {} });
    expect(Object.keys(empty["aws_appconfig_deployment"])).toHaveLength(1);
  });

  it("deploys that version to the environment with its own strategy", () => {
    expect(deployment.config).toMatchObject({
      application_id: applicationId,
      environment_id: environmentId,
      configuration_profile_id: profileId,
      configuration_version: `\${aws_appconfig_hosted_configuration_version.${version.name}.version_number}`,
      deployment_strategy_id: `\${aws_appconfig_deployment_strategy.${strategy.name}.id}`,
    });
  });

  it("rolls new values out linearly with the given duration, bake time and growth, kept in the region", () => {
    expect(strategy.config).toEqual({
      name: "acme-web-dev-flags",
      replicate_to: "NONE",
      growth_type: "LINEAR",
      deployment_duration_in_minutes: 0,
      final_bake_time_in_minutes: 5,
      growth_factor: 100,
    });
    expect(strategy.config.name.length).toBeLessThanOrEqual(64);
  });

  it("changes only the hosted content and its summary when one flag's value changes (the deployment follows the new version)", () => {
    const flipped = synth({ ...PROPS, flags: [FLAGS[0], { ...FLAGS[1], enabled: true }] }).resources;
    const changedTypes = Object.keys(resources).filter((type) => JSON.stringify(resources[type]) !== JSON.stringify(flipped[type]));
    expect(changedTypes).toEqual(["aws_appconfig_hosted_configuration_version"]);
    const after = only(flipped, "aws_appconfig_hosted_configuration_version");
    expect({ ...after.config, content: undefined, description: undefined }).toEqual({ ...version.config, content: undefined, description: undefined });
    expect(JSON.parse(after.config.content).values.betaSearch).toEqual({ enabled: true });
    // The provider hides content in plans; the description shows the reviewer what changed.
    expect([version.config.description, after.config.description]).toEqual(["newCheckout=on, betaSearch=off", "newCheckout=on, betaSearch=on"]);
  });

  it("lets the task role start a session and get the latest configuration of this profile in this environment only", () => {
    const policy = only(resources, "aws_iam_role_policy").config.policy as string;
    const arn = `arn:aws:appconfig:us-east-1:111111111111:application/${applicationId}/environment/${environmentId}/configuration/${profileId}`;
    expect(policy).toContain(applicationId);
    expect(policy).toContain(environmentId);
    expect(policy).toContain(profileId);
    expect(JSON.parse(policy).Statement).toEqual([
      {
        Sid: "ReadFeatureFlags",
        Effect: "Allow",
        Action: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
        Resource: [arn],
      },
    ]);
  });

  it("gives the app the application, environment and profile ids to read the flags with", () => {
    expect(runtimeEnvironment).toEqual({ APPCONFIG_APPLICATION: applicationId, APPCONFIG_ENVIRONMENT: environmentId, APPCONFIG_PROFILE: profileId });
  });
});
